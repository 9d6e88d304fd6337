// SPDX-License-Identifier: MIT
/* pidfile.c - strict parsing of daemon pidfiles: a garbage file must not name a process. */
#include "pidfile.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errtext.h"
#include "fmt.h"
#include "parse.h"
#include "sys.h"

pid_t pidfile_parse(const char *text)
{
	const char *p = text;
	unsigned long v;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '\0')
		return 0;
	if (parse_uint_prefix(p, INT_MAX, &v, &p) < 0)
		return -1;
	while (isspace((unsigned char)*p))
		p++;
	return *p == '\0' && v > 0 ? (pid_t)v : -1;
}

static const char *file_kind(mode_t mode)
{
	/* clang-format off */
	switch (mode & S_IFMT) {
	case S_IFDIR: return TEXT("a directory");
	case S_IFIFO: return TEXT("a FIFO");
	case S_IFSOCK: return TEXT("a socket");
	case S_IFCHR: return TEXT("a character device");
	case S_IFBLK: return TEXT("a block device");
	default: return TEXT("not a plain file");
	}
	/* clang-format on */
}

pid_t pidfile_read(const char *path, char *why, size_t whylen)
{
	char buf[64];
	ssize_t n = -1, more = 0;
	pid_t pid;
	struct stat st;
	const char *reason = NULL;
	int err;
	/*
	 * Non-blocking: opening a FIFO (or /dev/stdin on a pipe) for reading
	 * would wait for a writer, and pid1's loop with it. Anything but a
	 * regular file is then refused before it is read.
	 */
	int fd = sys_open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd >= 0 && sys_fstat(fd, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			close(fd);
			fmt_snprintf(why, whylen, TEXT("it is %s, not a regular file"), file_kind(st.st_mode));
			return PIDFILE_NOT_REGULAR;
		}
		n = read(fd, buf, sizeof(buf) - 1);
		/* A pid is a few digits: a file longer than the buffer is not a pidfile. */
		if (n == (ssize_t)sizeof(buf) - 1)
			more = read(fd, buf + n, 1);
	}
	/* Whatever failed, before close() can change errno. */
	err = errno;
	if (fd >= 0)
		close(fd);
	if (n >= 0 && more > 0) {
		reason = TEXT("it is too long to hold just a pid");
	} else if (n >= 0 && more == 0) {
		buf[n] = '\0';
		pid = pidfile_parse(buf);
		if (pid > 0)
			return pid;
		/*
		 * Not TEXT(): a daemon that has not written its pid yet is the
		 * usual case, and this one must not unpack the texts for a line
		 * that only -vv writes.
		 */
		reason = "it is empty";
		if (pid < 0) {
			fmt_snprintf(why, whylen, "'%.*s' is not a pid", (int)(strchrnul(buf, '\n') - buf), buf);
			return -1;
		}
	}
	/* strerror()'s text only for a failure: a TEXT() too, and unpacking them all costs. */
	fmt_snprintf(why, whylen, "%s", reason ? reason : errtext(err));
	return -1;
}
