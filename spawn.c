// SPDX-License-Identifier: MIT
/*
 * spawn.c - starting the command: pid1's own set-up around the fork (child
 * subreaper, whether the terminal may go to the child), the fork into a
 * process group or session of its own with the terminal, and the exec with
 * exactly the signal state pid1 inherited.
 */
#include "spawn.h"

#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exitcode.h"
#include "fmt.h"
#include "log.h"
#include "parse.h"
#include "sys.h"

int spawn_exec_failure_code(int errnum)
{
	return errnum == ENOENT || errnum == ENOTDIR ? PID1_EXIT_NOTFOUND : PID1_EXIT_NOEXEC;
}

void spawn_become_subreaper(void)
{
	if (getpid() == 1)
		return;
	if (sys_prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		log_warn_errno(TEXT("orphans will not be reaped"), "cannot become a child subreaper");
	else
		log_debug("not PID 1, so registered as a child subreaper");
}

bool spawn_may_take_terminal(bool new_session)
{
	if (!sys_isatty(STDIN_FILENO))
		return false;
	if (new_session)
		return getsid(0) == getpid();
	return sys_tcgetpgrp(STDIN_FILENO) == getpgrp();
}

bool spawn_job_control(void)
{
	if (getpid() == 1 || !spawn_may_take_terminal(false))
		return false;
	log_debug("in the foreground of a terminal: pid1 stops when the command does");
	return true;
}

/*
 * Runs in the child while every signal is still blocked: tcsetpgrp() from a
 * background group would raise SIGTTOU, which the kernel skips when it is
 * blocked. Failures are not fatal: the command still runs, without the tty.
 */
static void child_take_group(const struct spawn_params *p)
{
	if (p->new_session) {
		if (setsid() < 0)
			log_debug_errno(NULL, "cannot start a session for the command");
		if (p->take_terminal && sys_ioctl(STDIN_FILENO, TIOCSCTTY, NULL) < 0)
			log_debug_errno(NULL, "cannot make stdin the command's controlling terminal");
		return;
	}
	if (setpgid(0, 0) < 0)
		log_debug_errno(NULL, "cannot give the command a process group of its own");
	if (p->take_terminal && sys_tcsetpgrp(STDIN_FILENO, getpid()) < 0)
		log_debug_errno(NULL, "cannot give the terminal to the command's process group");
}

/*
 * For a new session to get the terminal, pid1's session must let go of it.
 * As session leader, TIOCNOTTY sends SIGHUP and SIGCONT to the foreground
 * group, pid1's own: they are pending now, caused by us, and not forwarded.
 */
static void release_terminal(void)
{
	if (sys_ioctl(STDIN_FILENO, TIOCNOTTY, NULL) < 0) {
		log_debug_errno(NULL, "cannot let go of the terminal");
		return;
	}
	signals_discard(signals_bit(SIGHUP) | signals_bit(SIGCONT));
}

/*
 * Also set the group from the parent, so a signal forwarded right after
 * fork() already finds it (the shell's trick). EACCES means the child has
 * exec'd, so it did it itself. Not for a session: setsid() fails in a
 * process that already leads a group.
 */
static void parent_sets_group(pid_t pid, const struct spawn_params *p)
{
	if (pid > 0 && !p->new_session && setpgid(pid, pid) < 0 && errno != EACCES)
		log_debug_errno(NULL, "cannot give process %d a process group of its own", (int)pid);
}

pid_t spawn_fork(const struct spawn_params *p)
{
	pid_t pid;

	if (p->new_session && p->take_terminal)
		release_terminal();
	pid = sys_fork();

	if (pid == 0) {
		child_take_group(p);
		return 0;
	}
	parent_sets_group(pid, p);
	return pid;
}

/*
 * systemd socket activation: LISTEN_PID must name the process that uses the
 * fds. The entry is replaced in place: setenv() would allocate. The slot and
 * its old value go to @undo, so that pid1, whose memory the child of
 * spawn_command() shares, can put it back.
 */
static void rewrite_listen_pid(pid_t listen_pid, struct env_undo *undo)
{
	static char entry[32];
	unsigned long n;

	if (listen_pid <= 0)
		return;
	/* One pass, as getenv() would make: the first entry is the one that counts. */
	for (char **e = environ; *e != NULL; e++)
		if (strncmp(*e, "LISTEN_PID=", 11) == 0) {
			if (parse_uint(*e + 11, 0x7fffffffUL, &n) < 0 || n != (unsigned long)listen_pid)
				return;
			fmt_snprintf(entry, sizeof(entry), "LISTEN_PID=%d", (int)getpid());
			undo->slot = e;
			undo->old = *e;
			*e = entry;
			return;
		}
}

static void report_exec_failure(const char *cmd, int errnum)
{
	struct stat st;
	const char *hint = NULL;

	if (errnum == EACCES && strchr(cmd, '/') && sys_stat(cmd, &st) == 0 && S_ISDIR(st.st_mode))
		hint = TEXT("it is a directory");
	else if (errnum == ENOENT)
		hint = TEXT("command not found");
	log_errno_msg(LOG_LEVEL_ERROR, errnum, hint, "cannot execute %s", cmd);
}

/*
 * execvp() without its fallback: glibc runs a file that fails with ENOEXEC
 * through /bin/sh, so a garbage "binary" would be run as a shell script. pid1
 * reports it, as the kernel and runc do. PATH is searched as execvp() does:
 * EACCES is remembered and the search goes on; any other error but ENOENT
 * and ENOTDIR ends it.
 */
static int exec_command(char **argv)
{
	const char *path = getenv("PATH"), *dir, *end;
	char file[4096];
	int found_eacces = 0;
	size_t n = strlen(argv[0]);

	if (strchr(argv[0], '/') != NULL) {
		execve(argv[0], argv, environ);
		return errno;
	}
	if (n == 0)
		return ENOENT;
	for (dir = path && *path ? path : "/usr/local/bin:/bin:/usr/bin"; dir != NULL; dir = end ? end + 1 : NULL) {
		size_t len;

		end = strchr(dir, ':');
		len = end ? (size_t)(end - dir) : strlen(dir);
		if (len + 1 + n + 1 > sizeof(file))
			continue;
		/* An empty entry means the current directory. */
		fmt_snprintf(file, sizeof(file), "%.*s%s%s", (int)len, dir, len ? "/" : "", argv[0]);
		execve(file, argv, environ);
		if (errno == EACCES)
			found_eacces = 1;
		else if (errno != ENOENT && errno != ENOTDIR)
			return errno;
	}
	return found_eacces ? EACCES : ENOENT;
}

/*
 * The child is about to say why it cannot run the command, then _exit().
 * pid1 waits in clone() until then: a line written to a full pipe or a
 * stopped terminal would hold both for good. The child's descriptor table
 * is its own, so it takes the non-blocking stderr that pid1 takes only
 * after the fork (the command never runs with it).
 */
static void child_failing(void)
{
	(void)log_never_block();
}

/* Restore what pid1 inherited, then exec @argv; on failure report and _exit() 126 or 127. */
static __attribute__((noreturn)) void exec_with(char **argv, const struct spawn_params *p, struct env_undo *undo)
{
	int errnum;

	/* The kernel puts a process that enters a mount namespace at its root: say so, and mean it. */
	if (p->join_mount_fd >= 0 && (setns(p->join_mount_fd, CLONE_NEWNS) < 0 || chdir("/") < 0)) {
		child_failing();
		log_error_errno(NULL, "cannot enter the sandbox's mount namespace to execute %s", argv[0]);
		_exit(PID1_EXIT_NAMESPACE);
	}
	rewrite_listen_pid(p->listen_pid, undo);
	/* Give back exactly what pid1 inherited: the SIGCHLD action, then the mask. */
	if (signals_set_action(SIGCHLD, &p->child_sigchld) < 0 || signals_set_mask(p->child_mask) < 0) {
		child_failing();
		log_error_errno(NULL, "cannot restore the signal state to execute %s", argv[0]);
		_exit(PID1_EXIT_NOEXEC);
	}
	errnum = exec_command(argv);
	child_failing();
	report_exec_failure(argv[0], errnum);
	_exit(spawn_exec_failure_code(errnum));
}

struct command_start {
	char **argv;
	const struct spawn_params *p;
	struct env_undo undo;
};

/* The child of spawn_command(), in pid1's memory until its exec. */
static int command_main(void *arg)
{
	struct command_start *c = arg;

	child_take_group(c->p);
	exec_with(c->argv, c->p, &c->undo);
	return 0;
}

/*
 * clone() with CLONE_VM | CLONE_VFORK, as posix_spawn() does: no page tables
 * to copy and nothing to unshare on exec, and pid1 goes on only once the
 * child has exec'd (or _exit()ed). That makes the child's set-up safe in
 * shared memory: every signal stays blocked, so no handler runs there, and
 * pid1 does nothing until the child is gone from its memory. It also means
 * the child's group exists when pid1 forwards its first signal, without a
 * setpgid() from pid1 too. The child writes errno in pid1's memory; pid1
 * reads none across the call but clone()'s own.
 */
pid_t spawn_command(char **argv, const struct spawn_params *p)
{
	/* Deep enough for the PATH search's buffer and a log line. */
	static char stack[32768] __attribute__((aligned(16)));
	struct command_start c = { .argv = argv, .p = p, .undo = { NULL, NULL } };
	pid_t pid;

	if (p->new_session && p->take_terminal)
		release_terminal();
#ifdef __SANITIZE_ADDRESS__
	/* AddressSanitizer takes a stack it did not make for an overflow: fork, same steps. */
	(void)stack;
	pid = fork();
	if (pid == 0)
		command_main(&c);
	/* As spawn_fork(): the group exists before pid1 forwards anything. */
	parent_sets_group(pid, p);
#else
	/* Stacks grow down on every architecture pid1 is built for. */
	pid = clone(command_main, stack + sizeof(stack), CLONE_VM | CLONE_VFORK | SIGCHLD, &c);
#endif
	if (c.undo.slot != NULL)
		*c.undo.slot = c.undo.old;
	return pid;
}
