// SPDX-License-Identifier: MIT
/*
 * test_idmap.c - --map-auto's pure parts: lines of /etc/subuid and
 * /etc/passwd, and the words handed to newuidmap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "expect.h"

#include "idmap.h"

static void subid_lines(void **state)
{
	(void)state;
	const struct {
		const char *name, *line, *user;
		unsigned long id;
		int want;
		unsigned long start, count;
	} cases[] = {
		{ "by name", "alice:100000:65536", "alice", 1000, 1, 100000, 65536 },
		{ "by uid", "1000:200000:10", "alice", 1000, 1, 200000, 10 },
		{ "by uid, no name known", "1000:200000:10", NULL, 1000, 1, 200000, 10 },
		{ "someone else", "bob:100000:65536", "alice", 1000, 0, 0, 0 },
		{ "a longer name", "alice2:1:2", "alice", 1000, 0, 0, 0 },
		{ "a shorter name", "alic:1:2", "alice", 1000, 0, 0, 0 },
		{ "another uid", "1001:1:2", "alice", 1000, 0, 0, 0 },
		{ "uid with junk", "1000x:1:2", "alice", 1000, 0, 0, 0 },
		{ "empty", "", "alice", 1000, 0, 0, 0 },
		{ "comment", "#alice:1:2", "alice", 1000, 0, 0, 0 },
		{ "no owner", ":1:2", "alice", 1000, 0, 0, 0 },
		{ "no count", "alice:100000", "alice", 1000, 0, 0, 0 },
		{ "empty count", "alice:100000:", "alice", 1000, 0, 0, 0 },
		{ "zero count", "alice:100000:0", "alice", 1000, 0, 0, 0 },
		{ "trailing field", "alice:1:2:3", "alice", 1000, 0, 0, 0 },
		{ "negative start", "alice:-1:2", "alice", 1000, 0, 0, 0 },
		{ "blank in count", "alice:1: 2", "alice", 1000, 0, 0, 0 },
		{ "past 2^32", "alice:4294967295:2", "alice", 1000, 0, 0, 0 },
		{ "up to 2^32", "alice:4294967294:1", "alice", 1000, 1, 4294967294UL, 1 },
		{ "root", "root:400000:65536", "root", 0, 1, 400000, 65536 },
	};
	struct idmap_range r;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&r, 0, sizeof(r));
		EXPECT_INT(cases[i].name, idmap_parse_subid_line(cases[i].line, cases[i].user, cases[i].id, &r),
			   cases[i].want);
		EXPECT_INT(cases[i].name, r.start, cases[i].start);
		EXPECT_INT(cases[i].name, r.count, cases[i].count);
	}
	END_CASES();
}

static void passwd_lines(void **state)
{
	(void)state;
	const struct {
		const char *name, *line;
		unsigned long uid;
		const char *want;
	} cases[] = {
		{ "match", "alice:x:1000:1000:Alice:/home/alice:/bin/sh", 1000, "alice" },
		{ "root", "root:x:0:0:root:/root:/bin/bash", 0, "root" },
		{ "other uid", "bob:x:1001:1001::/home/bob:/bin/sh", 1000, "" },
		{ "uid prefix", "bob:x:10001:1:::", 1000, "" },
		{ "empty password field", "carol::1000:1::/:/bin/sh", 1000, "carol" },
		{ "no uid", "dave:x", 1000, "" },
		{ "uid not a number", "eve:x:abc:1:::", 1000, "" },
		{ "empty name", ":x:1000:1:::", 1000, "" },
		{ "empty", "", 1000, "" },
	};
	char name[16];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		name[0] = '\0';
		EXPECT_INT(cases[i].name, idmap_parse_passwd_line(cases[i].line, cases[i].uid, name, sizeof(name)),
			   cases[i].want[0] != '\0');
		EXPECT_STR(cases[i].name, name, cases[i].want);
	}
	/* A name that does not fit is no match rather than a cut one. */
	name[0] = '\0';
	EXPECT_INT("too long", idmap_parse_passwd_line("abcdefghijklmnop:x:7:7:::", 7, name, sizeof(name)), 0);
	END_CASES();
}

static const char *words(const struct idmap_argv *a, char *buf, size_t len)
{
	size_t pos = 0;

	buf[0] = '\0';
	for (size_t i = 0; a->argv[i] != NULL && pos < len; i++)
		pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", i ? " " : "", a->argv[i]);
	return buf;
}

static void newuidmap_words(void **state)
{
	(void)state;
	const struct idmap_range one[] = { { 100000, 65536 } };
	const struct idmap_range two[] = { { 100000, 65536 }, { 300000, 10 } };
	const struct idmap_range huge[] = { { 0, 4294967295UL } };
	const struct idmap_range all[] = { { 0, 4294967294UL } };
	const struct idmap_range many[] = { { 10, 1 }, { 20, 1 }, { 30, 1 }, { 40, 1 }, { 50, 1 },
					    { 60, 1 }, { 70, 1 }, { 80, 1 }, { 90, 1 } };
	struct idmap_argv a;
	char buf[512];

	EXPECT_INT("one range", idmap_build_argv(&a, "/usr/bin/newuidmap", 42, 1000, one, 1), 0);
	EXPECT_STR("one range", words(&a, buf, sizeof(buf)), "/usr/bin/newuidmap 42 0 1000 1 1 100000 65536");
	EXPECT_INT("two ranges", idmap_build_argv(&a, "newgidmap", 7, 0, two, 2), 0);
	EXPECT_STR("two ranges", words(&a, buf, sizeof(buf)), "newgidmap 7 0 0 1 1 100000 65536 65537 300000 10");
	/* The caller takes id 0, so a range of 2^32-1 ids no longer fits above it. */
	EXPECT_INT("overflow", idmap_build_argv(&a, "newuidmap", 7, 0, huge, 1), -1);
	/* ... but one id fewer fills the id space exactly. */
	EXPECT_INT("all ids", idmap_build_argv(&a, "newuidmap", 7, 0, all, 1), 0);
	EXPECT_STR("all ids", words(&a, buf, sizeof(buf)), "newuidmap 7 0 0 1 1 0 4294967294");
	/* Ranges past IDMAP_MAX_RANGES are left out, not written past the buffers. */
	EXPECT_INT("too many", idmap_build_argv(&a, "newuidmap", 7, 0, many, 9), 0);
	EXPECT_STR("too many", words(&a, buf, sizeof(buf)),
		   "newuidmap 7 0 0 1 1 10 1 2 20 1 3 30 1 4 40 1 5 50 1 6 60 1 7 70 1 8 80 1");
	END_CASES();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(subid_lines),
		cmocka_unit_test(passwd_lines),
		cmocka_unit_test(newuidmap_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
