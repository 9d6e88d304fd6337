// SPDX-License-Identifier: MIT
/*
 * test_procfs.c - parsing /proc/PID/stat lines, and the parent/descendant
 * queries on this process and a child and grandchild it starts (and reaps).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "expect.h"

#include "procfs.h"

static void parse_stat_ppid_table(void **state)
{
	(void)state;
	static const struct {
		const char *name, *line;
		pid_t want;
	} cases[] = {
		{ "plain", "123 (sh) S 45 123 123 0 -1 4194560 100 0 0 0\n", 45 },
		{ "init", "1 (init) S 0 1 1 0 -1 4194560\n", 0 },
		{ "comm with space", "123 (my prog) R 7 8 9\n", 7 },
		{ "comm with ')'", "123 (a) b) S 45 1 2 3\n", 45 },
		{ "comm looking like the fields", "123 (a) S 4 5) T 6 7 8\n", 6 },
		{ "comm with parentheses", "123 ((sd-pam)) S 9 9 9\n", 9 },
		{ "empty comm", "123 () S 5 5 5\n", 5 },
		{ "comm with newline", "123 (a\n) S 6 6 6\n", 6 },
		{ "zombie", "99 (defunct) Z 12 99 99\n", 12 },
		{ "ppid last, no newline", "123 (sh) S 45", 45 },
		{ "ppid last, newline", "123 (sh) S 45\n", 45 },
		{ "largest pid_t", "123 (x) S 2147483647 1\n", 2147483647 },
		{ "empty", "", -1 },
		{ "no parenthesis", "123 sh S 45 1\n", -1 },
		{ "nothing after comm", "123 (sh)", -1 },
		{ "nothing after comm, newline", "123 (sh)\n", -1 },
		{ "no state", "123 (sh) ", -1 },
		{ "no ppid", "123 (sh) S", -1 },
		{ "no ppid, blank", "123 (sh) S ", -1 },
		{ "ppid not a number", "123 (sh) S x 1\n", -1 },
		{ "negative ppid", "123 (sh) S -5 1\n", -1 },
		{ "ppid with junk", "123 (sh) S 45x 1\n", -1 },
		{ "no blank before state", "123 (sh)S 45 1\n", -1 },
		{ "no blank after state", "123 (sh) S45 1\n", -1 },
		{ "ppid overflows pid_t", "123 (sh) S 2147483648 1\n", -1 },
		{ "ppid overflows long", "123 (sh) S 99999999999999999999 1\n", -1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_INT(cases[i].name, procfs_parse_stat_ppid(cases[i].line), cases[i].want);
	END_CASES();
}

static void parent_of_this_process(void **state)
{
	(void)state;
	EXPECT_INT("procfs_parent(getpid())", procfs_parent(getpid()), getppid());
	EXPECT_INT("no such pid", procfs_parent(INT_MAX), -1);
	EXPECT_INT("pid 0", procfs_parent(0), -1);
	EXPECT_INT("pid -1", procfs_parent(-1), -1);
	EXPECT_INT("is_descendant(getpid(), getppid())", procfs_is_descendant(getpid(), getppid()), 1);
	EXPECT_INT("is_descendant(getppid(), getpid())", procfs_is_descendant(getppid(), getpid()), 0);
	EXPECT_INT("is_descendant(getpid(), getpid())", procfs_is_descendant(getpid(), getpid()), 0);
	EXPECT_INT("is_descendant(no such pid, getpid())", procfs_is_descendant(INT_MAX, getpid()), 0);
	END_CASES();
}

/* A child that starts a grandchild; both wait until @release is closed. */
struct family {
	pid_t child, grandchild;
	int release; /* write end: closing it lets both exit */
};

static void start_family(struct family *f)
{
	int release[2], report[2];
	pid_t child;

	assert_int_equal(pipe2(release, O_CLOEXEC), 0);
	assert_int_equal(pipe(report), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		char c;
		pid_t grandchild;

		close(release[1]);
		close(report[0]);
		grandchild = fork();
		if (grandchild == 0) {
			/* Blocks until every write end is closed, then exits. */
			while (read(release[0], &c, 1) < 0 && errno == EINTR)
				;
			_exit(0);
		}
		if (grandchild < 0 || write(report[1], &grandchild, sizeof(grandchild)) != sizeof(grandchild))
			_exit(1);
		while (read(release[0], &c, 1) < 0 && errno == EINTR)
			;
		waitpid(grandchild, NULL, 0);
		_exit(0);
	}
	close(release[0]);
	close(report[1]);
	f->child = child;
	f->release = release[1];
	assert_int_equal(read(report[0], &f->grandchild, sizeof(f->grandchild)), sizeof(f->grandchild));
	close(report[0]);
}

static void end_family(struct family *f)
{
	int status = -1;

	close(f->release);
	assert_int_equal(waitpid(f->child, &status, 0), f->child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void descendants_of_this_process(void **state)
{
	(void)state;
	struct family f;
	pid_t self = getpid();

	start_family(&f);
	EXPECT_INT("parent of child", procfs_parent(f.child), self);
	EXPECT_INT("parent of grandchild", procfs_parent(f.grandchild), f.child);
	EXPECT_INT("child below self", procfs_is_descendant(f.child, self), 1);
	EXPECT_INT("grandchild below self", procfs_is_descendant(f.grandchild, self), 1);
	EXPECT_INT("grandchild below child", procfs_is_descendant(f.grandchild, f.child), 1);
	EXPECT_INT("grandchild below our parent", procfs_is_descendant(f.grandchild, getppid()), 1);
	EXPECT_INT("child not below grandchild", procfs_is_descendant(f.child, f.grandchild), 0);
	EXPECT_INT("self not below child", procfs_is_descendant(self, f.child), 0);
	/* Signal 0 only checks: the child and the grandchild, nothing else. */
	EXPECT_INT("signal_descendants(self, 0)", procfs_signal_descendants(self, 0), 2);
	EXPECT_INT("signal_descendants(child, 0)", procfs_signal_descendants(f.child, 0), 1);
	EXPECT_INT("signal_descendants(grandchild, 0)", procfs_signal_descendants(f.grandchild, 0), 0);
	end_family(&f);
	END_CASES();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_stat_ppid_table),
		cmocka_unit_test(parent_of_this_process),
		cmocka_unit_test(descendants_of_this_process),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
