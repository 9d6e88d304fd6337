/* SPDX-License-Identifier: MIT */
/*
 * log.h - the one way pid1 talks to the user: stderr, one line each, in one
 * grammar:
 *
 *   pid1: [inner: ][warning: |info: |debug: ]WHAT[: REASON][; WHAT NEXT]
 *
 * - "pid1: " always comes first. "inner: " follows on every line of the inner
 *   pid1 of --pid (PID 1 of the new namespace) and of its forked child until
 *   the exec, so that the two pid1 processes can be told apart.
 * - The severity is named unless the line is an error: "warning: " (shown by
 *   default), "info: " (-v), "debug: " (-vv). A usage error is an error:
 *   "pid1: PROBLEM", then "pid1: try 'pid1 --help' for more information".
 * - WHAT says what failed, naming the action ("cannot fork to start the
 *   command"), or what happened ("forwarded SIGTERM to process group 7").
 * - REASON, after ": ", is why: strerror(errno) through log_errno_msg(), or
 *   a reason of pid1's own through log_reason_msg() ("it is empty").
 * - WHAT NEXT, after "; ", is the advice or what pid1 does about it ("run as
 *   root or add --user", "orphans will not be reaped").
 *
 *   pid1: cannot fork to start the command: Resource temporarily unavailable
 *   pid1: warning: cannot become a child subreaper: Invalid argument; orphans will not be reaped
 *   pid1: inner: info: forwarded SIGTERM to process group 2
 *
 * A line is at most LOG_LINE_MAX bytes. A longer one loses the end of its
 * WHAT, marked "...", never its REASON or WHAT NEXT.
 */
#ifndef PID1_LOG_H
#define PID1_LOG_H

#include <errno.h>

#include "fmt.h"

enum log_level {
	LOG_LEVEL_ERROR = -1, /* always shown */
	LOG_LEVEL_WARN = 0,   /* shown at the default verbosity */
	LOG_LEVEL_INFO = 1,   /* -v: reaped orphans, forwarded signals */
	LOG_LEVEL_DEBUG = 2,  /* -vv: every decision */
};

/* The longest line written, its newline included. */
#define LOG_LINE_MAX 1024

extern int log_verbosity;

/**
 * log_set_tag() - put "@tag: " after "pid1: " on every line from now on, in
 * this process and in the children it forks. @tag must stay valid; NULL
 * removes it.
 */
void log_set_tag(const char *tag);

/**
 * log_reason_msg() - write one line "pid1: ...WHAT[: @reason][; @hint]" to
 * stderr if @level is enabled; WHAT is formatted from @fmt, @reason and @hint
 * may be NULL. For a reason that is not an errno ("it is empty").
 * Formats into a stack buffer and issues a single write(2), so it is safe in
 * the forked child and lines from pid1 and its child never interleave. errno
 * is preserved, so a following strerror(errno) still reports the caller's error.
 * @fmt is a literal, made a TEXT() here; log_line() takes any format.
 */
void log_line(int level, const char *reason, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#define log_reason_msg(level, reason, hint, fmt, ...) log_line((level), (reason), (hint), TEXT(fmt), ##__VA_ARGS__)

/**
 * log_never_block() - for the supervision loop, which must block on nothing
 * but its signal wait: give stderr an open file description of pid1's own,
 * non-blocking, by opening it again through /proc/self/fd/2. A full pipe or
 * a terminal stopped with ^S then loses a line of pid1's instead of stopping
 * it; the command, forked before, keeps the shared, blocking one. Only for a
 * pipe or a device: a file never blocks (and opened again it would have an
 * offset of its own), and a socket cannot be opened again.
 * Return: 0, or -1 with errno.
 */
int log_never_block(void);

/* log_msg() - a line with no reason and no hint. */
#define log_msg(level, ...) log_reason_msg((level), NULL, NULL, __VA_ARGS__)

/** log_errno_msg() - log_reason_msg() (log_errno_line()) with strerror(@errnum) as the reason. */
void log_errno_line(int level, int errnum, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#define log_errno_msg(level, errnum, hint, fmt, ...) log_errno_line((level), (errnum), (hint), TEXT(fmt), ##__VA_ARGS__)

/**
 * log_enabled() - whether a line of @level would be written. The macros below
 * evaluate their arguments even when it would not be: where one costs
 * something (a signal's name, a wait status described) on a path taken for
 * every signal or child, test this first. Formatting a signal name costs
 * more than forwarding the signal.
 */
#define log_enabled(level) ((level) <= log_verbosity)

/*
 * The level is checked inside, so that each of the hundred calls is only the
 * level, the format and the arguments.
 */
void log_at_line(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define log_at(level, fmt, ...) log_at_line((level), TEXT(fmt), ##__VA_ARGS__)
#define log_error(...) log_at(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...) log_at(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...) log_at(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_at(LOG_LEVEL_DEBUG, __VA_ARGS__)

/*
 * "WHAT: strerror(errno)[; hint]". log_errno_at_line() reads errno first
 * thing, after the arguments are evaluated: none may change it (values,
 * strings and signals_name() do not).
 */
void log_errno_at_line(int level, const char *hint, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define log_errno_at(level, hint, fmt, ...) log_errno_at_line((level), (hint), TEXT(fmt), ##__VA_ARGS__)
#define log_error_errno(hint, ...) log_errno_at(LOG_LEVEL_ERROR, hint, __VA_ARGS__)
#define log_warn_errno(hint, ...) log_errno_at(LOG_LEVEL_WARN, hint, __VA_ARGS__)
#define log_debug_errno(hint, ...) log_errno_at(LOG_LEVEL_DEBUG, hint, __VA_ARGS__)

#endif
