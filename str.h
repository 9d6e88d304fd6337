/* SPDX-License-Identifier: MIT */
/*
 * str.h - the string functions of libc that pid1 and the parts of libc it
 * links call, written for short strings. The static build makes them the
 * functions themselves (str.c); elsewhere libc's own serve, and these are
 * only here for the unit tests that hold them to libc's.
 */
#ifndef PID1_STR_H
#define PID1_STR_H

#include <stddef.h>

size_t str_len(const char *s);
char *str_chrnul(const char *s, int c);
char *str_chr(const char *s, int c);
char *str_rchr(const char *s, int c);
void *mem_chr(const void *s, int c, size_t n);
void *mem_rchr(const void *s, int c, size_t n);
int str_cmp(const char *a, const char *b);
int str_ncmp(const char *a, const char *b, size_t n);
void *mem_move(void *dst, const void *src, size_t n);
char *env_get(const char *name);

#endif
