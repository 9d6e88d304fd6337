// SPDX-License-Identifier: MIT
/*
 * init.c - pid1's main: block signals, parse options, start the child (in a
 * new PID namespace if asked), then supervise it in one loop that waits for
 * signals and does nothing else: forward them, reap zombies, and end with
 * the child's status.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fmt.h"
#include "log.h"
#include "namespace.h"
#include "options.h"
#include "pidfile.h"
#include "procfs.h"
#include "reaper.h"
#include "signals.h"

#ifndef PID1_VERSION
#define PID1_VERSION "0"
#endif

/* After SIGKILL, how long leftovers get to disappear before pid1 gives up on them. */
#define KILL_WAIT_MS 2000
/* --pidfile without inotify: how often the file is read again. */
#define PIDFILE_RECHECK_MS 100

enum phase {
	PHASE_PAUSED,      /* --pause: no child; SIGTERM/SIGINT end it */
	PHASE_RUNNING,     /* the main process is alive */
	PHASE_ADOPTING,    /* --pidfile: the main child exited 0, waiting for the daemon */
	PHASE_WAITING,     /* --wait-all: main gone, waiting for every descendant */
	PHASE_TERMINATING, /* main gone, leftovers got SIGTERM, SIGKILL at the deadline */
	PHASE_KILLING,     /* leftovers got SIGKILL, waiting for them to go */
};

struct supervisor {
	const struct pid1_config *cfg;
	enum phase phase;
	pid_t main_pid;      /* 0 once the main process is gone */
	pid_t main_pgid;     /* its process group as last seen */
	pid_t own_pgrp;      /* pid1's own group, never a target */
	int exit_code;
	bool children_left;  /* the last reap found children still alive */
	bool stop_requested; /* SIGTERM or SIGINT arrived */
	bool escalated;      /* the grace period ran out: no more waiting */
	bool adopted_once;   /* --pidfile: the handover happens only once */
	int stop_signal;
	long long deadline;  /* CLOCK_MONOTONIC ms, -1: none */
	int sfd, watch_fd;   /* only while adopting a daemon from its pidfile */
	char adopt_problem[160];
	bool done;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *signame(int signo)
{
	static char buf[4][20];
	static int next;
	char *b = buf[next++ % 4];

	b[0] = 'S', b[1] = 'I', b[2] = 'G';
	signals_to_name(signo, b + 3, sizeof(buf[0]) - 3);
	if (b[3] >= '0' && b[3] <= '9')
		memmove(b, b + 3, strlen(b + 3) + 1);
	return b;
}

/* ---- signals out ---- */

/*
 * "Every descendant": in a namespace of our own kill(-1) is exactly that. As
 * a subreaper they are found in /proc; if that cannot be read (no descriptor
 * left, say), the main process's group, where most of them live, still gets it.
 */
static void signal_descendants(struct supervisor *s, int sig)
{
	if (getpid() == 1) {
		if (kill(-1, sig) < 0 && errno != ESRCH)
			log_warn("kill(-1, %s): %s", signame(sig), strerror(errno));
	} else if (procfs_signal_descendants(getpid(), sig) < 0) {
		log_warn("cannot list the processes in /proc (%s): sending %s to process group %d only",
			 strerror(errno), signame(sig), (int)s->main_pgid);
		if (s->main_pgid > 0 && s->main_pgid != s->own_pgrp)
			kill(-s->main_pgid, sig);
	}
}

/* Group mode: kill the main process's group; Return: false if there is none to kill. */
static bool signal_main_group(struct supervisor *s, int sig)
{
	/*
	 * Looked up at every signal: the main process may have left its group
	 * (setsid() in a daemon after writing its pidfile, say) while others
	 * stay behind in it. Never pid1's own group: the signal would come
	 * straight back (with setsid() the child may not have left it yet).
	 */
	pid_t pgid = getpgid(s->main_pid);

	if (pgid <= 0 || pgid == s->own_pgrp)
		return false;
	s->main_pgid = pgid;
	if (kill(-pgid, sig) < 0)
		return false;
	log_info("forwarded %s to process group %d", signame(sig), (int)pgid);
	return true;
}

static void signal_main(struct supervisor *s, int sig)
{
	if (s->cfg->forward_to_group && signal_main_group(s, sig))
		return;
	if (kill(s->main_pid, sig) == 0)
		log_info("forwarded %s to %d", signame(sig), (int)s->main_pid);
	else
		log_debug("cannot forward %s to %d: %s", signame(sig), (int)s->main_pid, strerror(errno));
}

/* Where a signal for the child goes: every descendant, or the main process (and its group). */
static void signal_targets(struct supervisor *s, int sig)
{
	if (s->cfg->forward_all || s->main_pid == 0) {
		signal_descendants(s, sig);
		log_info("forwarded %s to every descendant", signame(sig));
	} else {
		signal_main(s, sig);
	}
}

static void forward(struct supervisor *s, int signo)
{
	int sig = s->cfg->rewrite[signo];

	if (sig == 0) {
		log_info("dropped %s (rewritten to 0)", signame(signo));
		return;
	}
	if (sig != signo)
		log_debug("%s rewritten to %s", signame(signo), signame(sig));
	signal_targets(s, sig);
}

/* ---- ending ---- */

static void set_deadline(struct supervisor *s, long ms)
{
	long long d = now_ms() + ms;

	if (s->deadline < 0 || d < s->deadline)
		s->deadline = d;
}

static void kill_leftovers(struct supervisor *s)
{
	signal_descendants(s, SIGKILL);
	log_info("sent SIGKILL to the leftover processes");
	s->phase = PHASE_KILLING;
	s->deadline = -1;
	set_deadline(s, KILL_WAIT_MS);
}

/*
 * The main process is gone for good: wait, clean up, or end now.
 * @stop_forwarded: a stop request has just gone to every descendant, so the
 * leftovers have had their signal already.
 */
static void finish(struct supervisor *s, bool stop_forwarded)
{
	const struct pid1_config *cfg = s->cfg;

	s->main_pid = 0;
	/* With --grace 0 leftovers are left alone, as tini and dumb-init do. */
	if (!s->children_left || (!cfg->wait_all && cfg->grace_ms == 0)) {
		s->done = true;
	} else if (s->escalated) {
		/* The grace period is over, --wait-all or not. */
		kill_leftovers(s);
	} else if (cfg->wait_all) {
		log_debug("--wait-all: waiting for every descendant");
		s->phase = PHASE_WAITING;
	} else {
		if (!stop_forwarded)
			signal_descendants(s, SIGTERM);
		log_info("sent %s to the leftover processes; SIGKILL in %ld ms",
			 signame(stop_forwarded ? cfg->rewrite[s->stop_signal] : SIGTERM), cfg->grace_ms);
		s->phase = PHASE_TERMINATING;
		set_deadline(s, cfg->grace_ms);
	}
}

/* ---- --pidfile ---- */

static void stop_watching(struct supervisor *s)
{
	if (s->watch_fd >= 0)
		close(s->watch_fd);
	if (s->sfd >= 0)
		close(s->sfd);
	s->watch_fd = s->sfd = -1;
}

/*
 * inotify on the pidfile's directory, so a write wakes the signal wait.
 * (The path is absolute: options made it so before pid1 moved to /.)
 */
static void watch_pidfile(struct supervisor *s)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(s->cfg->pidfile, '/');

	fmt_snprintf(dir, sizeof(dir), "%.*s", slash == s->cfg->pidfile ? 1 : (int)(slash - s->cfg->pidfile),
		     s->cfg->pidfile);
	s->watch_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (s->watch_fd >= 0 &&
	    inotify_add_watch(s->watch_fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY) >= 0)
		s->sfd = signals_open();
	if (s->sfd < 0) {
		log_debug("cannot watch %s (%s): reading it every %d ms", dir, strerror(errno), PIDFILE_RECHECK_MS);
		stop_watching(s);
	}
}

static void adoption_failed(struct supervisor *s)
{
	log_error("--pidfile %s: %s", s->cfg->pidfile, s->adopt_problem);
	stop_watching(s);
	s->exit_code = PID1_EXIT_PIDFILE;
	finish(s, false);
}

static void adopt(struct supervisor *s, pid_t pid)
{
	stop_watching(s);
	s->main_pid = pid;
	s->main_pgid = getpgid(pid);
	s->phase = PHASE_RUNNING;
	s->deadline = -1;
	log_info("following daemon %d from %s", (int)pid, s->cfg->pidfile);
}

static void try_adopt(struct supervisor *s)
{
	char *why = s->adopt_problem;
	size_t len = sizeof(s->adopt_problem);
	pid_t pid = pidfile_read(s->cfg->pidfile, why, len);
	siginfo_t si;

	if (pid > 0) {
		if (kill(pid, 0) < 0 && errno == ESRCH)
			fmt_snprintf(why, len, "it names %d, which is not running (did the daemon die at start?)", (int)pid);
		else if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0)
			return adopt(s, pid); /* our child: we will reap it */
		else if (!procfs_is_ours())
			/* /proc numbers another namespace's pids (--pid without --mount-proc): wait for the handover. */
			fmt_snprintf(why, len, "it names %d, which has not been handed over to pid1", (int)pid);
		else if (!procfs_is_descendant(pid, getpid()))
			fmt_snprintf(why, len, "it names %d, which is not a process started by pid1", (int)pid);
		else
			/* Its parent is still exiting: adopt once it is ours, so we reap it. */
			fmt_snprintf(why, len, "it names %d, which was never handed over to pid1", (int)pid);
	}
	log_debug("--pidfile %s: %s", s->cfg->pidfile, why);
	if (!s->children_left)
		adoption_failed(s); /* nobody is left who could still write it */
}

static void start_adoption(struct supervisor *s)
{
	s->phase = PHASE_ADOPTING;
	s->deadline = -1;
	set_deadline(s, s->cfg->pidfile_timeout_ms);
	watch_pidfile(s);
	try_adopt(s);
}

/* ---- reaping ---- */

static void main_exited(struct supervisor *s, int wstatus)
{
	const struct pid1_config *cfg = s->cfg;
	char what[40]; // cppcheck-suppress variableScope ; used by the log_debug() macro
	int code = reaper_exit_code(wstatus);

	log_debug("main process %d ended (%s)", (int)s->main_pid, reaper_describe(wstatus, what, sizeof(what)));
	s->main_pid = 0;
	if (cfg->pidfile != NULL && !s->stop_requested && !s->adopted_once && code == 0) {
		s->adopted_once = true;
		start_adoption(s);
		return;
	}
	s->exit_code = options_expects(cfg, code) ? 0 : code;
	finish(s, false);
}

static void reap(struct supervisor *s)
{
	bool main_gone = false;
	int main_status = 0, wstatus, r;
	char what[40];
	pid_t pid;

	while ((r = reaper_reap_one(&pid, &wstatus)) == 1) {
		if (pid == s->main_pid) {
			main_gone = true;
			main_status = wstatus;
		} else {
			log_at(s->cfg->warn_orphans ? LOG_LEVEL_WARN : LOG_LEVEL_INFO, "reaped orphan %d (%s)",
				(int)pid, reaper_describe(wstatus, what, sizeof(what)));
		}
	}
	s->children_left = r == 0;
	if (main_gone)
		main_exited(s, main_status);
	else if (s->phase == PHASE_ADOPTING)
		try_adopt(s);
	else if (s->phase >= PHASE_WAITING && !s->children_left)
		s->done = true;
}

/* ---- signals in ---- */

static void on_stop_request(struct supervisor *s, int signo)
{
	if (s->stop_requested)
		return;
	s->stop_requested = true;
	s->stop_signal = signo;
	if (s->phase == PHASE_ADOPTING) {
		log_info("%s while waiting for --pidfile: not following a daemon", signame(signo));
		stop_watching(s);
		s->deadline = -1;
		finish(s, true);
	} else if (s->cfg->grace_ms > 0 && (s->phase == PHASE_RUNNING || s->phase == PHASE_WAITING)) {
		set_deadline(s, s->cfg->grace_ms);
	}
}

/*
 * A write of pid1's own to a closed pipe or past a file size limit (its log
 * on stderr) raises SIGPIPE or SIGXFSZ on pid1 itself: not the child's
 * business, and logging it would raise another.
 */
static bool self_inflicted(int signo, pid_t sender)
{
	return (signo == SIGPIPE || signo == SIGXFSZ) && sender == getpid();
}

static void on_signal(struct supervisor *s, int signo, pid_t sender)
{
	if (self_inflicted(signo, sender))
		return;
	log_debug("received %s from %d", signame(signo), (int)sender);
	if (s->phase == PHASE_PAUSED) {
		if (signo == SIGTERM || signo == SIGINT)
			s->done = true;
		return;
	}
	forward(s, signo);
	/* Rewritten to 0, the signal is not a request to stop. */
	if ((signo == SIGTERM || signo == SIGINT) && s->cfg->rewrite[signo] != 0)
		on_stop_request(s, signo);
}

static void on_deadline(struct supervisor *s)
{
	s->deadline = -1;
	switch (s->phase) {
	case PHASE_RUNNING:
		log_warn("process %d still running %ld ms after %s: sending SIGKILL", (int)s->main_pid,
			 s->cfg->grace_ms, signame(s->stop_signal));
		s->escalated = true;
		signal_targets(s, SIGKILL);
		break;
	case PHASE_ADOPTING:
		if (access(s->cfg->pidfile, F_OK) < 0 && errno == ENOENT)
			fmt_snprintf(s->adopt_problem, sizeof(s->adopt_problem), "no daemon wrote it within %ld ms",
				     s->cfg->pidfile_timeout_ms);
		adoption_failed(s);
		break;
	case PHASE_WAITING:
	case PHASE_TERMINATING:
		kill_leftovers(s);
		break;
	case PHASE_KILLING:
		log_warn("some processes outlived SIGKILL by %d ms; exiting anyway", KILL_WAIT_MS);
		s->done = true;
		break;
	case PHASE_PAUSED:
		break;
	}
}

/*
 * Drain the inotify events; true if one is about the pidfile. Other files
 * in its directory are noise (pid1's own log among them, at -vv: reading
 * again on each would log again, and wake pid1 again).
 */
static bool pidfile_touched(const struct supervisor *s)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const char *name = strrchr(s->cfg->pidfile, '/') + 1;
	bool touched = false;
	ssize_t n;

	while ((n = read(s->watch_fd, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)(buf + off);

			if ((ev->mask & IN_Q_OVERFLOW) || (ev->len > 0 && strcmp(ev->name, name) == 0))
				touched = true;
			off += (ssize_t)(sizeof(*ev) + ev->len);
		}
	}
	return touched;
}

/* A timeout, or inotify saw the pidfile's directory change. */
static void on_wakeup(struct supervisor *s)
{
	if (s->deadline >= 0 && now_ms() >= s->deadline) {
		on_deadline(s);
		return;
	}
	/* Without inotify the wake-up is the timer that says "read it again". */
	bool look = s->watch_fd < 0 || pidfile_touched(s);

	if (s->phase == PHASE_ADOPTING && look)
		try_adopt(s);
}

static int next_timeout(const struct supervisor *s)
{
	long long left;

	if (s->deadline < 0)
		return -1;
	left = s->deadline - now_ms();
	if (left < 0)
		left = 0;
	if (s->phase == PHASE_ADOPTING && s->watch_fd < 0 && left > PIDFILE_RECHECK_MS)
		left = PIDFILE_RECHECK_MS;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/*
 * From here on pid1 must not die: its child depends on it. Errors are
 * reported and the loop goes on; only a broken signal wait ends it.
 */
static int supervise(const struct pid1_config *cfg, pid_t main_pid)
{
	struct supervisor s = {
		.cfg = cfg, .main_pid = main_pid, .main_pgid = main_pid, .own_pgrp = getpgrp(), .deadline = -1,
		.phase = main_pid > 0 ? PHASE_RUNNING : PHASE_PAUSED, .sfd = -1, .watch_fd = -1,
	};
	pid_t sender;

	while (!s.done) {
		int signo = signals_wait(s.sfd, s.watch_fd, next_timeout(&s), &sender);
		if (signo < 0) {
			log_error("waiting for signals failed: %s; killing the child", strerror(errno));
			if (s.main_pid > 0)
				signal_main(&s, SIGKILL);
			return PID1_EXIT_SYSTEM;
		}
		if (signo == 0)
			on_wakeup(&s);
		else if (signo == SIGCHLD)
			reap(&s);
		else
			on_signal(&s, signo, sender);
	}
	stop_watching(&s);
	return s.exit_code;
}

/* ---- start-up: here pid1 may still fail and exit ---- */

/*
 * An inherited SIGCHLD=SIG_IGN makes the kernel reap children itself, and
 * the child's status would be lost. The inherited action is kept for the child.
 */
static int reset_sigchld(struct sigaction *inherited)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };

	sigemptyset(&dfl.sa_mask);
	return sigaction(SIGCHLD, &dfl, inherited);
}

static void become_subreaper(void)
{
	if (getpid() == 1)
		return;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		log_warn("cannot become a child subreaper (%s): orphans will not be reaped", strerror(errno));
	else
		log_debug("not PID 1: registered as child subreaper");
}

/* -p: if the parent died before prctl() took effect, act as if the signal came. */
static void arm_pdeath_signal(int sig, pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, sig) < 0) {
		log_warn("cannot set the parent-death signal: %s", strerror(errno));
		return;
	}
	if (parent > 0 && getppid() != parent)
		kill(getpid(), sig);
}

/* The terminal goes to the child only if pid1 holds it now, i.e. is in the foreground. */
static bool may_take_terminal(bool new_session)
{
	if (!isatty(STDIN_FILENO))
		return false;
	if (new_session)
		return getsid(0) == getpid();
	return tcgetpgrp(STDIN_FILENO) == getpgrp();
}

static int close_if_inherited(long fd, void *ctx)
{
	(void)ctx;
	if (fd >= 3)
		close((int)fd);
	return 0;
}

static void close_inherited_fds(void)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 3U, ~0U, 0U) == 0)
		return;
#endif
	if (procfs_for_each_number("/proc/self/fd", close_if_inherited, NULL) < 0)
		log_debug("cannot list /proc/self/fd: %s", strerror(errno));
}

/* After the child has its copies: pin no mount, keep no descriptor. */
static void housekeeping(void)
{
	if (chdir("/") < 0)
		log_warn("chdir /: %s", strerror(errno));
	close_inherited_fds();
}

static int start_and_supervise(const struct pid1_config *cfg, struct spawn_params *sp)
{
	pid_t pid = 0;

	become_subreaper();
	if (!cfg->pause) {
		sp->new_session = cfg->new_session;
		sp->take_terminal = may_take_terminal(sp->new_session);
		pid = reaper_fork(sp);
		if (pid == 0)
			reaper_exec(cfg->argv, sp);
		if (pid < 0) {
			log_error("fork: %s", strerror(errno));
			return PID1_EXIT_SYSTEM;
		}
	}
	housekeeping();
	return supervise(cfg, pid);
}

/*
 * --pid: the outer pid1 stays behind in the caller's namespace, passes every
 * signal to the inner one untouched and exits with its status; the inner one
 * is PID 1 of the new namespace and does the real work.
 */
static int run_in_namespace(const struct pid1_config *cfg, struct spawn_params *sp)
{
	struct pid1_config outer = *cfg;
	int handle;
	pid_t pid;

	if (namespace_unshare(cfg) < 0)
		return PID1_EXIT_NAMESPACE;
	handle = namespace_parent_handle();
	sp->new_session = false;
	sp->take_terminal = may_take_terminal(false);
	pid = reaper_fork(sp);
	if (pid == 0) {
		if (namespace_setup_inner(cfg, handle) < 0)
			_exit(PID1_EXIT_NAMESPACE);
		return start_and_supervise(cfg, sp);
	}
	if (pid < 0) {
		log_error("fork: %s", strerror(errno));
		return PID1_EXIT_SYSTEM;
	}
	outer.forward_to_group = outer.forward_all = outer.wait_all = false;
	outer.pidfile = NULL;
	outer.grace_ms = 0;
	memset(outer.expect_exit, 0, sizeof(outer.expect_exit));
	for (int s = 0; s < SIGNALS_TABLE_SIZE; s++)
		outer.rewrite[s] = s;
	become_subreaper();
	housekeeping();
	return supervise(&outer, pid);
}

/* pid1 moves to / once the child runs: a relative --pidfile must not move with it. */
static int absolute_pidfile(struct pid1_config *cfg)
{
	static char path[PATH_MAX];
	char cwd[PATH_MAX];

	if (cfg->pidfile == NULL || cfg->pidfile[0] == '/')
		return 0;
	if (getcwd(cwd, sizeof(cwd)) == NULL) {
		log_error("--pidfile %s: cannot tell the current directory: %s", cfg->pidfile, strerror(errno));
		return -1;
	}
	if (fmt_snprintf(path, sizeof(path), "%s/%s", cwd, cfg->pidfile) >= (int)sizeof(path)) {
		log_error("--pidfile %s: %s", cfg->pidfile, strerror(ENAMETOOLONG));
		return -1;
	}
	cfg->pidfile = path;
	return 0;
}

static int print_and_exit(const char *text)
{
	size_t len = strlen(text);
	ssize_t n;

	for (; len > 0; text += n, len -= (size_t)n) {
		n = write(STDOUT_FILENO, text, len);
		if (n < 0 && errno == EINTR)
			n = 0;
		else if (n <= 0) {
			log_error("cannot write to standard output: %s", n < 0 ? strerror(errno) : "nothing written");
			return PID1_EXIT_SYSTEM;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct pid1_config cfg;
	struct spawn_params sp = { .listen_pid = getpid() };
	pid_t parent = getppid();
	char version[96];

	/* Before anything else: a signal must not be lost or kill pid1 from here on. */
	if (signals_block_all(&sp.child_mask) < 0 || reset_sigchld(&sp.child_sigchld) < 0) {
		log_error("cannot set up signals: %s", strerror(errno));
		return PID1_EXIT_SYSTEM;
	}
	switch (options_parse(&cfg, argc, argv)) {
	case OPTIONS_HELP:
		return print_and_exit(options_usage());
	case OPTIONS_LICENSE:
		return print_and_exit(options_license());
	case OPTIONS_VERSION:
		fmt_snprintf(version, sizeof(version), "%s%s%s\n", cfg.personality->version_prefix, PID1_VERSION,
			 cfg.personality->version_suffix);
		return print_and_exit(version);
	case OPTIONS_ERROR:
		log_error("%s", cfg.error);
		log_error("try 'pid1 --help' for more information");
		return PID1_EXIT_USAGE;
	case OPTIONS_RUN:
		break;
	}
	log_verbosity = cfg.verbosity;
	if (absolute_pidfile(&cfg) < 0)
		return PID1_EXIT_USAGE;
	if (cfg.pdeath_signal > 0)
		arm_pdeath_signal(cfg.pdeath_signal, parent);
	if (cfg.ns_pid)
		return run_in_namespace(&cfg, &sp);
	return start_and_supervise(&cfg, &sp);
}
