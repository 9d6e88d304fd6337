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
	case S_IFDIR: return "a directory";
	case S_IFIFO: return "a FIFO";
	case S_IFSOCK: return "a socket";
	case S_IFCHR: return "a character device";
	case S_IFBLK: return "a block device";
	default: return "not a plain file";
	}
	/* clang-format on */
}

pid_t pidfile_read(const char *path, char *why, size_t whylen)
{
	char buf[64];
	ssize_t n, more = 0;
	pid_t pid;
	struct stat st;
	/*
	 * Non-blocking: opening a FIFO (or /dev/stdin on a pipe) for reading
	 * would wait for a writer, and pid1's loop with it. Anything but a
	 * regular file is then refused before it is read.
	 */
	int fd = sys_open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd < 0) {
		fmt_snprintf(why, whylen, "%s", errtext(errno));
		return -1;
	}
	if (sys_fstat(fd, &st) < 0) {
		fmt_snprintf(why, whylen, "%s", errtext(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fmt_snprintf(why, whylen, TEXT("it is %s, not a regular file"), file_kind(st.st_mode));
		close(fd);
		return PIDFILE_NOT_REGULAR;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	/* A pid is a few digits: a file longer than the buffer is not a pidfile. */
	if (n == (ssize_t)sizeof(buf) - 1)
		more = read(fd, buf + n, 1);
	if (n < 0 || more < 0)
		fmt_snprintf(why, whylen, "%s", errtext(errno));
	close(fd);
	if (n < 0 || more < 0)
		return -1;
	if (more > 0) {
		fmt_snprintf(why, whylen, TEXT("it is too long to hold just a pid"));
		return -1;
	}
	buf[n] = '\0';
	pid = pidfile_parse(buf);
	if (pid == 0)
		fmt_snprintf(why, whylen, "it is empty");
	else if (pid < 0)
		fmt_snprintf(why, whylen, "'%.*s' is not a pid", (int)(strchrnul(buf, '\n') - buf), buf);
	return pid > 0 ? pid : -1;
}
