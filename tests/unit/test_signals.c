// SPDX-License-Identifier: MIT
/*
 * test_signals.c - signal names and numbers, rewrite rules, the fault signals
 * (blocked, yet a real fault still kills) and the forwardable set. Expected
 * values are always the <signal.h> macros, never raw numbers: numbers differ
 * between architectures.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "expect.h"

#include "signals.h"

/* Table-driven checks: every failing case is printed by name, then the test fails once. */
struct name_case {
	const char *input;
	int want;
};

static void from_name_accepts_names_numbers_and_realtime_forms(void **state)
{
	(void)state;
	const struct name_case cases[] = {
		{ "TERM", SIGTERM },
		{ "SIGTERM", SIGTERM },
		{ "term", SIGTERM },
		{ "sigterm", SIGTERM },
		{ "SigTerm", SIGTERM },
		{ "15", SIGTERM }, /* POSIX (XSI) fixes TERM at 15 */
		{ "HUP", SIGHUP },
		{ "INT", SIGINT },
		{ "QUIT", SIGQUIT },
		{ "KILL", SIGKILL },
		{ "USR1", SIGUSR1 },
		{ "SIGUSR2", SIGUSR2 },
		{ "CHLD", SIGCHLD },
		{ "STOP", SIGSTOP },
		{ "TSTP", SIGTSTP },
		{ "TTIN", SIGTTIN },
		{ "TTOU", SIGTTOU },
		{ "WINCH", SIGWINCH },
		{ "SEGV", SIGSEGV },
		{ "SYS", SIGSYS },
		{ "IO", SIGIO },
		{ "IOT", SIGIOT },
		{ "SIGIOT", SIGABRT },
		{ "CLD", SIGCHLD },
		{ "SIGCLD", SIGCHLD },
		{ "POLL", SIGIO },
		{ "1", 1 },
		{ "RTMIN", SIGRTMIN },
		{ "SIGRTMIN", SIGRTMIN },
		{ "rtmin", SIGRTMIN },
		{ "RTMIN+2", SIGRTMIN + 2 },
		{ "SIGRTMIN+2", SIGRTMIN + 2 },
		{ "RTMIN+0", SIGRTMIN },
		{ "RTMAX", SIGRTMAX },
		{ "SIGRTMAX", SIGRTMAX },
		{ "SIGRTMAX-1", SIGRTMAX - 1 },
		{ "rtmax-1", SIGRTMAX - 1 },
	};
	char rtmin_plus_all[32], rtmax_minus_all[32], rtmax_num[16];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_INT(cases[i].input, signals_from_name(cases[i].input), cases[i].want);

	/* The extremes of the realtime range, spelled from either end. */
	snprintf(rtmin_plus_all, sizeof(rtmin_plus_all), "RTMIN+%d", SIGRTMAX - SIGRTMIN);
	EXPECT_INT(rtmin_plus_all, signals_from_name(rtmin_plus_all), SIGRTMAX);
	snprintf(rtmax_minus_all, sizeof(rtmax_minus_all), "RTMAX-%d", SIGRTMAX - SIGRTMIN);
	EXPECT_INT(rtmax_minus_all, signals_from_name(rtmax_minus_all), SIGRTMIN);
	snprintf(rtmax_num, sizeof(rtmax_num), "%d", SIGRTMAX);
	EXPECT_INT(rtmax_num, signals_from_name(rtmax_num), SIGRTMAX);
	END_CASES();
}

static void from_name_refuses_what_is_not_a_signal(void **state)
{
	(void)state;
	const char *const bad[] = {
		"0",         /* 0 is no signal */
		"1ABC",      /* numbers must be whole */
		"15 ",       /* trailing blank */
		" 15",       /* leading blank */
		"+15",
		"-5",
		"0x0f",
		"",
		"FOO",
		"SIG",
		"SIGFOO",
		"TERMX",
		"SIGSIGTERM",
		"RTMIN+",
		"RTMIN+99",
		"RTMIN-1",
		"RTMIN+-1",
		"RTMIN+1x",
		"RTMIN 1",
		"RTMAX+1",
		"RTMAX-",
		"RTMAXX",
		"99999999999999999999",
	};
	char rtmax_plus_one[16], rtmin_over[32], rtmax_under[32];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_INT(bad[i], signals_from_name(bad[i]), -1);
	EXPECT_INT("NULL", signals_from_name(NULL), -1);

	/* "65" on Linux x86: one past SIGRTMAX. */
	snprintf(rtmax_plus_one, sizeof(rtmax_plus_one), "%d", SIGRTMAX + 1);
	EXPECT_INT(rtmax_plus_one, signals_from_name(rtmax_plus_one), -1);
	snprintf(rtmin_over, sizeof(rtmin_over), "RTMIN+%d", SIGRTMAX - SIGRTMIN + 1);
	EXPECT_INT(rtmin_over, signals_from_name(rtmin_over), -1);
	snprintf(rtmax_under, sizeof(rtmax_under), "RTMAX-%d", SIGRTMAX - SIGRTMIN + 1);
	EXPECT_INT(rtmax_under, signals_from_name(rtmax_under), -1);
	END_CASES();
}

static void to_name_gives_canonical_names(void **state)
{
	(void)state;
	const struct {
		int signo;
		const char *want;
	} cases[] = {
		{ SIGTERM, "TERM" },    { SIGHUP, "HUP" },       { SIGKILL, "KILL" },
		{ SIGUSR1, "USR1" },    { SIGCHLD, "CHLD" },     { SIGIO, "IO" },
		{ SIGABRT, "ABRT" },    /* SIGIOT is the same number: the alias is never printed */
		{ SIGRTMIN, "RTMIN" },  { SIGRTMIN + 1, "RTMIN+1" },
		{ SIGRTMIN + 3, "RTMIN+3" },
		{ 0, "0" },
	};
	char buf[16], label[32], want[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(label, sizeof(label), "%s (%d)", cases[i].want, cases[i].signo);
		EXPECT_STR(label, signals_to_name(cases[i].signo, buf, sizeof(buf)), cases[i].want);
	}
	/* SIGRTMAX is printed counting up from RTMIN. */
	snprintf(want, sizeof(want), "RTMIN+%d", SIGRTMAX - SIGRTMIN);
	EXPECT_STR("SIGRTMAX", signals_to_name(SIGRTMAX, buf, sizeof(buf)), want);
	/* Unknown numbers come back as decimal. */
	snprintf(want, sizeof(want), "%d", SIGRTMAX + 1);
	EXPECT_STR("SIGRTMAX+1", signals_to_name(SIGRTMAX + 1, buf, sizeof(buf)), want);
	EXPECT_STR("-1", signals_to_name(-1, buf, sizeof(buf)), "-1");
	/* The buffer it returns is the one it was given. */
	EXPECT_INT("returns buf", signals_to_name(SIGTERM, buf, sizeof(buf)) == buf, 1);
	END_CASES();
}

static void to_name_round_trips_every_signal(void **state)
{
	(void)state;
	char name[16], label[48], prefixed[24];

	for (int s = 1; s <= SIGRTMAX; s++) {
		signals_to_name(s, name, sizeof(name));
		snprintf(label, sizeof(label), "signal %d named \"%s\"", s, name);
		EXPECT_INT(label, signals_from_name(name), s);
		/* Names (not bare numbers) also take the SIG prefix and any case. */
		if (name[0] < '0' || name[0] > '9') {
			snprintf(prefixed, sizeof(prefixed), "sig%s", name);
			EXPECT_INT(label, signals_from_name(prefixed), s);
		}
	}
	END_CASES();
}

static void parse_rewrite_accepts_good_rules(void **state)
{
	(void)state;
	const struct {
		const char *spec;
		int from, to;
	} cases[] = {
		{ "TERM:QUIT", SIGTERM, SIGQUIT },
		{ "15:3", 15, 3 }, /* numbers are taken as given */
		{ "USR1:0", SIGUSR1, 0 },
		{ "USR1:RTMIN+2", SIGUSR1, SIGRTMIN + 2 },
		{ "SIGINT:SIGTERM", SIGINT, SIGTERM },
		{ "tstp:stop", SIGTSTP, SIGSTOP },
		{ "HUP:KILL", SIGHUP, SIGKILL },
		{ "RTMAX:RTMIN", SIGRTMAX, SIGRTMIN },
		{ "TERM:TERM", SIGTERM, SIGTERM },
		{ "ABRT:QUIT", SIGABRT, SIGQUIT }, /* a fault signal sent by a process is forwarded */
		{ "SEGV:0", SIGSEGV, 0 },
	};
	char err[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int from = -99, to = -99;

		strcpy(err, "(untouched)");
		EXPECT_INT(cases[i].spec, signals_parse_rewrite(cases[i].spec, &from, &to, err, sizeof(err)), 0);
		EXPECT_INT(cases[i].spec, from, cases[i].from);
		EXPECT_INT(cases[i].spec, to, cases[i].to);
	}
	END_CASES();
}

static void parse_rewrite_refuses_bad_rules_with_exact_errors(void **state)
{
	(void)state;
	static const struct {
		const char *spec;
		const char *err;
	} cases[] = {
		{ "FOO:1", "'FOO:1': 'FOO' is not a signal" },
		{ "9:TERM", "'9:TERM': 9 cannot be caught, so it cannot be rewritten" },
		{ "KILL:TERM", "'KILL:TERM': KILL cannot be caught, so it cannot be rewritten" },
		{ "STOP:1", "'STOP:1': STOP cannot be caught, so it cannot be rewritten" },
		{ "CHLD:USR1", "'CHLD:USR1': pid1 reaps on CHLD and never forwards it" },
		{ "1ABC:2", "'1ABC:2': '1ABC' is not a signal" },
		{ "0:TERM", "'0:TERM': '0' is not a signal" },
		{ "TERM", "'TERM' is not FROM:TO" },
		{ "", "'' is not FROM:TO" },
		{ ":TERM", "':TERM': missing or too long FROM signal" },
		{ ":", "':': missing or too long FROM signal" },
		{ "TERM:", "'TERM:': '' is not a signal (0 drops it)" },
		{ "TERM:FOO", "'TERM:FOO': 'FOO' is not a signal (0 drops it)" },
		{ "TERM:QUIT:HUP", "'TERM:QUIT:HUP': 'QUIT:HUP' is not a signal (0 drops it)" },
		{ "TERM:-1", "'TERM:-1': '-1' is not a signal (0 drops it)" },
		{ "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:TERM",
		  "'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:TERM': "
		  "missing or too long FROM signal" },
		/* 31 characters fit the FROM buffer; the name is still unknown. */
		{ "SIGAAAAAAAAAAAAAAAAAAAAAAAAAAAA:TERM",
		  "'SIGAAAAAAAAAAAAAAAAAAAAAAAAAAAA:TERM': 'SIGAAAAAAAAAAAAAAAAAAAAAAAAAAAA' is not a signal" },
		/* 32 do not. */
		{ "SIGAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:TERM",
		  "'SIGAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:TERM': missing or too long FROM signal" },
	};
	char err[256];
	char rtmax_over[48], want[160];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int from = 0, to = 0;

		err[0] = '\0';
		EXPECT_INT(cases[i].spec, signals_parse_rewrite(cases[i].spec, &from, &to, err, sizeof(err)), -1);
		EXPECT_STR(cases[i].spec, err, cases[i].err);
	}

	/* One past SIGRTMAX as TO. */
	snprintf(rtmax_over, sizeof(rtmax_over), "TERM:%d", SIGRTMAX + 1);
	snprintf(want, sizeof(want), "'%s': '%d' is not a signal (0 drops it)", rtmax_over, SIGRTMAX + 1);
	{
		int from = 0, to = 0;

		err[0] = '\0';
		EXPECT_INT(rtmax_over, signals_parse_rewrite(rtmax_over, &from, &to, err, sizeof(err)), -1);
		EXPECT_STR(rtmax_over, err, want);
	}
	END_CASES();
}

static void is_fault_is_exactly_the_seven_synchronous_signals(void **state)
{
	(void)state;
	const int faults[] = { SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGSYS };
	char label[32];
	int n_fault = 0;

	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		snprintf(label, sizeof(label), "fault %d", faults[i]);
		EXPECT_INT(label, signals_is_fault(faults[i]), 1);
	}
	for (int s = -1; s <= SIGRTMAX + 1; s++) {
		bool listed = false;

		for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++)
			listed = listed || faults[i] == s;
		snprintf(label, sizeof(label), "signal %d", s);
		EXPECT_INT(label, signals_is_fault(s), listed);
		n_fault += signals_is_fault(s);
	}
	EXPECT_INT("count over -1..SIGRTMAX+1", n_fault, 7);
	/* Named checks for the ones pid1 must forward. */
	EXPECT_INT("TERM", signals_is_fault(SIGTERM), 0);
	EXPECT_INT("CHLD", signals_is_fault(SIGCHLD), 0);
	EXPECT_INT("KILL", signals_is_fault(SIGKILL), 0);
	EXPECT_INT("IOT alias", signals_is_fault(SIGIOT), 1);
	END_CASES();
}

static void forwardable_set_holds_all_but_kill_and_stop(void **state)
{
	(void)state;
	const struct {
		const char *name;
		int signo;
		int member;
	} cases[] = {
		{ "TERM", SIGTERM, 1 },   { "INT", SIGINT, 1 },     { "HUP", SIGHUP, 1 },
		{ "QUIT", SIGQUIT, 1 },   { "USR1", SIGUSR1, 1 },   { "USR2", SIGUSR2, 1 },
		{ "CHLD", SIGCHLD, 1 },   { "TSTP", SIGTSTP, 1 },   { "TTIN", SIGTTIN, 1 },
		{ "TTOU", SIGTTOU, 1 },   { "CONT", SIGCONT, 1 },   { "WINCH", SIGWINCH, 1 },
		{ "PIPE", SIGPIPE, 1 },   { "ALRM", SIGALRM, 1 },   { "RTMIN", SIGRTMIN, 1 },
		{ "RTMIN+2", SIGRTMIN + 2, 1 }, { "RTMAX", SIGRTMAX, 1 },
		/* Fault signals too: one sent by a process is forwarded. */
		{ "SEGV", SIGSEGV, 1 },   { "FPE", SIGFPE, 1 },     { "ILL", SIGILL, 1 },
		{ "BUS", SIGBUS, 1 },     { "ABRT", SIGABRT, 1 },   { "TRAP", SIGTRAP, 1 },
		{ "SYS", SIGSYS, 1 },
		{ "KILL", SIGKILL, 0 },   { "STOP", SIGSTOP, 0 },
	};
	signals_mask set = signals_forwardable_mask();
	char label[32];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_INT(cases[i].name, signals_mask_has(set, cases[i].signo), cases[i].member);
	/*
	 * Every signal but KILL and STOP is in it, including the numbers between
	 * the classic signals and SIGRTMIN that libc reserves for its threads: a
	 * signal outside the mask would kill pid1.
	 */
	for (int s = 1; s <= SIGNALS_MAX; s++) {
		snprintf(label, sizeof(label), "signal %d", s);
		EXPECT_INT(label, signals_mask_has(set, s), s != SIGKILL && s != SIGSTOP);
	}
	END_CASES();
}

/* Read at run time, so the compiler cannot see the fault coming. */
static volatile int *volatile nowhere;
static volatile int zero_value, seven_value = 7, sink;
static volatile int *volatile zero = &zero_value, *volatile seven = &seven_value, *volatile nowhere_too = &sink;

/* In a child with pid1's mask: the fault happens for real, and must kill it. */
static int status_of_a_real_fault(int which)
{
	int status = -1;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		signals_mask saved;

		if (signals_block_all(&saved) < 0)
			_exit(90);
		if (which == SIGSEGV)
			*nowhere = 1; // NOLINT(clang-analyzer-core.NullDereference)
		else if (which == SIGFPE)
			*nowhere_too = *seven / *zero; /* 1 / x would become a comparison */
		else
			abort();
		_exit(91); /* survived the fault */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void a_real_fault_kills_despite_the_blocked_mask(void **state)
{
	(void)state;
	const int faults[] = { SIGSEGV, SIGFPE, SIGABRT };
	char label[32];

	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		int status = status_of_a_real_fault(faults[i]);

		snprintf(label, sizeof(label), "real %s", strsignal(faults[i]));
		EXPECT_INT(label, WIFSIGNALED(status) ? WTERMSIG(status) : -WEXITSTATUS(status), faults[i]);
	}
	END_CASES();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(from_name_accepts_names_numbers_and_realtime_forms),
		cmocka_unit_test(from_name_refuses_what_is_not_a_signal),
		cmocka_unit_test(to_name_gives_canonical_names),
		cmocka_unit_test(to_name_round_trips_every_signal),
		cmocka_unit_test(parse_rewrite_accepts_good_rules),
		cmocka_unit_test(parse_rewrite_refuses_bad_rules_with_exact_errors),
		cmocka_unit_test(is_fault_is_exactly_the_seven_synchronous_signals),
		cmocka_unit_test(forwardable_set_holds_all_but_kill_and_stop),
		cmocka_unit_test(a_real_fault_kills_despite_the_blocked_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
