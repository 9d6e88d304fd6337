// SPDX-License-Identifier: MIT
/* fmt.c - the subset of printf formatting pid1 needs, with no floating point. */
#include "fmt.h"

#include <string.h>

struct out {
	char *buf;
	size_t len, pos;
};

static void put(struct out *o, char c)
{
	if (o->pos + 1 < o->len)
		o->buf[o->pos] = c;
	o->pos++;
}

static void put_str(struct out *o, const char *s, size_t max)
{
	for (size_t i = 0; i < max && s[i] != '\0'; i++)
		put(o, s[i]);
}

static void put_number(struct out *o, unsigned long long v, int negative)
{
	char digits[24];
	int n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (negative)
		put(o, '-');
	while (n > 0)
		put(o, digits[--n]);
}

/* A signed argument of the given length modifier, as sign and magnitude. */
static void put_signed(struct out *o, int longs, va_list *ap)
{
	long long v = longs >= 2 ? va_arg(*ap, long long) : longs == 1 ? va_arg(*ap, long) : va_arg(*ap, int);

	put_number(o, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
}

static void put_unsigned(struct out *o, int longs, va_list *ap)
{
	unsigned long long v = longs >= 2 ? va_arg(*ap, unsigned long long)
			       : longs == 1 ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);

	put_number(o, v, 0);
}

/* Parses "[.N|.*][l|ll]" after '%'; returns the conversion character's position. */
static const char *parse_spec(const char *f, size_t *precision, int *longs, va_list *ap)
{
	*precision = (size_t)-1;
	*longs = 0;
	if (*f == '.') {
		f++;
		if (*f == '*') {
			int p = va_arg(*ap, int);

			*precision = p < 0 ? (size_t)-1 : (size_t)p;
			f++;
		} else {
			*precision = 0;
			for (; *f >= '0' && *f <= '9'; f++)
				*precision = *precision * 10 + (size_t)(*f - '0');
		}
	}
	for (; *f == 'l'; f++)
		(*longs)++;
	return f;
}

int fmt_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct out o = { buf, len, 0 };
	size_t precision;
	const char *s;
	int longs;
	va_list args;

	va_copy(args, ap);
	for (const char *f = fmt; *f != '\0'; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f = parse_spec(f + 1, &precision, &longs, &args);
		switch (*f) {
		case 'd': put_signed(&o, longs, &args); break;
		case 'u': put_unsigned(&o, longs, &args); break;
		case 'c': put(&o, (char)va_arg(args, int)); break;
		case 's':
			s = va_arg(args, const char *);
			put_str(&o, s ? s : "(null)", precision);
			break;
		case '%': put(&o, '%'); break;
		case '\0': f--; break; /* a lone '%' at the end */
		default: put(&o, '%'), put(&o, *f); break;
		}
	}
	va_end(args);
	if (len > 0)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	return (int)o.pos;
}

int fmt_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}
