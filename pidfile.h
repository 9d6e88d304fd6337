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

/**
 * pidfile_read() - read and parse @path.
 * Return: the pid; or -1 with a reason ("No such file or directory", "it is
 * empty", "'abc' is not a pid") in @why.
 */
pid_t pidfile_read(const char *path, char *why, size_t whylen);

#endif
