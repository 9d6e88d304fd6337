// SPDX-License-Identifier: MIT
/*
 * procfs.c - walks /proc to find a process's parent and its descendants.
 * "Every descendant" is never kill(-1): as a subreaper that would hit the
 * whole machine, and as PID 1 it would also hit processes that joined the
 * namespace (docker exec, nsenter) and are nobody's descendants there. The
 * pids are those of the namespace /proc was mounted in, which is not pid1's
 * own after --pid without --mount-proc (see procfs_is_ours()), so processes
 * are signalled through their /proc directory, never by number.
 */
#include "procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "fmt.h"
#include "parse.h"
#include "sys.h"

#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#include <unistd.h>

pid_t procfs_parse_stat_ppid(const char *stat_line)
{
	/* "PID (COMM) STATE PPID ...": COMM may hold anything, so go by the last ')'. */
	const char *p = strrchr(stat_line, ')');
	unsigned long ppid;

	if (p == NULL || p[1] != ' ' || p[2] == '\0' || p[3] != ' ')
		return -1;
	if (parse_uint_prefix(p + 4, 0x7fffffffUL, &ppid, &p) < 0 || (*p != ' ' && *p != '\0' && *p != '\n'))
		return -1;
	return (pid_t)ppid;
}

ssize_t procfs_read_at(int dirfd, const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = sys_openat(dirfd, path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n == 0)
		errno = ESRCH; /* reaped between open and read */
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* The parent in the stat file below @dirfd ("/proc" or a "/proc/PID" directory). */
static pid_t parent_at(int dirfd, const char *stat_path)
{
	char buf[512];

	if (procfs_read_at(dirfd, stat_path, buf, sizeof(buf)) < 0)
		return -1;
	return procfs_parse_stat_ppid(buf);
}

pid_t procfs_parent(pid_t pid)
{
	char path[32];

	fmt_snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	return parent_at(AT_FDCWD, path);
}

pid_t procfs_self(void)
{
	char buf[16];
	unsigned long pid;
	ssize_t n = sys_readlink("/proc/self", buf, sizeof(buf) - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (parse_uint(buf, 0x7fffffffUL, &pid) < 0) {
		errno = EINVAL;
		return -1;
	}
	return (pid_t)pid;
}

bool procfs_is_ours(void)
{
	return procfs_self() == getpid();
}

bool procfs_is_descendant(pid_t pid, pid_t ancestor)
{
	/* Bounded: a pid tree is never deeper than the number of pids. */
	for (int depth = 0; pid > 1 && depth < 4194304; depth++) {
		pid = procfs_parent(pid);
		if (pid == ancestor)
			return true;
	}
	return false;
}

/* getdents64 records; libc's opendir() would allocate, and pid1 avoids malloc. */
struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

int procfs_for_each_number(const char *dir, int (*fn)(long n, int dirfd, void *ctx), void *ctx)
{
	char buf[4096];
	unsigned long n;
	long got;
	int rc = 0, fd = sys_open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (rc == 0 && (got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; rc == 0 && off < got;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(void *)(buf + off);

			off += d->d_reclen;
			if (parse_uint(d->d_name, 0x7fffffffUL, &n) == 0)
				rc = fn((long)n, fd, ctx);
		}
	}
	close(fd);
	return got < 0 ? -1 : rc;
}

struct proc_entry {
	pid_t pid, ppid;
	int mark;
};

/* A growable table in anonymous memory, returned to the kernel after each use. */
struct proc_table {
	struct proc_entry *e;
	size_t len, cap;
};

static int table_add(long pid, int dirfd, void *ctx)
{
	struct proc_table *t = ctx;
	pid_t ppid = procfs_parent((pid_t)pid);
	void *p;

	(void)dirfd;
	/*
	 * A process gone meanwhile is skipped; any other failure (no descriptor
	 * left, say) means the table would miss processes: give up, so that the
	 * caller falls back on the main process's group instead of nobody.
	 */
	if (ppid < 0)
		return errno == ENOENT || errno == ESRCH ? 0 : -1;
	if (t->len == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 4096;

		p = t->cap ? sys_mremap(t->e, t->cap * sizeof(*t->e), cap * sizeof(*t->e), MREMAP_MAYMOVE)
			   : sys_mmap(NULL, cap * sizeof(*t->e), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				      -1, 0);
		if (p == MAP_FAILED)
			return -1;
		t->e = p;
		t->cap = cap;
	}
	t->e[t->len++] = (struct proc_entry){ .pid = (pid_t)pid, .ppid = ppid };
	return 0;
}

static struct proc_entry *table_find(const struct proc_table *t, pid_t pid)
{
	size_t lo = 0, hi = t->len;

	/* /proc lists pids in ascending order, so the table is sorted already. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->e[mid].pid == pid)
			return &t->e[mid];
		if (t->e[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Repeated passes mark children of marked processes; a pass that marks nothing ends it. */
static void mark_descendants(struct proc_table *t, pid_t ancestor)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (size_t i = 0; i < t->len; i++) {
			struct proc_entry *parent;

			if (t->e[i].mark)
				continue;
			parent = t->e[i].ppid == ancestor ? NULL : table_find(t, t->e[i].ppid);
			if (t->e[i].ppid == ancestor || (parent != NULL && parent->mark))
				t->e[i].mark = changed = true;
		}
	}
}

/*
 * Signal the process listed in @e through its /proc directory, used as a
 * pidfd: the numbers of the /proc that was walked need not be pid1's own
 * (--pid without --mount-proc shows the parent namespace), and the open
 * directory pins the process, so a pid reused since the walk is caught by
 * its parent no longer matching. Return: 0, or -1 with errno.
 */
static int signal_entry(const struct proc_entry *e, int sig)
{
	char path[32];
	int fd, r = -1;

	fmt_snprintf(path, sizeof(path), "/proc/%d", (int)e->pid);
	fd = sys_open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (parent_at(fd, "stat") != e->ppid)
		errno = ESRCH;
	else
		r = (int)syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0U);
	close(fd);
	return r;
}

int procfs_signal_descendants(pid_t ancestor, int sig)
{
	struct proc_table t = { 0 };
	int count = -1;

	if (procfs_for_each_number("/proc", table_add, &t) == 0) {
		mark_descendants(&t, ancestor);
		count = 0;
		for (size_t i = 0; i < t.len && count >= 0; i++) {
			if (!t.e[i].mark)
				continue;
			if (signal_entry(&t.e[i], sig) == 0)
				count++;
			else if (errno == ENOSYS)
				count = -1; /* a kernel before 5.1: no way to signal by /proc entry */
		}
	}
	if (t.cap)
		sys_munmap(t.e, t.cap * sizeof(*t.e));
	return count;
}
