// SPDX-License-Identifier: MIT
/*
 * parse.c - decimal numbers, strictly. libc's strtol() accepts blanks, signs
 * and trailing junk, and in a static musl build it drags in the scanf engine.
 */
#include "parse.h"

#include <stddef.h>

int parse_uint_prefix(const char *s, unsigned long max, unsigned long *out, const char **end)
{
	unsigned long v = 0;
	const char *p = s;

	if (s == NULL || *p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned long d = (unsigned long)(*p - '0');

		if (d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	*end = p;
	return 0;
}

int parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	const char *end;

	if (parse_uint_prefix(s, max, out, &end) < 0 || *end != '\0')
		return -1;
	return 0;
}

/*
 * Not strncasecmp(): only ASCII letters fold, whatever the locale, and a
 * static musl build needs no tolower() for it.
 */
static int fold(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

const char *parse_word(const char *s, const char *word)
{
	for (; *word != '\0'; s++, word++)
		if (fold((unsigned char)*s) != fold((unsigned char)*word))
			return NULL;
	return s;
}

int parse_int(const char *s, int max)
{
	unsigned long v;

	return parse_uint(s, (unsigned long)max, &v) < 0 ? -1 : (int)v;
}
