/* SPDX-License-Identifier: MIT */
/* fmt.h - a small snprintf: just the conversions pid1's messages use. */
#ifndef PID1_FMT_H
#define PID1_FMT_H

#include <stdarg.h>
#include <stddef.h>

/**
 * fmt_vsnprintf() - format like vsnprintf(), supporting %s %d %u %c %% with
 * the length modifiers l and ll and a precision (".N" or ".*") for %s.
 * Other conversions are printed as they stand. Always NUL-terminates when
 * @len > 0. Return: the length the full result would have.
 *
 * Why not libc's: in a static musl build printf drags in the floating-point
 * formatter, a fifth of the binary; pid1 prints no floating point.
 */
int fmt_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

/** fmt_snprintf() - fmt_vsnprintf() with variable arguments. */
int fmt_snprintf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
