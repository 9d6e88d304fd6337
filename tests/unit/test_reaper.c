// SPDX-License-Identifier: MIT
/*
 * test_reaper.c - the pure parts of reaper.c and spawn.c: wait statuses to
 * exit codes and log text, and exec errors to 126/127. Statuses are built
 * with W_EXITCODE() and signals named with the <signal.h> macros.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "expect.h"

#include "exitcode.h"
#include "reaper.h"
#include "signals.h"
#include "spawn.h"

/* The Linux encoding, for C libraries that do not define these (musl does, glibc does). */
#ifndef W_EXITCODE
#define W_EXITCODE(ret, sig) (((ret) << 8) | (sig)) /* signaled: the signal in the low 7 bits */
#endif
#ifndef W_STOPCODE
#define W_STOPCODE(sig) (((sig) << 8) | 0x7f)
#endif
#ifndef WCOREFLAG
#define WCOREFLAG 0x80
#endif

static void exit_code_passes_every_exit_status_through(void **state)
{
	(void)state;
	char label[32];

	for (int code = 0; code <= 255; code++) {
		snprintf(label, sizeof(label), "exit %d", code);
		EXPECT_INT(label, reaper_exit_code(W_EXITCODE(code, 0)), code);
	}
	END_CASES();
}

static void exit_code_is_128_plus_the_signal(void **state)
{
	(void)state;
	const struct {
		const char *name;
		int signo;
	} cases[] = {
		{ "HUP", SIGHUP },   { "INT", SIGINT },   { "QUIT", SIGQUIT }, { "KILL", SIGKILL },
		{ "SEGV", SIGSEGV }, { "ABRT", SIGABRT }, { "PIPE", SIGPIPE }, { "TERM", SIGTERM },
		{ "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "ALRM", SIGALRM }, { "RTMIN", SIGRTMIN },
		{ "RTMIN+2", SIGRTMIN + 2 }, { "RTMAX", SIGRTMAX },
	};
	char label[48];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_INT(cases[i].name, reaper_exit_code(W_EXITCODE(0, cases[i].signo)), 128 + cases[i].signo);
		/* A core dump does not change the code. */
		snprintf(label, sizeof(label), "%s with core", cases[i].name);
		EXPECT_INT(label, reaper_exit_code(W_EXITCODE(0, cases[i].signo) | WCOREFLAG), 128 + cases[i].signo);
	}
	/* Every signal number, by the shell's rule. */
	for (int s = 1; s <= SIGRTMAX; s++) {
		snprintf(label, sizeof(label), "signal %d", s);
		EXPECT_INT(label, reaper_exit_code(W_EXITCODE(0, s)), 128 + s);
	}
	END_CASES();
}

static void exit_code_of_real_statuses(void **state)
{
	(void)state;
	/* The encodings above are the kernel's: check them against a real child once. */
	pid_t pid = fork();
	int status = 0;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(42);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	EXPECT_INT("real exit 42", reaper_exit_code(status), 42);
	EXPECT_INT("real exit 42 encoding", status, W_EXITCODE(42, 0));

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sigset_t usr1;

		sigemptyset(&usr1);
		sigaddset(&usr1, SIGUSR1);
		signal(SIGUSR1, SIG_DFL);
		sigprocmask(SIG_UNBLOCK, &usr1, NULL);
		raise(SIGUSR1);
		_exit(1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	EXPECT_INT("real USR1", reaper_exit_code(status), 128 + SIGUSR1);
	EXPECT_INT("real USR1 encoding", status, W_EXITCODE(0, SIGUSR1));
	END_CASES();
}

static void exit_code_of_a_stopped_status_is_255(void **state)
{
	(void)state;
	/* Not reachable from waitpid() without WUNTRACED, but must not pass for an exit. */
	EXPECT_INT("stopped by STOP", reaper_exit_code(W_STOPCODE(SIGSTOP)), 255);
	EXPECT_INT("stopped by TSTP", reaper_exit_code(W_STOPCODE(SIGTSTP)), 255);
	END_CASES();
}

static void exec_failure_codes(void **state)
{
	(void)state;
	const struct {
		const char *name;
		int errnum, code;
	} cases[] = {
		{ "ENOENT", ENOENT, 127 },   { "ENOTDIR", ENOTDIR, 127 }, { "EACCES", EACCES, 126 },
		{ "ENOEXEC", ENOEXEC, 126 }, { "EISDIR", EISDIR, 126 },   { "EPERM", EPERM, 126 },
		{ "ELOOP", ELOOP, 126 },     { "E2BIG", E2BIG, 126 },     { "ETXTBSY", ETXTBSY, 126 },
		{ "ENOMEM", ENOMEM, 126 },   { "0", 0, 126 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_INT(cases[i].name, spawn_exec_failure_code(cases[i].errnum), cases[i].code);
	EXPECT_INT("PID1_EXIT_NOTFOUND", PID1_EXIT_NOTFOUND, 127);
	EXPECT_INT("PID1_EXIT_NOEXEC", PID1_EXIT_NOEXEC, 126);
	END_CASES();
}

static void describe_statuses_for_logs(void **state)
{
	(void)state;
	const struct {
		const char *name;
		int wstatus;
		const char *want;
	} cases[] = {
		{ "exit 0", W_EXITCODE(0, 0), "exit 0" },
		{ "exit 3", W_EXITCODE(3, 0), "exit 3" },
		{ "exit 255", W_EXITCODE(255, 0), "exit 255" },
		{ "TERM", W_EXITCODE(0, SIGTERM), "signal TERM" },
		{ "KILL", W_EXITCODE(0, SIGKILL), "signal KILL" },
		{ "SEGV with core", W_EXITCODE(0, SIGSEGV) | WCOREFLAG, "signal SEGV" },
		{ "ABRT", W_EXITCODE(0, SIGABRT), "signal ABRT" },
		{ "CHLD", W_EXITCODE(0, SIGCHLD), "signal CHLD" },
		{ "RTMIN", W_EXITCODE(0, SIGRTMIN), "signal RTMIN" },
		{ "RTMIN+2", W_EXITCODE(0, SIGRTMIN + 2), "signal RTMIN+2" },
	};
	char buf[64], small[8];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(buf, 'x', sizeof(buf));
		EXPECT_STR(cases[i].name, reaper_describe(cases[i].wstatus, buf, sizeof(buf)), cases[i].want);
	}
	EXPECT_INT("returns buf", reaper_describe(W_EXITCODE(1, 0), buf, sizeof(buf)) == buf, 1);
	/* A short buffer is cut, and still terminated. */
	memset(small, 'x', sizeof(small));
	EXPECT_STR("truncated", reaper_describe(W_EXITCODE(0, SIGTERM), small, sizeof(small)), "signal ");
	END_CASES();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exit_code_passes_every_exit_status_through),
		cmocka_unit_test(exit_code_is_128_plus_the_signal),
		cmocka_unit_test(exit_code_of_real_statuses),
		cmocka_unit_test(exit_code_of_a_stopped_status_is_255),
		cmocka_unit_test(exec_failure_codes),
		cmocka_unit_test(describe_statuses_for_logs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
