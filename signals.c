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

/*
 * The names in one string, each ended by its NUL, and their numbers beside
 * them in the same order: no table of addresses, no name padded to the
 * longest. Numbers differ between architectures, so they come from the macros.
 */
/* clang-format off */
static const char signal_names[] =
	"HUP\0" "INT\0" "QUIT\0" "ILL\0" "TRAP\0" "ABRT\0" "BUS\0" "FPE\0" "KILL\0" "USR1\0" "SEGV\0"
	"USR2\0" "PIPE\0" "ALRM\0" "TERM\0"
#ifdef SIGSTKFLT
	"STKFLT\0"
#endif
	"CHLD\0" "CONT\0" "STOP\0" "TSTP\0" "TTIN\0" "TTOU\0" "URG\0" "XCPU\0" "XFSZ\0" "VTALRM\0"
	"PROF\0" "WINCH\0" "IO\0"
#ifdef SIGPWR
	"PWR\0"
#endif
	"SYS\0" "RTMIN\0"
	/* Accepted on input, never printed: aliases (the first match wins), and RTMAX, printed as RTMIN+30. */
	"IOT\0" "CLD\0" "POLL\0" "RTMAX";
static const unsigned char signal_numbers[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGKILL, SIGUSR1, SIGSEGV,
	SIGUSR2, SIGPIPE, SIGALRM, SIGTERM,
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
	SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGXCPU, SIGXFSZ, SIGVTALRM,
	SIGPROF, SIGWINCH, SIGIO,
#ifdef SIGPWR
	SIGPWR,
#endif
	SIGSYS, SIGNALS_RTMIN,
	SIGIOT, SIGCHLD, SIGIO, SIGNALS_MAX,
};
/* clang-format on */

#define FAULT_SIGNALS                                                                             \
	(signals_bit(SIGFPE) | signals_bit(SIGILL) | signals_bit(SIGSEGV) | signals_bit(SIGBUS) | \
	 signals_bit(SIGABRT) | signals_bit(SIGTRAP) | signals_bit(SIGSYS))

bool signals_is_fault(int signo)
{
	return signals_mask_has(FAULT_SIGNALS, signo);
}

/* "RTMIN+n" and "RTMAX-n" are names in the table followed by an offset. */
int signals_from_name(const char *s)
{
	const char *name = signal_names;

	if (s == NULL || *s == '\0')
		return -1;
	if (isdigit((unsigned char)*s)) {
		int n = parse_int(s, SIGNALS_MAX);
		return n >= 1 ? n : -1;
	}
	if (parse_word(s, "SIG") != NULL)
		s += 3;
	for (size_t i = 0; i < sizeof(signal_numbers); i++, name += strlen(name) + 1) {
		const char *rest = parse_word(s, name);
		int signo = signal_numbers[i], sign = signo == SIGNALS_MAX ? -1 : 1;

		if (rest == NULL)
			continue;
		if (*rest == '\0')
			return signo;
		if (signo >= SIGNALS_RTMIN && *rest == (sign > 0 ? '+' : '-')) {
			int off = parse_int(rest + 1, SIGNALS_MAX - SIGNALS_RTMIN);

			return off < 0 ? -1 : signo + sign * off;
		}
	}
	return -1;
}

const char *signals_to_name(int signo, char *buf, size_t len)
{
	const char *name = signal_names;

	/* Every name but the last, RTMAX. */
	for (size_t i = 0; i < sizeof(signal_numbers) - 1; i++, name += strlen(name) + 1) {
		if (signal_numbers[i] == signo) {
			fmt_snprintf(buf, len, "%s", name);
			return buf;
		}
	}
	if (signo > SIGNALS_RTMIN && signo <= SIGNALS_MAX)
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
	/* A number is printed without "SIG": the text after it, no need to move it. */
	return b[3] >= '0' && b[3] <= '9' ? b + 3 : b;
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
