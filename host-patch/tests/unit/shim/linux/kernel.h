/* kernel.h: the few kernel.h helpers that exit_stats.c uses. */
#ifndef SHIM_LINUX_KERNEL_H
#define SHIM_LINUX_KERNEL_H

#include <stdarg.h>
#include <stdio.h>
#include <linux/types.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)
#define max_t(type, a, b)	((type)(a) > (type)(b) ? (type)(a) : (type)(b))

/* Like the kernel's: return the length written, never more than size - 1. */
static inline __attribute__((format(printf, 3, 4)))
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!size)
		return 0;
	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}

#endif
