// SPDX-License-Identifier: MIT
/*
 * str.c - strlen() and its kin, memmove() and getenv(), a byte at a time.
 * musl's read a word at a time, which pays on long strings and costs about
 * 900 bytes; pid1's strings are option values, paths and lines of /proc,
 * tens of bytes long. In the static build (PID1_SMALL_STRINGS) each is an
 * alias of libc's name, so pid1 and the parts of libc it links call these
 * and musl's are never linked.
 */
#include "str.h"

#include <stdint.h>
#include <unistd.h>

/*
 * GCC would otherwise recognise the loops below as strlen() and memchr()
 * and call them: that is, these functions themselves. (The static build is
 * GCC's; clang knows no such attribute.)
 */
#if defined(__GNUC__) && !defined(__clang__)
#define BYTEWISE __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define BYTEWISE
#endif

BYTEWISE size_t str_len(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return (size_t)(p - s);
}

BYTEWISE char *str_chrnul(const char *s, int c)
{
	while (*s != '\0' && *s != (char)c)
		s++;
	return (char *)s;
}

char *str_chr(const char *s, int c)
{
	s = str_chrnul(s, c);
	return *s == (char)c ? (char *)s : NULL;
}

BYTEWISE void *mem_chr(const void *s, int c, size_t n)
{
	for (const unsigned char *p = s; n > 0; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

BYTEWISE void *mem_rchr(const void *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s + n;

	while (n-- > 0)
		if (*--p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

char *str_rchr(const char *s, int c)
{
	return mem_rchr(s, c, str_len(s) + 1);
}

BYTEWISE int str_cmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b)
		a++, b++;
	return *(const unsigned char *)a - *(const unsigned char *)b;
}

BYTEWISE int str_ncmp(const char *a, const char *b, size_t n)
{
	if (n == 0)
		return 0;
	while (--n > 0 && *a != '\0' && *a == *b)
		a++, b++;
	return *(const unsigned char *)a - *(const unsigned char *)b;
}

/* Forwards, or backwards when @dst lies after @src: the bytes may overlap either way. */
BYTEWISE void *mem_move(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((uintptr_t)d - (uintptr_t)s >= n)
		while (n-- > 0)
			*d++ = *s++;
	else
		while (n-- > 0)
			d[n] = s[n];
	return dst;
}

/* getenv(), with the two above. */
char *env_get(const char *name)
{
	size_t n = str_len(name);

	for (char **e = environ; *e != NULL; e++)
		if (str_ncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

#ifdef PID1_SMALL_STRINGS
/* musl's own names for two of them, which its getenv() and strchr() call. */
char *__strchrnul(const char *s, int c);
void *__memrchr(const void *s, int c, size_t n);

size_t strlen(const char *s) __attribute__((alias("str_len")));
char *__strchrnul(const char *s, int c) __attribute__((alias("str_chrnul")));
char *strchrnul(const char *s, int c) __attribute__((alias("str_chrnul")));
char *strchr(const char *s, int c) __attribute__((alias("str_chr")));
char *strrchr(const char *s, int c) __attribute__((alias("str_rchr")));
void *memchr(const void *s, int c, size_t n) __attribute__((alias("mem_chr")));
void *__memrchr(const void *s, int c, size_t n) __attribute__((alias("mem_rchr")));
void *memrchr(const void *s, int c, size_t n) __attribute__((alias("mem_rchr")));
int strcmp(const char *a, const char *b) __attribute__((alias("str_cmp")));
int strncmp(const char *a, const char *b, size_t n) __attribute__((alias("str_ncmp")));
/* memcpy() too: what GCC calls to copy a struct, and musl's start-up to copy TLS. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n) __attribute__((alias("mem_move")));
void *memmove(void *dst, const void *src, size_t n) __attribute__((alias("mem_move")));
char *getenv(const char *name) __attribute__((alias("env_get")));
#endif
