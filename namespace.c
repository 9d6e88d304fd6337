// SPDX-License-Identifier: MIT
/*
 * namespace.c - PID, mount and user namespaces for --pid, --mount-proc and
 * --user, and the UTS, IPC, network and cgroup ones of --hostname, --uts,
 * --ipc, --net and --cgroup. unshare(CLONE_NEWPID) only moves the *next child* into the new
 * namespace, so the outer pid1 unshares and forks; the child is PID 1 there
 * and runs the ordinary supervisor. proc shows the PID namespace of whoever
 * mounts it, so the inner pid1 mounts it, in a mount namespace made private
 * first so the mount never propagates back to the host.
 */
#include "namespace.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fmt.h"
#include "idmap.h"
#include "log.h"
#include "procfs.h"
#include "sys.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* True if the sysctl file @path reads @value (a digit), and a newline or nothing after it. */
static bool sysctl_is(const char *path, char value)
{
	char buf[16];

	return procfs_read_at(AT_FDCWD, path, buf, sizeof(buf)) > 0 && buf[0] == value &&
	       (buf[1] == '\n' || buf[1] == '\0');
}

/* capget(2)'s structures, spelled out: musl's build has no <linux/capability.h>. */
#define CAPABILITY_VERSION_3 0x20080522
#define CAPABILITY_SYS_ADMIN 21

bool namespace_has_cap_sys_admin(void)
{
	struct {
		uint32_t version;
		int pid;
	} hdr = { CAPABILITY_VERSION_3, 0 };
	struct {
		uint32_t effective, permitted, inheritable;
	} data[2] = { 0 };

	if (syscall(SYS_capget, &hdr, data) < 0)
		return false;
	return data[0].effective & (1U << CAPABILITY_SYS_ADMIN);
}

/*
 * A chroot shows no mount at "/" in /proc/self/mountinfo, unless its
 * directory is a mount point itself. Return: 1 or 0; -1 where /proc is
 * missing and nobody can tell.
 */
static int in_chroot(void)
{
	char buf[4096];
	ssize_t n;
	/* In each line "ID PARENT MAJ:MIN ROOT MOUNTPOINT ...", where we are. */
	int field = 0, pos = 0, root_mount = 0, fd = sys_open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (!root_mount && (n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n && !root_mount; i++) {
			char c = buf[i];

			if (c == '\n') {
				field = pos = 0;
			} else if (c == ' ') {
				root_mount = field == 4 && pos == 1;
				field++, pos = 0;
			} else if (field == 4 && pos++ == 0 && c != '/') {
				pos = 2; /* not "/" */
			}
		}
	}
	close(fd);
	return !root_mount;
}

/* One table for namespace.c and join.c, in flat arrays: no pointers to relocate or carry. */
const struct namespace_kind namespace_kinds[NS_KINDS] = {
	[NS_USER] = { CLONE_NEWUSER, "user", "user" },
	[NS_MNT] = { CLONE_NEWNS, "mnt", "mount" },
	[NS_PID] = { CLONE_NEWPID, "pid", "PID" },
	[NS_UTS] = { CLONE_NEWUTS, "uts", "UTS" },
	[NS_IPC] = { CLONE_NEWIPC, "ipc", "IPC" },
	[NS_NET] = { CLONE_NEWNET, "net", "network" },
	[NS_CGROUP] = { CLONE_NEWCGROUP, "cgroup", "cgroup" },
};
#define KIND(k) (&namespace_kinds[NS_##k])

/*
 * The advice for ENOSPC: one text for the seven kinds, filled in only on
 * that error.
 */
static const char *limit_hint(const char *sysctl)
{
	static char hint[sizeof("the limit is reached or the sysctl user.max_cgroup_namespaces is 0")];

	fmt_snprintf(hint, sizeof(hint), TEXT("the limit is reached or the sysctl user.max_%s_namespaces is 0"),
		     sysctl);
	return hint;
}

/*
 * Advice for a namespace pid1 may not create, true for this caller: root is
 * never told to run as root.
 */
static const char *refusal_hint(int err, const struct namespace_kind *kind, bool in_userns)
{
	if (err == ENOSPC)
		return limit_hint(kind->file);
	if (err != EPERM)
		return NULL;
	if (!in_userns && !namespace_has_cap_sys_admin())
		return geteuid() == 0
			       ? TEXT("pid1 lacks CAP_SYS_ADMIN (a container without privileges, say); add --user")
			       : TEXT("run as root or add --user");
	return TEXT(
		"pid1 has the privilege, so something above it forbids this (a seccomp filter, a security module or the "
		"container runtime)");
}

/* Why a user namespace was refused, as precisely as this machine tells. */
static const char *userns_hint(int err)
{
	if (err == ENOSPC)
		return limit_hint("user");
	if (err == EUSERS)
		return TEXT("user namespaces are nested too deep");
	if (err != EPERM && err != EACCES)
		return NULL;
	if (sysctl_is("/proc/sys/kernel/unprivileged_userns_clone", '0') && geteuid() != 0)
		return TEXT("the sysctl kernel.unprivileged_userns_clone is 0");
	if (sysctl_is("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", '1'))
		return TEXT(
			"AppArmor restricts them here (the sysctl kernel.apparmor_restrict_unprivileged_userns is 1)");
	switch (in_chroot()) {
	case 1:
		return TEXT("pid1 runs in a chroot, where the kernel refuses new user namespaces");
	case 0:
		return TEXT(
			"something forbids them here (a seccomp filter, a security module or the container runtime)");
	default:
		return TEXT(
			"pid1 may run in a chroot, where the kernel refuses them, or something else forbids them "
			"(a seccomp filter, a security module)");
	}
}

static int write_file(const char *path, const char *text)
{
	int fd = sys_open(path, O_WRONLY | O_CLOEXEC);
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
	static const char files[][sizeof("/proc/self/setgroups")] = { "/proc/self/setgroups", "/proc/self/uid_map",
								      "/proc/self/gid_map" };
	const unsigned ids[] = { 0, uid, gid };
	char map[64] = "deny";

	for (int i = 0; i < 3; i++) {
		if (i > 0)
			fmt_snprintf(map, sizeof(map), "0 %u 1", ids[i]);
		/* A kernel before 3.19 has no setgroups file, and needs no "deny". */
		if (write_file(files[i], map) < 0 && (i > 0 || errno != ENOENT)) {
			log_error_errno(NULL, "cannot write %s for --user", files[i]);
			return -1;
		}
	}
	return 0;
}

/* With @map_auto, newuidmap and newgidmap write the maps, from a helper forked before. */
static int enter_user_namespace(bool map_auto)
{
	struct idmap_helper helper;
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (map_auto && idmap_prepare(&helper) < 0)
		return -1;
	if (unshare(CLONE_NEWUSER) < 0) {
		int err = errno;

		if (map_auto)
			idmap_apply(&helper, false);
		log_errno_msg(LOG_LEVEL_ERROR, err, userns_hint(err), "cannot create a user namespace");
		return -1;
	}
	return map_auto ? idmap_apply(&helper, true) : map_to_root(uid, gid);
}

static int create_namespace(const struct namespace_kind *kind, bool in_userns)
{
	int err;

	if (unshare(kind->flag) == 0)
		return 0;
	err = errno;
	log_errno_msg(LOG_LEVEL_ERROR, err, refusal_hint(err, kind, in_userns), "cannot create %s %s namespace",
		      kind->flag == CLONE_NEWIPC ? "an" : "a", kind->noun);
	return -1;
}

#define PROC_MAGIC 0x9fa0 /* statfs()'s f_type for proc */
#define PROC_ROOT_INODE 1

/*
 * Only a directory that a fresh proc can cover without harm: not "/" (the
 * command would see nothing else), and not a directory inside a proc mount
 * (/proc/self, /proc/sys: the command would get no usable /proc). The top of
 * one, /proc itself, is what --mount-proc is for.
 */
static int check_proc_dir(const char *dir)
{
	struct stat st, root;
	struct statfs fs;
	const char *why = NULL;
	int err = sys_stat(dir, &st) < 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;

	if (err != 0) {
		log_errno_msg(LOG_LEVEL_ERROR, err, NULL, "cannot use %s for --mount-proc", dir);
		return -1;
	}
	if (sys_stat("/", &root) == 0 && st.st_dev == root.st_dev && st.st_ino == root.st_ino)
		why = TEXT("it is the root directory, and a proc over it would hide every other file");
	else if (statfs(dir, &fs) == 0 && fs.f_type == PROC_MAGIC && st.st_ino != PROC_ROOT_INODE)
		why = TEXT("it lies inside a proc mount, where a new proc leaves the command no usable /proc");
	if (why != NULL) {
		log_reason_msg(LOG_LEVEL_ERROR, why, TEXT("use /proc, or an empty directory"),
			       "cannot use %s for --mount-proc", dir);
		return -1;
	}
	return 0;
}

int namespace_unshare(const struct pid1_config *cfg)
{
	if (cfg->ns_mount && check_proc_dir(cfg->proc_dir) < 0)
		return -1;
	if (cfg->ns_user && enter_user_namespace(cfg->map_auto) < 0)
		return -1;
	return create_namespace(KIND(PID), cfg->ns_user);
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

	if (sys_prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) {
		log_error_errno(NULL, "cannot set the parent-death signal");
		return -1;
	}
	if (parent_handle < 0)
		return 0;
	if (poll(&pfd, 1, 0) > 0) {
		log_reason_msg(LOG_LEVEL_ERROR, TEXT("the outer pid1 has exited"), NULL, "cannot start the command");
		return -1;
	}
	close(parent_handle);
	return 0;
}

#define USERNS_PROC_HINT                                                              \
	"in a user namespace the kernel mounts a new proc only where /proc is fully " \
	"visible, with nothing mounted over parts of it"

static int mount_private_proc(const char *dir, bool in_userns)
{
	if (create_namespace(KIND(MNT), in_userns) < 0)
		return -1;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		log_error_errno(NULL, "cannot make the mounts under / private for --mount-proc");
		return -1;
	}
	if (mount("proc", dir, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
		int err = errno;

		log_errno_msg(LOG_LEVEL_ERROR, err,
			      err != EPERM ? NULL
			      : in_userns  ? TEXT(USERNS_PROC_HINT)
					   : refusal_hint(err, KIND(MNT), false),
			      "cannot mount proc on %s", dir);
		return -1;
	}
	return 0;
}

/* A new network namespace has lo, down: bring it up, as every program expects 127.0.0.1 to work. */
static int bring_up_lo(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = sys_socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		log_error_errno(NULL, "cannot open a socket to bring up lo in the network namespace");
		return -1;
	}
	if (sys_ioctl(fd, SIOCGIFFLAGS, &ifr) < 0 || (ifr.ifr_flags |= IFF_UP, sys_ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)) {
		log_error_errno(NULL, "cannot bring up lo in the network namespace");
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * --hostname, --uts, --ipc, --net, --cgroup: each a namespace of the inner
 * pid1's own, as --mount-proc's. The cgroup one last, so that the inner
 * pid1's own cgroup is the root the command sees.
 */
static int create_others(const struct pid1_config *cfg)
{
	const bool want[] = { cfg->ns_uts, cfg->ns_ipc, cfg->ns_net, cfg->ns_cgroup };

	for (int k = NS_UTS; k <= NS_CGROUP; k++) {
		if (want[k - NS_UTS] &&
		    (create_namespace(&namespace_kinds[k], cfg->ns_user) < 0 || (k == NS_NET && bring_up_lo() < 0)))
			return -1;
		if (k == NS_UTS && cfg->hostname != NULL && sethostname(cfg->hostname, strlen(cfg->hostname)) < 0) {
			log_error_errno(NULL, "cannot set the host name to %s", cfg->hostname);
			return -1;
		}
	}
	return 0;
}

int namespace_setup_inner(const struct pid1_config *cfg, int parent_handle)
{
	if (die_with_parent(parent_handle) < 0)
		return -1;
	if (cfg->ns_mount && mount_private_proc(cfg->proc_dir, cfg->ns_user) < 0)
		return -1;
	return create_others(cfg);
}
