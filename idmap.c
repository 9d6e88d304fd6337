// SPDX-License-Identifier: MIT
/*
 * idmap.c - --map-auto. Only a process outside a user namespace, with
 * CAP_SETUID there, may map more than its own id into it; for a user that
 * is newuidmap and newgidmap (set-user-ID root), which check the ranges in
 * /etc/subuid and /etc/subgid. So the outer pid1 forks a helper before it
 * unshares, and the helper runs them on the outer pid1 once the namespace
 * exists. The files are read here too, so that a caller without ranges is
 * told so before anything is created.
 */
#include "idmap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errtext.h"
#include "fmt.h"
#include "log.h"
#include "parse.h"
#include "signals.h"
#include "sys.h"

#define ID_MAX 0xffffffffUL
/* 65536 ids from 100000 on: what useradd gives the first user. */
#define SUGGESTED_RANGE "100000-165535"

/* "FIELD:" at the start of @p: the field's length, or -1 without a colon. */
static long field_len(const char *p)
{
	const char *colon = strchr(p, ':');

	return colon ? colon - p : -1;
}

int idmap_parse_subid_line(const char *line, const char *name, unsigned long id, struct idmap_range *out)
{
	long n = field_len(line);
	unsigned long owner, start, count;
	const char *p, *end;

	if (n <= 0)
		return 0;
	/* shadow's own lookup takes the owner as a name first, then as a uid. */
	if (!(name != NULL && strncmp(line, name, (size_t)n) == 0 && name[n] == '\0') &&
	    !(parse_uint_prefix(line, ID_MAX, &owner, &end) == 0 && end == line + n && owner == id))
		return 0;
	p = line + n + 1;
	if (parse_uint_prefix(p, ID_MAX, &start, &end) < 0 || *end != ':' || parse_uint(end + 1, ID_MAX, &count) < 0 ||
	    count == 0 || start > ID_MAX - count)
		return 0;
	out->start = start;
	out->count = count;
	return 1;
}

int idmap_parse_passwd_line(const char *line, unsigned long uid, char *name, size_t len)
{
	long n = field_len(line), pw = n < 0 ? -1 : field_len(line + n + 1);
	unsigned long v;
	const char *end;

	if (n <= 0 || pw < 0 || (size_t)n >= len)
		return 0;
	if (parse_uint_prefix(line + n + 1 + pw + 1, ID_MAX, &v, &end) < 0 || *end != ':' || v != uid)
		return 0;
	memcpy(name, line, (size_t)n);
	name[n] = '\0';
	return 1;
}

int idmap_build_argv(struct idmap_argv *a, const char *prog, pid_t pid, unsigned long own, const struct idmap_range *r,
		     size_t n)
{
	unsigned long v[sizeof(a->words) / sizeof(a->words[0])], inside = 0;
	size_t w = 0;

	v[w++] = (unsigned long)pid;
	/* The caller first, as root; then the ranges, from id 1 on. */
	for (size_t i = 0; i <= n && i <= IDMAP_MAX_RANGES; i++) {
		unsigned long start = i ? r[i - 1].start : own, count = i ? r[i - 1].count : 1;

		if (count > ID_MAX - inside)
			return -1;
		v[w++] = inside, v[w++] = start, v[w++] = count;
		inside += count;
	}
	a->argv[0] = (char *)prog;
	for (size_t k = 0; k < w; k++) {
		fmt_snprintf(a->words[k], sizeof(a->words[k]), "%lu", v[k]);
		a->argv[k + 1] = a->words[k];
	}
	a->argv[w + 1] = NULL;
	return 0;
}

/*
 * Call @fn on each line of @path, without its newline. A line longer than
 * the buffer is skipped: no user name or range is that long.
 * Return: 0, or -1 with errno if the file cannot be read.
 */
static int for_each_line(const char *path, void (*fn)(const char *line, void *ctx), void *ctx)
{
	char buf[4096];
	size_t have = 0;
	bool skipping = false;
	ssize_t n = 1;
	int fd = sys_open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (n > 0) {
		char *line = buf, *nl;

		n = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (n < 0 && errno == EINTR) {
			n = 1;
			continue;
		}
		if (n < 0)
			break;
		have += (size_t)n;
		buf[have] = '\0';
		/* At the end of the file the last line needs no newline. */
		if (n == 0 && have > 0 && buf[have - 1] != '\n')
			buf[have++] = '\n', buf[have] = '\0';
		while ((nl = memchr(line, '\n', have - (size_t)(line - buf))) != NULL) {
			*nl = '\0';
			if (!skipping)
				fn(line, ctx);
			skipping = false;
			line = nl + 1;
		}
		have -= (size_t)(line - buf);
		memmove(buf, line, have);
		if (have == sizeof(buf) - 1)
			have = 0, skipping = true;
	}
	close(fd);
	return n < 0 ? -1 : 0;
}

struct owner {
	unsigned long id;
	char name[256]; /* "" if /etc/passwd does not name the caller */
	struct idmap_range ranges[IDMAP_MAX_RANGES];
	size_t n;
};

static void find_name(const char *line, void *ctx)
{
	struct owner *o = ctx;

	if (o->name[0] == '\0')
		idmap_parse_passwd_line(line, o->id, o->name, sizeof(o->name));
}

static void add_range(const char *line, void *ctx)
{
	struct owner *o = ctx;

	if (o->n < IDMAP_MAX_RANGES &&
	    idmap_parse_subid_line(line, o->name[0] ? o->name : NULL, o->id, &o->ranges[o->n]) == 1)
		o->n++;
}

static int read_ranges(const char *path, struct owner *o)
{
	char hint[400];

	o->n = 0;
	if (for_each_line(path, add_range, o) < 0 && errno != ENOENT) {
		log_error_errno(NULL, "cannot read %s for --map-auto", path);
		return -1;
	}
	if (o->n > 0)
		return 0;
	if (geteuid() == 0)
		fmt_snprintf(hint, sizeof(hint), TEXT("add one: usermod --add-subuids %s --add-subgids %s %s"),
			     SUGGESTED_RANGE, SUGGESTED_RANGE, o->name);
	else
		fmt_snprintf(hint, sizeof(hint),
			     TEXT("ask an administrator to add one (usermod --add-subuids %s --add-subgids %s %s)"),
			     SUGGESTED_RANGE, SUGGESTED_RANGE, o->name);
	log_reason_msg(LOG_LEVEL_ERROR, TEXT("it lists no range for this user"), hint,
		       "cannot map the subordinate ids of %s for --map-auto from %s", o->name, path);
	return -1;
}

/* newuidmap is set-user-ID root: search PATH for it, but never the current directory. */
static int find_program(const char *name, char *buf, size_t len)
{
	const char *dir = getenv("PATH"), *end;

	for (dir = dir && *dir ? dir : "/usr/bin:/bin"; dir != NULL; dir = end ? end + 1 : NULL) {
		size_t n;

		end = strchr(dir, ':');
		n = end ? (size_t)(end - dir) : strlen(dir);
		if (n == 0 || *dir != '/')
			continue;
		fmt_snprintf(buf, len, "%.*s/%s", (int)n, dir, name);
		if (access(buf, X_OK) == 0)
			return 0;
	}
	return -1;
}

static int find_programs(char uid_prog[], char gid_prog[], size_t len)
{
	const char *missing = find_program("newuidmap", uid_prog, len) < 0   ? "newuidmap"
			      : find_program("newgidmap", gid_prog, len) < 0 ? "newgidmap"
									     : NULL;

	if (missing == NULL)
		return 0;
	log_reason_msg(LOG_LEVEL_ERROR, TEXT("it is not in PATH"),
		       geteuid() == 0 ? TEXT("install it (Debian: apt-get install uidmap)")
				      : TEXT("ask an administrator to install it (Debian: the package uidmap)"),
		       "cannot run %s for --map-auto", missing);
	return -1;
}

/* In the helper: a line on the error pipe, which becomes the REASON of pid1's own. */
static void __attribute__((noreturn)) helper_fail(int code, const char *what, const char *prog)
{
	char line[512];
	int n = fmt_snprintf(line, sizeof(line), "%s %s: %s\n", what, prog, errtext(errno));

	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		_exit(code);
	_exit(code);
}

/* In the helper: run @argv to its end. Return: 0 if it exited 0. */
static int run_and_wait(char **argv)
{
	int st;
	pid_t pid = sys_fork();

	if (pid < 0)
		helper_fail(1, "cannot fork to run", argv[0]);
	if (pid == 0) {
		execve(argv[0], argv, environ);
		helper_fail(1, "cannot execute", argv[0]);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			helper_fail(1, "cannot wait for", argv[0]);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static void __attribute__((noreturn)) helper(int go_fd, int errs_fd, struct idmap_argv *uids, struct idmap_argv *gids)
{
	char byte;
	ssize_t n;

	if (dup2(errs_fd, STDERR_FILENO) < 0 || signals_set_mask(0) < 0)
		_exit(1);
	while ((n = read(go_fd, &byte, 1)) < 0 && errno == EINTR)
		;
	/* End of file: the namespace was never made, or pid1 is gone. */
	if (n <= 0)
		_exit(0);
	if (run_and_wait(uids->argv) < 0)
		_exit(2);
	_exit(run_and_wait(gids->argv) < 0 ? 3 : 0);
}

int idmap_prepare(struct idmap_helper *h)
{
	static struct idmap_argv uids, gids;
	static char uid_prog[4096], gid_prog[4096];
	struct owner u = { .id = geteuid() }, g;
	int go[2], errs[2];
	pid_t self = getpid();

	if (for_each_line("/etc/passwd", find_name, &u) < 0 || u.name[0] == '\0')
		fmt_snprintf(u.name, sizeof(u.name), "%lu", u.id);
	g = u; /* /etc/subgid is keyed by the user too, not by a group */
	if (find_programs(uid_prog, gid_prog, sizeof(uid_prog)) < 0 || read_ranges("/etc/subuid", &u) < 0 ||
	    read_ranges("/etc/subgid", &g) < 0)
		return -1;
	if (idmap_build_argv(&uids, uid_prog, self, u.id, u.ranges, u.n) < 0 ||
	    idmap_build_argv(&gids, gid_prog, self, getegid(), g.ranges, g.n) < 0) {
		log_reason_msg(LOG_LEVEL_ERROR, TEXT("the ranges add up to more than 2^32 ids"), NULL,
			       "cannot map the subordinate ids of %s for --map-auto", u.name);
		return -1;
	}
	if (sys_pipe2(go, O_CLOEXEC) < 0 || sys_pipe2(errs, O_CLOEXEC) < 0) {
		log_error_errno(NULL, "cannot make a pipe for --map-auto");
		return -1;
	}
	h->pid = sys_fork();
	if (h->pid == 0) {
		close(go[1]);
		close(errs[0]);
		helper(go[0], errs[1], &uids, &gids);
	}
	close(go[0]);
	close(errs[1]);
	h->go_fd = go[1];
	h->errs_fd = errs[0];
	if (h->pid < 0) {
		log_error_errno(NULL, "cannot fork to run newuidmap for --map-auto");
		close(go[1]);
		close(errs[0]);
		return -1;
	}
	return 0;
}

/* The first line the helper's programs wrote, into @buf; "" if none. */
static const char *first_line(int fd, char *buf, size_t len)
{
	char drain[512];
	size_t have = 0;
	ssize_t n;

	/* Read to the end, so that no writer blocks on a full pipe while pid1 waits for it. */
	// cppcheck-suppress legacyUninitvar ; read() only writes drain, and nothing reads it
	while ((n = read(fd, have < len - 1 ? buf + have : drain, have < len - 1 ? len - 1 - have : sizeof(drain))) !=
	       0) {
		if (n < 0 && errno != EINTR)
			break;
		if (n > 0 && have < len - 1)
			have += (size_t)n;
	}
	buf[have] = '\0';
	*strchrnul(buf, '\n') = '\0';
	return buf;
}

int idmap_apply(struct idmap_helper *h, bool unshared)
{
	char said[400];
	int st = 0, code;
	ssize_t n = 0;

	if (unshared)
		n = write(h->go_fd, "x", 1);
	if (unshared && n != 1)
		log_error_errno(NULL, "cannot start newuidmap for --map-auto");
	close(h->go_fd);
	first_line(h->errs_fd, said, sizeof(said));
	close(h->errs_fd);
	while (waitpid(h->pid, &st, 0) < 0) {
		if (errno != EINTR) {
			log_error_errno(NULL, "cannot wait for newuidmap for --map-auto");
			return -1;
		}
	}
	if (!unshared)
		return 0;
	if (n != 1)
		return -1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	/* The helper's exit status says which step failed when nothing was written. */
	code = WIFEXITED(st) ? WEXITSTATUS(st) : 4;
	log_reason_msg(LOG_LEVEL_ERROR,
		       said[0]     ? said
		       : code == 1 ? TEXT("the helper failed")
		       : code == 2 ? TEXT("newuidmap failed")
		       : code == 3 ? TEXT("newgidmap failed")
				   : TEXT("the helper was killed"),
		       NULL, "cannot map the subordinate ids for --map-auto");
	return -1;
}
