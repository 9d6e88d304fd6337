/* SPDX-License-Identifier: MIT */
/* fmt.h - a small snprintf: just the conversions pid1's messages use. */
#ifndef PID1_FMT_H
#define PID1_FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * TEXT() - a message literal: a format, a %s argument, or a reason or hint
 * of log.h. The static build gathers them in a section of their own, which
 * tests/trim-elf.py packs after the link (12.5 KB to 4.6 KB, with --help and
 * --license); fmt_text() unpacks them all the first time one is formatted. Elsewhere it
 * is the literal itself. Only for a string that reaches nothing but
 * fmt_vsnprintf() and log.h: anything else would read the packed bytes.
 */
#ifdef PID1_PACKED_TEXT
#define TEXT(s)                                                                            \
	({                                                                                 \
		static char text_[] __attribute__((section("pid1_text"), aligned(1))) = s; \
		(const char *)text_;                                                       \
	})
#else
#define TEXT(s) (s)
#endif

/** fmt_text() - @s itself, or, for a TEXT() of the static build, its text. */
#ifdef PID1_PACKED_TEXT
const char *fmt_text(const char *s);
#else
static inline const char *fmt_text(const char *s)
{
	return s;
}
#endif

/* What fmt_vsnprintf() writes in place of a conversion it does not implement. */
#define FMT_UNKNOWN "%?" /* lint-formats: not a format */

/**
 * fmt_vsnprintf() - format like vsnprintf(), with only these conversions:
 *
 *   %s %.Ns %.*s       a string, at most N bytes of it (".*": N is an int
 *                      argument before the string; a negative N means all);
 *                      NULL prints "(null)"
 *   %d %ld %lld        int, long, long long
 *   %u %lu %llu        unsigned int, unsigned long, unsigned long long
 *   %c                 a character (an int argument)
 *   %%                 a '%'
 *
 * No flags, no width, no other length modifier (h, hh, z, j, t, L), and a
 * precision on %s only. The printf format attribute below lets the compiler
 * accept more than that, so anything else - %zu, %x, %p, %5d, %-s, %.3d,
 * %.*d, %ls, %n, a '%' at the very end - is an unknown conversion: formatting
 * stops there, FMT_UNKNOWN ("%?") is written in its place, and no argument is
 * taken for it or after it, so a wrong guess at a type can never make a later
 * %s read an integer as a pointer. `make lint` (tests/lint-formats.py) rejects
 * such a conversion in any string literal of pid1's sources, so the marker
 * should never be seen.
 *
 * Always NUL-terminates when @len > 0; writes nothing when @len is 0 (@buf may
 * then be NULL). Return: the length the full result would have (up to and
 * including the marker, if formatting stopped), as with snprintf().
 *
 * Why not libc's: in a static musl build printf drags in the floating-point
 * formatter, a fifth of the binary; pid1 prints no floating point.
 */
int fmt_vsnprintf(char *buf, size_t len, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

/** fmt_snprintf() - fmt_vsnprintf() with variable arguments. */
int fmt_snprintf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/**
 * fmt_unpack() - restore in @out the first @size bytes of what
 * tests/pack-text.py packed at @in (its docstring has the format: LZ77 copies
 * and Huffman-coded literals in a bit stream, the code's table first). Writes
 * nothing past @size, even when that cuts a copy short. @in must come from
 * pack-text.py and hold at least @size bytes' worth: nothing else is checked.
 * Return: how many bytes of @in were read (no '\0' is added).
 *
 * Why: the texts of TEXT() above, three eighths of their room packed.
 */
size_t fmt_unpack(char *out, size_t size, const unsigned char *in);

#endif
