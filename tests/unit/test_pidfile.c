// SPDX-License-Identifier: MIT
/*
 * test_pidfile.c - pidfile_parse() on text, pidfile_read() on real files in a
 * private temporary directory (removed afterwards).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "expect.h"

#include "pidfile.h"

static void parse_table(void **state)
{
	(void)state;
	static const struct {
		const char *name, *text;
		pid_t want;
	} cases[] = {
		{ "123", "123", 123 },
		{ "123 newline", "123\n", 123 },
		{ "blanks around", "  42  \n", 42 },
		{ "tab and CRLF", "\t7\r\n", 7 },
		{ "one", "1", 1 },
		{ "leading zeros", "0012\n", 12 },
		{ "INT_MAX", "2147483647\n", 2147483647 },
		{ "empty", "", 0 },
		{ "newline only", "\n", 0 },
		{ "blanks only", "  \t \n\n", 0 },
		{ "abc", "abc", -1 },
		{ "12a", "12a", -1 },
		{ "12 then text", "12 abc\n", -1 },
		{ "zero", "0", -1 },
		{ "zeros", "000\n", -1 },
		{ "negative", "-5", -1 },
		{ "plus", "+5", -1 },
		{ "hex", "0x10", -1 },
		{ "overflow 99999999999", "99999999999", -1 },
		{ "INT_MAX+1", "2147483648", -1 },
		{ "two numbers", "1 2", -1 },
		{ "two lines", "123\n456\n", -1 },
		{ "decimal point", "12.0", -1 },
		{ "NUL-free garbage", "pid=12", -1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_INT(cases[i].name, pidfile_parse(cases[i].text), cases[i].want);
	END_CASES();
}

/* ---- pidfile_read on files ---- */

struct tmp {
	char dir[64];
};

static int make_tmpdir(void **state)
{
	static struct tmp t;
	const char *base = getenv("TMPDIR");

	snprintf(t.dir, sizeof(t.dir), "%s/pid1-unit-XXXXXX", base && *base && strlen(base) < 32 ? base : "/tmp");
	if (mkdtemp(t.dir) == NULL)
		return -1;
	*state = &t;
	return 0;
}

/* The directory holds only the flat files the test wrote. */
static int remove_tmpdir(void **state)
{
	struct tmp *t = *state;
	DIR *d = opendir(t->dir);
	struct dirent *e;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	return rmdir(t->dir);
}

static void write_file(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static void read_files(void **state)
{
	struct tmp *t = *state;
	static const struct {
		const char *name, *text;
		pid_t want;
		const char *why; /* NULL: @why is not touched */
	} cases[] = {
		{ "pid", "123\n", 123, NULL },
		{ "pid without newline", "4567", 4567, NULL },
		{ "padded pid", "   89 \n", 89, NULL },
		{ "empty", "", -1, "it is empty" },
		{ "newline only", "\n", -1, "it is empty" },
		{ "garbage", "abc", -1, "'abc' is not a pid" },
		{ "garbage line", "abc\n", -1, "'abc' is not a pid" },
		{ "12a", "12a\n", -1, "'12a' is not a pid" },
		{ "zero", "0\n", -1, "'0' is not a pid" },
		{ "negative", "-5\n", -1, "'-5' is not a pid" },
		{ "too big", "99999999999\n", -1, "'99999999999' is not a pid" },
	};
	char path[128], why[128];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(path, sizeof(path), "%s/case%zu.pid", t->dir, i);
		write_file(path, cases[i].text, strlen(cases[i].text));
		strcpy(why, "(untouched)");
		EXPECT_INT(cases[i].name, pidfile_read(path, why, sizeof(why)), cases[i].want);
		EXPECT_STR(cases[i].name, why, cases[i].why ? cases[i].why : "(untouched)");
	}

	/* No file: the system's words for ENOENT. */
	snprintf(path, sizeof(path), "%s/missing.pid", t->dir);
	strcpy(why, "(untouched)");
	EXPECT_INT("missing", pidfile_read(path, why, sizeof(why)), -1);
	EXPECT_STR("missing", why, strerror(ENOENT));

	/* Anything but a regular file is refused for good, without blocking on a FIFO. */
	strcpy(why, "(untouched)");
	EXPECT_INT("directory", pidfile_read(t->dir, why, sizeof(why)), PIDFILE_NOT_REGULAR);
	EXPECT_STR("directory", why, "it is a directory, not a regular file");
	snprintf(path, sizeof(path), "%s/fifo.pid", t->dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	strcpy(why, "(untouched)");
	EXPECT_INT("FIFO", pidfile_read(path, why, sizeof(why)), PIDFILE_NOT_REGULAR);
	EXPECT_STR("FIFO", why, "it is a FIFO, not a regular file");
	strcpy(why, "(untouched)");
	EXPECT_INT("character device", pidfile_read("/dev/null", why, sizeof(why)), PIDFILE_NOT_REGULAR);
	EXPECT_STR("character device", why, "it is a character device, not a regular file");

	/* A path through a regular file. */
	snprintf(path, sizeof(path), "%s/case0.pid/x", t->dir);
	strcpy(why, "(untouched)");
	EXPECT_INT("not a directory", pidfile_read(path, why, sizeof(why)), -1);
	EXPECT_STR("not a directory", why, strerror(ENOTDIR));

	/* A short @why is cut and terminated. */
	snprintf(path, sizeof(path), "%s/case3.pid", t->dir);
	{
		char small[6];

		memset(small, 'x', sizeof(small));
		EXPECT_INT("short why", pidfile_read(path, small, sizeof(small)), -1);
		EXPECT_STR("short why", small, "it is");
	}
	END_CASES();
}

/*
 * pidfile_read() reads a bounded prefix of the file. Trailing junk past the
 * prefix must not let a garbage file name a process, so a file longer than
 * any pidfile is refused whole, even when its text would parse.
 */
static void long_files_are_judged_whole(void **state)
{
	struct tmp *t = *state;
	char text[256], path[128], why[256];

	/* "123\n", 100 blanks, then junk. */
	memset(text, ' ', sizeof(text));
	memcpy(text, "123\n", 4);
	strcpy(text + 104, "junk\n");
	snprintf(path, sizeof(path), "%s/junk-after-blanks.pid", t->dir);
	write_file(path, text, strlen(text));
	EXPECT_INT("pidfile_parse of the whole text", pidfile_parse(text), -1);
	why[0] = '\0';
	EXPECT_INT("pid, 100 blanks, junk", pidfile_read(path, why, sizeof(why)), -1);

	/* 100 blanks, then a pid: valid text, longer than the prefix. */
	memset(text, ' ', sizeof(text));
	strcpy(text + 100, "4321\n");
	snprintf(path, sizeof(path), "%s/blanks-then-pid.pid", t->dir);
	write_file(path, text, strlen(text));
	EXPECT_INT("pidfile_parse of the whole text", pidfile_parse(text), 4321);
	why[0] = '\0';
	EXPECT_INT("100 blanks, pid", pidfile_read(path, why, sizeof(why)), -1);
	EXPECT_STR("100 blanks, pid: why", why, "it is too long to hold just a pid");
	END_CASES();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_table),
		cmocka_unit_test_setup_teardown(read_files, make_tmpdir, remove_tmpdir),
		cmocka_unit_test_setup_teardown(long_files_are_judged_whole, make_tmpdir, remove_tmpdir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
