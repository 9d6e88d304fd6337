// SPDX-License-Identifier: MIT
/* log.c - formatted, single-write diagnostics on stderr (never stdout: it is the child's). */
#include "log.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errtext.h"
#include "fmt.h"
#include "sys.h"

/* However long the reason and hint, this much of the WHAT survives a cut. */
#define WHAT_MIN 64

/* How long a line may wait for a stderr that cannot take it at once: 1 + 2 + ... + 128 ms. */
#define LOG_WAIT_MS 255

/* In .data: read from start-up on, it shares a page already mapped, not one of .bss of its own. */
int log_verbosity __attribute__((section(".data"))) = LOG_LEVEL_WARN;

static const char *log_tag;

void log_set_tag(const char *tag)
{
	log_tag = tag;
}

static const char *severity(int level)
{
	switch (level) {
	case LOG_LEVEL_WARN:
		return TEXT("warning: ");
	case LOG_LEVEL_INFO:
		return TEXT("info: ");
	case LOG_LEVEL_DEBUG:
		return TEXT("debug: ");
	default:
		return "";
	}
}

/*
 * The WHAT goes between the head and the room the tail needs; if it does not
 * fit, it ends in "..." on a character boundary (a path may be UTF-8).
 */
static size_t put_what(char *line, size_t pos, size_t end, const char *fmt, va_list ap)
{
	/* fmt returns the untruncated length; what it wrote ends before its NUL. */
	size_t n = (size_t)fmt_vsnprintf(line + pos, end - pos + 1, fmt, ap);
	size_t cut;

	if (n <= end - pos)
		return pos + n;
	cut = end - 3;
	while (cut > pos && ((unsigned char)line[cut] & 0xC0) == 0x80)
		cut--;
	for (int i = 0; i < 3; i++)
		line[cut++] = '.';
	return cut;
}

/* Set when a line was dropped; cleared when one gets through. */
static int stderr_stuck;

/*
 * After log_never_block(), a write that cannot go on at once fails with
 * EAGAIN: a pipe is full, or a terminal is full, stopped with ^S, or being
 * written by someone else at that moment (the kernel's tty write lock, which
 * a non-blocking writer does not wait for: the shell's prompt, say). That
 * passes in a moment, so the line gets a few short retries, at most
 * LOG_WAIT_MS in all. A stderr that stays stuck loses the line, and the next
 * lines get one try each until one goes through: the loop is never held
 * for long. Nothing sensible can be done if stderr is gone.
 */
static void write_line(const char *line, size_t len)
{
	struct timespec nap = { 0, 1000000 };
	long waited_ms = 0;

	for (;;) {
		ssize_t n = write(STDERR_FILENO, line, len);

		if (n > 0 && (size_t)n < len) { /* a terminal may take part of it */
			line += n;
			len -= (size_t)n;
			continue;
		}
		if (n >= 0) {
			stderr_stuck = 0;
			return;
		}
		if (errno != EAGAIN)
			return;
		if (stderr_stuck || waited_ms >= LOG_WAIT_MS) {
			stderr_stuck = 1;
			return;
		}
		(void)sys_nanosleep(&nap);
		waited_ms += nap.tv_nsec / 1000000;
		nap.tv_nsec *= 2;
	}
}

/*
 * errno is kept here, for every entry point. Each checks the level before it
 * calls: this frame holds two lines, and a line not written must not touch
 * the stack so deep (a page of it, at start-up).
 */
static void vlog(int level, const char *reason, const char *hint, const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX], tail[LOG_LINE_MAX];
	const size_t end = sizeof(line) - 1; /* the newline's place */
	size_t pos, n;
	int saved_errno = errno;

	pos = (size_t)fmt_snprintf(line, sizeof(line), "pid1: %s%s%s", log_tag ? log_tag : "", log_tag ? ": " : "",
				   severity(level));
	n = (size_t)fmt_snprintf(tail, sizeof(tail), "%s%s%s%s", reason ? ": " : "", reason ? reason : "",
				 hint ? "; " : "", hint ? hint : "");
	/* The WHAT keeps room for the tail, but at least WHAT_MIN; a tail too long for the line is cut at its end. */
	pos = put_what(line, pos, end - (n < end - pos - WHAT_MIN ? n : end - pos - WHAT_MIN), fmt, ap);
	if (n > end - pos)
		n = end - pos;
	memcpy(line + pos, tail, n);
	pos += n;
	line[pos++] = '\n';
	write_line(line, pos);
	errno = saved_errno;
}

int log_never_block(void)
{
	struct stat st;
	int fd, r;

	/*
	 * Only a pipe or a device can block. A file opened again would have an
	 * offset of its own, and pid1's lines would overwrite the command's.
	 */
	if (sys_fstat(STDERR_FILENO, &st) < 0)
		return -1;
	if (!S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
		return 0;
	fd = sys_open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	r = fd;
	if (fd < 0)
		return -1;
	if (fd != STDERR_FILENO) {
		r = dup2(fd, STDERR_FILENO);
		close(fd);
	}
	return r < 0 ? -1 : 0;
}

void log_line(int level, const char *reason, const char *hint, const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vlog(level, reason, hint, fmt, ap);
	va_end(ap);
}

void log_errno_line(int level, int errnum, const char *hint, const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vlog(level, errtext(errnum), hint, fmt, ap);
	va_end(ap);
}

void log_at_line(int level, const char *fmt, ...)
{
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vlog(level, NULL, NULL, fmt, ap);
	va_end(ap);
}

void log_errno_at_line(int level, const char *hint, const char *fmt, ...)
{
	int errnum = errno;
	va_list ap;

	if (!log_enabled(level))
		return;
	va_start(ap, fmt);
	vlog(level, errtext(errnum), hint, fmt, ap);
	va_end(ap);
}
