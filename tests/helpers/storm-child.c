// SPDX-License-Identifier: MIT
/*
 * storm-child.c - the main process pid1 supervises in the storm and fault
 * tests. Every mode blocks all signals and takes them with sigwaitinfo(), so
 * nothing is lost to a handler and each forwarded signal is counted once.
 * Output lines go out with one write(2) each, so lines from the two
 * processes of "count" never mix.
 *
 *   storm-child count RTSIG ENDSIG ORPHANS BATCHES
 *       Print "ready PID PGID". A worker, in a process group of its own so
 *       forwarded signals miss it, reads one line from stdin per batch, makes
 *       ORPHANS/BATCHES orphans by double fork (pid1 must reap them) and prints
 *       "batch B". Meanwhile the main process counts every signal; each 16th
 *       RTSIG it prints "rt N" (the sender paces itself on it). On ENDSIG it
 *       waits for the worker and prints
 *         "final worker=W foreign=F other=O sig S=N sig S=N ..."
 *       (W the worker's wait status, F signals not sent by its parent, O signals
 *       of no kind it was sent), then exits 0.
 *   storm-child await CODE ORPHANS
 *       Print "ready PID", wait for one signal (not CHLD), print "got N", make
 *       ORPHANS orphans, print "done ORPHANS", wait for another signal, print
 *       "got N", exit CODE.
 *   storm-child fdfull CODE
 *       Print "table full" if no descriptor can be opened (EMFILE), else
 *       "table has room"; exit CODE. Built statically, so that it can start
 *       when there is no descriptor left for a dynamic loader.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define ACK_EVERY 16

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	char line[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (write(STDOUT_FILENO, line, (size_t)n) != n)
		_exit(98);
}

static void die(const char *what)
{
	(void)fprintf(stderr, "storm-child: %s: %s\n", what, strerror(errno));
	_exit(99);
}

static void block_all(sigset_t *set)
{
	sigfillset(set);
	if (sigprocmask(SIG_BLOCK, set, NULL) < 0)
		die("sigprocmask");
}

/* The grandchild exits at once; its parent too, so pid1 inherits it (zombie or not). */
static void make_orphans(long n)
{
	for (long i = 0; i < n; i++) {
		pid_t p = fork();

		if (p < 0)
			die("fork");
		if (p == 0) {
			if (fork() < 0)
				_exit(1);
			_exit(0);
		}
		if (waitpid(p, NULL, 0) < 0)
			die("waitpid");
	}
}

static int read_line(void)
{
	char c;
	ssize_t r;

	do {
		do
			r = read(STDIN_FILENO, &c, 1);
		while (r < 0 && errno == EINTR);
		if (r <= 0)
			return -1;
	} while (c != '\n');
	return 0;
}

static void worker(long orphans, long batches)
{
	if (setpgid(0, 0) < 0)
		die("setpgid");
	for (long b = 1; b <= batches; b++) {
		long n = orphans / batches + (b <= orphans % batches ? 1 : 0);

		if (read_line() < 0)
			_exit(2); /* the sender went away */
		make_orphans(n);
		say("batch %ld", b);
	}
	_exit(0);
}

static int cmd_count(int rtsig, int endsig, long orphans, long batches)
{
	static long counts[NSIG];
	char line[4096];
	int len, wstatus = -1;
	long foreign = 0, other = 0;
	pid_t parent = getppid(), w;
	sigset_t set;
	siginfo_t info;

	block_all(&set);
	say("ready %d %d", (int)getpid(), (int)getpgrp());
	w = fork();
	if (w < 0)
		die("fork");
	if (w == 0)
		worker(orphans, batches);
	for (;;) {
		int s = sigwaitinfo(&set, &info);

		if (s < 0) {
			if (errno == EINTR)
				continue;
			die("sigwaitinfo");
		}
		if (s == SIGCHLD) {
			/* Until the worker has exited this leaves wstatus at -1. */
			if (wstatus == -1)
				waitpid(w, &wstatus, WNOHANG);
			continue;
		}
		if (info.si_pid != parent)
			foreign++;
		if (s == endsig)
			break;
		if (s != SIGTERM && s != SIGUSR1 && s != rtsig)
			other++;
		if (s > 0 && s < NSIG)
			counts[s]++;
		if (s == rtsig && counts[s] % ACK_EVERY == 0)
			say("rt %ld", counts[s]);
	}
	if (wstatus == -1 && waitpid(w, &wstatus, 0) < 0)
		die("waitpid worker");
	len = snprintf(line, sizeof(line), "final worker=%d foreign=%ld other=%ld", wstatus, foreign, other);
	for (int s = 1; s < NSIG && len < (int)sizeof(line) - 32; s++)
		if (counts[s] > 0)
			len += snprintf(line + len, sizeof(line) - (size_t)len, " sig %d=%ld", s, counts[s]);
	say("%s", line);
	return 0;
}

static void await_one(sigset_t *set)
{
	int s;

	do
		s = sigwaitinfo(set, NULL);
	while ((s < 0 && errno == EINTR) || s == SIGCHLD);
	if (s < 0)
		die("sigwaitinfo");
	say("got %d", s);
}

static int cmd_await(int code, long orphans)
{
	sigset_t set;

	block_all(&set);
	say("ready %d", (int)getpid());
	await_one(&set);
	make_orphans(orphans);
	say("done %ld", orphans);
	await_one(&set);
	return code;
}

static int cmd_fdfull(int code)
{
	int fd = open("/dev/null", O_RDONLY);

	if (fd < 0 && errno == EMFILE)
		say("table full");
	else
		say("table has room (%s)", fd >= 0 ? "opened a descriptor" : strerror(errno));
	return code;
}

int main(int argc, char **argv)
{
	if (argc == 6 && strcmp(argv[1], "count") == 0)
		return cmd_count(atoi(argv[2]), atoi(argv[3]), atol(argv[4]), atol(argv[5]));
	if (argc == 4 && strcmp(argv[1], "await") == 0)
		return cmd_await(atoi(argv[2]), atol(argv[3]));
	if (argc == 3 && strcmp(argv[1], "fdfull") == 0)
		return cmd_fdfull(atoi(argv[2]));
	(void)fprintf(stderr, "usage: storm-child count RTSIG ENDSIG ORPHANS BATCHES | await CODE ORPHANS | fdfull CODE\n");
	return 2;
}
