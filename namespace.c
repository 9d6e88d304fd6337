// SPDX-License-Identifier: MIT
/*
 * namespace.c - PID, mount and user namespaces for --pid, --mount-proc and
 * --user. unshare(CLONE_NEWPID) only moves the *next child* into the new
 * namespace, so the outer pid1 unshares and forks; the child is PID 1 there
 * and runs the ordinary supervisor. proc shows the PID namespace of whoever
 * mounts it, so the inner pid1 mounts it, in a mount namespace made private
 * first so the mount never propagates back to the host.
 */
#include "namespace.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fmt.h"
#include "log.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static const char privilege_hint[] = "run as root or add --user";
static const char userns_hint[] =
	"user namespaces are disabled or restricted here (see the sysctls "
	"user.max_user_namespaces, kernel.unprivileged_userns_clone and "
	"kernel.apparmor_restrict_unprivileged_userns)";

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t len = (ssize_t)strlen(text), n;

	if (fd < 0)
		return -1;
	n = write(fd, text, (size_t)len);
	if (close(fd) < 0 || n != len) {
		if (n >= 0 && n != len)
			errno = EIO;
		return -1;
	}
	return 0;
}

/* Map the caller's uid and gid to root; "deny" first, as unprivileged gid maps require. */
static int map_to_root(uid_t uid, gid_t gid)
{
	char map[64];

	if (write_file("/proc/self/setgroups", "deny") < 0 && errno != ENOENT) {
		log_error_errno(NULL, "cannot write /proc/self/setgroups for --user");
		return -1;
	}
	fmt_snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	if (write_file("/proc/self/uid_map", map) < 0) {
		log_error_errno(NULL, "cannot write /proc/self/uid_map for --user");
		return -1;
	}
	fmt_snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	if (write_file("/proc/self/gid_map", map) < 0) {
		log_error_errno(NULL, "cannot write /proc/self/gid_map for --user");
		return -1;
	}
	return 0;
}

static int enter_user_namespace(void)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (unshare(CLONE_NEWUSER) < 0) {
		log_error_errno(errno == EPERM || errno == ENOSPC || errno == EUSERS ? userns_hint : NULL,
				"cannot create a user namespace");
		return -1;
	}
	return map_to_root(uid, gid);
}

static int check_proc_dir(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0) {
		log_error_errno(NULL, "cannot use %s for --mount-proc", dir);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		log_errno_msg(LOG_LEVEL_ERROR, ENOTDIR, NULL, "cannot use %s for --mount-proc", dir);
		return -1;
	}
	return 0;
}

int namespace_unshare(const struct pid1_config *cfg)
{
	if (cfg->ns_mount && check_proc_dir(cfg->proc_dir) < 0)
		return -1;
	if (cfg->ns_user && enter_user_namespace() < 0)
		return -1;
	if (unshare(CLONE_NEWPID) < 0) {
		const char *hint = errno == EPERM ? privilege_hint : NULL;

		if (errno == ENOSPC)
			hint = "see the sysctl user.max_pid_namespaces";
		log_error_errno(hint, "cannot create a PID namespace");
		return -1;
	}
	return 0;
}

int namespace_parent_handle(void)
{
	return (int)syscall(SYS_pidfd_open, getpid(), 0);
}

/*
 * PDEATHSIG is armed only now; if the outer pid1 died before that, no signal
 * will ever come. Its pidfd, opened before the fork, becomes readable once it
 * has exited: check that after arming, as getppid() is 0 across namespaces.
 */
static int die_with_parent(int parent_handle)
{
	struct pollfd pfd = { .fd = parent_handle, .events = POLLIN };

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
		log_error_errno(NULL, "cannot set the parent-death signal");
		return -1;
	}
	if (parent_handle < 0)
		return 0;
	if (poll(&pfd, 1, 0) > 0) {
		log_reason_msg(LOG_LEVEL_ERROR, "the outer pid1 has exited", NULL, "cannot start the command");
		return -1;
	}
	close(parent_handle);
	return 0;
}

static const char userns_proc_hint[] =
	"in a user namespace the kernel mounts a new proc only where /proc is fully "
	"visible, with nothing mounted over parts of it";

static int mount_private_proc(const char *dir, bool in_userns)
{
	const char *hint = in_userns ? userns_proc_hint : privilege_hint;

	if (unshare(CLONE_NEWNS) < 0) {
		log_error_errno(privilege_hint, "cannot create a mount namespace");
		return -1;
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		log_error_errno(NULL, "cannot make the mounts under / private for --mount-proc");
		return -1;
	}
	if (mount("proc", dir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		log_error_errno(errno == EPERM ? hint : NULL, "cannot mount proc on %s", dir);
		return -1;
	}
	return 0;
}

int namespace_setup_inner(const struct pid1_config *cfg, int parent_handle)
{
	if (die_with_parent(parent_handle) < 0)
		return -1;
	if (cfg->ns_mount && mount_private_proc(cfg->proc_dir, cfg->ns_user) < 0)
		return -1;
	return 0;
}
