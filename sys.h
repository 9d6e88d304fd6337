/* SPDX-License-Identifier: MIT */
/*
 * sys.h - the system calls pid1 makes without libc's wrapper. In a static
 * musl build these wrappers bring in far more than the call: fork() its
 * at-fork locks and the thread code behind them (about 2.2 KB), getcwd() the
 * malloc() that getcwd(NULL, 0) needs (about 1 KB), stat() a conversion
 * from the kernel's struct and an emulation for kernels older than 2.6.39
 * (about 700 bytes), open() and mmap() fallbacks and checks for kernels and
 * callers pid1 does not have (about 500 bytes), pipe2() and socket()
 * fallbacks for kernels older than 2.6.27 (about 350 bytes). pid1 has no
 * threads, no at-fork handlers and no heap, creates no file and maps only
 * anonymous memory, so the bare call is all it needs.
 */
#ifndef PID1_SYS_H
#define PID1_SYS_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/*
 * The static x86-64 build's syscall(), eight moves and the instruction (in
 * sys.c). Every file that makes a system call includes this one.
 */
#if defined(PID1_SMALL_STRINGS) && defined(__x86_64__)
#define SYS_SYSCALL_ASM
long sys_syscall(long nr, ...);
#define syscall sys_syscall
#endif

/* clock_gettime(), in sys.c. */
int sys_clock_gettime(clockid_t clk, struct timespec *ts);

/* nanosleep() for @ts, not resumed after a signal, in sys.c. */
int sys_nanosleep(const struct timespec *ts);

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

/* No mode: pid1 never creates a file. */
static inline int sys_openat(int dirfd, const char *path, int flags)
{
	return (int)syscall(SYS_openat, dirfd, path, flags, 0);
}

static inline int sys_open(const char *path, int flags)
{
	return sys_openat(AT_FDCWD, path, flags);
}

static inline ssize_t sys_readlink(const char *path, char *buf, size_t len)
{
	return (ssize_t)syscall(SYS_readlinkat, AT_FDCWD, path, buf, len);
}

/*
 * The kernel returns the address as a number, and syscall()'s -1 on an error
 * is MAP_FAILED: the casts below are the call's own interface.
 */
static inline void *sys_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
#ifdef SYS_mmap2
	return (void *)syscall(SYS_mmap2, addr, len, prot, flags, fd, off / 4096); // NOLINT(performance-no-int-to-ptr)
#else
	return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off); // NOLINT(performance-no-int-to-ptr)
#endif
}

static inline void *sys_mremap(void *old, size_t old_len, size_t new_len, int flags)
{
	return (void *)syscall(SYS_mremap, old, old_len, new_len, flags); // NOLINT(performance-no-int-to-ptr)
}

static inline int sys_munmap(void *addr, size_t len)
{
	return (int)syscall(SYS_munmap, addr, len);
}

static inline int sys_pipe2(int fds[2], int flags)
{
	return (int)syscall(SYS_pipe2, fds, flags);
}

/* i386 and other 32-bit ABIs have had socket() as a call of its own only since Linux 4.3. */
static inline int sys_socket(int domain, int type, int protocol)
{
#if defined(__x86_64__) || defined(__aarch64__)
	return (int)syscall(SYS_socket, domain, type, protocol);
#else
	return socket(domain, type, protocol);
#endif
}

/* prctl() for the options that take one argument. */
static inline int sys_prctl(int option, unsigned long arg)
{
	return (int)syscall(SYS_prctl, option, arg, 0UL, 0UL, 0UL);
}

static inline int sys_ioctl(int fd, unsigned long request, void *arg)
{
	return (int)syscall(SYS_ioctl, fd, request, arg);
}

/* isatty(), as libc tells: the ioctl every terminal answers. */
static inline int sys_isatty(int fd)
{
	struct winsize ws;

	return sys_ioctl(fd, TIOCGWINSZ, &ws) == 0;
}

/* tcgetpgrp() and tcsetpgrp(), in sys.c (the loop's unit tests replace them). */
pid_t sys_tcgetpgrp(int fd);
int sys_tcsetpgrp(int fd, pid_t pgrp);

#endif
