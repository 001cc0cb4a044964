/* fmt.c: a small vsnprintf for the guest's console and JSON lines. */
#include "fmt.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

/* Emit digits (most significant first) with sign/prefix, honouring width. */
static void put_number(struct out *o, u64 v, unsigned int base, bool upper,
		       bool negative, const char *prefix, int width,
		       bool left, bool zero)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = 0, total;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (negative)
		prefix = "-";
	while (prefix[plen])
		plen++;
	total = n + plen;
	if (!left && !zero)
		pad(o, ' ', width - total);
	while (*prefix)
		put(o, *prefix++);
	if (!left && zero)
		pad(o, '0', width - total);
	while (n)
		put(o, tmp[--n]);
	if (left)
		pad(o, ' ', width - total);
}

static void put_string(struct out *o, const char *s, int width, int prec,
		       bool left)
{
	int n = 0, i;

	if (!s)
		s = "(null)";
	while (s[n] && (prec < 0 || n < prec))
		n++;
	if (!left)
		pad(o, ' ', width - n);
	for (i = 0; i < n; i++)
		put(o, s[i]);
	if (left)
		pad(o, ' ', width - n);
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool left = false, zero = false, alt = false, upper = false;
		int width = 0, prec = -1, longs = 0;
		u64 v;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (fmt++;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				zero = true;
			else if (*fmt == '#')
				alt = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			prec = 0;
			if (*++fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			longs++;

		switch (*fmt) {
		case 'd':
		case 'i': {
			s64 s = longs ? va_arg(ap, s64) : va_arg(ap, int);

			v = s < 0 ? -(u64)s : (u64)s;
			put_number(&o, v, 10, false, s < 0, "", width, left,
				   zero);
			break;
		}
		case 'u':
			v = longs ? va_arg(ap, u64) : va_arg(ap, unsigned int);
			put_number(&o, v, 10, false, false, "", width, left,
				   zero);
			break;
		case 'X':
			upper = true;
			/* fall through */
		case 'x':
			v = longs ? va_arg(ap, u64) : va_arg(ap, unsigned int);
			put_number(&o, v, 16, upper, false, alt ? "0x" : "",
				   width, left, zero);
			break;
		case 'p':
			v = (u64)(uintptr_t)va_arg(ap, void *);
			put_number(&o, v, 16, false, false, "0x", width, left,
				   zero);
			break;
		case 's':
			put_string(&o, va_arg(ap, const char *), width, prec,
				   left);
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;	/* a lone '%' at the end: stop cleanly */
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
