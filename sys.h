/* SPDX-License-Identifier: MIT */
/*
 * sys.h - the system calls pid1 makes without libc's wrapper. In a static
 * musl build these wrappers bring in far more than the call: fork() its
 * at-fork locks and the thread code behind them (about 2.2 KB), getcwd() the
 * malloc() that getcwd(NULL, 0) needs (about 1 KB), stat() a conversion
 * from the kernel's struct and an emulation for kernels older than 2.6.39
 * (about 700 bytes). pid1 has no threads, no at-fork handlers and no heap,
 * so the bare call is all it needs.
 */
#ifndef PID1_SYS_H
#define PID1_SYS_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/*
 * fork(), without libc's bookkeeping for threads. The child must not rely on
 * libc's idea of its thread id (raise(), pthread_kill()): spawn.c's child
 * only sets up its group and terminal, restores its signal state and execs.
 */
static inline pid_t sys_fork(void)
{
#ifdef SYS_fork
	return (pid_t)syscall(SYS_fork);
#else
	/* The architectures without fork(); clone's other arguments are 0, in whatever order. */
	return (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
#endif
}

/*
 * getcwd() into @buf: 0, or -1 with errno set. A directory outside the root
 * comes back from the kernel as "(unreachable)/...", which libc turns into
 * ENOENT; so does this.
 */
static inline int sys_getcwd(char *buf, size_t size)
{
	long n = syscall(SYS_getcwd, buf, size);

	if (n < 0)
		return -1;
	if (n == 0 || buf[0] != '/') {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

/*
 * fstatat() straight into libc's struct stat, where it is the kernel's own
 * layout (x86-64, arm64); elsewhere libc converts it.
 */
static inline int sys_fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
#if defined(__x86_64__) || defined(__aarch64__)
	return (int)syscall(SYS_newfstatat, dirfd, path, st, flags);
#else
	return fstatat(dirfd, path, st, flags);
#endif
}

static inline int sys_stat(const char *path, struct stat *st)
{
	return sys_fstatat(AT_FDCWD, path, st, 0);
}

static inline int sys_fstat(int fd, struct stat *st)
{
	return sys_fstatat(fd, "", st, AT_EMPTY_PATH);
}

#endif
