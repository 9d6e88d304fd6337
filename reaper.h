/* SPDX-License-Identifier: MIT */
/* reaper.h - collecting exited children, and what their exit status means. */
#ifndef PID1_REAPER_H
#define PID1_REAPER_H

#include <stddef.h>
#include <sys/types.h>

/**
 * reaper_exit_code() - the shell's rule: exit code, or 128+N for signal N.
 */
int reaper_exit_code(int wstatus);

/**
 * reaper_describe() - "exit 3" or "signal TERM" for logs, into @buf.
 */
const char *reaper_describe(int wstatus, char *buf, size_t len);

/**
 * reaper_reap_one() - collect one exited child without blocking.
 * Return: 1 with *@pid and *@wstatus set; 0 if children are alive but none
 * has exited; -1 if pid1 has no children left (ECHILD).
 */
int reaper_reap_one(pid_t *pid, int *wstatus);

#endif
