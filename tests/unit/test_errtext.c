// SPDX-License-Identifier: MIT
/*
 * test_errtext.c - the static build's table of error texts: every error the
 * system calls pid1 makes can return has its full text, in the wording musl
 * printed before (glibc's where musl has none); any other number reads
 * "error N"; and the glibc build's errtext() is strerror().
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "expect.h"

#include "errtext.h"

/* The table version, beside the strerror() one linked from errtext.o. */
#define PID1_ERRNO_TABLE
#define errtext table_errtext
const char *errtext(int errnum); /* errtext.h's guard keeps its own out */
#include "../../errtext.c"
#undef errtext

/*
 * The errors of the calls pid1 makes (their manual pages): open, openat,
 * read, write, close, kill, setns, unshare, execve, fork, clone, waitid,
 * waitpid, setsid, setpgid, prctl, ioctl, tcsetpgrp, tcgetpgrp, pipe2,
 * access, stat, fstat, poll, mount, dup2, chdir, readlink, mmap, mremap,
 * munmap, getcwd, sethostname, opendir, inotify_init1, inotify_add_watch,
 * clock_gettime, socket; what network, FUSE and encrypted file systems
 * add; and what pid1 sets itself (ESRCH, EIO, EINVAL, ENAMETOOLONG).
 */
static const int reachable[] = {
	EPERM,        ENOENT,          ESRCH,   EINTR,    EIO,          ENXIO,      E2BIG,        ENOEXEC,
	EBADF,        ECHILD,          EAGAIN,  ENOMEM,   EACCES,       EFAULT,     ENOTBLK,      EBUSY,
	EEXIST,       ENODEV,          ENOTDIR, EISDIR,   EINVAL,       ENFILE,     EMFILE,       ENOTTY,
	ETXTBSY,      EFBIG,           ENOSPC,  EROFS,    EPIPE,        ERANGE,     ENAMETOOLONG, ENOSYS,
	ELOOP,        EOVERFLOW,       ELIBBAD, EUSERS,   EDESTADDRREQ, EOPNOTSUPP, ESTALE,       EDQUOT,
	EAFNOSUPPORT, EPROTONOSUPPORT, ENOBUFS, ENOTCONN, ECONNRESET,   ETIMEDOUT,  EHOSTDOWN,    ENOKEY,
};

static void every_reachable_error_has_its_text(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(reachable) / sizeof(reachable[0]); i++) {
		const char *s = table_errtext(reachable[i]);

		assert_true(strlen(s) > 5);
		assert_true(strncmp(s, "error ", 6) != 0);
		/* No two errors share a text: none was shifted onto its neighbour. */
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(s, table_errtext(reachable[j]));
	}
	assert_int_equal(sizeof(codes), sizeof(reachable) / sizeof(reachable[0]));
}

static void texts_are_musls(void **state)
{
	(void)state;
	EXPECT_STR("EPERM", table_errtext(EPERM), "Operation not permitted");
	EXPECT_STR("ENOENT", table_errtext(ENOENT), "No such file or directory");
	EXPECT_STR("EACCES", table_errtext(EACCES), "Permission denied");
	EXPECT_STR("ENOEXEC", table_errtext(ENOEXEC), "Exec format error");
	EXPECT_STR("EMFILE", table_errtext(EMFILE), "No file descriptors available");
	EXPECT_STR("ENAMETOOLONG", table_errtext(ENAMETOOLONG), "Filename too long");
	EXPECT_STR("ELIBBAD", table_errtext(ELIBBAD), "Accessing a corrupted shared library");
	EXPECT_STR("EUSERS", table_errtext(EUSERS), "Too many users");
	EXPECT_STR("EDQUOT", table_errtext(EDQUOT), "Quota exceeded");
	EXPECT_STR("EAFNOSUPPORT", table_errtext(EAFNOSUPPORT), "Address family not supported by protocol");
	EXPECT_STR("ENOKEY", table_errtext(ENOKEY), "Required key not available");
	END_CASES();
}

static void others_read_error_n(void **state)
{
	(void)state;
	EXPECT_STR("0", table_errtext(0), "error 0");
	EXPECT_STR("EXDEV", table_errtext(EXDEV), "error 18");
	EXPECT_STR("ECONNREFUSED", table_errtext(ECONNREFUSED), "error 111");
	EXPECT_STR("-1", table_errtext(-1), "error -1");
	EXPECT_STR("256", table_errtext(256), "error 256");
	EXPECT_STR("INT_MIN", table_errtext(-2147483647 - 1), "error -2147483648");
	END_CASES();
}

static void glibc_build_is_strerror(void **state)
{
	(void)state;
	EXPECT_STR("ENOENT", errtext(ENOENT), strerror(ENOENT));
	EXPECT_STR("ENOTTY", errtext(ENOTTY), strerror(ENOTTY));
	END_CASES();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_reachable_error_has_its_text),
		cmocka_unit_test(texts_are_musls),
		cmocka_unit_test(others_read_error_n),
		cmocka_unit_test(glibc_build_is_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
