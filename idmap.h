/* SPDX-License-Identifier: MIT */
/*
 * idmap.h - --map-auto: the caller's subordinate ids from /etc/subuid and
 * /etc/subgid, mapped into the user namespace by newuidmap and newgidmap.
 */
#ifndef PID1_IDMAP_H
#define PID1_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* More ranges than a user is ever given; the kernel takes 340 lines at most. */
#define IDMAP_MAX_RANGES 8

struct idmap_range {
	unsigned long start, count;
};

/**
 * idmap_parse_subid_line() - one line of /etc/subuid or /etc/subgid,
 * "OWNER:START:COUNT" (without the newline), where OWNER is a user name or
 * a number. Return: 1 and the range in @out if the line is @name's or @id's
 * (@name may be NULL), 0 if it is someone else's or malformed.
 */
int idmap_parse_subid_line(const char *line, const char *name, unsigned long id, struct idmap_range *out);

/**
 * idmap_parse_passwd_line() - one line of /etc/passwd: if it is @uid's,
 * copy the user name into @name. Return: 1 if it is, 0 if not.
 */
int idmap_parse_passwd_line(const char *line, unsigned long uid, char *name, size_t len);

/* The words of one newuidmap or newgidmap call, in buffers of their own (no malloc). */
struct idmap_argv {
	char *argv[3 + 3 * (IDMAP_MAX_RANGES + 1) + 1];
	char words[3 * (IDMAP_MAX_RANGES + 1) + 1][12];
};

/**
 * idmap_build_argv() - "@prog PID 0 @own 1 1 START COUNT ..." into @a: the
 * caller stays root inside, and the @n ranges follow it from id 1 on.
 * Return: 0, or -1 if the ranges overflow the 32-bit id space.
 */
int idmap_build_argv(struct idmap_argv *a, const char *prog, pid_t pid, unsigned long own, const struct idmap_range *r,
		     size_t n);

/* What the outer pid1 holds between idmap_prepare() and idmap_apply(). */
struct idmap_helper {
	pid_t pid;   /* the helper, forked before unshare(CLONE_NEWUSER) */
	int go_fd;   /* a byte here: the namespace exists, write the maps */
	int errs_fd; /* what newuidmap and newgidmap say */
};

/**
 * idmap_prepare() - read the caller's ranges, find the two programs, and fork
 * the helper that will run them from outside the namespace (inside it the
 * set-user-ID bit of newuidmap would count for nothing). Reports its own
 * errors. Return: 0, or -1 (exit PID1_EXIT_NAMESPACE).
 */
int idmap_prepare(struct idmap_helper *h);

/**
 * idmap_apply() - after unshare(CLONE_NEWUSER) (@unshared true) have the
 * helper write the maps and wait for it; with @unshared false only collect
 * it (then it returns 0: the caller reports why). Reports its own errors.
 * Return: 0, or -1 (exit PID1_EXIT_NAMESPACE).
 */
int idmap_apply(struct idmap_helper *h, bool unshared);

#endif
