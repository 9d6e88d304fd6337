/* SPDX-License-Identifier: MIT */
/*
 * fake_world.h - the scripted world test_supervisor.c runs supervisor.c and
 * adopt.c in. The test binary is linked with -Wl,--wrap for every system
 * call those two make (see SUPERVISOR_WRAPS in the Makefile), so each call
 * lands in a __wrap_ function here instead of the kernel:
 *
 * - a clock in milliseconds that moves only when the loop waits;
 * - a table of processes (pid, group, parent) that die on the signals they
 *   are told to, become zombies for pid1 when pid1 is their (sub)reaper,
 *   and are reaped through the fake reaper_reap_one();
 * - a script of events, each at a time: a signal from a sender, a process
 *   exiting or stopping, a pidfile written, other noise in its directory,
 *   the signal wait failing, the shell moving the terminal's foreground, the
 *   inner pid1 of --pid writing to its pipe or closing it. The fake signals_wait() returns the next event if it
 *   comes before its timeout (moving the clock to it), or moves the clock
 *   by the whole timeout and returns 0;
 * - a terminal on stdin (tcgetpgrp(), tcsetpgrp()) and the pipe of --pid's
 *   job control (the inner pid1's end, the outer one's end);
 * - a record of every signal sent (kill() and procfs_signal_descendants(),
 *   with the time), every change of the terminal's foreground, every byte
 *   written to the outer pid1, every wait (time, timeout, descriptors) and
 *   every line log.c writes to stderr (caught at its write(), whichever log
 *   function formatted it).
 *
 * Only test_supervisor.c includes it: it defines the functions it declares.
 */
#ifndef PID1_TESTS_FAKE_WORLD_H
#define PID1_TESTS_FAKE_WORLD_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "pidfile.h"
#include "signals.h"

#define FAKE_MAX_PROCS 16
#define FAKE_MAX_ACTIONS 64
#define FAKE_MAX_WAITS 2000 /* far more than any script needs: past it, the loop does not end */
#define FAKE_MAX_LOG 256
#define FAKE_LINE 256
/* The monotonic clock does not start at 0 on a real machine either. */
#define FAKE_CLOCK_BASE_MS 86400123LL
#define FAKE_INOTIFY_FD 901
#define FAKE_SIGNAL_FD 902
#define FAKE_JOB_FD 903    /* the outer pid1's end of --pid's pipe */
#define FAKE_REPORT_FD 904 /* the inner pid1's end */

/* Wait statuses as the kernel builds them. */
#define EXITED(code) ((code) << 8)
#define KILLED(sig) (sig)
#define ON(sig) signals_bit(sig)

struct fake_proc {
	pid_t pid, pgid;
	pid_t parent;         /* 0: pid1 itself */
	bool alive, zombie;   /* zombie: exited, pid1 has not reaped it yet */
	bool reaped;          /* by pid1, through reaper_reap_one() */
	bool foreign;         /* not a descendant of pid1 */
	bool unkillable;      /* outlives even SIGKILL (stuck in the kernel) */
	bool stopped;
	int stop_report;      /* the signal of a stop pid1 has not been told of yet; 0: none */
	signals_mask dies_on; /* signals it dies of, besides SIGKILL */
	int status;
	int exit_seq;         /* zombies are reaped in the order they died */
};

enum fake_event_kind {
	EV_SIGNAL, EV_EXIT, EV_SPAWN, EV_PIDFILE, EV_NOISE, EV_WAIT_FAILS, EV_STOP, EV_TTY, EV_INNER_STOP, EV_INNER_EOF,
};

struct fake_event {
	long long at;            /* ms since supervisor_run() started */
	enum fake_event_kind kind;
	int signo;               /* EV_SIGNAL; EV_STOP, EV_INNER_STOP: the signal that stopped it */
	pid_t pid;               /* EV_SIGNAL: the sender; EV_EXIT, EV_SPAWN, EV_STOP: the process */
	int status;              /* EV_EXIT: its wait status */
	pid_t pgid, parent;      /* EV_SPAWN; EV_TTY: the new foreground group */
	signals_mask dies_on;    /* EV_SPAWN */
	const char *text;        /* EV_PIDFILE: the new contents, NULL: removed */
	long long late;          /* the loop gets the event this much after it happened */
};

#define SIGNAL_AT(t, sig, from) { .at = (t), .kind = EV_SIGNAL, .signo = (sig), .pid = (from) }
#define LATE_SIGNAL_AT(t, sig, from, ms) { .at = (t), .kind = EV_SIGNAL, .signo = (sig), .pid = (from), .late = (ms) }
#define EXIT_AT(t, p, st) { .at = (t), .kind = EV_EXIT, .pid = (p), .status = (st) }
#define SPAWN_AT(t, p, pg, par, dies) \
	{ .at = (t), .kind = EV_SPAWN, .pid = (p), .pgid = (pg), .parent = (par), .dies_on = (dies) }
#define PIDFILE_AT(t, txt) { .at = (t), .kind = EV_PIDFILE, .text = (txt) }
#define NOISE_AT(t) { .at = (t), .kind = EV_NOISE }
#define WAIT_FAILS_AT(t) { .at = (t), .kind = EV_WAIT_FAILS }
#define STOP_AT(t, p, sig) { .at = (t), .kind = EV_STOP, .pid = (p), .signo = (sig) }
#define TTY_AT(t, pg) { .at = (t), .kind = EV_TTY, .pgid = (pg) }
#define INNER_STOP_AT(t, sig) { .at = (t), .kind = EV_INNER_STOP, .signo = (sig) }
#define INNER_EOF_AT(t) { .at = (t), .kind = EV_INNER_EOF }

struct fake_wait {
	long long at;
	int timeout;
	bool fds; /* the signalfd and the inotify fd were passed */
	bool job; /* the signalfd and the outer pid1's end of the pipe were passed */
};

static struct fake_world {
	char case_name[FAKE_LINE];  /* which case of a table runs, for the failure report */
	long long now;
	long long oversleep;        /* a timed-out wait returns this much late */
	pid_t self, self_pgrp;
	struct fake_proc procs[FAKE_MAX_PROCS];
	int nprocs, exit_seq;
	bool sigchld_pending;
	pid_t sigchld_sender;

	const struct fake_event *script;
	size_t nevents, next;

	/* failures to inject */
	bool procfs_fails, proc_not_ours, proc_invisible, getpgid_fails;
	bool inotify_fails, watch_fails, signalfd_fails;
	pid_t kill_fails_for;       /* kill() of this target fails with EPERM */

	/* --pidfile */
	/* job control */
	pid_t tty_pgrp;             /* the terminal's foreground group; 0: stdin is no terminal */
	bool self_stopped;          /* pid1 sent itself SIGSTOP: only SIGCONT goes on */
	bool job_pipe_open;         /* FAKE_JOB_FD: set it to hand the outer pid1 its end */
	unsigned char job_bytes[16];
	int job_nbytes;
	bool job_eof;               /* the inner pid1 has closed its end */

	const char *pidfile_path;   /* what pidfile_read() and access() must be asked for */
	const char *pidfile;        /* its contents; NULL: no such file */
	int pidfile_reads;
	pid_t dies_at_read;         /* this process exits as pid1 reads the pidfile (a race) */
	int dies_at_read_status;
	bool inotify_open, signalfd_open, watching;
	char watched_dir[FAKE_LINE];
	char inotify_queue[8][32];
	int inotify_queued;

	/* what happened */
	char actions[FAKE_MAX_ACTIONS][FAKE_LINE];
	int nactions;
	struct fake_wait waits[FAKE_MAX_WAITS];
	int nwaits;
	char log[FAKE_MAX_LOG][FAKE_LINE]; /* without "pid1: " and a severity word */
	int nlog;
} world;

/* Every wrapped call, with the prototype the linker expects. */
int __wrap_signals_wait(int sfd, int extra_fd, int timeout_ms, pid_t *sender);
int __wrap_signals_open(void);
int __wrap_reaper_reap_one(pid_t *pid, int *wstatus);
int __wrap_kill(pid_t pid, int sig);
pid_t __wrap_getpid(void);
pid_t __wrap_getpgid(pid_t pid);
pid_t __wrap_getpgrp(void);
int __wrap_sys_clock_gettime(clockid_t clk, struct timespec *ts);
int __wrap_procfs_signal_descendants(pid_t ancestor, int sig);
pid_t __wrap_procfs_self(void);
bool __wrap_procfs_is_ours(void);
bool __wrap_procfs_is_descendant(pid_t pid, pid_t ancestor);
pid_t __wrap_pidfile_read(const char *path, char *why, size_t whylen);
int __wrap_waitid(idtype_t idtype, id_t id, siginfo_t *info, int options);
int __wrap_inotify_init1(int flags);
int __wrap_inotify_add_watch(int fd, const char *path, uint32_t mask);
int __wrap_access(const char *path, int mode);
pid_t __wrap_sys_tcgetpgrp(int fd);
int __wrap_sys_tcsetpgrp(int fd, pid_t pgrp);
ssize_t __wrap_read(int fd, void *buf, size_t len);
int __wrap_close(int fd);
ssize_t __wrap_write(int fd, const void *buf, size_t len);
ssize_t __real_read(int fd, void *buf, size_t len);
int __real_close(int fd);
ssize_t __real_write(int fd, const void *buf, size_t len);

static void fake_dump(void);

/* Fail the test where it stands, with what the supervisor did so far. */
static void fake_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), noreturn));

static void fake_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fake_dump();
	print_error("%s:%d: %s\n", file, line, msg);
	_fail(file, line); /* jumps out of the test */
	abort();
}

#define FAKE_FAIL(...) fake_fail(__FILE__, __LINE__, __VA_ARGS__)

/* ---- the world ---- */

static void fake_reset(void)
{
	memset(&world, 0, sizeof(world));
	world.self = 10;
	world.self_pgrp = 10;
	log_verbosity = LOG_LEVEL_DEBUG; /* every decision is logged, so every phase change is seen */
}

static struct fake_proc *fake_find(pid_t pid)
{
	for (int i = 0; i < world.nprocs; i++)
		if (world.procs[i].pid == pid && !world.procs[i].reaped)
			return &world.procs[i];
	return NULL;
}

static struct fake_proc *fake_add(pid_t pid, pid_t pgid, pid_t parent, signals_mask dies_on)
{
	struct fake_proc *p;

	if (world.nprocs == FAKE_MAX_PROCS)
		FAKE_FAIL("more than %d fake processes", FAKE_MAX_PROCS);
	p = &world.procs[world.nprocs++];
	*p = (struct fake_proc){ .pid = pid, .pgid = pgid, .parent = parent, .alive = true, .dies_on = dies_on };
	return p;
}

/* pid1 reaps a process when it is its parent, or its subreaper once the parent has gone. */
static bool fake_reaped_by_pid1(const struct fake_proc *p)
{
	const struct fake_proc *parent = p->parent ? fake_find(p->parent) : NULL;

	return !p->foreign && (parent == NULL || !parent->alive);
}

static void fake_exit(struct fake_proc *p, int status)
{
	if (!p->alive)
		return;
	p->alive = false;
	p->status = status;
	if (fake_reaped_by_pid1(p)) {
		p->zombie = true;
		p->exit_seq = ++world.exit_seq;
		if (!world.sigchld_pending)
			world.sigchld_sender = p->pid;
		world.sigchld_pending = true;
	} else {
		p->reaped = true; /* its own parent reaped it */
	}
}

/* A stop, told to pid1 by SIGCHLD and one report to waitid(WSTOPPED). */
static void fake_stop(struct fake_proc *p, int sig)
{
	p->stopped = true;
	p->stop_report = sig;
	if (!world.sigchld_pending)
		world.sigchld_sender = p->pid;
	world.sigchld_pending = true;
}

static void fake_deliver(struct fake_proc *p, int sig)
{
	if (!p->alive || sig == 0)
		return;
	if (sig == SIGCONT)
		p->stopped = false;
	if (sig == SIGSTOP && !p->stopped)
		fake_stop(p, sig);
	if (sig == SIGKILL ? !p->unkillable : signals_mask_has(p->dies_on, sig))
		fake_exit(p, KILLED(sig));
}

static void fake_action(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void fake_action(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (world.nactions == FAKE_MAX_ACTIONS)
		FAKE_FAIL("more than %d signals sent", FAKE_MAX_ACTIONS);
	n = snprintf(world.actions[world.nactions], FAKE_LINE, "%lld ", world.now);
	va_start(ap, fmt);
	vsnprintf(world.actions[world.nactions] + n, (size_t)(FAKE_LINE - n), fmt, ap);
	va_end(ap);
	world.nactions++;
}

static void fake_case(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void fake_case(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(world.case_name, sizeof(world.case_name), fmt, ap);
	va_end(ap);
}

static void fake_dump(void)
{
	if (world.case_name[0] != '\0')
		print_message("---- case: %s\n", world.case_name);
	print_message("---- what the supervisor did (times in ms since it started):\n");
	for (int i = 0; i < world.nactions; i++)
		print_message("  signal: %s\n", world.actions[i]);
	for (int i = 0; i < world.nwaits; i++)
		print_message("  wait at %lld: timeout %d%s\n", world.waits[i].at, world.waits[i].timeout,
			      world.waits[i].fds   ? " (with signalfd and inotify)"
			      : world.waits[i].job ? " (with signalfd and the inner pid1's pipe)"
						   : "");
	for (int i = 0; i < world.nlog; i++)
		print_message("  log: %s\n", world.log[i]);
	print_message("  script: %zu of %zu events delivered; the clock at %lld\n", world.next, world.nevents,
		      world.now);
}

/* ---- the wait: the script plays here ---- */

/* What an event makes signals_wait() return; FAKE_QUIET: nothing, the wait goes on. */
#define FAKE_QUIET (-2)

/* The outer pid1's end of the pipe has something to read: a byte, or the end of file. */
static bool fake_job_readable(void)
{
	return world.job_nbytes > 0 || world.job_eof;
}

static int fake_apply(const struct fake_event *ev, bool watching, bool watching_job, pid_t *sender)
{
	struct fake_proc *p;

	if (world.self_stopped && ev->kind != EV_TTY && !(ev->kind == EV_SIGNAL && ev->signo == SIGCONT))
		FAKE_FAIL("script: an event at %lld for a pid1 that has stopped itself (only SIGCONT goes on)", ev->at);
	switch (ev->kind) {
	case EV_SIGNAL:
		*sender = ev->pid;
		if (ev->signo == SIGCONT)
			world.self_stopped = false;
		return ev->signo;
	case EV_STOP:
		p = fake_find(ev->pid);
		if (p == NULL || !p->alive || p->stopped)
			FAKE_FAIL("script: process %d cannot stop, it is not running", (int)ev->pid);
		fake_stop(p, ev->signo);
		return FAKE_QUIET;
	case EV_TTY:
		if (world.tty_pgrp == 0)
			FAKE_FAIL("script: stdin is no terminal");
		world.tty_pgrp = ev->pgid;
		return FAKE_QUIET;
	case EV_INNER_STOP:
	case EV_INNER_EOF:
		if (ev->kind == EV_INNER_EOF)
			world.job_eof = true;
		else if (world.job_nbytes < (int)sizeof(world.job_bytes))
			world.job_bytes[world.job_nbytes++] = (unsigned char)ev->signo;
		return watching_job ? 0 : FAKE_QUIET;
	case EV_EXIT:
		p = fake_find(ev->pid);
		if (p == NULL || !p->alive)
			FAKE_FAIL("script: process %d cannot exit, it is not running", (int)ev->pid);
		fake_exit(p, ev->status);
		return FAKE_QUIET;
	case EV_SPAWN:
		fake_add(ev->pid, ev->pgid, ev->parent, ev->dies_on);
		return FAKE_QUIET;
	case EV_PIDFILE:
	case EV_NOISE:
		if (ev->kind == EV_PIDFILE)
			world.pidfile = ev->text;
		if (!watching)
			return FAKE_QUIET; /* only a re-read notices */
		if (world.inotify_queued < 8) {
			const char *name = ev->kind == EV_NOISE ? "other.log" : strrchr(world.pidfile_path, '/') + 1;

			snprintf(world.inotify_queue[world.inotify_queued++], 32, "%s", name);
		}
		return 0;
	case EV_WAIT_FAILS:
		errno = EINVAL;
		return -1;
	}
	return FAKE_QUIET;
}

int __wrap_signals_wait(int sfd, int extra_fd, int timeout_ms, pid_t *sender)
{
	long long until = timeout_ms < 0 ? -1 : world.now + timeout_ms;
	bool watching_job = sfd >= 0 && extra_fd == FAKE_JOB_FD;
	bool watching = sfd >= 0 && extra_fd >= 0 && !watching_job;

	if (world.nwaits == FAKE_MAX_WAITS)
		FAKE_FAIL("the loop did not end after %d waits", FAKE_MAX_WAITS);
	world.waits[world.nwaits++] =
		(struct fake_wait){ .at = world.now, .timeout = timeout_ms, .fds = watching, .job = watching_job };
	if (watching && (sfd != FAKE_SIGNAL_FD || !world.signalfd_open || extra_fd != FAKE_INOTIFY_FD ||
			 !world.inotify_open || !world.watching))
		FAKE_FAIL("signals_wait(%d, %d): not the open signalfd and inotify descriptors", sfd, extra_fd);
	if (watching_job && (sfd != FAKE_SIGNAL_FD || !world.signalfd_open || !world.job_pipe_open))
		FAKE_FAIL("signals_wait(%d, %d): not the open signalfd and the inner pid1's pipe", sfd, extra_fd);
	if (world.self_stopped && world.sigchld_pending)
		FAKE_FAIL("a child changed state while pid1 was stopped: the script must not ask that");
	*sender = 0;
	/* A child died while pid1 was busy: SIGCHLD is pending already. */
	if (world.sigchld_pending) {
		world.sigchld_pending = false;
		*sender = world.sigchld_sender;
		return SIGCHLD;
	}
	if (watching_job && fake_job_readable())
		return 0;
	while (world.next < world.nevents) {
		const struct fake_event *ev = &world.script[world.next];
		int r;

		if (until >= 0 && ev->at > until)
			break;
		if (ev->at > world.now)
			world.now = ev->at;
		world.next++;
		r = fake_apply(ev, watching, watching_job, sender);
		/*
		 * Children that die in the same millisecond share one SIGCHLD;
		 * bytes the inner pid1 writes in one are read together.
		 */
		while ((ev->kind == EV_EXIT || ev->kind == EV_INNER_STOP) && world.next < world.nevents &&
		       world.script[world.next].kind == ev->kind && world.script[world.next].at == ev->at)
			fake_apply(&world.script[world.next++], watching, watching_job, sender);
		if (r == FAKE_QUIET && world.sigchld_pending) {
			world.sigchld_pending = false;
			*sender = world.sigchld_sender;
			r = SIGCHLD;
		}
		if (r != FAKE_QUIET) {
			world.now += ev->late;
			return r;
		}
	}
	if (until < 0)
		FAKE_FAIL("at %lld the loop waits with no timeout, and the script has nothing more", world.now);
	world.now = until + world.oversleep;
	return 0;
}

int __wrap_signals_open(void)
{
	if (world.signalfd_fails) {
		errno = EMFILE;
		return -1;
	}
	if (world.signalfd_open)
		FAKE_FAIL("a second signalfd opened");
	world.signalfd_open = true;
	return FAKE_SIGNAL_FD;
}

/* ---- processes ---- */

int __wrap_reaper_reap_one(pid_t *pid, int *wstatus)
{
	struct fake_proc *first = NULL;

	for (int i = 0; i < world.nprocs; i++) {
		struct fake_proc *p = &world.procs[i];

		if (p->zombie && (first == NULL || p->exit_seq < first->exit_seq))
			first = p;
	}
	if (first != NULL) {
		first->zombie = false;
		first->reaped = true;
		*pid = first->pid;
		*wstatus = first->status;
		return 1;
	}
	for (int i = 0; i < world.nprocs; i++)
		if (world.procs[i].alive && !world.procs[i].foreign)
			return 0;
	errno = ECHILD;
	return -1;
}

static bool fake_exists(const struct fake_proc *p)
{
	return p->alive || p->zombie;
}

int __wrap_kill(pid_t pid, int sig)
{
	bool hit = false;

	if (sig != 0)
		fake_action("kill %d %s", (int)pid, signals_name(sig));
	if (pid == world.self && sig == SIGSTOP) {
		world.self_stopped = true;
		return 0;
	}
	if (pid == world.self)
		FAKE_FAIL("kill(%d, %d): pid1 signalled itself", (int)pid, sig);
	if (pid == 0 || (pid < -1 && -pid == world.self_pgrp))
		FAKE_FAIL("kill(%d, %d): pid1 signalled its own process group", (int)pid, sig);
	if (pid == -1)
		FAKE_FAIL("kill(-1, %d): every process of the user, or as PID 1 those that joined the namespace", sig);
	if (pid == world.kill_fails_for && pid != 0) {
		errno = EPERM;
		return -1;
	}
	for (int i = 0; i < world.nprocs; i++) {
		struct fake_proc *p = &world.procs[i];

		/* A foreign process lives outside pid1's namespace or tree: only its pid reaches it. */
		if (!fake_exists(p) || (p->foreign && pid < 0))
			continue;
		if (pid == -1 || (pid < -1 && p->pgid == -pid) || p->pid == pid) {
			hit = true;
			fake_deliver(p, sig);
		}
	}
	if (!hit) {
		errno = ESRCH;
		return -1;
	}
	return 0;
}

pid_t __wrap_getpid(void)
{
	return world.self;
}

pid_t __wrap_getpgrp(void)
{
	return world.self_pgrp;
}

pid_t __wrap_getpgid(pid_t pid)
{
	const struct fake_proc *p = fake_find(pid);

	if (world.getpgid_fails || p == NULL || !fake_exists(p)) {
		errno = ESRCH;
		return -1;
	}
	return p->pgid;
}

int __wrap_sys_clock_gettime(clockid_t clk, struct timespec *ts)
{
	long long ms = FAKE_CLOCK_BASE_MS + world.now;

	if (clk != CLOCK_MONOTONIC)
		FAKE_FAIL("clock_gettime(%d): deadlines are on CLOCK_MONOTONIC", (int)clk);
	ts->tv_sec = (time_t)(ms / 1000);
	ts->tv_nsec = (long)(ms % 1000) * 1000000L + 999999L; /* the rest of the millisecond must not count */
	return 0;
}

int __wrap_waitid(idtype_t idtype, id_t id, siginfo_t *info, int options)
{
	struct fake_proc *p = fake_find((pid_t)id);

	if (idtype != P_PID)
		FAKE_FAIL("waitid(%d): only P_PID is faked", (int)idtype);
	if (p == NULL || !fake_exists(p) || !fake_reaped_by_pid1(p)) {
		errno = ECHILD;
		return -1;
	}
	if (options & WSTOPPED) {
		if ((options & WEXITED) || !(options & WNOHANG))
			FAKE_FAIL("waitid(%#x): a stop is asked for alone and without blocking", options);
		/* Like the kernel with WNOHANG and nothing to report: *info untouched. */
		if (p->stop_report != 0) {
			memset(info, 0, sizeof(*info));
			info->si_pid = p->pid;
			info->si_code = CLD_STOPPED;
			info->si_status = p->stop_report;
			p->stop_report = 0;
		}
		return 0;
	}
	memset(info, 0, sizeof(*info));
	/* Without WNOWAIT a dead daemon's status would be taken here, and lost. */
	if (p->zombie && !(options & WNOWAIT)) {
		p->zombie = false;
		p->reaped = true;
	}
	return 0;
}

/* ---- /proc ---- */

int __wrap_procfs_signal_descendants(pid_t ancestor, int sig)
{
	int n = 0;

	fake_action("descendants %s", signals_name(sig));
	if (ancestor != world.self)
		FAKE_FAIL("procfs_signal_descendants(%d): not below pid1 (%d)", (int)ancestor, (int)world.self);
	if (world.procfs_fails) {
		errno = EMFILE;
		return -1;
	}
	for (int i = 0; i < world.nprocs; i++) {
		struct fake_proc *p = &world.procs[i];

		if (p->alive && !p->foreign) {
			fake_deliver(p, sig);
			n++;
		}
	}
	return n;
}

/* /proc numbers pid1 as pid1 does, unless it shows a namespace pid1 is not in. */
pid_t __wrap_procfs_self(void)
{
	if (world.proc_invisible) {
		errno = ENOENT;
		return -1;
	}
	return world.self;
}

bool __wrap_procfs_is_ours(void)
{
	return !world.proc_not_ours;
}

bool __wrap_procfs_is_descendant(pid_t pid, pid_t ancestor)
{
	const struct fake_proc *p = fake_find(pid);

	if (ancestor != world.self)
		FAKE_FAIL("procfs_is_descendant(%d, %d): not pid1", (int)pid, (int)ancestor);
	return p != NULL && fake_exists(p) && !p->foreign;
}

/* ---- the pidfile and its directory ---- */

pid_t __wrap_pidfile_read(const char *path, char *why, size_t whylen)
{
	pid_t pid;

	world.pidfile_reads++;
	if (world.pidfile_path == NULL || strcmp(path, world.pidfile_path) != 0)
		FAKE_FAIL("pidfile_read(%s): not the --pidfile", path);
	if (world.dies_at_read != 0) {
		struct fake_proc *p = fake_find(world.dies_at_read);

		if (p != NULL)
			fake_exit(p, world.dies_at_read_status);
		world.dies_at_read = 0;
	}
	if (world.pidfile == NULL) {
		snprintf(why, whylen, "%s", strerror(ENOENT));
		return -1;
	}
	pid = pidfile_parse(world.pidfile);
	if (pid == 0)
		snprintf(why, whylen, "it is empty");
	else if (pid < 0)
		snprintf(why, whylen, "'%.*s' is not a pid", (int)strcspn(world.pidfile, "\n"), world.pidfile);
	return pid > 0 ? pid : -1;
}

int __wrap_access(const char *path, int mode)
{
	if (world.pidfile_path == NULL || strcmp(path, world.pidfile_path) != 0 || mode != F_OK)
		FAKE_FAIL("access(%s, %d): not the --pidfile", path, mode);
	if (world.pidfile == NULL) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

/* ---- the terminal ---- */

pid_t __wrap_sys_tcgetpgrp(int fd)
{
	if (fd != STDIN_FILENO)
		FAKE_FAIL("tcgetpgrp(%d): not stdin", fd);
	if (world.tty_pgrp == 0) {
		errno = ENOTTY;
		return -1;
	}
	return world.tty_pgrp;
}

int __wrap_sys_tcsetpgrp(int fd, pid_t pgrp)
{
	fake_action("tcsetpgrp %d", (int)pgrp);
	if (fd != STDIN_FILENO)
		FAKE_FAIL("tcsetpgrp(%d): not stdin", fd);
	if (world.tty_pgrp == 0) {
		errno = ENOTTY;
		return -1;
	}
	world.tty_pgrp = pgrp;
	return 0;
}

int __wrap_inotify_init1(int flags)
{
	if (!(flags & IN_CLOEXEC))
		FAKE_FAIL("inotify_init1(%#x): the command must not inherit it", flags);
	if (world.inotify_fails) {
		errno = EMFILE;
		return -1;
	}
	if (world.inotify_open)
		FAKE_FAIL("a second inotify descriptor opened");
	world.inotify_open = true;
	return FAKE_INOTIFY_FD;
}

int __wrap_inotify_add_watch(int fd, const char *path, uint32_t mask)
{
	if (fd != FAKE_INOTIFY_FD || !world.inotify_open)
		FAKE_FAIL("inotify_add_watch(%d): not the inotify descriptor", fd);
	snprintf(world.watched_dir, sizeof(world.watched_dir), "%s", path);
	if (world.watch_fails) {
		errno = ENOSPC;
		return -1;
	}
	if (!(mask & IN_CLOSE_WRITE) || !(mask & IN_MOVED_TO))
		FAKE_FAIL("inotify_add_watch(%#x): a written or renamed pidfile would go unseen", mask);
	world.watching = true;
	return 1;
}

ssize_t __wrap_read(int fd, void *buf, size_t len)
{
	size_t off = 0;

	if (fd == FAKE_SIGNAL_FD)
		FAKE_FAIL("read() from the signalfd: that is signals_wait()'s business");
	if (fd == FAKE_JOB_FD) {
		int n = world.job_nbytes < (int)len ? world.job_nbytes : (int)len;

		if (!world.job_pipe_open)
			FAKE_FAIL("read() from the inner pid1's pipe once closed");
		if (n == 0 && !world.job_eof) {
			errno = EAGAIN; /* the pipe is non-blocking */
			return -1;
		}
		memcpy(buf, world.job_bytes, (size_t)n);
		memmove(world.job_bytes, world.job_bytes + n, (size_t)(world.job_nbytes - n));
		world.job_nbytes -= n;
		return n;
	}
	if (fd != FAKE_INOTIFY_FD)
		return __real_read(fd, buf, len);
	if (!world.inotify_open)
		FAKE_FAIL("read() from a closed inotify descriptor");
	if (world.inotify_queued == 0) {
		errno = EAGAIN; /* the descriptor is non-blocking */
		return -1;
	}
	for (int i = 0; i < world.inotify_queued; i++) {
		struct inotify_event ev = { .wd = 1, .mask = IN_CLOSE_WRITE, .len = 32 };

		if (off + sizeof(ev) + ev.len > len)
			FAKE_FAIL("read(inotify, %zu): too small a buffer", len);
		memcpy((char *)buf + off, &ev, sizeof(ev));
		memcpy((char *)buf + off + sizeof(ev), world.inotify_queue[i], 32);
		off += sizeof(ev) + ev.len;
	}
	world.inotify_queued = 0;
	return (ssize_t)off;
}

int __wrap_close(int fd)
{
	bool *open = fd == FAKE_INOTIFY_FD ? &world.inotify_open
		     : fd == FAKE_SIGNAL_FD ? &world.signalfd_open
		     : fd == FAKE_JOB_FD    ? &world.job_pipe_open
					    : NULL;

	if (open == NULL)
		return __real_close(fd);
	if (!*open)
		FAKE_FAIL("close(%d) twice", fd);
	*open = false;
	if (fd == FAKE_INOTIFY_FD) {
		world.watching = false;
		world.inotify_queued = 0;
	}
	return 0;
}

/* ---- the log ---- */

/* Drops @prefix from the front of *@s if it is there. */
static void fake_skip(const char **s, size_t *len, const char *prefix)
{
	size_t n = strlen(prefix);

	if (*len >= n && memcmp(*s, prefix, n) == 0) {
		*s += n;
		*len -= n;
	}
}

ssize_t __wrap_write(int fd, const void *buf, size_t len)
{
	static const char *const severities[] = { "warning: ", "info: ", "debug: " };
	const char *s = buf;
	size_t n = len;

	if (fd == FAKE_REPORT_FD) {
		if (len != 1)
			FAKE_FAIL("write(%zu bytes) to the outer pid1: one byte, the signal, each time", len);
		fake_action("report %s", signals_name(*(const unsigned char *)buf));
		return 1;
	}
	if (fd != STDERR_FILENO)
		return __real_write(fd, buf, len);
	if (world.nlog == FAKE_MAX_LOG)
		FAKE_FAIL("more than %d log lines", FAKE_MAX_LOG);
	fake_skip(&s, &n, "pid1: ");
	for (size_t i = 0; i < sizeof(severities) / sizeof(severities[0]); i++)
		fake_skip(&s, &n, severities[i]);
	if (n > 0 && s[n - 1] == '\n')
		n--;
	snprintf(world.log[world.nlog++], FAKE_LINE, "%.*s", (int)n, s);
	return (ssize_t)len;
}

#endif
