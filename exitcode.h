/* SPDX-License-Identifier: MIT */
/* exitcode.h - pid1's own exit codes; every other status is the command's (its code, or 128+N). */
#ifndef PID1_EXITCODE_H
#define PID1_EXITCODE_H

enum pid1_exit {
	PID1_EXIT_USAGE = 100,     /* bad option, bad value, no command */
	PID1_EXIT_SYSTEM = 111,    /* a system call failed: at start-up, or the signal wait */
	PID1_EXIT_NAMESPACE = 112, /* a namespace or /proc could not be set up */
	PID1_EXIT_PIDFILE = 113,   /* --pidfile named no daemon to follow */
	PID1_EXIT_NOEXEC = 126,    /* COMMAND found but could not be executed */
	PID1_EXIT_NOTFOUND = 127,  /* COMMAND not found */
};

#endif
