// SPDX-License-Identifier: MIT
/*
 * test_join.c - --join's pure parts: the NSpid line of /proc/PID/status, and
 * telling the inner pid1 of a sandbox from any other child.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include <cmocka.h>

#include "expect.h"

#include "join.h"

#define STATUS(nspid) "Name:\tpid1\nState:\tS (sleeping)\nTgid:\t77\nPid:\t77\nPPid:\t76\n" nspid "NSsid:\t1\n"

static void nspid_lines(void **state)
{
	(void)state;
	const struct {
		const char *name, *status;
		int levels;
		pid_t innermost;
	} cases[] = {
		{ "one level", STATUS("NSpid:\t77\n"), 1, 77 },
		{ "two levels", STATUS("NSpid:\t77\t1\n"), 2, 1 },
		{ "three levels", STATUS("NSpid:\t900\t12\t3\n"), 3, 3 },
		{ "first line", "NSpid:\t5\t1\nName:\tx\n", 2, 1 },
		{ "last line, no newline", "Name:\tx\nNSpid:\t5\t2", 2, 2 },
		{ "no NSpid (before Linux 4.1)", STATUS(""), -1, -1 },
		{ "empty NSpid", STATUS("NSpid:\n"), -1, -1 },
		{ "junk in NSpid", STATUS("NSpid:\t77\tx\n"), -1, -1 },
		{ "pid 0", STATUS("NSpid:\t77\t0\n"), -1, -1 },
		{ "NSpid only inside another field", "Name:\tNSpid:\t5\n", -1, -1 },
		{ "empty", "", -1, -1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pid_t innermost = -1;

		EXPECT_INT(cases[i].name, join_parse_nspid(cases[i].status, &innermost), cases[i].levels);
		EXPECT_INT(cases[i].name, innermost, cases[i].innermost);
	}
	END_CASES();
}

static void inner_pid1(void **state)
{
	(void)state;
	const struct {
		const char *name, *status;
		int outer_levels;
		bool want;
	} cases[] = {
		{ "PID 1 one level down", STATUS("NSpid:\t78\t1\n"), 1, true },
		{ "PID 1 one level down, from a namespace", STATUS("NSpid:\t78\t1\n"), 2, false },
		{ "nested: outer pid1 two deep", STATUS("NSpid:\t9\t8\t1\n"), 2, true },
		{ "PID 2 one level down", STATUS("NSpid:\t78\t2\n"), 1, false },
		{ "same namespace", STATUS("NSpid:\t78\n"), 1, false },
		{ "PID 1 two levels down", STATUS("NSpid:\t78\t5\t1\n"), 1, false },
		{ "unreadable", "", 1, false },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_INT(cases[i].name, join_is_inner_pid1(cases[i].status, cases[i].outer_levels), cases[i].want);
	END_CASES();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nspid_lines),
		cmocka_unit_test(inner_pid1),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
