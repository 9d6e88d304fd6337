/* SPDX-License-Identifier: MIT */
/* supervisor.h - the loop that runs once the command does: signals in and out, reaping, the stop. */
#ifndef PID1_SUPERVISOR_H
#define PID1_SUPERVISOR_H

#include <sys/types.h>

#include "options.h"

/**
 * supervisor_run() - supervise @main_pid (0: --pause, no command) until it
 * and, as @cfg asks, its leftovers are gone. Never fails on its own: errors
 * are logged and the loop goes on, except a broken signal wait.
 * Return: the exit status for pid1 (the command's, mapped by -e, or one of
 * enum pid1_exit).
 */
int supervisor_run(const struct pid1_config *cfg, pid_t main_pid);

#endif
