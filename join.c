// SPDX-License-Identifier: MIT
/*
 * join.c - --join. The joining pid1 stays outside, as the command's parent,
 * and runs the ordinary supervisor over it; it only moves itself into the
 * sandbox's namespaces. setns(CLONE_NEWPID) moves only the children forked
 * after it, which is what puts the command inside. The mount namespace is
 * the one left to the command (entered in the child, before its exec): a
 * pid1 inside it would see the sandbox's /proc, where it is not listed, and
 * could no longer find its own descendants there.
 */
#include "join.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fmt.h"
#include "log.h"
#include "namespace.h"
#include "parse.h"
#include "procfs.h"
#include "sys.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#define kinds namespace_kinds
#define NKINDS NS_KINDS

int join_parse_nspid(const char *status, pid_t *innermost)
{
	const char *p = status;
	unsigned long pid = 0;
	int levels = 0;

	while (p != NULL && strncmp(p, "NSpid:", 6) != 0)
		p = (p = strchr(p, '\n')) ? p + 1 : NULL;
	if (p == NULL)
		return -1;
	for (p += 6; *p != '\n' && *p != '\0';) {
		if (*p == '\t' || *p == ' ') {
			p++;
			continue;
		}
		if (parse_uint_prefix(p, 0x7fffffffUL, &pid, &p) < 0 || pid == 0)
			return -1;
		levels++;
	}
	if (levels == 0)
		return -1;
	*innermost = (pid_t)pid;
	return levels;
}

bool join_is_inner_pid1(const char *status, int outer_levels)
{
	pid_t innermost;

	return join_parse_nspid(status, &innermost) == outer_levels + 1 && innermost == 1;
}

/* /proc/@pid/status (@pid 0: self) into @buf. Return: 0, or -1 with errno. */
static int read_status(pid_t pid, char *buf, size_t len)
{
	char path[32];

	if (pid > 0)
		fmt_snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	else
		fmt_snprintf(path, sizeof(path), "/proc/self/status");
	return procfs_read_at(AT_FDCWD, path, buf, len) < 0 ? -1 : 0;
}

/* Why the kernel refused, as true for this caller as can be told. */
static const char *refusal_hint(int err)
{
	if (err != EPERM && err != EACCES)
		return NULL;
	if (geteuid() != 0)
		return TEXT(
			"a user may join only a sandbox made with --user by the same user; run as that user, or as root");
	if (!namespace_has_cap_sys_admin())
		return TEXT("pid1 lacks CAP_SYS_ADMIN (a container without privileges, say)");
	return TEXT(
		"pid1 has the privilege, so something above it forbids this (a seccomp filter, a security module or the "
		"container runtime)");
}

/*
 * "cannot read the namespaces of process @pid" (@ns) or "cannot join process
 * @pid", for @err; a process gone meanwhile is ESRCH, as it is for the
 * kernel's calls. Return: -1.
 */
static int refuse(bool ns, int err, pid_t pid)
{
	err = err == ENOENT ? ESRCH : err;
	log_errno_line(LOG_LEVEL_ERROR, err, ns ? refusal_hint(err) : NULL,
		       ns ? TEXT("cannot read the namespaces of process %d") : TEXT("cannot join process %d"),
		       (int)pid);
	return -1;
}

struct inner_search {
	pid_t outer, found;
	int levels, children;
};

/* An outer pid1 has one child: anything else is not one, and guessing would enter a stranger. */
static int check_child(long pid, int dirfd, void *ctx)
{
	struct inner_search *s = ctx;
	char status[4096];

	(void)dirfd;
	if (procfs_parent((pid_t)pid) != s->outer)
		return 0;
	if (++s->children > 1)
		return 1;
	if (read_status((pid_t)pid, status, sizeof(status)) == 0 && join_is_inner_pid1(status, s->levels))
		s->found = (pid_t)pid;
	return 0;
}

/*
 * The process whose namespaces to enter: @pid itself if it is inside a PID
 * namespace below pid1's, or, if it is the outer pid1 of a sandbox, its
 * inner one. Return: the pid, or -1 (reported).
 */
static pid_t find_target(pid_t pid)
{
	char status[4096];
	struct inner_search s = { .outer = pid };
	pid_t innermost;
	int levels;

	if (read_status(0, status, sizeof(status)) < 0 || (s.levels = join_parse_nspid(status, &innermost)) < 0) {
		log_error_errno(NULL, "cannot read pid1's own PID namespaces in /proc/self/status for --join");
		return -1;
	}
	if (read_status(pid, status, sizeof(status)) < 0)
		return refuse(false, errno, pid);
	levels = join_parse_nspid(status, &innermost);
	if (levels > s.levels)
		return pid;
	/* The kernel shows the inner numbers only to whoever may trace the process. */
	fmt_snprintf(status, sizeof(status), "/proc/%d/ns/pid", (int)pid);
	if (access(status, F_OK) < 0 && errno == EACCES)
		return refuse(true, EACCES, pid);
	if (levels == s.levels && procfs_for_each_number("/proc", check_child, &s) == 0 && s.found > 0)
		return s.found;
	log_reason_msg(LOG_LEVEL_ERROR,
		       TEXT("it is in pid1's own PID namespace, and not a pid1 whose one child is PID 1 of a new one"),
		       TEXT("give the PID of a pid1 started with --pid, or of a process inside its sandbox"),
		       "cannot join process %d", (int)pid);
	return -1;
}

/*
 * Open each namespace of @target that differs from pid1's into @fds (-1
 * where it is the same, or where this kernel has no such namespace); on an
 * error the ones opened so far stay in @fds, for the caller to close.
 * Return: their CLONE_NEW* flags, or -1 (reported).
 */
static int differing(pid_t target, int fds[NKINDS])
{
	char path[64];
	struct stat mine, theirs;
	int flags = 0;

	for (size_t i = 0; i < NKINDS; i++) {
		fmt_snprintf(path, sizeof(path), "/proc/self/ns/%s", kinds[i].file);
		if (sys_stat(path, &mine) < 0)
			continue; /* this kernel has no such namespace */
		fmt_snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)target, kinds[i].file);
		/* Reading them takes the right to trace the process: a stranger's are refused here. */
		if (sys_stat(path, &theirs) < 0 || ((theirs.st_ino != mine.st_ino || theirs.st_dev != mine.st_dev) &&
						    (fds[i] = sys_open(path, O_RDONLY | O_CLOEXEC)) < 0))
			return refuse(true, errno, target);
		flags |= fds[i] >= 0 ? kinds[i].flag : 0;
	}
	return flags;
}

/*
 * All of @flags at once through the pidfd (Linux 5.8), which cannot miss or
 * half-enter; else, or to name the namespace that was refused, one file at a
 * time, user first.
 */
static int enter(pid_t target, int pidfd, int flags, const int fds[NKINDS])
{
	if (flags == 0 || (pidfd >= 0 && setns(pidfd, flags) == 0))
		return 0;
	for (size_t i = 0; i < NKINDS; i++) {
		int err;

		if (!(flags & kinds[i].flag) || setns(fds[i], kinds[i].flag) == 0)
			continue;
		err = errno;
		log_errno_msg(LOG_LEVEL_ERROR, err, refusal_hint(err), "cannot enter the %s namespace of process %d",
			      kinds[i].noun, (int)target);
		return -1;
	}
	return 0;
}

int join_enter(const struct pid1_config *cfg, int *mount_fd)
{
	int fds[NKINDS], flags, pidfd, rc = -1;
	pid_t target = find_target(cfg->join_pid);

	*mount_fd = -1;
	if (target < 0)
		return -1;
	/* Pins the process: its pid cannot be reused while pid1 enters. */
	pidfd = (int)syscall(SYS_pidfd_open, target, 0);
	if (pidfd < 0 && errno == ESRCH)
		return refuse(false, errno, target);
	for (size_t i = 0; i < NKINDS; i++)
		fds[i] = -1;
	flags = differing(target, fds);
	if (flags >= 0) {
		log_debug("joining the namespaces of process %d", (int)target);
		rc = enter(target, pidfd, flags & ~CLONE_NEWNS, fds);
	}
	if (pidfd >= 0)
		close(pidfd);
	if (rc == 0)
		*mount_fd = fds[NS_MNT], fds[NS_MNT] = -1;
	for (size_t i = 0; i < NKINDS; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return rc;
}
