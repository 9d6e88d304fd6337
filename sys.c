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
