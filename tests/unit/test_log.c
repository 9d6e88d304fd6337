// SPDX-License-Identifier: MIT
/*
 * test_log.c - the one-line log writer: its grammar (severity, tag, reason,
 * hint) and its cut at LOG_LINE_MAX, which shortens the WHAT and keeps the
 * reason. Lines are read back through a pipe put in place of stderr.
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

static int capture_pipe[2] = { -1, -1 }, saved_stderr = -1;

static void capture_start(void)
{
	assert_int_equal(pipe(capture_pipe), 0);
	saved_stderr = dup(STDERR_FILENO);
	assert_true(saved_stderr >= 0);
	assert_int_equal(dup2(capture_pipe[1], STDERR_FILENO), STDERR_FILENO);
}

/* What was logged since capture_start(), NUL-terminated; Return: its length. */
static size_t capture_end(char *buf, size_t len)
{
	ssize_t n;

	assert_int_equal(dup2(saved_stderr, STDERR_FILENO), STDERR_FILENO);
	close(saved_stderr);
	close(capture_pipe[1]);
	n = read(capture_pipe[0], buf, len - 1);
	close(capture_pipe[0]);
	assert_true(n >= 0);
	buf[n] = '\0';
	return (size_t)n;
}

static void severity_and_tag(void **state)
{
	(void)state;
	char out[4096];

	log_verbosity = LOG_LEVEL_INFO;
	capture_start();
	log_error("an error");
	log_warn("a warning");
	log_info("forwarded %s to process group %d", "SIGTERM", 2);
	log_debug("not at -v");
	log_set_tag("inner");
	log_info("forwarded %s to process group %d", "SIGTERM", 2);
	log_error("an error");
	log_set_tag(NULL);
	log_warn("untagged again");
	capture_end(out, sizeof(out));
	EXPECT_STR("lines", out,
		   "pid1: an error\n"
		   "pid1: warning: a warning\n"
		   "pid1: info: forwarded SIGTERM to process group 2\n"
		   "pid1: inner: info: forwarded SIGTERM to process group 2\n"
		   "pid1: inner: an error\n"
		   "pid1: warning: untagged again\n");

	log_verbosity = LOG_LEVEL_DEBUG;
	capture_start();
	log_debug("phase %s -> %s", "RUNNING", "DONE");
	capture_end(out, sizeof(out));
	EXPECT_STR("debug", out, "pid1: debug: phase RUNNING -> DONE\n");
	END_CASES();
}

static void reason_and_hint(void **state)
{
	(void)state;
	char out[4096];

	log_verbosity = LOG_LEVEL_WARN;
	capture_start();
	errno = EAGAIN;
	log_error_errno(NULL, "cannot fork to start %s", "the command");
	EXPECT_INT("errno kept", errno, EAGAIN);
	errno = EPERM;
	log_error_errno("run as root or add --user", "cannot create a PID namespace for --pid");
	errno = EINVAL;
	log_warn_errno("orphans will not be reaped", "cannot become a child subreaper");
	log_debug_errno("not shown", "at the default verbosity");
	log_errno_msg(LOG_LEVEL_ERROR, ENOTDIR, NULL, "cannot use %s for --mount-proc", "/etc/passwd");
	log_reason_msg(LOG_LEVEL_ERROR, "it is empty", NULL, "cannot follow the daemon in --pidfile %s", "/p");
	log_reason_msg(LOG_LEVEL_WARN, NULL, "exiting anyway", "some processes outlived SIGKILL");
	EXPECT_INT("errno kept by every call", errno, EINVAL);
	capture_end(out, sizeof(out));
	EXPECT_STR("lines", out,
		   "pid1: cannot fork to start the command: Resource temporarily unavailable\n"
		   "pid1: cannot create a PID namespace for --pid: Operation not permitted; run as root or add --user\n"
		   "pid1: warning: cannot become a child subreaper: Invalid argument; orphans will not be reaped\n"
		   "pid1: cannot use /etc/passwd for --mount-proc: Not a directory\n"
		   "pid1: cannot follow the daemon in --pidfile /p: it is empty\n"
		   "pid1: warning: some processes outlived SIGKILL; exiting anyway\n");
	END_CASES();
}

/* One line of exactly LOG_LINE_MAX bytes, with no NUL from the formatter in it. */
static void expect_whole_line(const char *name, const char *out, size_t n)
{
	EXPECT_INT(name, (long)n, LOG_LINE_MAX);
	EXPECT_INT(name, out[n - 1], '\n');
	EXPECT_INT(name, memchr(out, '\0', n) == NULL, 1);
	EXPECT_INT(name, memchr(out, '\n', n - 1) == NULL, 1);
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static void a_long_line_keeps_its_reason(void **state)
{
	(void)state;
	static char path[5001], out[8192];
	size_t n;

	log_verbosity = LOG_LEVEL_WARN;
	memset(path, 'x', sizeof(path) - 1);

	capture_start();
	log_msg(LOG_LEVEL_ERROR, "%s", path);
	n = capture_end(out, sizeof(out));
	expect_whole_line("plain", out, n);
	EXPECT_INT("plain: starts", strncmp(out, "pid1: xxx", 9), 0);
	EXPECT_INT("plain: marks the cut", ends_with(out, n, "xxx...\n"), 1);

	capture_start();
	errno = ENAMETOOLONG;
	log_warn_errno("giving up", "cannot read --pidfile /%s", path);
	n = capture_end(out, sizeof(out));
	expect_whole_line("errno", out, n);
	EXPECT_INT("errno: starts", strncmp(out, "pid1: warning: cannot read --pidfile /xxx", 41), 0);
	EXPECT_INT("errno: keeps reason and hint", ends_with(out, n, "xxx...: File name too long; giving up\n"), 1);

	capture_start();
	log_set_tag("inner");
	log_reason_msg(LOG_LEVEL_ERROR, "it is empty", NULL, "cannot follow the daemon in --pidfile %s", path);
	log_set_tag(NULL);
	n = capture_end(out, sizeof(out));
	expect_whole_line("reason", out, n);
	EXPECT_INT("reason: starts", strncmp(out, "pid1: inner: cannot follow", 26), 0);
	EXPECT_INT("reason: kept", ends_with(out, n, "xxx...: it is empty\n"), 1);

	/* A tail longer than the line: the WHAT keeps its start, the line its limit. */
	capture_start();
	errno = EPERM;
	log_error_errno(path, "cannot do %s", "it");
	n = capture_end(out, sizeof(out));
	expect_whole_line("hint", out, n);
	EXPECT_INT("hint: what and reason kept",
		   strncmp(out, "pid1: cannot do it: Operation not permitted; xxx", 48), 0);
	END_CASES();
}

/* "é" is two bytes: the cut backs off to the start of a character. */
static void a_cut_never_splits_a_character(void **state)
{
	(void)state;
	static char what[3001], out[8192];
	const char *dots;
	size_t n;

	log_verbosity = LOG_LEVEL_WARN;
	for (size_t i = 0; i + 2 < sizeof(what); i += 2) {
		what[i] = '\xc3';
		what[i + 1] = '\xa9';
	}
	for (int odd = 0; odd < 2; odd++) {
		capture_start();
		/* One more byte of tail moves the cut by one: one of the two lands mid-character. */
		log_reason_msg(LOG_LEVEL_ERROR, odd ? "RR" : "R", NULL, "%s", what);
		n = capture_end(out, sizeof(out));
		dots = strstr(out, "...");
		assert_non_null(dots);
		EXPECT_INT(odd ? "odd: whole characters" : "even: whole characters", (dots - out - 6) % 2, 0);
		EXPECT_INT(odd ? "odd: reason kept" : "even: reason kept",
			   ends_with(out, n, odd ? "...: RR\n" : "...: R\n"), 1);
		EXPECT_INT(odd ? "odd: no more than the limit" : "even: no more than the limit",
			   n <= LOG_LINE_MAX && n >= LOG_LINE_MAX - 1, 1);
	}
	END_CASES();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(severity_and_tag),
		cmocka_unit_test(reason_and_hint),
		cmocka_unit_test(a_long_line_keeps_its_reason),
		cmocka_unit_test(a_cut_never_splits_a_character),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
