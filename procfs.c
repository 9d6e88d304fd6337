// SPDX-License-Identifier: MIT
/*
 * procfs.c - walks /proc to find a process's parent and its descendants.
 * Needed when pid1 is a subreaper rather than PID 1 of a namespace: then
 * kill(-1) would hit the whole machine, so "every descendant" must be found.
 */
#include "procfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

pid_t procfs_parse_stat_ppid(const char *stat_line)
{
	const char *close = strrchr(stat_line, ')');
	char state;
	int ppid;

	if (close == NULL || sscanf(close + 1, " %c %d", &state, &ppid) != 2 || ppid < 0)
		return -1;
	return (pid_t)ppid;
}

pid_t procfs_parent(pid_t pid)
{
	char path[32], buf[512];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return procfs_parse_stat_ppid(buf);
}

bool procfs_is_descendant(pid_t pid, pid_t ancestor)
{
	/* Bounded: a pid tree is never deeper than the number of pids. */
	for (int depth = 0; pid > 1 && depth < 4194304; depth++) {
		pid = procfs_parent(pid);
		if (pid == ancestor)
			return true;
	}
	return false;
}

struct proc_list {
	pid_t *pid;
	pid_t *ppid;
	size_t len, cap;
};

static int proc_list_add(struct proc_list *l, pid_t pid, pid_t ppid)
{
	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		pid_t *a = realloc(l->pid, cap * sizeof(*a));
		pid_t *b = a ? realloc(l->ppid, cap * sizeof(*b)) : NULL;

		if (a)
			l->pid = a;
		if (b == NULL)
			return -1;
		l->ppid = b;
		l->cap = cap;
	}
	l->pid[l->len] = pid;
	l->ppid[l->len++] = ppid;
	return 0;
}

static int read_process_table(struct proc_list *l)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int rc = 0;

	if (d == NULL)
		return -1;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		pid_t pid = (pid_t)atoi(e->d_name), ppid;

		if (pid <= 0)
			continue;
		ppid = procfs_parent(pid);
		if (ppid >= 0)
			rc = proc_list_add(l, pid, ppid);
	}
	closedir(d);
	return rc;
}

/* Marks descendants by repeated passes; a pass that marks nothing ends it. */
static void mark_descendants(const struct proc_list *l, pid_t ancestor, char *mark)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (size_t i = 0; i < l->len; i++) {
			if (mark[i])
				continue;
			if (l->ppid[i] == ancestor) {
				mark[i] = changed = true;
				continue;
			}
			for (size_t j = 0; j < l->len; j++) {
				if (mark[j] && l->pid[j] == l->ppid[i]) {
					mark[i] = changed = true;
					break;
				}
			}
		}
	}
}

int procfs_signal_descendants(pid_t ancestor, int sig)
{
	struct proc_list l = { 0 };
	char *mark = NULL;
	int count = -1;

	if (read_process_table(&l) == 0 && (mark = calloc(l.len + 1, 1)) != NULL) {
		mark_descendants(&l, ancestor, mark);
		count = 0;
		for (size_t i = 0; i < l.len; i++)
			if (mark[i] && kill(l.pid[i], sig) == 0)
				count++;
	}
	free(mark);
	free(l.pid);
	free(l.ppid);
	return count;
}
