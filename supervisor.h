/* SPDX-License-Identifier: MIT */
/* supervisor.h - the loop that runs once the command does: signals in and out, reaping, the stop. */
#ifndef PID1_SUPERVISOR_H
#define PID1_SUPERVISOR_H

#include <stdbool.h>
#include <sys/types.h>

#include "options.h"

/*
 * Job control, for pid1 started as a job of an interactive shell (stdin a
 * terminal, pid1's group its foreground; see spawn_job_control()): what pid1
 * does when the command stops, and when pid1 itself is continued. All off
 * without a terminal (a service, a pipe), in the background, and for the
 * outer pid1 as PID 1 (a container).
 */
struct supervisor_job {
	bool follow_stops;  /* the command stopped: stop pid1 too (never as PID 1), or tell report_fd */
	bool give_terminal; /* pid1 gave the command the terminal: on SIGCONT, give it back if pid1's group has it */
	int report_fd;      /* the inner pid1 of --pid: a byte here for each stop of the command; -1: none */
	int stopped_fd;     /* the outer pid1 of --pid: the other end (the loop owns it); -1: none */
};

/**
 * supervisor_run() - supervise @main_pid (0: --pause, no command) until it
 * and, as @cfg asks, its leftovers are gone. Never fails on its own: errors
 * are logged and the loop goes on, except a broken signal wait. @job may be
 * NULL: no job control. The loop closes @job->stopped_fd.
 * Return: the exit status for pid1 (the command's, mapped by -e, or one of
 * enum pid1_exit).
 */
int supervisor_run(const struct pid1_config *cfg, pid_t main_pid, const struct supervisor_job *job);

#endif
