// SPDX-License-Identifier: MIT
/*
 * test_parse.c - the strict number parsers every other parser builds on, and
 * the one-line log writer (its truncation), read back through a pipe.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "expect.h"

#include "log.h"
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

/* log_msg() at a level that is on, into a pipe; Return: the bytes written. */
static size_t log_into(char *buf, size_t len, const char *arg)
{
	int fds[2], saved = dup(STDERR_FILENO);
	ssize_t n;

	assert_int_equal(pipe(fds), 0);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fds[1], STDERR_FILENO), STDERR_FILENO);
	log_verbosity = LOG_LEVEL_WARN;
	errno = EPERM;
	log_msg(LOG_LEVEL_WARN, "%s", arg);
	assert_int_equal(errno, EPERM);
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	close(saved);
	close(fds[1]);
	n = read(fds[0], buf, len);
	close(fds[0]);
	assert_true(n > 0);
	return (size_t)n;
}

static void log_lines_are_whole_and_clean(void **state)
{
	(void)state;
	char out[2048], arg[1500];
	size_t n;

	n = log_into(out, sizeof(out), "short");
	EXPECT_INT("short: length", (long)n, 12);
	EXPECT_INT("short: same text", memcmp(out, "pid1: short\n", 12), 0);

	memset(arg, 'x', sizeof(arg) - 1);
	arg[sizeof(arg) - 1] = '\0';
	n = log_into(out, sizeof(out), arg);
	/* Cut to the buffer, one line, and no NUL from the formatter in it. */
	EXPECT_INT("long: length", (long)n, 1023);
	EXPECT_INT("long: ends the line", out[n - 1], '\n');
	EXPECT_INT("long: no NUL", memchr(out, '\0', n) == NULL, 1);
	EXPECT_INT("long: one line", memchr(out, '\n', n - 1) == NULL, 1);
	END_CASES();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_uint_table),
		cmocka_unit_test(parse_int_and_prefix),
		cmocka_unit_test(log_lines_are_whole_and_clean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
