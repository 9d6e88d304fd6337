// SPDX-License-Identifier: MIT
/*
 * probe.c - a test subject for pid1's black-box tests. Each sub-command does
 * one observable thing and says "ready" before it starts waiting, so tests
 * synchronise on output instead of sleeping.
 *
 *   probe signals COUNT     block all signals, print "ready PID PGID", then print
 *                           "got N" (N = signal number) for each of COUNT signals
 *   probe orphans N         make N orphans by double fork, print "done N"
 *   probe zombies N         fork N children that exit, wait until all are
 *                           zombies, then exit 0 so they are re-parented at once
 *   probe sigstate          print the SigBlk and SigIgn lines of /proc/self/status
 *   probe daemon PIDFILE    fork, setsid, fork; the grandchild writes PIDFILE
 *                           and waits for signals, appending "got N" to
 *                           PIDFILE.log; exits 0 on TERM/INT. The caller exits 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "probe: %s: %s\n", what, strerror(errno));
	exit(99);
}

static void block_all(sigset_t *set)
{
	sigfillset(set);
	if (sigprocmask(SIG_BLOCK, set, NULL) < 0)
		die("sigprocmask");
}

static int cmd_signals(long count)
{
	sigset_t set;
	siginfo_t info;

	block_all(&set);
	printf("ready %d %d\n", (int)getpid(), (int)getpgrp());
	fflush(stdout);
	for (long i = 0; i < count; i++) {
		int s = sigwaitinfo(&set, &info);

		if (s < 0) {
			if (errno == EINTR) {
				i--;
				continue;
			}
			die("sigwaitinfo");
		}
		if (s == SIGCHLD) {
			i--;
			continue;
		}
		printf("got %d\n", s);
		fflush(stdout);
	}
	return 0;
}

static int cmd_orphans(long n)
{
	for (long i = 0; i < n; i++) {
		pid_t p = fork();

		if (p < 0)
			die("fork");
		if (p == 0) {
			if (fork() < 0)
				_exit(1);
			_exit(0); /* the grandchild is orphaned and exits at once */
		}
		if (waitpid(p, NULL, 0) < 0)
			die("waitpid");
	}
	printf("done %ld\n", n);
	fflush(stdout);
	return 0;
}

static int cmd_zombies(long n)
{
	pid_t *pids = calloc((size_t)n + 1, sizeof(*pids));
	siginfo_t info;

	if (pids == NULL)
		die("calloc");
	for (long i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die("fork");
		if (pids[i] == 0)
			_exit(0);
	}
	/* WNOWAIT: wait until each child has exited, but leave it a zombie. */
	for (long i = 0; i < n; i++)
		if (waitid(P_PID, (id_t)pids[i], &info, WEXITED | WNOWAIT) < 0)
			die("waitid");
	printf("done %ld\n", n);
	fflush(stdout);
	free(pids);
	return 0;
}

static int cmd_sigstate(void)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		die("/proc/self/status");
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "SigBlk:", 7) == 0 || strncmp(line, "SigIgn:", 7) == 0)
			fputs(line, stdout);
	fclose(f);
	return 0;
}

static void daemon_loop(const char *pidfile)
{
	char log[4096], buf[32];
	sigset_t set;
	int fd, s;
	FILE *out;

	snprintf(log, sizeof(log), "%s.log", pidfile);
	block_all(&set);
	out = fopen(log, "a");
	if (out == NULL)
		die(log);
	setvbuf(out, NULL, _IOLBF, 0);
	fd = open(pidfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die(pidfile);
	snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (write(fd, buf, strlen(buf)) < 0)
		die("write pidfile");
	close(fd);
	fprintf(out, "ready %d\n", (int)getpid());
	for (;;) {
		s = sigwaitinfo(&set, NULL);
		if (s < 0 || s == SIGCHLD)
			continue;
		fprintf(out, "got %d\n", s);
		if (s == SIGTERM || s == SIGINT)
			_exit(0);
	}
}

static int cmd_daemon(const char *pidfile)
{
	pid_t p = fork();

	if (p < 0)
		die("fork");
	if (p == 0) {
		if (setsid() < 0)
			die("setsid");
		p = fork();
		if (p < 0)
			die("fork");
		if (p == 0) {
			int null = open("/dev/null", O_RDWR);

			/* A real daemon lets go of the caller's pipes. */
			dup2(null, 0), dup2(null, 1);
			daemon_loop(pidfile);
		}
		_exit(0);
	}
	if (waitpid(p, NULL, 0) < 0)
		die("waitpid");
	return 0;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 1;

	if (argc < 2) {
		fprintf(stderr, "usage: probe signals|orphans|zombies|sigstate|daemon [ARG]\n");
		return 2;
	}
	if (strcmp(argv[1], "signals") == 0)
		return cmd_signals(n);
	if (strcmp(argv[1], "orphans") == 0)
		return cmd_orphans(n);
	if (strcmp(argv[1], "zombies") == 0)
		return cmd_zombies(n);
	if (strcmp(argv[1], "sigstate") == 0)
		return cmd_sigstate();
	if (strcmp(argv[1], "daemon") == 0 && argc > 2)
		return cmd_daemon(argv[2]);
	fprintf(stderr, "probe: unknown command %s\n", argv[1]);
	return 2;
}
