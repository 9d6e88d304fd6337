// SPDX-License-Identifier: MIT
/*
 * errtext.c - strerror(), or, in the static build, a table of only the errors
 * pid1 can meet. musl's own table holds all 130 texts (2.2 KB); pid1 makes
 * some thirty system calls, and the errors their manual pages list are these
 * forty; then what a network, FUSE or encrypted file system may add to
 * execve(), chdir() and the pidfile's open() and read() (ESTALE, EDQUOT,
 * ENOTCONN, ETIMEDOUT, EHOSTDOWN, ENOKEY), what socket() may return when
 * --net brings up lo (EAFNOSUPPORT, EPROTONOSUPPORT, ENOBUFS), and a socket
 * as stdout reset under --help (ECONNRESET). The texts are musl's, what the
 * static binary printed before; ELIBBAD and EUSERS, which musl has no text
 * for, take glibc's.
 */
#include "errtext.h"

#include <errno.h>
#include <string.h>

#include "fmt.h"

#ifdef PID1_ERRNO_TABLE

/* The numbers, and their texts in the same order, each ended by its NUL. */
static const unsigned char codes[] = {
	EPERM,        ENOENT,          ESRCH,   EINTR,    EIO,          ENXIO,      E2BIG,        ENOEXEC,
	EBADF,        ECHILD,          EAGAIN,  ENOMEM,   EACCES,       EFAULT,     ENOTBLK,      EBUSY,
	EEXIST,       ENODEV,          ENOTDIR, EISDIR,   EINVAL,       ENFILE,     EMFILE,       ENOTTY,
	ETXTBSY,      EFBIG,           ENOSPC,  EROFS,    EPIPE,        ERANGE,     ENAMETOOLONG, ENOSYS,
	ELOOP,        EOVERFLOW,       ELIBBAD, EUSERS,   EDESTADDRREQ, EOPNOTSUPP, ESTALE,       EDQUOT,
	EAFNOSUPPORT, EPROTONOSUPPORT, ENOBUFS, ENOTCONN, ECONNRESET,   ETIMEDOUT,  EHOSTDOWN,    ENOKEY,
};

#define TEXTS                                        \
	"Operation not permitted\0"                  \
	"No such file or directory\0"                \
	"No such process\0"                          \
	"Interrupted system call\0"                  \
	"I/O error\0"                                \
	"No such device or address\0"                \
	"Argument list too long\0"                   \
	"Exec format error\0"                        \
	"Bad file descriptor\0"                      \
	"No child process\0"                         \
	"Resource temporarily unavailable\0"         \
	"Out of memory\0"                            \
	"Permission denied\0"                        \
	"Bad address\0"                              \
	"Block device required\0"                    \
	"Resource busy\0"                            \
	"File exists\0"                              \
	"No such device\0"                           \
	"Not a directory\0"                          \
	"Is a directory\0"                           \
	"Invalid argument\0"                         \
	"Too many open files in system\0"            \
	"No file descriptors available\0"            \
	"Not a tty\0"                                \
	"Text file busy\0"                           \
	"File too large\0"                           \
	"No space left on device\0"                  \
	"Read-only file system\0"                    \
	"Broken pipe\0"                              \
	"Result not representable\0"                 \
	"Filename too long\0"                        \
	"Function not implemented\0"                 \
	"Symbolic link loop\0"                       \
	"Value too large for data type\0"            \
	"Accessing a corrupted shared library\0"     \
	"Too many users\0"                           \
	"Destination address required\0"             \
	"Not supported\0"                            \
	"Stale file handle\0"                        \
	"Quota exceeded\0"                           \
	"Address family not supported by protocol\0" \
	"Protocol not supported\0"                   \
	"No buffer space available\0"                \
	"Socket not connected\0"                     \
	"Connection reset by peer\0"                 \
	"Operation timed out\0"                      \
	"Host is down\0"                             \
	"Required key not available"

const char *errtext(int errnum)
{
	static char other[sizeof("error -2147483648")];
	const char *s = fmt_text(TEXT(TEXTS));

	for (size_t i = 0; i < sizeof(codes); i++) {
		if (codes[i] == errnum)
			return s;
		s += strlen(s) + 1;
	}
	fmt_snprintf(other, sizeof(other), "error %d", errnum);
	return other;
}

#else

const char *errtext(int errnum)
{
	return strerror(errnum);
}

#endif
