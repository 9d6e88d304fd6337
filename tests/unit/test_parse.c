// SPDX-License-Identifier: MIT
/*
 * test_parse.c - the strict number parsers every other parser builds on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "expect.h"

#include "parse.h"

static void parse_uint_table(void **state)
{
	(void)state;
	static const struct {
		const char *name, *text;
		unsigned long max;
		long want; /* -1: refused */
	} cases[] = {
		{ "zero", "0", 0, 0 },
		{ "max itself", "64", 64, 64 },
		{ "max + 1", "65", 64, -1 },
		{ "a digit above max 0", "5", 0, -1 },
		{ "two digits above max 0", "95", 0, -1 },
		{ "two digits above max 3", "31", 3, -1 },
		{ "a digit above max 3", "4", 3, -1 },
		{ "leading zeros", "007", 9, 7 },
		{ "INT_MAX", "2147483647", 0x7fffffffUL, 2147483647 },
		{ "INT_MAX + 1", "2147483648", 0x7fffffffUL, -1 },
		{ "ULONG_MAX + 1", "18446744073709551616", ~0UL, -1 },
		{ "empty", "", 9, -1 },
		{ "sign", "+1", 9, -1 },
		{ "blank", " 1", 9, -1 },
		{ "trailing text", "1x", 9, -1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned long v = 12345;
		int rc = parse_uint(cases[i].text, cases[i].max, &v);

		EXPECT_INT(cases[i].name, rc == 0 ? (long)v : -1, cases[i].want);
	}
	EXPECT_INT("NULL", parse_uint(NULL, 9, &(unsigned long){ 0 }), -1);
	END_CASES();
}

static void parse_int_and_prefix(void **state)
{
	(void)state;
	unsigned long v = 0;
	const char *end = NULL, *text = "12+3";

	EXPECT_INT("parse_int 0 of max 0", parse_int("0", 0), 0);
	EXPECT_INT("parse_int 1 of max 0", parse_int("1", 0), -1);
	EXPECT_INT("parse_int 255 of 255", parse_int("255", 255), 255);
	EXPECT_INT("parse_int 256 of 255", parse_int("256", 255), -1);
	EXPECT_INT("prefix stops at +", parse_uint_prefix(text, 99, &v, &end), 0);
	EXPECT_INT("prefix value", (long)v, 12);
	EXPECT_INT("prefix end", end - text, 2);
	EXPECT_INT("prefix needs a digit", parse_uint_prefix("+3", 99, &v, &end), -1);
	END_CASES();
}

/* What follows a word at the start of a string, with ASCII letters folded and nothing else. */
static void parse_word_table(void **state)
{
	(void)state;
	static const struct {
		const char *name, *text, *word;
		const char *rest; /* NULL: not a match */
	} cases[] = {
		{ "exact", "TERM", "TERM", "" },
		{ "lower case", "sigterm", "SIG", "term" },
		{ "mixed case", "RtMin+3", "RTMIN", "+3" },
		{ "empty word", "x", "", "x" },
		{ "empty text", "", "on", NULL },
		{ "shorter text", "RTMI", "RTMIN", NULL },
		{ "another letter", "SIX", "SIG", NULL },
		/* '@' and '`' differ by the bit that folds letters: they must not match. */
		{ "not a letter", "@", "`", NULL },
		{ "[ is not {", "[", "{", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_STR(cases[i].name, parse_word(cases[i].text, cases[i].word), cases[i].rest);
	END_CASES();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_uint_table),
		cmocka_unit_test(parse_int_and_prefix),
		cmocka_unit_test(parse_word_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
