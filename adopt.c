// SPDX-License-Identifier: MIT
/*
 * adopt.c - following a daemon through its pidfile (--pidfile): resolve the
 * path, watch its directory, read it, and say whether the pid it names can
 * be followed. Only a child of pid1 can: pid1 must be the one to reap it.
 */
#include "adopt.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fmt.h"
#include "log.h"
#include "pidfile.h"
#include "procfs.h"
#include "signals.h"
#include "sys.h"

/* Without inotify: how often the file is read again. */
#define RECHECK_MS 100
#define TEXT_OF(n) TEXT_OF_(n)
#define TEXT_OF_(n) #n

void adopt_init(struct adoption *a, const char *path, long timeout_ms)
{
	*a = (struct adoption){ .path = path, .timeout_ms = timeout_ms, .sfd = -1, .watch_fd = -1 };
}

int adopt_resolve_path(const char **path)
{
	static char abs[PATH_MAX];
	char cwd[PATH_MAX];

	if (*path == NULL || (*path)[0] == '/')
		return 0;
	if (sys_getcwd(cwd, sizeof(cwd)) < 0)
		return -1;
	if (fmt_snprintf(abs, sizeof(abs), "%s/%s", cwd, *path) >= (int)sizeof(abs)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	*path = abs;
	return 0;
}

bool adopt_pending(const struct adoption *a)
{
	return a->path != NULL && !a->used;
}

void adopt_stop(struct adoption *a)
{
	if (a->watch_fd >= 0)
		close(a->watch_fd);
	if (a->sfd >= 0)
		close(a->sfd);
	a->watch_fd = a->sfd = -1;
}

void adopt_start(struct adoption *a)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(a->path, '/');

	a->used = true;
	fmt_snprintf(dir, sizeof(dir), "%.*s", slash == a->path ? 1 : (int)(slash - a->path), a->path);
	a->watch_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (a->watch_fd >= 0 &&
	    inotify_add_watch(a->watch_fd, dir, IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_MODIFY) >= 0)
		a->sfd = signals_open();
	if (a->sfd < 0) {
		log_debug_errno(TEXT("reading the pidfile every " TEXT_OF(RECHECK_MS) " ms instead"), "cannot watch %s",
				dir);
		adopt_stop(a);
	}
}

enum adopt_result adopt_try(struct adoption *a, bool children_left)
{
	char *why = a->problem;
	size_t len = sizeof(a->problem);
	pid_t pid = pidfile_read(a->path, why, len);
	siginfo_t si;

	if (pid == PIDFILE_NOT_REGULAR) {
		adopt_stop(a);
		return ADOPT_FAILED;
	}
	if (pid > 0) {
		const char *which;

		if (kill(pid, 0) < 0 && errno == ESRCH) {
			which = TEXT("is not running; did the daemon die at start?");
		} else if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0) {
			/* Our child: we will reap it. */
			adopt_stop(a);
			a->pid = pid;
			return ADOPT_FOLLOW;
		} else if (!procfs_is_ours()) {
			/* /proc shows another namespace (--pid without --mount-proc): wait for the handover. */
			which = TEXT("has not been handed over to pid1");
		} else if (!procfs_is_descendant(pid, getpid())) {
			which = TEXT("is not a process started by pid1");
		} else {
			/* Its parent is still exiting: adopt once it is ours, so we reap it. */
			which = TEXT("was never handed over to pid1");
		}
		fmt_snprintf(why, len, TEXT("it names %d, which %s"), (int)pid, which);
	}
	if (children_left)
		return ADOPT_WAIT;
	adopt_stop(a);
	return ADOPT_FAILED;
}

/*
 * Other files in the directory are noise (pid1's own log among them, at -vv:
 * reading again on each would log again, and wake pid1 again).
 */
bool adopt_woken(struct adoption *a)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const char *name = strrchr(a->path, '/') + 1;
	bool touched = false;
	ssize_t n;

	if (a->watch_fd < 0)
		return true; /* the wake-up was the timer that says "read it again" */
	while ((n = read(a->watch_fd, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)(buf + off);

			if ((ev->mask & IN_Q_OVERFLOW) || (ev->len > 0 && strcmp(ev->name, name) == 0))
				touched = true;
			off += (ssize_t)(sizeof(*ev) + ev->len);
		}
	}
	return touched;
}

int adopt_poll_ms(const struct adoption *a, int timeout_ms)
{
	if (a->watch_fd < 0 && (timeout_ms < 0 || timeout_ms > RECHECK_MS))
		return RECHECK_MS;
	return timeout_ms;
}

void adopt_timed_out(struct adoption *a)
{
	if (access(a->path, F_OK) < 0 && errno == ENOENT)
		fmt_snprintf(a->problem, sizeof(a->problem), TEXT("no daemon wrote it within %ld ms"), a->timeout_ms);
	adopt_stop(a);
}
