// SPDX-License-Identifier: MIT
/*
 * test_log.c - the one-line log writer: its grammar (severity, tag, reason,
 * hint) and its cut at LOG_LINE_MAX, which shortens the WHAT and keeps the
 * reason. Lines are read back through a pipe put in place of stderr.
 * Linked with --wrap=sys_nanosleep: the pauses of a line that stderr cannot take
 * at once are counted, not slept, and one of them may drain the pipe.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
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
	EXPECT_INT("hint: what and reason kept", strncmp(out, "pid1: cannot do it: Operation not permitted; xxx", 48),
		   0);
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

/* ---- a stderr that cannot take a line at once ---- */

int __wrap_sys_nanosleep(const struct timespec *req);

static int pauses, drain_at, drain_fd = -1;
static long paused_ns;

/* The pauses of log.c; the drain_at'th one empties the pipe, as a reader would. */
int __wrap_sys_nanosleep(const struct timespec *req)
{
	char buf[4096];

	pauses++;
	paused_ns += req->tv_nsec + req->tv_sec * 1000000000L;
	if (pauses == drain_at)
		while (read(drain_fd, buf, sizeof(buf)) > 0)
			;
	return 0;
}

/* stderr a non-blocking pipe that is full to the last byte; Return: its read end. */
static int full_stderr(void)
{
	static const char block[4096];
	int fds[2];

	assert_int_equal(pipe2(fds, O_NONBLOCK), 0);
	while (write(fds[1], block, sizeof(block)) > 0)
		;
	while (write(fds[1], block, 1) > 0)
		;
	saved_stderr = dup(STDERR_FILENO);
	assert_int_equal(dup2(fds[1], STDERR_FILENO), STDERR_FILENO);
	close(fds[1]);
	return fds[0];
}

/* Put stderr back, and fill @out with what the pipe holds now, NUL-terminated (the filling dropped first). */
static void restore_stderr(int rd, char *out, size_t len)
{
	char buf[4096];
	ssize_t n;
	size_t got = 0;

	assert_int_equal(dup2(saved_stderr, STDERR_FILENO), STDERR_FILENO);
	close(saved_stderr);
	while ((n = read(rd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n && got + 1 < len; i++)
			if (buf[i] != '\0')
				out[got++] = buf[i];
	}
	out[got] = '\0';
	close(rd);
}

static void start_pauses(int rd, int at)
{
	pauses = 0;
	paused_ns = 0;
	drain_at = at;
	drain_fd = rd;
}

/*
 * A full pipe, a full or stopped terminal, or one that another process is
 * writing at that moment (the shell's prompt after `bg`) fails the write with
 * EAGAIN. The line waits a little, then is dropped; until one line gets
 * through, the next ones do not wait: the loop is never held for long.
 */
static void a_busy_stderr_delays_the_line(void **state)
{
	(void)state;
	char out[256];
	int rd;

	log_verbosity = LOG_LEVEL_INFO;
	rd = full_stderr();
	start_pauses(rd, 3);
	log_info("forwarded %s to process group %d", "SIGCONT", 7);
	EXPECT_INT("drained during the third pause: no more pauses", pauses, 3);
	EXPECT_INT("1 + 2 + 4 ms", paused_ns, 7000000);
	restore_stderr(rd, out, sizeof(out));
	EXPECT_STR("the line came after the drain", out, "pid1: info: forwarded SIGCONT to process group 7\n");

	rd = full_stderr();
	start_pauses(rd, 0);
	errno = EPERM;
	log_warn("never read");
	EXPECT_INT("errno kept", errno, EPERM);
	EXPECT_INT("a stuck stderr: eight pauses", pauses, 8);
	EXPECT_INT("255 ms in all", paused_ns, 255000000);
	start_pauses(rd, 0);
	log_warn("still stuck");
	EXPECT_INT("the next line does not wait", pauses, 0);
	start_pauses(rd, 1);
	(void)__wrap_sys_nanosleep(&(struct timespec){ 0, 0 }); /* a reader drains it */
	log_warn("read again");
	start_pauses(rd, 0);
	log_warn("gone through");
	EXPECT_INT("no wait while there is room", pauses, 0);
	restore_stderr(rd, out, sizeof(out));
	EXPECT_STR("the dropped lines are lost, the later ones came", out,
		   "pid1: warning: read again\npid1: warning: gone through\n");

	rd = full_stderr();
	start_pauses(rd, 2);
	log_warn("waits again");
	EXPECT_INT("once a line went through, a full stderr is waited for again", pauses, 2);
	restore_stderr(rd, out, sizeof(out));
	EXPECT_STR("after the wait", out, "pid1: warning: waits again\n");
	END_CASES();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(severity_and_tag),
		cmocka_unit_test(reason_and_hint),
		cmocka_unit_test(a_long_line_keeps_its_reason),
		cmocka_unit_test(a_cut_never_splits_a_character),
		cmocka_unit_test(a_busy_stderr_delays_the_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
