// SPDX-License-Identifier: MIT
/*
 * test_str.c - str.c's byte-at-a-time string functions, which the static
 * build links in place of libc's, give what libc gives for every string,
 * character and length of a small corpus; mem_move() what memmove() does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "str.h"

static const char *const strings[] = {
	"",
	"a",
	"ab",
	"abc",
	"aba",
	"pid1",
	"PID1_GRACE=10s",
	"/proc/self/status",
	"a=b=c",
	"\x80\xff"
	"x",
	"xx\x80",
};
/* What is searched for: absent, present once or more, NUL, bytes above 0x7f (as int, sign and all). */
static const int chars[] = { 'a', 'b', 'x', '=', '/', 'z', 0, 0x80, -128, 0xff, -1, 'a' + 256 };

static void lengths_and_searches_match_libc(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		const char *s = strings[i];
		size_t len = strlen(s);

		assert_int_equal(str_len(s), len);
		for (size_t k = 0; k < sizeof(chars) / sizeof(chars[0]); k++) {
			int c = chars[k];

			assert_ptr_equal(str_chrnul(s, c), strchrnul(s, c));
			assert_ptr_equal(str_chr(s, c), strchr(s, c));
			assert_ptr_equal(str_rchr(s, c), strrchr(s, c));
			for (size_t n = 0; n <= len + 1; n++) {
				assert_ptr_equal(mem_chr(s, c, n), memchr(s, c, n));
				assert_ptr_equal(mem_rchr(s, c, n), memrchr(s, c, n));
			}
		}
	}
}

/* Only the sign of a comparison is defined. */
static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void comparisons_match_libc(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		for (size_t j = 0; j < sizeof(strings) / sizeof(strings[0]); j++) {
			const char *a = strings[i], *b = strings[j];

			assert_int_equal(sign(str_cmp(a, b)), sign(strcmp(a, b)));
			for (size_t n = 0; n <= strlen(a) + 2; n++)
				assert_int_equal(sign(str_ncmp(a, b, n)), sign(strncmp(a, b, n)));
		}
	}
}

/* Every source and destination offset in one buffer, overlapping both ways, every length. */
static void moves_match_libc(void **state)
{
	const char src[] = "0123456789abcdefghij";
	char want[sizeof(src)], got[sizeof(src)];

	(void)state;
	for (size_t from = 0; from < sizeof(src); from++)
		for (size_t to = 0; to < sizeof(src); to++)
			for (size_t n = 0; from + n <= sizeof(src) && to + n <= sizeof(src); n++) {
				memcpy(want, src, sizeof(src));
				memcpy(got, src, sizeof(src));
				memmove(want + to, want + from, n);
				assert_ptr_equal(mem_move(got + to, got + from, n), got + to);
				assert_memory_equal(got, want, sizeof(src));
			}
}

/* The first entry of the name counts; a longer name or a prefix of one is not it. */
static void env_get_matches_libc(void **state)
{
	static const char *const names[] = { "PID1_T", "PID1_TEST", "PID1_TESTS", "PID1_TEST_EMPTY", "PATH", "", "=" };

	(void)state;
	assert_int_equal(setenv("PID1_TEST", "one=two", 1), 0);
	assert_int_equal(setenv("PID1_TEST_EMPTY", "", 1), 0);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *want = getenv(names[i]), *got = env_get(names[i]);

		if (want == NULL)
			assert_null(got);
		else
			assert_string_equal(got, want);
	}
	assert_string_equal(env_get("PID1_TEST"), "one=two");
	assert_null(env_get("PID1_TES"));
	unsetenv("PID1_TEST");
	unsetenv("PID1_TEST_EMPTY");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lengths_and_searches_match_libc),
		cmocka_unit_test(comparisons_match_libc),
		cmocka_unit_test(moves_match_libc),
		cmocka_unit_test(env_get_matches_libc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
