// SPDX-License-Identifier: MIT
/*
 * fuzz_parsers.c - a libFuzzer target over every parser pid1 feeds with
 * outside text: the command line and environment (options_parse), signal
 * names and --rewrite rules, durations, pidfile text, /proc/PID/stat lines,
 * and the small formatter with fuzzed string arguments.
 *
 * The first byte picks the target ((byte & 0x7f) % TARGETS); the rest is its
 * input. Besides the sanitizers, each target checks what its contract
 * promises and abort()s on a violation, which libFuzzer reports as a crash:
 * results in range, error texts terminated, round trips that hold, and for
 * the formatter byte-for-byte agreement with the C library's snprintf.
 *
 * Build and run: tests/fuzz/run.sh [SECONDS].
 */
#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "options.h"
#include "pidfile.h"
#include "procfs.h"
#include "signals.h"

enum target {
	T_OPTIONS,
	T_SIGNAL_NAME,
	T_REWRITE,
	T_DURATION,
	T_PIDFILE,
	T_STAT,
	T_FMT,
	TARGETS,
};

#define CHECK(cond)                                                                                  \
	do {                                                                                         \
		if (!(cond)) {                                                                       \
			fprintf(stderr, "fuzz_parsers: %s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                              \
			abort();                                                                     \
		}                                                                                    \
	} while (0)

/* The input as a NUL-terminated string (it ends at its first NUL byte). */
static char *as_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	CHECK(s != NULL);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* ---- options_parse ---- */

/* The variables options_parse() reads; bit i of the second byte sets variable i. */
static const char *const env_names[] = {
	"PID1_VERBOSITY", "PID1_GRACE",    "PID1_WAIT_ALL",    "PID1_FORWARD_ALL",
	"PID1_PIDFILE",   "TINI_VERBOSITY", "DUMB_INIT_SETSID", "DUMB_INIT_DEBUG",
};

static char *env_entry(const char *name, const char *value)
{
	size_t len = strlen(name) + strlen(value) + 2;
	char *e = malloc(len);

	CHECK(e != NULL);
	snprintf(e, len, "%s=%s", name, value);
	return e;
}

static void check_config(const struct pid1_config *cfg, enum options_action action, char **argv, int argc)
{
	CHECK(memchr(cfg->error, '\0', sizeof(cfg->error)) != NULL);
	CHECK(cfg->personality != NULL);
	CHECK(action >= OPTIONS_RUN && action <= OPTIONS_ERROR);
	if (action == OPTIONS_ERROR) {
		CHECK(cfg->error[0] != '\0');
		return;
	}
	if (action != OPTIONS_RUN)
		return;
	/* A runnable configuration: a command xor --pause, every value in range. */
	CHECK(cfg->pause != (cfg->argv != NULL));
	if (cfg->argv != NULL) {
		CHECK(cfg->argv > argv && cfg->argv < argv + argc);
		CHECK(cfg->argv[0] != NULL);
	}
	CHECK(cfg->grace_ms >= 0 && cfg->grace_ms <= 86400000L);
	CHECK(cfg->pidfile_timeout_ms >= 0 && cfg->pidfile_timeout_ms <= 86400000L);
	CHECK(cfg->pdeath_signal >= 0 && cfg->pdeath_signal <= SIGNALS_MAX);
	CHECK(cfg->pidfile == NULL || cfg->pidfile[0] != '\0');
	CHECK(cfg->proc_dir != NULL && cfg->proc_dir[0] != '\0');
	CHECK(!cfg->ns_mount || cfg->ns_pid);
	CHECK(!cfg->ns_user || cfg->ns_pid);
	CHECK(!(cfg->pause && cfg->pidfile != NULL));
	for (int s = 0; s < SIGNALS_TABLE_SIZE; s++)
		CHECK(cfg->rewrite[s] >= 0 && cfg->rewrite[s] <= SIGNALS_MAX);
	/* KILL and STOP can never be rewritten (fault signals can: a process may send them). */
	CHECK(cfg->rewrite[SIGKILL] == SIGKILL && cfg->rewrite[SIGSTOP] == SIGSTOP);
	for (int code = -1; code <= 256; code++)
		CHECK(!options_expects(cfg, code) || (code >= 0 && code <= 255));
}

/*
 * Byte 1: which variables are set; the rest, split on NUL bytes: first one
 * value per variable set, then argv (argv[0] included, so the personality
 * is fuzzed too). Byte 0's top bit sets TINI_KILL_PROCESS_GROUP.
 */
static void fuzz_options(uint8_t flags, const uint8_t *data, size_t size)
{
	struct pid1_config cfg;
	enum options_action action;
	char *buf, **pieces;
	size_t npieces = 0, next = 0, nenv = 0;
	char *env[sizeof(env_names) / sizeof(env_names[0]) + 2], **saved;
	unsigned mask;
	int argc;

	if (size == 0)
		return;
	mask = data[0];
	buf = as_string(data + 1, size - 1);
	/* Every NUL ends a piece, and the final one ends the buffer: at most size pieces. */
	pieces = calloc(size + 1, sizeof(*pieces));
	CHECK(pieces != NULL);
	for (size_t start = 0, i = 0; i <= size - 1; i++) {
		if (buf[i] == '\0') {
			pieces[npieces++] = buf + start;
			start = i + 1;
		}
	}
	/*
	 * A fresh environment holding only these variables. It is built by hand:
	 * glibc's setenv() keeps every value it was ever given, which a fuzzer
	 * would turn into unbounded growth.
	 */
	if (flags & 0x80)
		env[nenv++] = env_entry("TINI_KILL_PROCESS_GROUP", "");
	for (size_t v = 0; v < sizeof(env_names) / sizeof(env_names[0]); v++)
		if ((mask & (1u << v)) && next < npieces)
			env[nenv++] = env_entry(env_names[v], pieces[next++]);
	env[nenv] = NULL;
	saved = environ;
	environ = env;
	/* What is left is argv; no pieces left means argc 0, which a caller may do. */
	argc = (int)(npieces - next);
	pieces[npieces] = NULL;
	action = options_parse(&cfg, argc, pieces + next);
	check_config(&cfg, action, pieces + next, argc);
	environ = saved;
	for (size_t v = 0; v < nenv; v++)
		free(env[v]);
	free(pieces);
	free(buf);
}

/* ---- signal names and rewrite rules ---- */

static void fuzz_signal_name(const uint8_t *data, size_t size)
{
	char *s = as_string(data, size);
	char name[24], sig[32];
	int n = signals_from_name(s);

	CHECK(n == -1 || (n >= 1 && n <= SIGNALS_MAX));
	if (n > 0) {
		/* Whatever was accepted has a name that parses back to the same number. */
		signals_to_name(n, name, sizeof(name));
		CHECK(signals_from_name(name) == n);
		/* Numbers without a name (32, 33) are printed bare, as pid1's logs do. */
		if (!isdigit((unsigned char)name[0])) {
			snprintf(sig, sizeof(sig), "SIG%s", name);
			CHECK(signals_from_name(sig) == n);
		}
		snprintf(sig, sizeof(sig), "%d", n);
		CHECK(signals_from_name(sig) == n);
	}
	/* Any number, in range or not, gets a terminated name that fits. */
	if (size >= sizeof(int)) {
		int any;

		memcpy(&any, data, sizeof(any));
		signals_to_name(any, name, sizeof(name));
		CHECK(memchr(name, '\0', sizeof(name)) != NULL);
	}
	free(s);
}

/* Byte 1: the size of the error buffer (1..256), allocated exactly so ASan sees overruns. */
static void fuzz_rewrite(const uint8_t *data, size_t size)
{
	size_t errlen;
	char *spec, *err;
	int from = -2, to = -2;

	if (size == 0)
		return;
	errlen = (size_t)data[0] + 1;
	spec = as_string(data + 1, size - 1);
	err = malloc(errlen);
	CHECK(err != NULL);
	if (signals_parse_rewrite(spec, &from, &to, err, errlen) == 0) {
		CHECK(from >= 1 && from <= SIGNALS_MAX);
		/* Fault signals may be rewritten: a process can send them (docker kill -s ABRT). */
		CHECK(from != SIGKILL && from != SIGSTOP);
		CHECK(to >= 0 && to <= SIGNALS_MAX);
		CHECK(strchr(spec, ':') != NULL);
	} else {
		CHECK(memchr(err, '\0', errlen) != NULL);
	}
	free(err);
	free(spec);
}

/* ---- durations ---- */

/*
 * An independent reading of the documented grammar: DIGITS[.DIGITS][s|ms|m|h],
 * up to nine decimals significant, rounded half up, a positive one never 0,
 * at most a day.
 */
static long reference_duration(const char *s)
{
	static const struct { const char *suffix; unsigned long ms; } units[] = {
		{ "", 1000 }, { "s", 1000 }, { "ms", 1 }, { "m", 60000 }, { "h", 3600000 },
	};
	unsigned __int128 whole = 0;
	unsigned long long frac = 0, scale = 1;
	size_t digits = 0;
	const char *p = s;

	bool huge = false, tiny = false;

	/* Leading zeros are digits too, but add nothing; 30 significant ones are surely too much. */
	for (; isdigit((unsigned char)*p); p++, digits++) {
		whole = whole * 10 + (unsigned)(*p - '0');
		if (whole >= (unsigned __int128)1 << 100)
			huge = true, whole = 0;
	}
	if (digits == 0)
		return -1;
	/* A dot needs a digit after it; nine decimals count, a non-zero one beyond says "not zero". */
	if (*p == '.') {
		if (!isdigit((unsigned char)p[1]))
			return -1;
		for (p++; isdigit((unsigned char)*p); p++) {
			if (scale < 1000000000ULL)
				frac = frac * 10 + (unsigned long long)(*p - '0'), scale *= 10;
			else if (*p != '0')
				tiny = true;
		}
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(p, units[i].suffix) != 0)
			continue;
		unsigned __int128 ms = whole * units[i].ms + (frac * units[i].ms + scale / 2) / scale;

		/* Positive is never 0. */
		if (ms == 0 && (frac != 0 || tiny))
			ms = 1;
		return !huge && ms <= 86400000U ? (long)ms : -1;
	}
	return -1;
}

static void fuzz_duration(const uint8_t *data, size_t size)
{
	char *s = as_string(data, size);
	long ms = options_parse_duration(s);

	CHECK(ms == -1 || (ms >= 0 && ms <= 86400000L));
	CHECK(ms == reference_duration(s));
	free(s);
}

/* ---- pidfiles ---- */

/* An independent reading of the contract: blanks, digits, blanks, end; 0 for blank text. */
static long reference_pidfile(const char *s)
{
	unsigned __int128 v = 0;
	size_t digits = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return 0;
	bool huge = false;

	for (; isdigit((unsigned char)*s); s++, digits++) {
		v = v * 10 + (unsigned)(*s - '0');
		if (v > INT_MAX)
			huge = true, v = 0;
	}
	if (digits == 0 || huge)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	return *s == '\0' && v > 0 && v <= INT_MAX ? (long)v : -1;
}

static void fuzz_pidfile(const uint8_t *data, size_t size)
{
	char *s = as_string(data, size);
	pid_t pid = pidfile_parse(s);

	CHECK(pid >= -1);
	CHECK((long)pid == reference_pidfile(s));
	free(s);
}

/* ---- /proc/PID/stat ---- */

/*
 * Raw text must give -1 or a pid; and a well-formed line must give its ppid
 * whatever the command name holds (spaces, parentheses, newlines: anything
 * but NUL, as the kernel allows).
 */
static void fuzz_stat(const uint8_t *data, size_t size)
{
	char *s = as_string(data, size);
	char *line;
	size_t len = strlen(s);
	pid_t ppid = procfs_parse_stat_ppid(s);

	CHECK(ppid >= -1);
	line = malloc(len + 64);
	CHECK(line != NULL);
	snprintf(line, len + 64, "4242 (%s) S 31337 4242 4242 0 -1 4194560 1 0 0 0\n", s);
	CHECK(procfs_parse_stat_ppid(line) == 31337);
	snprintf(line, len + 64, "7 (%s) Z 1", s);
	CHECK(procfs_parse_stat_ppid(line) == 1);
	free(line);
	free(s);
}

/* ---- fmt_snprintf ---- */

/*
 * Byte 0: output buffer size (0..255, allocated exactly); byte 1: a format;
 * bytes 2..5: an int; then NUL-separated strings. Every format is one pid1
 * uses or could, restricted to what fmt supports, and each result must be
 * what the C library produces, return value included.
 */
#define FMT_BOTH(...)                                                                               \
	do {                                                                                         \
		n = fmt_snprintf(out, outlen, __VA_ARGS__);                                          \
		ref_n = snprintf(ref, sizeof(ref), __VA_ARGS__);                                     \
	} while (0)

static void fuzz_fmt(const uint8_t *data, size_t size)
{
	const char *a[4] = { "", "", "", "" };
	char ref[4096], *buf, *out;
	size_t outlen, na = 0;
	int n = 0, ref_n = 0, i = 0;
	long long ll;

	if (size < 6)
		return;
	outlen = data[0];
	memcpy(&i, data + 2, sizeof(i));
	ll = (long long)i * 1000003LL;
	buf = as_string(data + 6, size - 6);
	for (char *p = buf; na < 4;) {
		a[na++] = p;
		/* The strings end at NULs inside the input, not at the terminator. */
		size_t l = strlen(p);
		if (p + l >= buf + (size - 6))
			break;
		p += l + 1;
	}
	/* Bounded so ref always holds the full output. */
	for (size_t k = 0; k < 4; k++)
		if (strlen(a[k]) > 900)
			goto done;
	out = malloc(outlen ? outlen : 1);
	CHECK(out != NULL);
	switch (data[1] % 12) {
	case 0: FMT_BOTH("%s", a[0]); break;
	case 1: FMT_BOTH("pid1: %s: %s", a[0], a[1]); break;
	case 2: FMT_BOTH("%.*s", i % 2000, a[0]); break;
	case 3: FMT_BOTH("'%s': '%s' is not a signal (0 drops it)", a[0], a[1]); break;
	case 4: FMT_BOTH("forwarded %s to process group %d", a[0], i); break;
	case 5: FMT_BOTH("%s%s%s\n", a[0], a[1], a[2]); break;
	case 6: FMT_BOTH("%c%s%u%s", a[0][0], a[1], (unsigned)i, a[2]); break;
	case 7: FMT_BOTH("%s %ld ms %lld %lu", a[0], (long)i, ll, (unsigned long)ll); break;
	case 8: FMT_BOTH("100%% %s %.3s|%.0s|", a[0], a[1], a[2]); break;
	case 9: FMT_BOTH("%.*s=%s", (int)strcspn(a[0], "="), a[0], a[1]); break;
	case 10: FMT_BOTH("%d%d%s%d", i, (int)(0U - (unsigned)i), a[3], INT_MIN); break; /* no signed overflow for INT_MIN */
	default: FMT_BOTH("%llu %lld %s", (unsigned long long)ll, LLONG_MIN, a[0]); break;
	}
	CHECK(n == ref_n);
	if (outlen > 0) {
		size_t used = (size_t)n < outlen ? (size_t)n : outlen - 1;

		CHECK(memcmp(out, ref, used) == 0);
		CHECK(out[used] == '\0');
	}
	free(out);
done:
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	switch ((data[0] & 0x7f) % TARGETS) {
	case T_OPTIONS: fuzz_options(data[0], data + 1, size - 1); break;
	case T_SIGNAL_NAME: fuzz_signal_name(data + 1, size - 1); break;
	case T_REWRITE: fuzz_rewrite(data + 1, size - 1); break;
	case T_DURATION: fuzz_duration(data + 1, size - 1); break;
	case T_PIDFILE: fuzz_pidfile(data + 1, size - 1); break;
	case T_STAT: fuzz_stat(data + 1, size - 1); break;
	default: fuzz_fmt(data + 1, size - 1); break;
	}
	return 0;
}
