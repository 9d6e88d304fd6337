// SPDX-License-Identifier: MIT
/*
 * signals.c - everything about signals that is not a policy: names and numbers
 * (including the RTMIN+n forms), the set pid1 blocks, and the one wait.
 */
#include "signals.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "fmt.h"
#include "parse.h"
#include "sys.h"

/* Names in place, not pointers to them: half the size, and nothing to relocate. */
struct signal_name {
	unsigned char signo;
	char name[7];
};

/* Numbers differ between architectures, so the table is built from the macros. */
/* clang-format off */
static const struct signal_name signal_names[] = {
	{ SIGHUP, "HUP" },       { SIGINT, "INT" },       { SIGQUIT, "QUIT" },
	{ SIGILL, "ILL" },       { SIGTRAP, "TRAP" },     { SIGABRT, "ABRT" },
	{ SIGBUS, "BUS" },       { SIGFPE, "FPE" },       { SIGKILL, "KILL" },
	{ SIGUSR1, "USR1" },     { SIGSEGV, "SEGV" },     { SIGUSR2, "USR2" },
	{ SIGPIPE, "PIPE" },     { SIGALRM, "ALRM" },     { SIGTERM, "TERM" },
#ifdef SIGSTKFLT
	{ SIGSTKFLT, "STKFLT" },
#endif
	{ SIGCHLD, "CHLD" },     { SIGCONT, "CONT" },     { SIGSTOP, "STOP" },
	{ SIGTSTP, "TSTP" },     { SIGTTIN, "TTIN" },     { SIGTTOU, "TTOU" },
	{ SIGURG, "URG" },       { SIGXCPU, "XCPU" },     { SIGXFSZ, "XFSZ" },
	{ SIGVTALRM, "VTALRM" }, { SIGPROF, "PROF" },     { SIGWINCH, "WINCH" },
	{ SIGIO, "IO" },
#ifdef SIGPWR
	{ SIGPWR, "PWR" },
#endif
	{ SIGSYS, "SYS" },
	/* Aliases: accepted on input, never printed (the first match wins). */
	{ SIGIOT, "IOT" },       { SIGCHLD, "CLD" },      { SIGIO, "POLL" },
};
/* clang-format on */

static const int fault_signals[] = { SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGSYS };

bool signals_is_fault(int signo)
{
	for (size_t i = 0; i < sizeof(fault_signals) / sizeof(fault_signals[0]); i++)
		if (fault_signals[i] == signo)
			return true;
	return false;
}

/* Parse all of @s as a decimal number in [0, max]; -1 otherwise. */
/* "RTMIN", "RTMIN+n", "RTMAX", "RTMAX-n" (already without "SIG"). */
static int parse_realtime(const char *s)
{
	int base, sign, off = 0;
	const char *rest;

	if ((rest = parse_word(s, "RTMIN")) != NULL) {
		base = SIGNALS_RTMIN;
		sign = 1;
	} else if ((rest = parse_word(s, "RTMAX")) != NULL) {
		base = SIGNALS_MAX;
		sign = -1;
	} else {
		return -1;
	}
	s = rest;
	if (*s != '\0') {
		if (*s != (sign > 0 ? '+' : '-'))
			return -1;
		off = parse_int(s + 1, SIGNALS_MAX - SIGNALS_RTMIN);
		if (off < 0)
			return -1;
	}
	return base + sign * off;
}

int signals_from_name(const char *s)
{
	if (s == NULL || *s == '\0')
		return -1;
	if (isdigit((unsigned char)*s)) {
		int n = parse_int(s, SIGNALS_MAX);
		return n >= 1 ? n : -1;
	}
	if (parse_word(s, "SIG") != NULL)
		s += 3;
	for (size_t i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]); i++) {
		const char *rest = parse_word(s, signal_names[i].name);

		if (rest != NULL && *rest == '\0')
			return signal_names[i].signo;
	}
	return parse_realtime(s);
}

const char *signals_to_name(int signo, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]); i++) {
		if (signal_names[i].signo == signo) {
			fmt_snprintf(buf, len, "%s", signal_names[i].name);
			return buf;
		}
	}
	if (signo == SIGNALS_RTMIN)
		fmt_snprintf(buf, len, "RTMIN");
	else if (signo > SIGNALS_RTMIN && signo <= SIGNALS_MAX)
		fmt_snprintf(buf, len, "RTMIN+%d", signo - SIGNALS_RTMIN);
	else
		fmt_snprintf(buf, len, "%d", signo);
	return buf;
}

const char *signals_name(int signo)
{
	static char buf[4][20];
	static unsigned next;
	char *b = buf[next++ % 4];

	b[0] = 'S', b[1] = 'I', b[2] = 'G';
	signals_to_name(signo, b + 3, sizeof(buf[0]) - 3);
	if (b[3] >= '0' && b[3] <= '9')
		memmove(b, b + 3, strlen(b + 3) + 1);
	return b;
}

int signals_parse_rewrite(const char *spec, int *from, int *to, char *err, size_t errlen)
{
	char left[32];
	const char *colon = strchr(spec, ':');
	size_t n;

	if (colon == NULL) {
		fmt_snprintf(err, errlen, "'%s' is not FROM:TO", spec);
		return -1;
	}
	n = (size_t)(colon - spec);
	if (n == 0 || n >= sizeof(left)) {
		fmt_snprintf(err, errlen, TEXT("'%s': missing or too long FROM signal"), spec);
		return -1;
	}
	memcpy(left, spec, n);
	left[n] = '\0';
	*from = signals_from_name(left);
	if (*from < 0) {
		fmt_snprintf(err, errlen, TEXT("'%s': '%s' is not a signal"), spec, left);
		return -1;
	}
	if (*from == SIGKILL || *from == SIGSTOP) {
		fmt_snprintf(err, errlen, TEXT("'%s': %s cannot be caught, so it cannot be rewritten"), spec, left);
		return -1;
	}
	if (*from == SIGCHLD) {
		fmt_snprintf(err, errlen, TEXT("'%s': pid1 reaps on %s and never forwards it"), spec, left);
		return -1;
	}
	*to = parse_int(colon + 1, 0) == 0 ? 0 : signals_from_name(colon + 1);
	if (*to < 0) {
		fmt_snprintf(err, errlen, TEXT("'%s': '%s' is not a signal (0 drops it)"), spec, colon + 1);
		return -1;
	}
	return 0;
}

/*
 * The fault signals are blocked too, so that one sent with kill() waits to
 * be forwarded: a real fault is still fatal, because the kernel unblocks a
 * fault signal it forces on the faulting thread and resets it to SIG_DFL
 * (force_sig_info_to_task()), even for PID 1.
 */
signals_mask signals_forwardable_mask(void)
{
	signals_mask m = ~(signals_mask)0;

	m &= ~((signals_mask)1 << (SIGKILL - 1));
	m &= ~((signals_mask)1 << (SIGSTOP - 1));
	return m;
}

bool signals_mask_has(signals_mask mask, int signo)
{
	return signo >= 1 && signo <= SIGNALS_MAX && (mask >> (signo - 1)) & 1;
}

/* The raw system calls: libc's wrappers would drop the bits of its reserved signals. */
int signals_block_all(signals_mask *saved)
{
	signals_mask m = signals_forwardable_mask();

	return (int)syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, saved, sizeof(m));
}

int signals_reset_sigchld(struct signals_action *inherited)
{
	static const struct signals_action dfl;

	return (int)syscall(SYS_rt_sigaction, SIGCHLD, &dfl, inherited, sizeof(signals_mask));
}

int signals_set_action(int signo, const struct signals_action *act)
{
	return (int)syscall(SYS_rt_sigaction, signo, act, NULL, sizeof(signals_mask));
}

int signals_set_mask(signals_mask mask)
{
	return (int)syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, NULL, sizeof(mask));
}

int signals_discard(signals_mask mask)
{
	struct timespec zero = { 0, 0 };
	siginfo_t info;
	int n = 0;

	while (syscall(SYS_rt_sigtimedwait, &mask, &info, &zero, sizeof(mask)) > 0)
		n++;
	return n;
}

int signals_open(void)
{
	signals_mask m = signals_forwardable_mask();

	return (int)syscall(SYS_signalfd4, -1, &m, sizeof(m), SFD_CLOEXEC);
}

static int read_signal(int sfd, pid_t *sender)
{
	struct signalfd_siginfo si;
	ssize_t n;

	do
		n = read(sfd, &si, sizeof(si));
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(si)) {
		if (n >= 0)
			errno = EIO;
		return -1;
	}
	*sender = si.ssi_code > 0 ? -1 : (pid_t)si.ssi_pid;
	return (int)si.ssi_signo;
}

/* The steady state: one blocking sigwaitinfo(), or sigtimedwait() under a deadline. */
static int wait_for_signal(int timeout_ms, pid_t *sender)
{
	struct timespec ts = { .tv_sec = timeout_ms / 1000, .tv_nsec = (timeout_ms % 1000) * 1000000L };
	signals_mask m = signals_forwardable_mask();
	siginfo_t info;
	int r;

	do
		r = (int)syscall(SYS_rt_sigtimedwait, &m, &info, timeout_ms < 0 ? NULL : &ts, sizeof(m));
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == EAGAIN ? 0 : -1;
	*sender = info.si_code > 0 ? -1 : info.si_pid;
	return r;
}

int signals_wait(int sfd, int extra_fd, int timeout_ms, pid_t *sender)
{
	struct pollfd fds[2] = { { .fd = sfd, .events = POLLIN }, { .fd = extra_fd, .events = POLLIN } };
	int r;

	*sender = 0;
	if (sfd < 0 || extra_fd < 0)
		return wait_for_signal(timeout_ms, sender);
	do
		r = poll(fds, 2, timeout_ms);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	if (fds[0].revents & POLLIN)
		return read_signal(sfd, sender);
	return 0;
}
