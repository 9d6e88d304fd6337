/* SPDX-License-Identifier: MIT */
/*
 * adopt.h - --pidfile: when the command exits 0 after forking a daemon, find
 * the daemon in the pidfile and decide whether pid1 can follow it. The
 * supervisor owns the phase; this module only watches, reads and answers.
 */
#ifndef PID1_ADOPT_H
#define PID1_ADOPT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* What adopt_try() found. */
enum adopt_result {
	ADOPT_FOLLOW, /* the pidfile names a child of pid1: follow it (->pid) */
	ADOPT_WAIT,   /* not yet (->problem says why): wait for a write or a reap */
	ADOPT_FAILED, /* never: nobody is left who could write it, or it is no regular file (->problem says why) */
};

struct adoption {
	const char *path; /* absolute (see adopt_resolve_path()); NULL: no --pidfile */
	long timeout_ms;
	bool used;         /* the handover happens once: a daemon's own exit 0 ends pid1 */
	int sfd, watch_fd; /* while watching: a signalfd and an inotify fd, or -1 */
	pid_t pid;         /* ADOPT_FOLLOW: the daemon */
	char problem[160]; /* ADOPT_WAIT, ADOPT_FAILED: the reason, for the log */
};

/** adopt_init() - no watch yet; @path NULL means there is no --pidfile. */
void adopt_init(struct adoption *a, const char *path, long timeout_ms);

/**
 * adopt_resolve_path() - pid1 moves to / once the child runs, so a relative
 * pidfile is made absolute against the current directory, into a static
 * buffer that replaces *@path. Return: 0, or -1 with errno (getcwd()'s, or
 * ENAMETOOLONG).
 */
int adopt_resolve_path(const char **path);

/** adopt_pending() - true if a --pidfile was given and has not been used yet. */
bool adopt_pending(const struct adoption *a);

/**
 * adopt_start() - mark the handover as used and watch the pidfile's
 * directory with inotify, so that a write wakes the signal wait (the
 * supervisor waits on ->sfd and ->watch_fd). Without inotify or a signalfd
 * both stay -1 and the file is read every adopt_poll_ms().
 */
void adopt_start(struct adoption *a);

/**
 * adopt_try() - read the pidfile and judge the pid it names. @children_left:
 * pid1 still has children, one of which may yet write the file.
 */
enum adopt_result adopt_try(struct adoption *a, bool children_left);

/**
 * adopt_woken() - after a wake-up that was no deadline: drain inotify and
 * tell whether the pidfile itself changed (always true when polling).
 */
bool adopt_woken(struct adoption *a);

/** adopt_poll_ms() - @timeout_ms, shortened to the re-read interval when polling. */
int adopt_poll_ms(const struct adoption *a, int timeout_ms);

/** adopt_timed_out() - the timeout passed: say why in ->problem, stop watching. */
void adopt_timed_out(struct adoption *a);

/** adopt_stop() - close the watch, if any. */
void adopt_stop(struct adoption *a);

#endif
