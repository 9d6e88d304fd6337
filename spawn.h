/* SPDX-License-Identifier: MIT */
/* spawn.h - starting the command: its group, its terminal, its exec. */
#ifndef PID1_SPAWN_H
#define PID1_SPAWN_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "signals.h"

/* How the child is started; everything it must get back before exec. */
struct spawn_params {
	bool new_session;                    /* setsid() instead of setpgid() (dumb-init) */
	bool take_terminal;                  /* make the child's group the tty's foreground */
	signals_mask child_mask;             /* the mask pid1 inherited */
	struct signals_action child_sigchld; /* the SIGCHLD action pid1 inherited */
	pid_t listen_pid;                    /* rewrite LISTEN_PID=listen_pid to the child's pid */
	int join_mount_fd; /* --join: the sandbox's mount namespace, entered before the exec; -1: none */
};

/* An environment slot that the child rewrote, for pid1 to put back. */
struct env_undo {
	char **slot;
	char *old;
};

/**
 * spawn_become_subreaper() - unless pid1 is PID 1, register as child
 * subreaper so orphans below it come to pid1. A failure is logged as a
 * warning: the command still runs.
 */
void spawn_become_subreaper(void);

/**
 * spawn_may_take_terminal() - true if stdin is a terminal that pid1 holds
 * now: its group is the foreground (or, for a new session, pid1 leads the
 * session that owns it), so the child may take it over.
 */
bool spawn_may_take_terminal(bool new_session);

/**
 * spawn_job_control() - true if pid1 looks like a job of an interactive
 * shell: it is not PID 1, stdin is a terminal and pid1's process group is
 * its foreground. Then pid1 stops when the command does, so that the shell
 * gets the terminal back (see struct supervisor_job). Call it before
 * spawn_command() or spawn_fork(), which may hand the terminal over.
 */
bool spawn_job_control(void);

/**
 * spawn_fork() - fork a child in its own process group (or session), with
 * the terminal handed to it when @p says so: the inner pid1 of --pid. The
 * child returns 0 with every signal still blocked; the parent returns the
 * child's pid, or -1 with errno.
 */
pid_t spawn_fork(const struct spawn_params *p);

/**
 * spawn_command() - start @argv as a fork, spawn_fork()'s set-up and exec would, but
 * with vfork semantics (see spawn.c): pid1 goes on once the child has
 * exec'd or failed to. Return: the child's pid, or -1 with errno.
 */
pid_t spawn_command(char **argv, const struct spawn_params *p);

/**
 * spawn_exec_failure_code() - 127 when the command was not found, else 126.
 */
int spawn_exec_failure_code(int errnum);

#endif
