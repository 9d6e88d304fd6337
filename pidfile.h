/* SPDX-License-Identifier: MIT */
/* pidfile.h - reading the pid a daemon wrote, for --pidfile. */
#ifndef PID1_PIDFILE_H
#define PID1_PIDFILE_H

#include <stddef.h>
#include <sys/types.h>

/**
 * pidfile_parse() - the pid in a pidfile's text: optional blanks, a
 * positive decimal number, optional blanks and newline, nothing else.
 * Return: the pid, 0 if the text is empty, -1 if it is not a pid.
 */
pid_t pidfile_parse(const char *text);

/* pidfile_read()'s answer for a path that will never hold a pid. */
#define PIDFILE_NOT_REGULAR (-2)

/**
 * pidfile_read() - read and parse @path, without ever blocking.
 * Return: the pid; -1 with a reason ("No such file or directory", "it is
 * empty", "'abc' is not a pid") in @why, which a daemon may still put
 * right; or PIDFILE_NOT_REGULAR with a reason ("it is a FIFO, not a regular
 * file") for a FIFO, socket, device or directory, which pid1 never reads.
 */
pid_t pidfile_read(const char *path, char *why, size_t whylen);

#endif
