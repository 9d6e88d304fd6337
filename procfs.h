/* SPDX-License-Identifier: MIT */
/* procfs.h - the process tree as /proc shows it: parents and descendants. */
#ifndef PID1_PROCFS_H
#define PID1_PROCFS_H

#include <stdbool.h>
#include <sys/types.h>

/**
 * procfs_parse_stat_ppid() - the parent pid from the text of /proc/PID/stat
 * (the command name may hold spaces and parentheses). Return: ppid or -1.
 */
pid_t procfs_parse_stat_ppid(const char *stat_line);

/** procfs_parent() - parent of @pid, or -1 if it is gone. */
pid_t procfs_parent(pid_t pid);

/*
 * procfs_read_at() - the start of @path below @dirfd (AT_FDCWD for an
 * absolute one), in one read, into @buf, NUL-terminated. Return: the length,
 * or -1 with errno; an empty file is ESRCH (its process was reaped between
 * the open and the read).
 */
ssize_t procfs_read_at(int dirfd, const char *path, char *buf, size_t len);

/**
 * procfs_self() - the caller's pid as /proc numbers it, which differs from
 * getpid() when /proc shows an ancestor's PID namespace.
 * Return: the pid, or -1 with errno (ENOENT: /proc shows a namespace the
 * caller is not in at all).
 */
pid_t procfs_self(void);

/**
 * procfs_is_ours() - true if /proc shows pid1's own PID namespace, so that
 * its pids mean what getpid() and kill() mean.
 */
bool procfs_is_ours(void);

/** procfs_is_descendant() - true if @ancestor is a (grand)parent of @pid. */
bool procfs_is_descendant(pid_t pid, pid_t ancestor);

/**
 * procfs_signal_descendants() - send @sig to every process below @ancestor
 * (a pid as /proc numbers it: see procfs_self()), and to nobody else. Each
 * is signalled through its /proc directory, so this is right whichever PID
 * namespace /proc shows, and a pid reused since the listing is skipped.
 * Return: how many were signalled, or -1 with errno if /proc cannot be read
 * or the kernel cannot signal through /proc (before Linux 5.1: ENOSYS).
 */
int procfs_signal_descendants(pid_t ancestor, int sig);

/**
 * procfs_for_each_number() - call @fn for each entry of directory @dir whose
 * name is a number (pids in /proc, descriptors in /proc/self/fd), with
 * @dirfd, the descriptor used for reading (a listing of /proc/self/fd shows
 * it too; a pid equal to it is still a pid). Stops when @fn returns non-zero.
 * Return: 0, @fn's non-zero result, or -1 with errno if @dir cannot be read.
 */
int procfs_for_each_number(const char *dir, int (*fn)(long n, int dirfd, void *ctx), void *ctx);

#endif
