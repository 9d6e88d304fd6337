// SPDX-License-Identifier: MIT
/*
 * test_str.c - str.c's byte-at-a-time string functions, which the static
 * build links in place of libc's, give what libc gives for every string,
 * character and length of a small corpus.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lengths_and_searches_match_libc),
		cmocka_unit_test(comparisons_match_libc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
