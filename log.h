/* SPDX-License-Identifier: MIT */
/* log.h - the one way pid1 talks to the user: stderr, one line, "pid1: " first. */
#ifndef PID1_LOG_H
#define PID1_LOG_H

enum log_level {
	LOG_LEVEL_ERROR = -1, /* always shown */
	LOG_LEVEL_WARN = 0,   /* shown at the default verbosity */
	LOG_LEVEL_INFO = 1,   /* -v: reaped orphans, forwarded signals */
	LOG_LEVEL_DEBUG = 2,  /* -vv: every decision */
};

extern int log_verbosity;

/**
 * log_msg() - write one "pid1: ..." line to stderr if @level is enabled.
 * Formats into a stack buffer and issues a single write(2), so it is safe in
 * the forked child and lines from pid1 and its child never interleave. errno
 * is preserved, so a following strerror(errno) still reports the caller's error.
 */
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The level is checked before the arguments are evaluated: formatting a
 * signal name costs more than forwarding the signal. */
#define log_at(level, ...)                              \
	do {                                            \
		if ((level) <= log_verbosity)           \
			log_msg((level), __VA_ARGS__);  \
	} while (0)
#define log_error(...) log_at(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...) log_at(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...) log_at(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_at(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
