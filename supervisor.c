// SPDX-License-Identifier: MIT
/*
 * supervisor.c - the supervision loop: one blocking wait for a signal (or a
 * deadline, or the pidfile's directory changing), then forward it, reap,
 * or move the stop on. Its phases and what each event does in each are the
 * table in docs/design.md; every phase change goes through set_phase().
 */
#include "supervisor.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "adopt.h"
#include "errtext.h"
#include "exitcode.h"
#include "fmt.h"
#include "log.h"
#include "procfs.h"
#include "reaper.h"
#include "signals.h"
#include "sys.h"

/* After SIGKILL, how long leftovers get to disappear before pid1 gives up on them. */
#define KILL_WAIT_MS 2000

enum phase {
	PHASE_PAUSED,      /* --pause: no child; SIGTERM/SIGINT end it */
	PHASE_RUNNING,     /* the main process is alive */
	PHASE_ADOPTING,    /* --pidfile: the main child exited 0, waiting for the daemon */
	PHASE_WAITING,     /* --wait-all: main gone, waiting for every descendant */
	PHASE_TERMINATING, /* main gone, leftovers got SIGTERM, SIGKILL at the deadline */
	PHASE_KILLING,     /* leftovers got SIGKILL, waiting for them to go */
	PHASE_DONE,        /* the loop ends with exit_code */
};

struct supervisor {
	const struct pid1_config *cfg;
	enum phase phase;
	pid_t main_pid;  /* 0 once the main process is gone */
	pid_t main_pgid; /* its process group as last seen */
	pid_t own_pgrp;  /* pid1's own group, never a target */
	int exit_code;
	bool children_left; /* the last reap found children still alive */
	bool escalated;     /* the grace period ran out: no more waiting */
	int stop_signal;    /* the SIGTERM or SIGINT that asked for a stop; 0: none yet */
	long long deadline; /* CLOCK_MONOTONIC ms, -1: none */
	bool proc_warned;   /* the /proc fallback has been a warning once */
	struct adoption adoption;
	struct supervisor_job job;
	int job_sfd; /* a signalfd, to wait on job.stopped_fd as well; -1: none */
};

static long long now_ms(void)
{
	struct timespec ts;

	sys_clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* For -vv: the names, in the order of enum phase, in one text. */
static const char *phase_name(enum phase phase)
{
	const char *name = fmt_text(TEXT("PAUSED\0RUNNING\0ADOPTING\0WAITING\0TERMINATING\0KILLING\0DONE"));

	for (int i = 0; i < (int)phase; i++)
		name += strlen(name) + 1;
	return name;
}

static void set_phase(struct supervisor *s, enum phase next)
{
	if (next != s->phase && log_enabled(LOG_LEVEL_DEBUG))
		log_debug("phase %s -> %s", phase_name(s->phase), phase_name(next));
	s->phase = next;
}

/* The main process is gone for good and only leftovers remain. */
static bool only_leftovers(const struct supervisor *s)
{
	return s->phase == PHASE_WAITING || s->phase == PHASE_TERMINATING || s->phase == PHASE_KILLING;
}

/* ---- signals out ---- */

/*
 * "Every descendant" is found in /proc, even as PID 1: kill(-1) would also
 * reach processes that joined the namespace (docker exec, nsenter), which
 * are not pid1's. If /proc cannot tell (no descriptor left; it shows a
 * namespace pid1 is not in), the main process's group, where most of them
 * live, still gets the signal. Return: true if every descendant got it.
 */
static bool signal_descendants(struct supervisor *s, int sig)
{
	pid_t self = procfs_self(), pgid;
	const char *why;
	char hint[64];

	if (self > 0 && procfs_signal_descendants(self, sig) >= 0)
		return true;
	/* pid1 is not in /proc at all: it was mounted for another namespace. */
	why = self < 0 && errno == ENOENT ? TEXT("it shows a PID namespace that pid1 is not in") : errtext(errno);
	/* The command's group now, if it is still there; else the last one seen. */
	if (s->main_pid > 0 && (pgid = getpgid(s->main_pid)) > 0)
		s->main_pgid = pgid;
	fmt_snprintf(hint, sizeof(hint), TEXT("sending %s to process group %d only"), signals_name(sig),
		     (int)s->main_pgid);
	/* Once as a warning: the next signals fall back for the same reason. */
	log_reason_msg(s->proc_warned ? LOG_LEVEL_DEBUG : LOG_LEVEL_WARN, why, hint,
		       "cannot list the processes in /proc");
	s->proc_warned = true;
	if (s->main_pgid > 0 && s->main_pgid != s->own_pgrp)
		kill(-s->main_pgid, sig);
	return false;
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
	if (log_enabled(LOG_LEVEL_INFO))
		log_info("forwarded %s to process group %d", signals_name(sig), (int)pgid);
	return true;
}

static void signal_main(struct supervisor *s, int sig)
{
	if (s->cfg->forward_to_group && signal_main_group(s, sig))
		return;
	if (kill(s->main_pid, sig) < 0)
		log_debug_errno(NULL, "cannot forward %s to %d", signals_name(sig), (int)s->main_pid);
	else if (log_enabled(LOG_LEVEL_INFO))
		log_info("forwarded %s to %d", signals_name(sig), (int)s->main_pid);
}

/* Where a signal for the child goes: every descendant, or the main process (and its group). */
static void signal_targets(struct supervisor *s, int sig)
{
	if (s->cfg->forward_all || s->main_pid == 0) {
		if (signal_descendants(s, sig) && log_enabled(LOG_LEVEL_INFO))
			log_info("forwarded %s to every descendant", signals_name(sig));
	} else {
		signal_main(s, sig);
	}
}

static void forward(struct supervisor *s, int signo)
{
	int sig = s->cfg->rewrite[signo];

	if (sig == 0) {
		if (log_enabled(LOG_LEVEL_INFO))
			log_info("dropped %s (rewritten to 0)", signals_name(signo));
		return;
	}
	if (sig != signo && log_enabled(LOG_LEVEL_DEBUG))
		log_debug("%s rewritten to %s", signals_name(signo), signals_name(sig));
	signal_targets(s, sig);
}

/* ---- ending ---- */

/*
 * A deadline only moves earlier: a stop's SIGKILL still comes when its grace
 * period ends. Return: the time left until it, from now.
 */
static long long set_deadline(struct supervisor *s, long ms)
{
	long long now = now_ms(), d = now + ms;

	if (s->deadline < 0 || d < s->deadline)
		s->deadline = d;
	return s->deadline - now;
}

static void kill_leftovers(struct supervisor *s)
{
	signal_descendants(s, SIGKILL);
	log_info("sent SIGKILL to the leftover processes");
	set_phase(s, PHASE_KILLING);
	s->deadline = -1;
	set_deadline(s, KILL_WAIT_MS);
}

/*
 * dumb-init's session mode: the command's helpers in its process group get
 * SIGTERM when it exits, and pid1 does not wait for them (the grace period
 * is 0). Under that name they rely on it to clean up.
 */
static void term_session_group(struct supervisor *s)
{
	if (s->main_pgid <= 0 || s->main_pgid == s->own_pgrp)
		return;
	if (kill(-s->main_pgid, SIGTERM) == 0)
		log_info("sent SIGTERM to process group %d (dumb-init's session mode)", (int)s->main_pgid);
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
	/* With --grace 0 leftovers are left alone, as tini does. */
	if (!s->children_left || (!cfg->wait_all && cfg->grace_ms == 0)) {
		if (s->children_left && cfg->new_session)
			term_session_group(s);
		set_phase(s, PHASE_DONE);
	} else if (s->escalated) {
		/* The grace period is over, --wait-all or not. */
		kill_leftovers(s);
	} else if (cfg->wait_all) {
		log_debug("waiting for every descendant (--wait-all)");
		set_phase(s, PHASE_WAITING);
	} else {
		long long left;

		if (!stop_forwarded)
			signal_descendants(s, SIGTERM);
		/* A stopped leftover would only act on its SIGTERM once continued. */
		signal_descendants(s, SIGCONT);
		set_phase(s, PHASE_TERMINATING);
		/* After a stop request, the SIGKILL comes when its grace period ends: say when. */
		left = set_deadline(s, cfg->grace_ms);
		log_info("sent %s and SIGCONT to the leftover processes; SIGKILL in %lld ms",
			 signals_name(stop_forwarded ? cfg->rewrite[s->stop_signal] : SIGTERM), left);
	}
}

/* ---- --pidfile ---- */

static void adoption_failed(struct supervisor *s)
{
	log_reason_msg(LOG_LEVEL_ERROR, s->adoption.problem, NULL, "cannot follow the daemon in --pidfile %s",
		       s->adoption.path);
	s->exit_code = PID1_EXIT_PIDFILE;
	finish(s, false);
}

static void try_adopt(struct supervisor *s)
{
	switch (adopt_try(&s->adoption, s->children_left)) {
	case ADOPT_FOLLOW:
		s->main_pid = s->adoption.pid;
		s->main_pgid = getpgid(s->main_pid);
		set_phase(s, PHASE_RUNNING);
		s->deadline = -1;
		log_info("following daemon %d from %s", (int)s->main_pid, s->adoption.path);
		break;
	case ADOPT_WAIT:
		log_reason_msg(LOG_LEVEL_DEBUG, s->adoption.problem, NULL,
			       "cannot follow the daemon in --pidfile %s yet", s->adoption.path);
		break;
	case ADOPT_FAILED:
		adoption_failed(s); /* nobody is left who could still write it */
		break;
	}
}

static void start_adoption(struct supervisor *s)
{
	set_phase(s, PHASE_ADOPTING);
	s->deadline = -1;
	set_deadline(s, s->adoption.timeout_ms);
	adopt_start(&s->adoption);
	try_adopt(s);
}

/* ---- job control ---- */

/*
 * pid1 is a job of an interactive shell, which waits for pid1 and not for
 * the command: stopping too is how the shell learns that its job stopped and
 * takes the terminal back. The SIGCONT of `fg` or `bg` that resumes pid1
 * stays pending (blocked) and comes through the wait like any other.
 */
static void stop_self(void)
{
	/* The kernel drops a signal that PID 1 sends itself: a stopped job there is the shell's business. */
	if (getpid() == 1) {
		log_debug("pid1 is PID 1, so it does not stop");
		return;
	}
	log_debug("stopping pid1 too, so that the shell sees its job stopped");
	if (kill(getpid(), SIGSTOP) < 0)
		log_warn_errno(TEXT("the shell will not see its job stopped"), "cannot stop pid1 with the command");
}

/*
 * If pid1's group is the terminal's foreground, the shell gave it to pid1's
 * job (`fg`): pass it on to the command's group, as at the start, so that ^C
 * and ^Z reach the command again. pid1 blocks SIGTTOU, so the call works
 * from the background too. Return: true if the command's group has it now.
 */
static bool give_terminal_back(struct supervisor *s)
{
	pid_t pgid;

	if (!s->job.give_terminal || s->main_pid <= 0 || sys_tcgetpgrp(STDIN_FILENO) != s->own_pgrp)
		return false;
	pgid = getpgid(s->main_pid);
	if (pgid > 0)
		s->main_pgid = pgid;
	if (s->main_pgid <= 0 || s->main_pgid == s->own_pgrp)
		return false;
	if (sys_tcsetpgrp(STDIN_FILENO, s->main_pgid) < 0) {
		log_debug_errno(NULL, "cannot give the terminal back to process group %d", (int)s->main_pgid);
		return false;
	}
	log_debug("gave the terminal back to process group %d", (int)s->main_pgid);
	return true;
}

/* The inner pid1 of --pid is PID 1: the outer one, the shell's job, stops for it. */
static void report_stop(const struct supervisor *s, int stopsig)
{
	unsigned char sig = (unsigned char)stopsig;

	/* Non-blocking: with the outer pid1 stopped, a full pipe says enough already. */
	if (write(s->job.report_fd, &sig, 1) == 1)
		log_debug("told the outer pid1");
	else
		log_debug_errno(NULL, "cannot tell the outer pid1 that the command stopped");
}

/*
 * The command (for the outer pid1 of --pid: the inner pid1's command) stopped
 * on @stopsig. By reading or writing the terminal from the background while
 * pid1's group is in front, it only missed the terminal: `fg` of a job that
 * runs in the background gives the terminal to pid1's group and sends no
 * SIGCONT. Then it gets the terminal and goes on. Any other stop is the
 * job's: pid1 stops too, or has the outer pid1 stop.
 */
static void on_command_stop(struct supervisor *s, int stopsig)
{
	if (!s->job.follow_stops)
		return;
	if ((stopsig == SIGTTIN || stopsig == SIGTTOU) && give_terminal_back(s)) {
		if (kill(-s->main_pgid, SIGCONT) == 0)
			log_info("sent SIGCONT to process group %d with the terminal", (int)s->main_pgid);
	} else if (s->job.report_fd >= 0) {
		report_stop(s, stopsig);
	} else {
		stop_self();
	}
}

/*
 * A SIGCHLD also comes when a child stops (pid1 sets no SA_NOCLDSTOP).
 * waitid() with WSTOPPED alone reports that once, and never an exit: the
 * main process cannot be reaped here behind reap()'s back.
 */
static void check_main_stopped(struct supervisor *s)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si)); /* WNOHANG with nothing to report may leave it untouched */
	if (waitid(P_PID, (id_t)s->main_pid, &si, WSTOPPED | WNOHANG) < 0 || si.si_pid != s->main_pid)
		return;
	log_debug("process %d stopped (%s)", (int)s->main_pid, signals_name(si.si_status));
	on_command_stop(s, si.si_status);
}

static void close_stopped_fd(struct supervisor *s)
{
	if (s->job_sfd >= 0)
		close(s->job_sfd);
	if (s->job.stopped_fd >= 0)
		close(s->job.stopped_fd);
	s->job_sfd = s->job.stopped_fd = -1;
}

/* The outer pid1 of --pid waits on the inner one's pipe with a signalfd, as --pidfile does on inotify. */
static void job_start(struct supervisor *s, const struct supervisor_job *job)
{
	s->job = job != NULL ? *job : (struct supervisor_job){ .report_fd = -1, .stopped_fd = -1 };
	s->job_sfd = -1;
	if (s->job.stopped_fd < 0)
		return;
	s->job_sfd = signals_open();
	if (s->job_sfd < 0) {
		log_warn_errno(TEXT("pid1 will not stop when the command does"),
			       "cannot wait on the inner pid1's pipe");
		close_stopped_fd(s);
	}
}

/*
 * The outer pid1: each byte from the inner one is the signal its command
 * stopped on (the last one counts); end of file, that it has exited.
 */
static void read_inner_stops(struct supervisor *s)
{
	unsigned char buf[64];
	int stopsig = 0;
	ssize_t n;

	while ((n = read(s->job.stopped_fd, buf, sizeof(buf))) > 0)
		stopsig = buf[n - 1];
	if (n == 0 || errno != EAGAIN) {
		log_debug("the inner pid1 has closed its pipe");
		close_stopped_fd(s);
	}
	if (stopsig != 0) {
		log_debug("the inner pid1's command stopped (%s)", signals_name(stopsig));
		on_command_stop(s, stopsig);
	}
}

/* ---- reaping ---- */

static void main_exited(struct supervisor *s, int wstatus)
{
	const struct pid1_config *cfg = s->cfg;
	char what[40]; // cppcheck-suppress variableScope ; used by the log_debug() macro
	int code = reaper_exit_code(wstatus);

	/* Described only for -vv: the description is a TEXT(), and the first one unpacks them all. */
	if (log_enabled(LOG_LEVEL_DEBUG))
		log_debug("main process %d ended (%s)", (int)s->main_pid, reaper_describe(wstatus, what, sizeof(what)));
	s->main_pid = 0;
	if (code == 0 && s->stop_signal == 0 && adopt_pending(&s->adoption)) {
		start_adoption(s);
		return;
	}
	s->exit_code = options_expects(cfg, code) ? 0 : code;
	finish(s, false);
}

static void reap(struct supervisor *s)
{
	bool main_gone = false;
	int main_status = 0, wstatus, r, level = s->cfg->warn_orphans ? LOG_LEVEL_WARN : LOG_LEVEL_INFO;
	char what[40];
	pid_t pid;

	while ((r = reaper_reap_one(&pid, &wstatus)) == 1) {
		if (pid == s->main_pid) {
			main_gone = true;
			main_status = wstatus;
		} else if (log_enabled(level)) {
			log_at(level, "reaped orphan %d (%s)", (int)pid, reaper_describe(wstatus, what, sizeof(what)));
		}
	}
	s->children_left = r == 0;
	if (main_gone)
		main_exited(s, main_status);
	else if (s->main_pid > 0)
		check_main_stopped(s);
	else if (s->phase == PHASE_ADOPTING)
		try_adopt(s);
	else if (only_leftovers(s) && !s->children_left)
		set_phase(s, PHASE_DONE);
}

/* ---- signals in ---- */

static void on_stop_request(struct supervisor *s, int signo)
{
	if (s->stop_signal != 0)
		return;
	s->stop_signal = signo;
	if (s->phase == PHASE_ADOPTING) {
		log_info("received %s while waiting for --pidfile; not following a daemon", signals_name(signo));
		adopt_stop(&s->adoption);
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
	if (log_enabled(LOG_LEVEL_DEBUG)) {
		if (sender < 0)
			log_debug("received %s from the kernel", signals_name(signo));
		else
			log_debug("received %s from %d", signals_name(signo), (int)sender);
	}
	/*
	 * A fault signal that reaches the wait was not forced by a fault (that
	 * one kills pid1 before it gets here). Raised by the kernel, it is
	 * about pid1 itself (a memory error it may ignore, say): not the
	 * command's business. Sent by a process, it is forwarded like any other.
	 */
	if (signals_is_fault(signo) && sender < 0) {
		log_warn("the kernel sent %s to pid1 itself; not forwarding it", signals_name(signo));
		return;
	}
	if (s->phase == PHASE_PAUSED) {
		if (signo == SIGTERM || signo == SIGINT)
			set_phase(s, PHASE_DONE);
		return;
	}
	if (signo == SIGCONT)
		give_terminal_back(s);
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
		log_warn("process %d still running %ld ms after %s; sending SIGKILL", (int)s->main_pid,
			 s->cfg->grace_ms, signals_name(s->stop_signal));
		s->escalated = true;
		signal_targets(s, SIGKILL);
		break;
	case PHASE_ADOPTING:
		adopt_timed_out(&s->adoption);
		adoption_failed(s);
		break;
	case PHASE_WAITING:
	case PHASE_TERMINATING:
		kill_leftovers(s);
		break;
	case PHASE_KILLING:
		log_warn("some processes outlived SIGKILL by %d ms; exiting anyway", KILL_WAIT_MS);
		set_phase(s, PHASE_DONE);
		break;
	case PHASE_PAUSED:
	case PHASE_DONE:
		break;
	}
}

/* A timeout, inotify saw the pidfile's directory change, or the inner pid1 wrote to its pipe. */
static void on_wakeup(struct supervisor *s)
{
	if (s->job.stopped_fd >= 0)
		read_inner_stops(s);
	if (s->deadline >= 0 && now_ms() >= s->deadline)
		on_deadline(s);
	else if (s->phase == PHASE_ADOPTING && adopt_woken(&s->adoption))
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
	if (left > INT_MAX)
		left = INT_MAX;
	return s->phase == PHASE_ADOPTING ? adopt_poll_ms(&s->adoption, (int)left) : (int)left;
}

/* The --pidfile watch first: the outer pid1 of --pid, the one with a pipe, never adopts. */
static int wait_next(struct supervisor *s, pid_t *sender)
{
	if (s->adoption.watch_fd >= 0 || s->job.stopped_fd < 0)
		return signals_wait(s->adoption.sfd, s->adoption.watch_fd, next_timeout(s), sender);
	return signals_wait(s->job_sfd, s->job.stopped_fd, next_timeout(s), sender);
}

/*
 * From here on pid1 must not die: its child depends on it. Errors are
 * reported and the loop goes on; only a broken signal wait ends it.
 */
int supervisor_run(const struct pid1_config *cfg, pid_t main_pid, const struct supervisor_job *job)
{
	struct supervisor s = {
		.cfg = cfg,
		.main_pid = main_pid,
		.main_pgid = main_pid,
		.own_pgrp = getpgrp(),
		.deadline = -1,
		.phase = main_pid > 0 ? PHASE_RUNNING : PHASE_PAUSED,
	};
	pid_t sender;

	adopt_init(&s.adoption, cfg->pidfile, cfg->pidfile_timeout_ms);
	job_start(&s, job);
	while (s.phase != PHASE_DONE) {
		int signo = wait_next(&s, &sender);
		if (signo < 0) {
			log_error_errno(TEXT("killing the command"), "cannot wait for signals");
			if (s.main_pid > 0)
				signal_main(&s, SIGKILL);
			adopt_stop(&s.adoption);
			close_stopped_fd(&s);
			return PID1_EXIT_SYSTEM;
		}
		if (signo == 0)
			on_wakeup(&s);
		else if (signo == SIGCHLD)
			reap(&s);
		else
			on_signal(&s, signo, sender);
	}
	adopt_stop(&s.adoption);
	close_stopped_fd(&s);
	return s.exit_code;
}
