// SPDX-License-Identifier: MIT
/* log.c - formatted, single-write diagnostics on stderr (never stdout: it is the child's). */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"

int log_verbosity = LOG_LEVEL_WARN;

void log_msg(int level, const char *fmt, ...)
{
	char line[1024];
	int saved_errno = errno;
	int len;
	va_list ap;

	if (level > log_verbosity)
		return;
	memcpy(line, "pid1: ", 6);
	va_start(ap, fmt);
	len = fmt_vsnprintf(line + 6, sizeof(line) - 7, fmt, ap);
	va_end(ap);
	/* fmt returns the untruncated length; what it wrote ends before its NUL. */
	len += 6;
	if (len > (int)sizeof(line) - 2)
		len = sizeof(line) - 2;
	line[len++] = '\n';
	/* Nothing sensible can be done if stderr is gone. */
	if (write(STDERR_FILENO, line, (size_t)len) < 0)
		(void)0;
	errno = saved_errno;
}
