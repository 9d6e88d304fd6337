// SPDX-License-Identifier: MIT
/*
 * floor.c - the least an init can do, as the floor of `make bench`: block
 * every signal, fork and exec the command, then take signals one at a time
 * with sigwaitinfo(); forward each to the child with kill(), and on SIGCHLD
 * reap, exiting with the child's status once it has gone. No options, no
 * process group, no terminal, no error messages worth the name: pid1's
 * start-up and forwarding are measured against this, built the same way.
 * With -g it forwards as pid1 does: the child leads a group of its own, and
 * each signal goes to the group the child is in at that moment (getpgid,
 * then kill of the group), so the cost of that rule can be told apart.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	sigset_t all, old;
	siginfo_t si;
	pid_t child;
	int status, group = argc > 1 && strcmp(argv[1], "-g") == 0;

	argv += group;
	argc -= group;
	if (argc < 3)
		return 100;
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	child = fork();
	if (child == 0) {
		if (group)
			setpgid(0, 0);
		sigprocmask(SIG_SETMASK, &old, NULL);
		execvp(argv[2], argv + 2); /* argv[1] is "--" */
		_exit(127);
	}
	if (child < 0)
		return 111;
	if (group)
		setpgid(child, child);
	for (;;) {
		if (sigwaitinfo(&all, &si) < 0)
			continue;
		if (si.si_signo != SIGCHLD) {
			kill(group ? -getpgid(child) : child, si.si_signo);
			continue;
		}
		for (pid_t pid; (pid = waitpid(-1, &status, WNOHANG)) > 0;)
			if (pid == child)
				return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
}
