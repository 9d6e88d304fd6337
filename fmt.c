// SPDX-License-Identifier: MIT
/* fmt.c - the subset of printf formatting pid1 needs, with no floating point. */
#include "fmt.h"

#include <stdbool.h>

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

/*
 * Parses "[.N|.*][l|ll]" after '%'. *@star is set for ".*", whose value the
 * caller takes from the argument list. Returns the conversion character.
 */
static const char *parse_spec(const char *f, size_t *precision, bool *star, int *longs)
{
	*precision = (size_t)-1;
	*star = false;
	*longs = 0;
	if (*f == '.') {
		f++;
		if (*f == '*') {
			*star = true;
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

/*
 * clang-analyzer 14 analyses this function on its own and then takes the
 * va_list parameter for uninitialised; every caller passes a started one.
 */
// NOLINTBEGIN(clang-analyzer-valist.Uninitialized)
int fmt_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
	struct out o = { buf, len, 0 };
	size_t precision;
	bool star;
	int longs;

	for (const char *f = fmt; *f != '\0'; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f = parse_spec(f + 1, &precision, &star, &longs);
		if (star) {
			int p = va_arg(ap, int);

			precision = p < 0 ? (size_t)-1 : (size_t)p;
		}
		if (*f == 'd') {
			long long v = longs >= 2 ? va_arg(ap, long long)
				      : longs == 1 ? va_arg(ap, long) : va_arg(ap, int);

			put_number(&o, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
		} else if (*f == 'u') {
			put_number(&o, longs >= 2 ? va_arg(ap, unsigned long long)
				       : longs == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int), 0);
		} else if (*f == 'c') {
			put(&o, (char)va_arg(ap, int));
		} else if (*f == 's') {
			const char *s = va_arg(ap, const char *);

			put_str(&o, s ? s : "(null)", precision);
		} else if (*f == '\0') {
			f--; /* a lone '%' at the end */
		} else {
			if (*f != '%')
				put(&o, '%');
			put(&o, *f);
		}
	}
	if (len > 0)
		buf[o.pos < len ? o.pos : len - 1] = '\0';
	return (int)o.pos;
}

// NOLINTEND(clang-analyzer-valist.Uninitialized)

int fmt_snprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n;
}
