/* SPDX-License-Identifier: MIT */
/* reaper.h - starting the child, reaping every child, and what exit code results. */
#ifndef PID1_REAPER_H
#define PID1_REAPER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "signals.h"

/* pid1's own exit codes: apart from 126/127 and 128+N, which belong to the child. */
enum pid1_exit {
	PID1_EXIT_USAGE = 100,     /* bad option, bad value, no command */
	PID1_EXIT_SYSTEM = 111,    /* a system call failed: at start-up, or the signal wait */
	PID1_EXIT_NAMESPACE = 112, /* a namespace or /proc could not be set up */
	PID1_EXIT_PIDFILE = 113,   /* --pidfile named no daemon to follow */
	PID1_EXIT_NOEXEC = 126,    /* COMMAND found but could not be executed */
	PID1_EXIT_NOTFOUND = 127,  /* COMMAND not found */
};

/* How the child is started; everything it must get back before exec. */
struct spawn_params {
	bool new_session;          /* setsid() instead of setpgid() (dumb-init) */
	bool take_terminal;        /* make the child's group the tty's foreground */
	signals_mask child_mask;   /* the mask pid1 inherited */
	struct sigaction child_sigchld; /* the SIGCHLD action pid1 inherited */
	pid_t listen_pid;          /* rewrite LISTEN_PID=listen_pid to the child's pid */
};

/**
 * reaper_exit_code() - the shell's rule: exit code, or 128+N for signal N.
 */
int reaper_exit_code(int wstatus);

/**
 * reaper_exec_failure_code() - 127 when the command was not found, else 126.
 */
int reaper_exec_failure_code(int errnum);

/**
 * reaper_describe() - "exit 3" or "signal TERM" for logs, into @buf.
 */
const char *reaper_describe(int wstatus, char *buf, size_t len);

/**
 * reaper_fork() - fork a child in its own process group (or session), with
 * the terminal handed to it when @p says so. The child returns 0 with every
 * signal still blocked; the parent returns the child's pid, or -1 with errno.
 */
pid_t reaper_fork(const struct spawn_params *p);

/**
 * reaper_exec() - in the forked child: restore what pid1 inherited, then
 * exec @argv. Never returns: on failure it reports and _exit()s 126 or 127.
 */
void reaper_exec(char **argv, const struct spawn_params *p) __attribute__((noreturn));

/**
 * reaper_reap_one() - collect one exited child without blocking.
 * Return: 1 with *@pid and *@wstatus set; 0 if children are alive but none
 * has exited; -1 if pid1 has no children left (ECHILD).
 */
int reaper_reap_one(pid_t *pid, int *wstatus);

#endif
