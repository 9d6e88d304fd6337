// SPDX-License-Identifier: MIT
/*
 * sys.c - the calls of sys.h that are functions rather than inline: the
 * unit tests replace them with ld's --wrap, which needs a call to replace.
 */
#include "sys.h"

/*
 * The clock without libc's search of the vDSO for it (about 1 KB of a static
 * musl build): pid1 reads the clock only while a deadline is armed (a stop,
 * a --pidfile wait), never to forward a signal, so the system call's cost
 * does not show. Where time_t is not a long (32-bit), libc knows which call
 * fills its struct timespec.
 */
int sys_clock_gettime(clockid_t clk, struct timespec *ts)
{
#if __SIZEOF_LONG__ == 8
	return (int)syscall(SYS_clock_gettime, clk, ts);
#else
	return clock_gettime(clk, ts);
#endif
}

/* A pause of log.c's, for the same reason: libc's nanosleep() is a thread cancellation point (about 300 bytes). */
int sys_nanosleep(const struct timespec *ts)
{
#if __SIZEOF_LONG__ == 8
	return (int)syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, ts, NULL);
#else
	return nanosleep(ts, NULL);
#endif
}

pid_t sys_tcgetpgrp(int fd)
{
	int pgrp;

	return sys_ioctl(fd, TIOCGPGRP, &pgrp) < 0 ? -1 : pgrp;
}

int sys_tcsetpgrp(int fd, pid_t pgrp)
{
	int p = pgrp;

	return sys_ioctl(fd, TIOCSPGRP, &p);
}

#ifdef SYS_SYSCALL_ASM
/*
 * musl's syscall() reads its six arguments through a va_list (134 bytes).
 * The kernel takes them in the C convention's registers moved by one, and
 * the seventh from the stack; an error goes to errno as libc's does. The
 * push before __errno_location() aligns the stack again.
 */
__attribute__((naked)) long sys_syscall(long nr __attribute__((unused)), ...)
{
	__asm__("	mov %rdi, %rax\n" /* lint-formats: not a format */
		"	mov %rsi, %rdi\n"
		"	mov %rdx, %rsi\n"
		"	mov %rcx, %rdx\n"
		"	mov %r8, %r10\n"
		"	mov %r9, %r8\n"
		"	mov 8(%rsp), %r9\n"
		"	syscall\n"
		"	cmp $-4095, %rax\n"
		"	jae 1f\n"
		"	ret\n"
		"1:	neg %eax\n"
		"	push %rax\n"
		"	call __errno_location\n"
		"	pop %rcx\n"
		"	mov %ecx, (%rax)\n"
		"	or $-1, %rax\n"
		"	ret\n");
}
#endif
