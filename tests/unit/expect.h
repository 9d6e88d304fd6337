/* SPDX-License-Identifier: MIT */
/*
 * expect.h - table-driven checks for the cmocka unit tests: each failing case
 * is printed with its name, and the test fails once at END_CASES(), so one
 * run shows every broken case rather than the first.
 */
#ifndef PID1_TESTS_EXPECT_H
#define PID1_TESTS_EXPECT_H

#include <stdbool.h>
#include <string.h>

static int failures;

static inline bool expect_str_eq(const char *a, const char *b)
{
	return (a == NULL || b == NULL) ? a == b : strcmp(a, b) == 0;
}

#define EXPECT_INT(casename, got, want)                                                        \
	do {                                                                                   \
		long got_ = (long)(got), want_ = (long)(want);                                 \
		if (got_ != want_) {                                                           \
			print_error("%s:%d: case \"%s\": %s is %ld, expected %ld (%s)\n", __FILE__, \
				    __LINE__, (casename), #got, got_, want_, #want);           \
			failures++;                                                            \
		}                                                                              \
	} while (0)

#define EXPECT_STR(casename, got, want)                                                        \
	do {                                                                                   \
		const char *got_ = (got), *want_ = (want);                                     \
		if (!expect_str_eq(got_, want_)) {                                             \
			print_error("%s:%d: case \"%s\": %s is %s%s%s, expected %s%s%s\n",     \
				    __FILE__, __LINE__, (casename), #got, got_ ? "\"" : "",    \
				    got_ ? got_ : "NULL", got_ ? "\"" : "", want_ ? "\"" : "", \
				    want_ ? want_ : "NULL", want_ ? "\"" : "");                \
			failures++;                                                            \
		}                                                                              \
	} while (0)

#define END_CASES()                                                                            \
	do {                                                                                   \
		int n_ = failures;                                                             \
		failures = 0;                                                                  \
		if (n_ > 0)                                                                    \
			fail_msg("%d case(s) failed, see above", n_);                          \
	} while (0)

#endif
