/* SPDX-License-Identifier: MIT */
/* parse.h - strict number parsing shared by the option, signal and pidfile parsers. */
#ifndef PID1_PARSE_H
#define PID1_PARSE_H

/**
 * parse_uint() - parse all of @s as a decimal number no greater than @max.
 * Only digits: no sign, no blanks, no base prefix, no trailing text.
 * Return: 0 with *@out set, or -1.
 */
int parse_uint(const char *s, unsigned long max, unsigned long *out);

/**
 * parse_uint_prefix() - like parse_uint() but stops at the first non-digit
 * and stores where in *@end. At least one digit is required.
 */
int parse_uint_prefix(const char *s, unsigned long max, unsigned long *out, const char **end);

/**
 * parse_int() - parse_uint() for small non-negative ints (@max >= 0).
 * Return: the number, or -1.
 */
int parse_int(const char *s, int max);

/**
 * parse_word() - if @s starts with @word, ASCII letters compared without
 * regard to case ("sigterm" starts with "SIG"), what follows it in @s.
 * Return: that rest, or NULL.
 */
const char *parse_word(const char *s, const char *word);

#endif
