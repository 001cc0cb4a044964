/* printf.c: format a line with fmt_vsnprintf() and send it to COM1. */
#include "fmt.h"
#include "printf.h"
#include "serial.h"

#define PRINTF_BUF	1200	/* a command-line error (CMDLINE_ERR_LEN) fits */

int printf(const char *fmt, ...)
{
	char buf[PRINTF_BUF];
	va_list ap;
	int n, i;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	for (i = 0; buf[i]; i++)
		serial_putc(buf[i]);
	return n;
}
