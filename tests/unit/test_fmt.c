// SPDX-License-Identifier: MIT
/*
 * test_fmt.c - pid1's own snprintf: every conversion it implements, its
 * truncation and return value, and what it does with the conversions it does
 * not implement (stop, write the marker, take no more arguments); and the
 * unpacking of what tests/pack-text.py packs.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "expect.h"

#include "fmt.h"

#define POISON 'x'

/*
 * Formats into a buffer full of POISON and checks the text, the return value,
 * and that nothing after the NUL was written.
 */
static void check_ap(const char *name, const char *want, const char *fmt, va_list ap)
{
	char buf[128];
	size_t n = strlen(want);
	int rc;

	memset(buf, POISON, sizeof(buf));
	rc = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	EXPECT_STR(name, buf, want);
	EXPECT_INT(name, rc, (long)n);
	EXPECT_INT(name, buf[n + 1], POISON);
}

/* For the conversions fmt.c implements: the compiler checks these calls. */
static void __attribute__((format(printf, 3, 4))) check(const char *name, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_ap(name, want, fmt, ap);
	va_end(ap);
}

/*
 * No format attribute: for the conversions fmt.c does not implement, and for
 * a NULL %s, which the compiler (rightly, for printf) refuses.
 */
static void check_raw(const char *name, const char *want, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_ap(name, want, fmt, ap);
	va_end(ap);
}

/* fmt_snprintf() without its format attribute: calls through a pointer are not checked. */
static int (*const fmt_unchecked)(char *, size_t, const char *, ...) = fmt_snprintf;

static void strings_and_precision(void **state)
{
	(void)state;
	check("plain text", "no conversion", "no conversion");
	check("empty format", "", "%s", "");
	check("%s", "hello", "%s", "hello");
	check("%s in text", "<a> and <b>", "<%s> and <%s>", "a", "b");
	check_raw("%s of NULL", "(null)", "%s", (const char *)NULL);
	check("%.3s cuts", "abc", "%.3s", "abcdef");
	check("%.10s of a shorter string", "abc", "%.10s", "abc");
	check("%.0s", "[]", "[%.0s]", "abc");
	check("%.s is precision 0", "[]", "[%.s]", "abc");
	check_raw("%.3s of NULL", "(nu", "%.3s", (const char *)NULL);
	check("%.*s cuts", "ab", "%.*s", 2, "abcdef");
	check("%.*s of 0", "[]", "[%.*s]", 0, "abc");
	check("%.*s of a negative is no precision", "abcdef", "%.*s", -1, "abcdef");
	check("%.*s takes its int first", "ab|5|c", "%.*s|%d|%s", 2, "abcdef", 5, "c");
	/* The precision bounds the read, too: no NUL is needed within it. */
	check("%.*s of an unterminated array", "xyz", "%.*s", 3, (const char[3]){ 'x', 'y', 'z' });
	END_CASES();
}

static void numbers_and_characters(void **state)
{
	(void)state;
	check("%d of 0", "0", "%d", 0);
	check("%d", "42", "%d", 42);
	check("%d of a negative", "-42", "%d", -42);
	check("%d of INT_MAX", "2147483647", "%d", INT_MAX);
	check("%d of INT_MIN", "-2147483648", "%d", INT_MIN);
	check("%ld of LONG_MAX", "9223372036854775807", "%ld", LONG_MAX);
	check("%ld of LONG_MIN", "-9223372036854775808", "%ld", LONG_MIN);
	check("%lld of -1", "-1", "%lld", -1LL);
	check("%lld of LLONG_MAX", "9223372036854775807", "%lld", LLONG_MAX);
	check("%lld of LLONG_MIN", "-9223372036854775808", "%lld", LLONG_MIN);
	check("%u of 0", "0", "%u", 0U);
	check("%u of UINT_MAX", "4294967295", "%u", UINT_MAX);
	check("%lu of ULONG_MAX", "18446744073709551615", "%lu", ULONG_MAX);
	check("%llu of ULLONG_MAX", "18446744073709551615", "%llu", ULLONG_MAX);
	check("%c", "[q]", "[%c]", 'q');
	check("%%", "100%", "100%%");
	check("%% between conversions", "1%2", "%d%%%d", 1, 2);
	check("mixed", "fd 7: closed (-3, 4, z)", "fd %u: %s (%ld, %llu, %c)", 7U, "closed", -3L, 4ULL, 'z');
	END_CASES();
}

static void truncation_and_return_value(void **state)
{
	(void)state;
	static const char want[] = "pid -12 ok";
	char buf[16], name[32];

	/* Every size from 0 to past the end: a cut, terminated prefix, nothing written beyond. */
	for (size_t len = 0; len < sizeof(buf); len++) {
		size_t kept = len == 0 ? 0 : len - 1 < strlen(want) ? len - 1 : strlen(want);

		memset(buf, POISON, sizeof(buf));
		snprintf(name, sizeof(name), "len %zu", len);
		EXPECT_INT(name, fmt_snprintf(buf, len, "pid %d %s", -12, "ok"), (long)strlen(want));
		EXPECT_INT(name, memcmp(buf, want, kept), 0);
		if (len > 0)
			EXPECT_INT(name, buf[kept], '\0');
		for (size_t i = len; i < sizeof(buf); i++)
			EXPECT_INT(name, buf[i], POISON);
	}
	EXPECT_INT("len 0 with no buffer", fmt_snprintf(NULL, 0, "%s %lld", "abc", LLONG_MIN), 24);
	memset(buf, POISON, sizeof(buf));
	EXPECT_INT("cut inside a number", fmt_snprintf(buf, 4, "%d", -123456), 7);
	EXPECT_STR("cut inside a number", buf, "-12");
	memset(buf, POISON, sizeof(buf));
	EXPECT_INT("len 1", fmt_snprintf(buf, 1, "%s", "abc"), 3);
	EXPECT_STR("len 1", buf, "");
	EXPECT_INT("len 1", buf[1], POISON);
	END_CASES();
}

static void unknown_conversions_stop(void **state)
{
	(void)state;
	/*
	 * The crash the house issue reports: "%zu" printed as it stood and took
	 * no argument, so the %s after it read the size_t 7 as a pointer.
	 */
	check_raw("%zu then %s", "fd %?", "fd %zu: %s", (size_t)7, "closed");
	check_raw("%x", "[%?", "[%x] %s", 255U, "after");
	check_raw("%p", "at %?", "at %p %s", (void *)state, "after");
	check_raw("width", "%?", "%5d %s", 3, "after");
	check_raw("flag", "%?", "%-s %s", "a", "after");
	check_raw("flag 0", "%?", "%05u %s", 3U, "after");
	check_raw("%f", "%?", "%f %s", 1.5, "after");
	check_raw("%lu is fine, %lx is not", "18446744073709551615 %?", "%lu %lx %s", ULONG_MAX, 1UL, "after");
	check_raw("%hd", "%?", "%hd %s", 1, "after");
	check_raw("%hhu", "%?", "%hhu %s", 1, "after");
	check_raw("%jd", "%?", "%jd %s", (intmax_t)1, "after");
	check_raw("%td", "%?", "%td %s", (ptrdiff_t)1, "after");
	check_raw("%llld", "%?", "%llld %s", 1LL, "after");
	check_raw("%ls", "%?", "%ls %s", L"wide", "after");
	check_raw("%lc", "%?", "%lc %s", 'w', "after");
	check_raw("%l%", "%?", "%l% %s", "after");
	check_raw("%.2%", "%?", "%.2% %s", "after");
	/* A precision on anything but %s: printf would pad with zeros, fmt.c would not. */
	check_raw("%.3d", "n=%?", "n=%.3d %s", 5, "after");
	check_raw("%.3u", "%?", "%.3u %s", 5U, "after");
	check_raw("%.*d", "%?", "%.*d %s", 3, 5, "after");
	check_raw("%.*c", "%?", "%.*c %s", 3, 'c', "after");
	check_raw("%.*lu", "%?", "%.*lu %s", 3, 5UL, "after");
	check_raw("%.3ls", "%?", "%.3ls %s", L"wide", "after");
	check_raw("a lone % at the end", "abc%?", "abc%");
	check_raw("a lone % after a conversion", "7%?", "%d%", 7);
	check_raw("only %", "%?", "%");
	check_raw("%.", "%?", "%.");
	END_CASES();
}

static void unknown_conversions_take_nothing(void **state)
{
	(void)state;
	char buf[16];
	int written = 12345;

	/* %n would store through the pointer; fmt.c must neither store nor print past it. */
	memset(buf, POISON, sizeof(buf));
	EXPECT_INT("%n", fmt_unchecked(buf, sizeof(buf), "ab%n%s", &written, "after"), 4);
	EXPECT_STR("%n", buf, "ab%?");
	EXPECT_INT("%n stores nothing", written, 12345);

	/* The marker is cut and counted like any other output. */
	memset(buf, POISON, sizeof(buf));
	EXPECT_INT("marker cut", fmt_unchecked(buf, 4, "abc%zu", (size_t)1), 5);
	EXPECT_STR("marker cut", buf, "abc");
	memset(buf, POISON, sizeof(buf));
	EXPECT_INT("marker half cut", fmt_unchecked(buf, 5, "abc%zu", (size_t)1), 5);
	EXPECT_STR("marker half cut", buf, "abc%");
	EXPECT_INT("len 0", fmt_unchecked(NULL, 0, "abc%zu%s", (size_t)1, "x"), 5);
	EXPECT_INT("FMT_UNKNOWN is what is written", strcmp(FMT_UNKNOWN, "%?"), 0);
	END_CASES();
}

/*
 * Streams that tests/pack-text.py made. Three messages (the packed text's NULs
 * included), the last a run: short copies, and one that overlaps what it
 * writes.
 */
static const char messages[] = "cannot join process %d\0cannot read the namespaces of process %d\0aaaaaaaaaaaa";
static const unsigned char messages_packed[] = { 0x20, 0x00, 0x00, 0x03, 0x05, 0x09, 0x02, 0x00, 0x00, 0x00, 0x00,
						 0x00, 0x00, 0x20, 0x61, 0x65, 0x63, 0x6e, 0x6f, 0x73, 0x80, 0x00,
						 0x64, 0x68, 0x69, 0x6a, 0x6d, 0x70, 0x72, 0x74, 0x25, 0x66, 0x62,
						 0xef, 0x1e, 0x1a, 0x8c, 0xb8, 0xe7, 0x61, 0x94, 0xc8, 0xfa, 0xf6,
						 0xab, 0x0b, 0x3a, 0x8d, 0xc7, 0xb0, 0x83, 0x9d, 0xa9, 0xe1, 0x65,
						 0x22, 0x3f, 0xab, 0x85, 0x03, 0x55, 0x80, 0x16 };

/* 300 letters of 4, then their first 40 again: one copy, from 300 back (past the plain bits of a distance). */
static const unsigned char far_packed[] = {
	0x12, 0x00, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x63, 0x67, 0x74, 0x61, 0x80,
	0x52, 0xa6, 0xc9, 0x6c, 0x44, 0x2b, 0x53, 0x0e, 0xc2, 0xd2, 0x1b, 0x62, 0x92, 0x53, 0x69, 0x58, 0x2a, 0x5b,
	0x02, 0xae, 0x5c, 0x0c, 0x9b, 0x51, 0x8c, 0x1a, 0x1b, 0x0c, 0x8c, 0x8b, 0x61, 0x1c, 0xe3, 0x28, 0x34, 0x82,
	0xec, 0x6d, 0x62, 0x06, 0xc4, 0x54, 0x18, 0x02, 0x85, 0x97, 0x65, 0x28, 0xda, 0x9d, 0x8a, 0x34, 0xc6, 0x08,
	0x4d, 0x29, 0x6b, 0x02, 0xce, 0xcd, 0x64, 0x76, 0xb5, 0x19, 0x9d, 0x86, 0x2b, 0x6d, 0x59, 0x6d, 0x02, 0xb6,
	0x21, 0x4d, 0x04, 0xa3, 0x6c, 0x24, 0x59, 0x29, 0x70, 0x0d, 0x27, 0xaf, 0x82, 0xb8
};

static void unpack_restores_what_pack_text_packed(void **state)
{
	(void)state;
	char out[sizeof(messages) + 1];
	static const unsigned char empty[] = { 13, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

	memset(out, POISON, sizeof(out));
	assert_int_equal(fmt_unpack(out, sizeof(messages), messages_packed), sizeof(messages_packed));
	assert_memory_equal(out, messages, sizeof(messages));
	assert_int_equal(out[sizeof(messages)], POISON);

	/* The empty text: the header, no symbols, no bits. */
	assert_int_equal(fmt_unpack(out, 0, empty), sizeof(empty));
	assert_int_equal(out[0], 'c');
}

/* A buffer too small for the text takes its first bytes, even when that cuts a copy short. */
static void unpack_stops_at_size(void **state)
{
	(void)state;
	char out[sizeof(messages) + 1];

	for (size_t size = 0; size < sizeof(messages); size++) {
		size_t got;

		memset(out, POISON, sizeof(out));
		got = fmt_unpack(out, size, messages_packed);
		EXPECT_INT("stops at size", memcmp(out, messages, size), 0);
		EXPECT_INT("stops at size", out[size], POISON);
		EXPECT_INT("reads what it needs only", got >= messages_packed[0] && got <= sizeof(messages_packed), 1);
	}
	END_CASES();
}

static void unpack_reaches_far_back(void **state)
{
	(void)state;
	char want[340], out[sizeof(want) + 1];
	uint32_t s = 1;

	for (size_t i = 0; i < 300; i++) {
		s = s * 1103515245u + 12345u;
		want[i] = "acgt"[s >> 16 & 3];
	}
	memcpy(want + 300, want, 40);
	memset(out, POISON, sizeof(out));
	assert_int_equal(fmt_unpack(out, sizeof(want), far_packed), sizeof(far_packed));
	assert_memory_equal(out, want, sizeof(want));
	assert_int_equal(out[sizeof(want)], POISON);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings_and_precision),
		cmocka_unit_test(numbers_and_characters),
		cmocka_unit_test(truncation_and_return_value),
		cmocka_unit_test(unknown_conversions_stop),
		cmocka_unit_test(unknown_conversions_take_nothing),
		cmocka_unit_test(unpack_restores_what_pack_text_packed),
		cmocka_unit_test(unpack_stops_at_size),
		cmocka_unit_test(unpack_reaches_far_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
