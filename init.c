// SPDX-License-Identifier: MIT
/*
 * init.c - pid1's start-up: block signals, parse options, start the command
 * (in new namespaces, or in a running sandbox's, if asked), tidy up, and hand over to the
 * supervisor. Anything here may still fail and exit; the loop may not.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "adopt.h"
#include "errtext.h"
#include "exitcode.h"
#include "fmt.h"
#include "join.h"
#include "log.h"
#include "namespace.h"
#include "options.h"
#include "procfs.h"
#include "signals.h"
#include "spawn.h"
#include "supervisor.h"
#include "sys.h"

#ifndef PID1_VERSION
#define PID1_VERSION "0"
#endif

/* -p: if the parent died before prctl() took effect, act as if the signal came. */
static void arm_pdeath_signal(int sig, pid_t parent)
{
	if (sys_prctl(PR_SET_PDEATHSIG, (unsigned long)sig) < 0) {
		log_warn_errno(TEXT("--pdeath-signal has no effect"), "cannot set the parent-death signal");
		return;
	}
	if (parent > 0 && getppid() != parent)
		kill(getpid(), sig);
}

static int close_if_inherited(long fd, int dirfd, void *ctx)
{
	int keep = *(const int *)ctx;

	if (fd >= 3 && fd != dirfd && fd != keep)
		close((int)fd);
	return 0;
}

/* Every descriptor above 2 but @keep (-1: none). */
static void close_inherited_fds(int keep)
{
#ifdef SYS_close_range
	if ((keep <= 3 || syscall(SYS_close_range, 3U, (unsigned)keep - 1, 0U) == 0) &&
	    syscall(SYS_close_range, keep < 3 ? 3U : (unsigned)keep + 1, ~0U, 0U) == 0)
		return;
#endif
	if (procfs_for_each_number("/proc/self/fd", close_if_inherited, &keep) < 0)
		log_debug_errno(TEXT("inherited descriptors stay open"),
				"cannot list the open descriptors in /proc/self/fd");
}

/*
 * After the child has its copies: pin no mount, keep no descriptor but the
 * job pipe's end @keep, and let no log line block the loop.
 */
static void housekeeping(int keep)
{
	/* A socket (journald) cannot be opened again: it stays as it was. */
	if (log_never_block() < 0 && errno != ENXIO)
		log_debug_errno(NULL, "cannot make stderr non-blocking for pid1");
	if (chdir("/") < 0)
		log_warn_errno(NULL, "cannot change directory to /");
	close_inherited_fds(keep);
}

/*
 * @job_control: pid1 is a shell's job (spawn_job_control()), or for the
 * inner pid1 of --pid, the outer one is and reads @report_fd (else -1).
 */
static int start_and_supervise(const struct pid1_config *cfg, struct spawn_params *sp, bool job_control, int report_fd)
{
	struct supervisor_job job = { .follow_stops = job_control, .report_fd = report_fd, .stopped_fd = -1 };
	pid_t pid = 0;

	spawn_become_subreaper();
	if (!cfg->pause) {
		sp->new_session = cfg->new_session;
		sp->take_terminal = spawn_may_take_terminal(sp->new_session);
		/* A session of its own holds the terminal for good: there is nothing to give back. */
		job.give_terminal = job_control && sp->take_terminal && !sp->new_session;
		pid = spawn_command(cfg->argv, sp);
		if (pid < 0) {
			log_error_errno(NULL, "cannot fork to start the command");
			return PID1_EXIT_SYSTEM;
		}
	}
	housekeeping(report_fd);
	return supervisor_run(cfg, pid, &job);
}

/*
 * The inner pid1 is PID 1 and cannot stop itself, so the outer one, the
 * shell's job, stops for it: a pipe, made before the fork, on which the
 * inner one writes a byte each time its command stops. Non-blocking: the
 * inner one must never wait on a stopped outer one.
 */
static void open_job_pipe(bool *job_control, int fds[2])
{
	if (!*job_control)
		return;
	if (sys_pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0) {
		log_warn_errno(TEXT("pid1 will not stop when the command does"),
			       "cannot make a pipe for the inner pid1");
		*job_control = false;
		fds[0] = fds[1] = -1;
	}
}

/*
 * --pid: the outer pid1 stays behind in the caller's namespace, passes every
 * signal to the inner one untouched and exits with its status; the inner one
 * is PID 1 of the new namespace and does the real work. The outer one starts
 * from the defaults, so that no option meant for the command reaches it.
 */
static int run_in_namespace(const struct pid1_config *cfg, struct spawn_params *sp)
{
	struct pid1_config outer;
	struct supervisor_job job = { .report_fd = -1 };
	bool job_control = spawn_job_control();
	int handle, fds[2] = { -1, -1 };
	pid_t pid;

	if (namespace_unshare(cfg) < 0)
		return PID1_EXIT_NAMESPACE;
	handle = namespace_parent_handle();
	open_job_pipe(&job_control, fds);
	sp->new_session = false;
	sp->take_terminal = spawn_may_take_terminal(false);
	pid = spawn_fork(sp);
	if (pid == 0) {
		/* Its lines, and its child's until the exec, read "pid1: inner: ...". */
		log_set_tag("inner");
		if (fds[0] >= 0)
			close(fds[0]);
		if (namespace_setup_inner(cfg, handle) < 0)
			_exit(PID1_EXIT_NAMESPACE);
		return start_and_supervise(cfg, sp, job_control, fds[1]);
	}
	/* Its own copy closed, the outer pid1 reads end of file once the inner one has gone. */
	if (fds[1] >= 0)
		close(fds[1]);
	if (pid < 0) {
		log_error_errno(NULL, "cannot fork to start the inner pid1");
		return PID1_EXIT_SYSTEM;
	}
	options_defaults(&outer);
	outer.forward_to_group = false; /* the inner pid1 alone: it leads its group anyway */
	outer.grace_ms = 0;             /* the inner pid1 does the stop */
	outer.warn_orphans = cfg->warn_orphans;
	job.follow_stops = job_control;
	job.give_terminal = job_control && sp->take_terminal;
	job.stopped_fd = fds[0];
	spawn_become_subreaper();
	housekeeping(fds[0]);
	return supervisor_run(&outer, pid, &job);
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
			log_reason_msg(LOG_LEVEL_ERROR, n < 0 ? errtext(errno) : TEXT("nothing written"), NULL,
				       "cannot write to standard output");
			return PID1_EXIT_SYSTEM;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct pid1_config cfg;
	struct spawn_params sp = { .listen_pid = getpid(), .join_mount_fd = -1 };
	pid_t parent = getppid();
	char version[96];

	/* Before anything else: a signal must not be lost or kill pid1 from here on. */
	if (signals_block_all(&sp.child_mask) < 0 || signals_reset_sigchld(&sp.child_sigchld) < 0) {
		log_error_errno(NULL, "cannot set up signal handling");
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
	/* Written only to change it: a write would copy its page of .data, 4 kB more RssAnon at the default. */
	if (log_verbosity != cfg.verbosity) // cppcheck-suppress duplicateConditionalAssign
		log_verbosity = cfg.verbosity;
	if (adopt_resolve_path(&cfg.pidfile) < 0) {
		log_error_errno(NULL, "cannot make --pidfile %s absolute", cfg.pidfile);
		return PID1_EXIT_USAGE;
	}
	if (cfg.pdeath_signal > 0)
		arm_pdeath_signal(cfg.pdeath_signal, parent);
	if (cfg.join_pid > 0 && join_enter(&cfg, &sp.join_mount_fd) < 0)
		return PID1_EXIT_NAMESPACE;
	if (cfg.ns_pid)
		return run_in_namespace(&cfg, &sp);
	return start_and_supervise(&cfg, &sp, spawn_job_control(), -1);
}
