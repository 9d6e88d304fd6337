// SPDX-License-Identifier: MIT
/*
 * reaper.c - collecting children: one waitpid(WNOHANG) step, and what an
 * exit status means (the shell's 128+N rule, and its text for the logs).
 */
#include "reaper.h"

#include <errno.h>
#include <sys/wait.h>

#include "fmt.h"
#include "signals.h"

int reaper_exit_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	return 255;
}

const char *reaper_describe(int wstatus, char *buf, size_t len)
{
	if (WIFSIGNALED(wstatus)) {
		char name[16];

		fmt_snprintf(buf, len, TEXT("signal %s"), signals_to_name(WTERMSIG(wstatus), name, sizeof(name)));
	} else {
		fmt_snprintf(buf, len, TEXT("exit %d"), reaper_exit_code(wstatus));
	}
	return buf;
}

int reaper_reap_one(pid_t *pid, int *wstatus)
{
	pid_t r;

	do
		r = waitpid(-1, wstatus, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r > 0) {
		*pid = r;
		return 1;
	}
	return r == 0 ? 0 : -1;
}
