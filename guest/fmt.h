/* fmt.h: printf-style formatting into a buffer, free of any libc. */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>

#include "types.h"

/*
 * Conversions: %d %i %u %x %X %s %c %p %%, flags '-' '0' '#', a width,
 * a precision (for %s only), and the length modifiers l, ll and z. Output
 * is always terminated when size > 0; the return value is the length
 * the full output would have.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* FMT_H */
