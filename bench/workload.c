// SPDX-License-Identifier: MIT
/*
 * workload.c - what runs inside the PID namespace during `make bench`,
 * either as the child of the init under test or, as the baseline, as PID 1
 * itself (then it reaps its own children with waitpid, as an init would).
 * Built static so that its fork() is as cheap as it can be.
 *
 *   workload orphans N   make N orphans by double fork, then wait until every
 *                        one is gone (reaped); print "ELAPSED_NS ZOMBIES_LEFT
 *                        PID1_CPU_NS", the last being the CPU time PID 1 used
 *                        meanwhile (from /proc/1/schedstat)
 *   workload zombies N   a helper forks N children that exit, waits until all
 *                        are zombies, then exits, so they are re-parented to
 *                        PID 1 at once; time from then until all are reaped
 *   workload target      block SIGUSR1, write "R" to stdout, then write "x"
 *                        for every SIGUSR1 received (sigwaitinfo)
 *   workload sleep       block in pause() until killed
 *
 * "Gone" is checked with kill(pid, 0), which succeeds on a zombie and fails
 * with ESRCH only once it has been reaped; the wait in between sleeps on a
 * pidfd (see wait_reaped), so the measuring costs the init nothing. ZOMBIES_LEFT counts the processes
 * in state Z in /proc (a private /proc: run under spawn -w proc) at the end,
 * which is after everything was reaped or after a 10 s timeout.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_NS (10 * 1000000000LL)
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static void die(const char *what)
{
	fprintf(stderr, "workload: %s: %s\n", what, strerror(errno));
	exit(99);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static pid_t *shared_pids(long n)
{
	void *p = mmap(NULL, (size_t)n * sizeof(pid_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap");
	return p;
}

/* As PID 1: reap until no child is left. */
static void reap_all(void)
{
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	if (errno != ECHILD)
		die("waitpid");
}

/*
 * Block until PID has been reaped (or the deadline). A pidfd polls readable
 * once the process has exited; since Linux 6.9 its waiters are woken again,
 * with EPOLLHUP, when it is reaped, so an edge-triggered epoll sleeps until
 * exactly then. Older kernels: the 1 ms timeout makes it a poll.
 */
static void wait_reaped(int ep, pid_t pid, long long deadline)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLHUP | EPOLLET };
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (fd < 0)
		return; /* ESRCH: already reaped */
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
		die("epoll_ctl");
	while (kill(pid, 0) == 0 && now_ns() < deadline)
		epoll_wait(ep, &ev, 1, 1);
	close(fd); /* also drops it from the epoll set */
}

/*
 * Not PID 1: wait until the init has reaped every one of pids[0..n-1], and
 * return when the last one went. Inits reap in the order of their children
 * list, i.e. oldest first, so wait for the newest first: the others are
 * then (nearly) all gone already and cost a kill(pid, 0) each.
 */
static long long wait_gone(const pid_t *pids, long n, long long deadline)
{
	long long end = now_ns();
	int ep = epoll_create1(EPOLL_CLOEXEC);

	if (ep < 0)
		die("epoll_create1");
	for (long i = n - 1; i >= 0; i--) {
		if (pids[i] <= 0 || kill(pids[i], 0) < 0)
			continue;
		wait_reaped(ep, pids[i], deadline);
		end = now_ns();
	}
	close(ep);
	return end;
}

/* Processes in state Z, from our private /proc. */
static int count_zombies(void)
{
	char path[300], buf[512], self[32];
	struct dirent *e;
	int zombies = 0;
	ssize_t n;
	DIR *d;

	/* Refuse a /proc that is not our namespace's: it would count the host's. */
	n = readlink("/proc/self", self, sizeof(self) - 1);
	if (n <= 0)
		die("readlink /proc/self");
	self[n] = '\0';
	if (atoi(self) != getpid()) {
		fprintf(stderr, "workload: /proc is not this PID namespace's (run under spawn -w proc)\n");
		exit(98);
	}
	d = opendir("/proc");
	if (d == NULL)
		die("/proc");
	while ((e = readdir(d)) != NULL) {
		char *paren;
		int fd;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		paren = strrchr(buf, ')');
		if (paren != NULL && paren[1] == ' ' && paren[2] == 'Z')
			zombies++;
	}
	closedir(d);
	return zombies;
}

/*
 * CPU time PID 1 (the init, or this workload as PID 1) has used so far, in
 * ns. Our own through the clock, which brings the running total up to date;
 * /proc/1/schedstat is only current for a task that is not running, which
 * the init is not while we look (it sleeps before and after reaping).
 */
static long long pid1_cpu_ns(void)
{
	char buf[128];
	int fd;
	ssize_t n;

	if (getpid() == 1) {
		struct timespec ts;

		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
		return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	}
	fd = open("/proc/1/schedstat", O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtoll(buf, NULL, 10);
}

static long long cpu0;

static int report(long long elapsed)
{
	long long cpu = pid1_cpu_ns();

	printf("%lld %d %lld\n", elapsed, count_zombies(), cpu < 0 || cpu0 < 0 ? -1 : cpu - cpu0);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int cmd_orphans(long n)
{
	pid_t *pids = shared_pids(n);
	int self = getpid() == 1;
	long long t0 = now_ns();

	cpu0 = pid1_cpu_ns();

	for (long i = 0; i < n; i++) {
		pid_t p = fork();

		if (p < 0)
			die("fork");
		if (p == 0) {
			pid_t q = fork();

			if (q == 0)
				_exit(0);
			pids[i] = q;
			_exit(q < 0);
		}
		while (waitpid(p, NULL, 0) < 0)
			if (errno != EINTR)
				die("waitpid");
		if (self)
			while (waitpid(-1, NULL, WNOHANG) > 0)
				;
	}
	if (!self)
		return report(wait_gone(pids, n, now_ns() + TIMEOUT_NS) - t0);
	reap_all();
	return report(now_ns() - t0);
}

static int cmd_zombies(long n)
{
	pid_t *pids = shared_pids(n);
	int self = getpid() == 1, fds[2];
	long long t0;
	siginfo_t info;
	pid_t helper;
	char c;

	if (pipe(fds) < 0)
		die("pipe");
	helper = fork();
	if (helper < 0)
		die("fork");
	if (helper == 0) {
		for (long i = 0; i < n; i++) {
			pid_t p = fork(); /* not straight into pids[]: that memory is shared */

			if (p < 0)
				die("fork");
			if (p == 0)
				_exit(0);
			pids[i] = p;
		}
		/* WNOWAIT: wait until each child has exited, but leave it a zombie. */
		for (long i = 0; i < n; i++)
			while (waitid(P_PID, (id_t)pids[i], &info, WEXITED | WNOWAIT) < 0)
				if (errno != EINTR)
					die("waitid");
		if (write(fds[1], "z", 1) != 1)
			die("write");
		_exit(0); /* all N are re-parented to PID 1 now */
	}
	close(fds[1]);
	if (read(fds[0], &c, 1) != 1)
		die("read");
	cpu0 = pid1_cpu_ns();
	t0 = now_ns();
	if (self) {
		reap_all();
		return report(now_ns() - t0);
	}
	while (waitpid(helper, NULL, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	return report(wait_gone(pids, n, t0 + TIMEOUT_NS) - t0);
}

static _Noreturn void cmd_target(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		die("sigprocmask");
	if (write(STDOUT_FILENO, "R", 1) != 1)
		die("write");
	for (;;) {
		int s = sigwaitinfo(&set, NULL);

		if (s < 0 && errno == EINTR)
			continue;
		if (s < 0)
			die("sigwaitinfo");
		if (write(STDOUT_FILENO, "x", 1) != 1)
			die("write");
	}
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? strtol(argv[2], NULL, 10) : 0;

	if (argc >= 3 && strcmp(argv[1], "orphans") == 0 && n > 0)
		return cmd_orphans(n);
	if (argc >= 3 && strcmp(argv[1], "zombies") == 0 && n > 0)
		return cmd_zombies(n);
	if (argc == 2 && strcmp(argv[1], "target") == 0)
		cmd_target();
	if (argc == 2 && strcmp(argv[1], "sleep") == 0)
		for (;;)
			pause();
	fprintf(stderr, "usage: workload orphans N | zombies N | target | sleep\n");
	return 2;
}
