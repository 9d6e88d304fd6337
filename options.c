// SPDX-License-Identifier: MIT
/*
 * options.c - the command line and the environment, turned into a
 * struct pid1_config. Pure: no output, no exit, so unit tests can call it.
 */
#include "options.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "log.h"
#include "parse.h"

/* One row per personality, in the order of enum personality_id; the only place they differ. */
static const struct personality personalities[] = {
	{ "pid1 ", "", PERSONALITY_PID1, true, false, JOB_SIGNALS_FORWARD, PID1_DEFAULT_GRACE_MS },
	{ "tini version ", "_pid1", PERSONALITY_TINI, false, false, JOB_SIGNALS_FORWARD, 0 },
	{ "dumb-init v", " (pid1)", PERSONALITY_DUMB_INIT, true, true, JOB_SIGNALS_TO_STOP, 0 },
	/* catatonit's version line copies tini's on purpose: docker parses it. */
	{ "tini version ", "-pid1_catatonit", PERSONALITY_CATATONIT, false, false, JOB_SIGNALS_DROP, 0 },
};

/*
 * The program names other than pid1's own (basenames of argv[0]), one string
 * of names each ended by its NUL, and the personality each selects.
 */
static const char personality_names[] = "tini\0docker-init\0tini-static\0dumb-init\0catatonit";
static const uint8_t personality_of_name[] = {
	PERSONALITY_TINI, PERSONALITY_TINI, PERSONALITY_TINI, PERSONALITY_DUMB_INIT, PERSONALITY_CATATONIT,
};

/*
 * Every option, in the order of long_options[], which is the order an
 * ambiguous abbreviation lists them in; the first twelve are also the
 * letters of short_options[], in the same places.
 */
enum option {
	OPT_HELP,
	OPT_VERSION,
	OPT_VERBOSE,
	OPT_SINGLE_CHILD,
	OPT_PROCESS_GROUP,
	OPT_SUBREAPER,
	OPT_REWRITE,
	OPT_EXPECT_EXIT,
	OPT_PDEATH_SIGNAL,
	OPT_WARN_ORPHANS,
	OPT_LICENSE,
	OPT_PAUSE,
	OPT_WAIT_ALL,
	OPT_FORWARD_ALL,
	OPT_PIDFILE,
	OPT_PIDFILE_TIMEOUT,
	OPT_GRACE,
	OPT_PID,
	OPT_MOUNT_PROC,
	OPT_USER,
	OPT_JOIN,
	OPT_HOSTNAME,
	OPT_UTS,
	OPT_IPC,
	OPT_NET,
	OPT_CGROUP,
	OPT_MAP_AUTO,
	OPT_COUNT
};

/* P and L are catatonit's --pause and --license; L is the one out of place. */
static const char short_options[] = "hVvcgsrepwlPL";

/*
 * The long names in one string, each ended by its NUL: a static binary then
 * carries no table of addresses, and no name padded to the longest.
 */
/* clang-format off */
static const char long_options[] =
	"help\0"
	"version\0"
	"verbose\0"
	"single-child\0"
	"process-group\0"
	"subreaper\0"
	"rewrite\0"
	"expect-exit\0"
	"pdeath-signal\0"
	"warn-orphans\0"
	"license\0"
	"pause\0"
	"wait-all\0"
	"forward-all\0"
	"pidfile\0"
	"pidfile-timeout\0"
	"grace\0"
	"pid\0"
	"mount-proc\0"
	"user\0"
	"join\0"
	"hostname\0"
	"uts\0"
	"ipc\0"
	"net\0"
	"cgroup\0"
	"map-auto\0";
/* clang-format on */

/* A flag of struct pid1_config, as a bit of option_flags[]. */
#define FLAG(field) (1u << (offsetof(struct pid1_config, field) - offsetof(struct pid1_config, forward_to_group)))
_Static_assert(offsetof(struct pid1_config, map_auto) - offsetof(struct pid1_config, forward_to_group) < 13,
	       "the flags an option sets fit below NEEDS_VALUE");

/* The option needs a value (--mount-proc, which may have one, has not this bit). */
#define NEEDS_VALUE (1u << 13)
#define FLAGS_MASK (NEEDS_VALUE - 1)
/* The action an option requests. */
#define ACTION(action) ((unsigned)(action) << 14)

/* What each option does besides what its value says: the flags it turns on, or the action it requests. */
static const uint16_t option_flags[OPT_COUNT] = {
	[OPT_HELP] = ACTION(OPTIONS_HELP),
	[OPT_VERSION] = ACTION(OPTIONS_VERSION),
	[OPT_LICENSE] = ACTION(OPTIONS_LICENSE),
	[OPT_PROCESS_GROUP] = FLAG(forward_to_group),
	[OPT_REWRITE] = NEEDS_VALUE,
	[OPT_EXPECT_EXIT] = NEEDS_VALUE,
	[OPT_PDEATH_SIGNAL] = NEEDS_VALUE,
	[OPT_WARN_ORPHANS] = FLAG(warn_orphans),
	[OPT_PAUSE] = FLAG(pause),
	[OPT_WAIT_ALL] = FLAG(wait_all),
	[OPT_FORWARD_ALL] = FLAG(forward_all),
	[OPT_PIDFILE] = NEEDS_VALUE,
	[OPT_PIDFILE_TIMEOUT] = NEEDS_VALUE,
	[OPT_GRACE] = NEEDS_VALUE,
	[OPT_PID] = FLAG(ns_pid),
	[OPT_MOUNT_PROC] = FLAG(ns_mount) | FLAG(ns_pid),
	[OPT_USER] = FLAG(ns_user) | FLAG(ns_pid),
	[OPT_JOIN] = NEEDS_VALUE,
	[OPT_HOSTNAME] = NEEDS_VALUE | FLAG(ns_uts) | FLAG(ns_pid),
	[OPT_UTS] = FLAG(ns_uts) | FLAG(ns_pid),
	[OPT_IPC] = FLAG(ns_ipc) | FLAG(ns_pid),
	[OPT_NET] = FLAG(ns_net) | FLAG(ns_pid),
	[OPT_CGROUP] = FLAG(ns_cgroup) | FLAG(ns_pid),
	[OPT_MAP_AUTO] = FLAG(map_auto) | FLAG(ns_user) | FLAG(ns_pid),
};

static bool needs_value(int opt)
{
	return option_flags[opt] & NEEDS_VALUE;
}

const struct personality *options_personality(const char *argv0)
{
	const char *base = argv0 ? strrchr(argv0, '/') : NULL, *name = personality_names;

	base = base ? base + 1 : (argv0 ? argv0 : "");
	for (size_t i = 0; i < sizeof(personality_of_name); i++, name += strlen(name) + 1)
		if (strcmp(base, name) == 0)
			return &personalities[personality_of_name[i]];
	return &personalities[PERSONALITY_PID1];
}

static enum options_action fail_with(struct pid1_config *cfg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum options_action fail_with(struct pid1_config *cfg, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(cfg->error, sizeof(cfg->error), fmt, ap);
	va_end(ap);
	return OPTIONS_ERROR;
}

/* The usage errors, in cfg->error. */
#define fail(cfg, fmt, ...) fail_with((cfg), TEXT(fmt), ##__VA_ARGS__)

long options_parse_duration(const char *s)
{
	/* The suffixes in one string, each ended by its NUL (a bare number is seconds), and their milliseconds. */
	static const char suffixes[] = "\0s\0ms\0m\0h";
	static const uint32_t units[] = { 1000, 1000, 1, 60000, 3600000 };
	const char *suffix = suffixes;
	/* A day is far beyond any stop timeout; refusing more keeps the sums in range. */
	const unsigned long max_ms = 86400000UL;
	/* Nine decimals reach a millisecond of an hour; the rest can only say "not zero". */
	const unsigned long long max_scale = 1000000000ULL;
	unsigned long long frac = 0, scale = 1, ms;
	unsigned long whole;
	bool tiny = false; /* a non-zero digit too far right to count */
	const char *p;

	if (parse_uint_prefix(s, max_ms, &whole, &p) < 0)
		return -1;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (scale < max_scale)
				frac = frac * 10 + (unsigned long long)(*p - '0'), scale *= 10;
			else if (*p != '0')
				tiny = true;
		}
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++, suffix += strlen(suffix) + 1) {
		unsigned long unit = units[i];

		if (strcmp(p, suffix) != 0)
			continue;
		if (whole > max_ms / unit)
			return -1;
		ms = (unsigned long long)whole * unit + (frac * unit + scale / 2) / scale;
		/* A positive duration never rounds to 0, which means "off" for --grace. */
		if (ms == 0 && (frac != 0 || tiny))
			ms = 1;
		return ms <= max_ms ? (long)ms : -1;
	}
	return -1;
}

/*
 * PID1_WAIT_ALL=1/yes/true/on turns a flag on, 0/no/false/off/"" off: the
 * words in one string, the first four yes, the last the string's own end.
 */
static const char bool_words[] =
	"1\0yes\0true\0on\0"
	"0\0no\0false\0off\0";

static int parse_bool(const char *s, bool *out)
{
	const char *word = bool_words;

	for (int i = 0; i < 9; i++, word += strlen(word) + 1) {
		const char *rest = parse_word(s, word);

		if (rest != NULL && *rest == '\0')
			return *out = i < 4, 0;
	}
	return -1;
}

/* The variables pid1 reads, all of them: tini's, dumb-init's, catatonit's and its own. */
enum env_var {
	ENV_TINI_KILL_PROCESS_GROUP,
	ENV_TINI_VERBOSITY,
	ENV_DUMB_INIT_SETSID,
	ENV_DUMB_INIT_DEBUG,
	ENV_CATATONIT_DEBUG,
	ENV_PID1_VERBOSITY,
	ENV_PID1_WAIT_ALL,
	ENV_PID1_FORWARD_ALL,
	ENV_PID1_PIDFILE,
	ENV_PID1_GRACE,
	ENV_COUNT
};

/* The names in the order of enum env_var, each ended by its '='. */
static const char env_names[] =
	"TINI_KILL_PROCESS_GROUP=TINI_VERBOSITY=DUMB_INIT_SETSID=DUMB_INIT_DEBUG="
	"CATATONIT_DEBUG=PID1_VERBOSITY=PID1_WAIT_ALL=PID1_FORWARD_ALL=PID1_PIDFILE=PID1_GRACE=";

/*
 * One pass over the environment for every variable, instead of a getenv()
 * scan each: ten scans of a container's environment were most of pid1's own
 * user-space start-up. An entry that starts with none of the four prefixes'
 * first four letters is passed over at once, any other at a walk along
 * env_names: a shell's environment has dozens of entries. The
 * first entry of a name wins, as with getenv(). @values[i] points at the
 * "NAME=" of the entry, not at its value.
 */
static void read_environment(const char *values[ENV_COUNT])
{
	memset(values, 0, ENV_COUNT * sizeof(values[0]));
	for (char **e = environ; *e != NULL; e++) {
		const char *name = env_names, *prefix = "PID1TINIDUMBCATA";
		int k = 0;

		/* Stops at the entry's first byte that differs: never past its end. */
		for (; *prefix != '\0' && k < 4; prefix += 4)
			for (k = 0; k < 4 && prefix[k] == (*e)[k];)
				k++;
		if (k < 4)
			continue;
		for (size_t i = 0; i < ENV_COUNT; i++, name = strchr(name, '=') + 1) {
			const char *p = *e;

			while (*p == *name && *p != '=')
				p++, name++;
			if (*p == '=' && *name == '=' && values[i] == NULL)
				values[i] = *e;
		}
	}
}

/* tini's, dumb-init's and catatonit's variables first, pid1's own last, so they win. */
static enum options_action parse_environment(struct pid1_config *cfg)
{
	const char *values[ENV_COUNT];

	read_environment(values);
	for (int i = 0; i < ENV_COUNT; i++) {
		const char *entry = values[i], *v;
		int n, len; /* "NAME=": its length */

		if (entry == NULL)
			continue;
		v = strchr(entry, '=') + 1;
		len = (int)(v - entry);
		switch (i) {
		case ENV_TINI_KILL_PROCESS_GROUP:
			cfg->forward_to_group = true;
			break;
		case ENV_TINI_VERBOSITY:
		case ENV_PID1_VERBOSITY:
			n = parse_int(v, 9);
			if (n < 0)
				return fail(cfg, "%.*s'%s' is not a verbosity (0..9)", len, entry, v);
			/* tini counts 1 as "warnings", which is pid1's 0. */
			cfg->verbosity = n - (i == ENV_TINI_VERBOSITY);
			break;
		case ENV_DUMB_INIT_SETSID:
			if (strcmp(v, "0") == 0)
				cfg->new_session = cfg->forward_to_group = false;
			break;
		case ENV_DUMB_INIT_DEBUG:
			if (strcmp(v, "1") == 0 && cfg->verbosity < LOG_LEVEL_INFO)
				cfg->verbosity = LOG_LEVEL_INFO;
			break;
		case ENV_CATATONIT_DEBUG:
			/* catatonit turns debugging on whatever the value. */
			if (cfg->verbosity < LOG_LEVEL_DEBUG)
				cfg->verbosity = LOG_LEVEL_DEBUG;
			break;
		case ENV_PID1_WAIT_ALL:
		case ENV_PID1_FORWARD_ALL:
			if (parse_bool(v, i == ENV_PID1_WAIT_ALL ? &cfg->wait_all : &cfg->forward_all) < 0)
				return fail(cfg, "%.*s'%s' is not a boolean (use 1 or 0)", len, entry, v);
			break;
		case ENV_PID1_PIDFILE:
			if (*v != '\0')
				cfg->pidfile = v;
			break;
		default: /* ENV_PID1_GRACE */
			if ((cfg->grace_ms = options_parse_duration(v)) < 0)
				return fail(cfg, "PID1_GRACE='%s' is not a duration (try 10s or 500ms)", v);
		}
	}
	return OPTIONS_RUN;
}

static void set_defaults(struct pid1_config *cfg, const char *argv0)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->personality = options_personality(argv0);
	cfg->forward_to_group = cfg->personality->forward_to_group;
	cfg->new_session = cfg->personality->new_session;
	cfg->grace_ms = cfg->personality->grace_ms;
	cfg->pidfile_timeout_ms = PID1_DEFAULT_PIDFILE_TIMEOUT_MS;
	cfg->proc_dir = "/proc";
	for (int s = 0; s < SIGNALS_TABLE_SIZE; s++)
		cfg->rewrite[s] = -1; /* not set yet: see finish_rewrites() */
}

/* Signals nobody rewrote keep their number, but for the job-control ones of some personalities. */
static void finish_rewrites(struct pid1_config *cfg)
{
	enum job_signals job = cfg->personality->job_signals;

	if (job == JOB_SIGNALS_TO_STOP && !cfg->new_session)
		job = JOB_SIGNALS_FORWARD; /* dumb-init stops only in its session mode */
	for (int s = 0; s < SIGNALS_TABLE_SIZE; s++) {
		if (cfg->rewrite[s] >= 0)
			continue;
		if (s != SIGTSTP && s != SIGTTIN && s != SIGTTOU)
			cfg->rewrite[s] = s;
		else
			cfg->rewrite[s] = job == JOB_SIGNALS_TO_STOP ? SIGSTOP : job == JOB_SIGNALS_DROP ? 0 : s;
	}
}

/* One option, with its @arg if it takes one; returns OPTIONS_RUN, or the action it requests. */
static enum options_action parse_option(struct pid1_config *cfg, int opt, const char *arg)
{
	char *flags = (char *)cfg + offsetof(struct pid1_config, forward_to_group);
	int from, to, code;
	char err[160];

	for (unsigned m = option_flags[opt] & FLAGS_MASK, i = 0; m != 0; m >>= 1, i++)
		if (m & 1)
			*(bool *)(flags + i) = true;
	if (!needs_value(opt) && opt != OPT_MOUNT_PROC) {
		/* -s does nothing: pid1 is a subreaper whenever it is not PID 1. */
		if (opt == OPT_VERBOSE)
			cfg->verbosity++;
		if (opt == OPT_SINGLE_CHILD)
			cfg->forward_to_group = cfg->new_session = false;
		return (enum options_action)(option_flags[opt] >> 14);
	}
	/* Only --mount-proc's value is optional; the callers give the others one, but the analyser cannot know. */
	if (arg == NULL && opt != OPT_MOUNT_PROC)
		return fail(cfg, "internal error: option %d has no value", opt);
	switch (opt) {
	case OPT_REWRITE:
		if (signals_parse_rewrite(arg, &from, &to, err, sizeof(err)) < 0)
			return fail(cfg, "--rewrite: %s", err);
		cfg->rewrite[from] = to;
		return OPTIONS_RUN;
	case OPT_EXPECT_EXIT:
		code = parse_int(arg, 255);
		if (code < 0)
			return fail(cfg, "--expect-exit: '%s' is not an exit code (0..255)", arg);
		cfg->expect_exit[code / 8] |= (uint8_t)(1u << (code % 8));
		return OPTIONS_RUN;
	case OPT_PDEATH_SIGNAL:
		cfg->pdeath_signal = signals_from_name(arg);
		if (cfg->pdeath_signal < 0)
			return fail(cfg, "--pdeath-signal: '%s' is not a signal", arg);
		return OPTIONS_RUN;
	case OPT_PIDFILE:
		if (*arg == '\0')
			return fail(cfg, "--pidfile: the path is empty");
		cfg->pidfile = arg;
		return OPTIONS_RUN;
	case OPT_PIDFILE_TIMEOUT:
		if ((cfg->pidfile_timeout_ms = options_parse_duration(arg)) < 0)
			return fail(cfg, "--pidfile-timeout: '%s' is not a duration (try 10s or 500ms)", arg);
		return OPTIONS_RUN;
	case OPT_GRACE:
		if ((cfg->grace_ms = options_parse_duration(arg)) < 0)
			return fail(cfg, "--grace: '%s' is not a duration (try 10s or 500ms)", arg);
		return OPTIONS_RUN;
	case OPT_MOUNT_PROC:
		if (arg != NULL) {
			if (*arg == '\0')
				return fail(cfg, "--mount-proc: the directory is empty");
			cfg->proc_dir = arg;
		}
		return OPTIONS_RUN;
	case OPT_JOIN:
		if ((cfg->join_pid = parse_int(arg, 0x7fffffff)) <= 0)
			return fail(cfg, "--join: '%s' is not a process id", arg);
		return OPTIONS_RUN;
	default: /* OPT_HOSTNAME, the last that takes a value */
		/* The kernel's limit (HOST_NAME_MAX), and an empty name is no name. */
		if (*arg == '\0' || strlen(arg) > 64)
			return fail(cfg, "--hostname: '%s' is not a host name (1 to 64 bytes)", arg);
		cfg->hostname = arg;
		return OPTIONS_RUN;
	}
}

/*
 * "--pi" stands for several options: the error lists them, in the table's
 * order, as "--pidfile, --pidfile-timeout or --pid".
 */
static enum options_action ambiguous(struct pid1_config *cfg, const char *name, size_t len, int total)
{
	size_t pos = (size_t)fmt_snprintf(cfg->error, sizeof(cfg->error),
					  TEXT("option '--%.*s' is ambiguous: it could be "), (int)len, name);
	const char *o = long_options;
	int found = 0;

	for (int i = 0; i < OPT_COUNT && pos < sizeof(cfg->error); i++, o += strlen(o) + 1) {
		if (strncmp(o, name, len) != 0)
			continue;
		found++;
		pos += (size_t)fmt_snprintf(cfg->error + pos, sizeof(cfg->error) - pos, "%s--%s",
					    found == 1       ? ""
					    : found == total ? " or "
							     : ", ",
					    o);
	}
	return OPTIONS_ERROR;
}

/*
 * @word is "--NAME", "--NAME=VALUE", or an abbreviation of NAME that fits
 * one long option only; an exact name always wins ("--pid" is not "--pidfile").
 * A value that is needed and not after '=' is the next word, whatever it is.
 * *@next is the index of that next word; it moves past a value taken from it.
 */
static enum options_action long_option(struct pid1_config *cfg, const char *word, int argc, char **argv, int *next)
{
	const char *name = word + 2, *value, *o = long_options;
	size_t len = (size_t)(strchrnul(name, '=') - name);
	int opt = 0, matches = 0;

	for (int i = 0; i < OPT_COUNT; i++, o += strlen(o) + 1) {
		if (strncmp(o, name, len) != 0)
			continue;
		opt = i;
		if (o[len] == '\0') {
			matches = 1;
			break;
		}
		matches++;
	}
	if (matches == 0)
		return fail(cfg, "unknown option '--%.*s'", (int)len, name);
	if (matches > 1)
		return ambiguous(cfg, name, len, matches);
	value = name[len] == '=' ? name + len + 1 : NULL;
	if (value != NULL && !needs_value(opt) && opt != OPT_MOUNT_PROC)
		return fail(cfg, "option '--%.*s' takes no value", (int)len, name);
	if (value == NULL && needs_value(opt)) {
		if (*next >= argc)
			return fail(cfg, "option '--%.*s' needs a value", (int)len, name);
		value = argv[(*next)++];
	}
	return parse_option(cfg, opt, value);
}

/*
 * @word is "-vvv", a group of letters. A letter that takes a value takes the
 * rest of the word ("-e5", "-vr15:0"), or else the next word, whatever it is.
 */
static enum options_action short_options_in(struct pid1_config *cfg, const char *word, int argc, char **argv, int *next)
{
	for (const char *c = word + 1; *c != '\0'; c++) {
		const char *spec = strchr(short_options, *c);
		int opt;

		if (spec == NULL)
			return fail(cfg, "unknown option '-%c'", *c);
		opt = *c == 'L' ? OPT_LICENSE : (int)(spec - short_options);
		if (!needs_value(opt)) {
			enum options_action action = parse_option(cfg, opt, NULL);

			if (action != OPTIONS_RUN)
				return action;
			continue;
		}
		if (c[1] != '\0')
			return parse_option(cfg, opt, c + 1);
		if (*next >= argc)
			return fail(cfg, "option '-%c' needs a value", *c);
		return parse_option(cfg, opt, argv[(*next)++]);
	}
	return OPTIONS_RUN;
}

static enum options_action check_command(struct pid1_config *cfg, int argc, char **argv, int first)
{
	if (first < argc)
		cfg->argv = &argv[first];
	if (cfg->pause && cfg->argv != NULL)
		return fail(cfg, "--pause takes no command, but got '%s'", cfg->argv[0]);
	if (cfg->pause && cfg->pidfile != NULL)
		return fail(cfg, "--pause and --pidfile do not go together");
	if (!cfg->pause && cfg->argv == NULL)
		return fail(cfg, "no command given");
	/* --join enters namespaces that exist; it makes none, and nothing in it can follow a pidfile's number. */
	if (cfg->join_pid > 0 && cfg->ns_pid)
		return fail(
			cfg,
			"--join enters the namespaces of process %d and creates none: not with --pid, --mount-proc, "
			"--user, --map-auto, --hostname, --uts, --ipc, --net or --cgroup",
			cfg->join_pid);
	if (cfg->join_pid > 0 && (cfg->pause || cfg->pidfile != NULL))
		return fail(cfg, "--join does not go with %s", cfg->pause ? "--pause" : "--pidfile");
	return OPTIONS_RUN;
}

/*
 * The command line as getopt_long() reads it with "+" (POSIXLY_CORRECT): the
 * options end at the first word that is not one ("-" alone is a command) or
 * after "--", and nothing is permuted. pid1's own parser, because in a static
 * musl build getopt_long() brings in stdio and the multibyte decoder, about
 * 5 KB, for messages pid1 does not print anyway (it words its own).
 */
enum options_action options_parse(struct pid1_config *cfg, int argc, char **argv)
{
	enum options_action env;
	int next = 1;

	set_defaults(cfg, argc > 0 ? argv[0] : NULL);
	/* A bad variable is reported after the command line, so -h still works. */
	env = parse_environment(cfg);
	while (next < argc) {
		const char *word = argv[next];
		enum options_action action;

		if (word[0] != '-' || word[1] == '\0')
			break;
		next++;
		if (word[1] != '-')
			action = short_options_in(cfg, word, argc, argv, &next);
		else if (word[2] == '\0')
			break;
		else
			action = long_option(cfg, word, argc, argv, &next);
		if (action != OPTIONS_RUN)
			return action;
	}
	if (env == OPTIONS_ERROR)
		return OPTIONS_ERROR;
	finish_rewrites(cfg);
	return check_command(cfg, argc, argv, next);
}

void options_defaults(struct pid1_config *cfg)
{
	set_defaults(cfg, NULL);
	finish_rewrites(cfg);
}

bool options_expects(const struct pid1_config *cfg, int code)
{
	return code >= 0 && code <= 255 && (cfg->expect_exit[code / 8] & (1u << (code % 8)));
}

/* Both texts are TEXT(): packed in the static build, where they are a tenth of the file. */
const char *options_usage(void)
{
	return fmt_text(
		TEXT("Usage: pid1 [OPTIONS] [--] COMMAND [ARG...]\n"
		     "       pid1 [OPTIONS] --pause\n"
		     "\n"
		     "Run COMMAND as a child, forward every signal to it, reap every zombie, and\n"
		     "exit with its status (its exit code, or 128+N if signal N killed it).\n"
		     "\n"
		     "Signals:\n"
		     "  -c, --single-child        forward signals to the child only, not its group\n"
		     "  -g, --process-group       forward signals to the child's process group\n"
		     "                            (default, except under the tini names)\n"
		     "      --forward-all         forward signals to every descendant\n"
		     "  -r, --rewrite FROM:TO     send TO when FROM arrives (names or numbers; TO=0 drops)\n"
		     "  -p, --pdeath-signal SIG   have the kernel send pid1 SIG when its parent dies\n"
		     "\n"
		     "Lifecycle:\n"
		     "      --grace DURATION      after SIGTERM/SIGINT, SIGKILL the child if it is still\n"
		     "                            alive after DURATION; TERM, wait, KILL leftovers when\n"
		     "                            the child exits (default 8s; 0 under the tini,\n"
		     "                            dumb-init and catatonit names; 0 turns it off)\n"
		     "      --wait-all            after the child exits, wait for every descendant\n"
		     "      --pidfile PATH        follow the daemon whose pid COMMAND writes to PATH\n"
		     "      --pidfile-timeout DURATION  how long to wait for PATH (default 10s)\n"
		     "  -e, --expect-exit CODE    treat the child's exit code CODE as 0 (repeatable)\n"
		     "  -P, --pause               run no command: wait for SIGTERM/SIGINT, reap zombies\n"
		     "                            (not with --pidfile)\n"
		     "\n"
		     "Namespaces:\n"
		     "      --pid                 run in a new PID namespace, as its PID 1\n"
		     "      --mount-proc[=DIR]    also mount a private /proc (or DIR); implies --pid\n"
		     "      --user                also a user namespace mapping you to root (no sudo);\n"
		     "                            implies --pid\n"
		     "      --map-auto            --user, and your ranges in /etc/subuid, /etc/subgid\n"
		     "                            (through newuidmap and newgidmap)\n"
		     "      --hostname NAME       also a UTS namespace named NAME (--uts keeps the name)\n"
		     "      --uts, --ipc, --net, --cgroup  also that namespace (--net: lo alone, up);\n"
		     "                            each implies --pid\n"
		     "      --join PID            run COMMAND in the namespaces of the sandbox of PID\n"
		     "                            (its outer pid1, or a process inside), as its parent\n"
		     "\n"
		     "Other:\n"
		     "  -v, --verbose             log reaped orphans and forwarded signals (repeat: more)\n"
		     "  -w, --warn-orphans        log each reaped orphan as a warning\n"
		     "  -s, --subreaper           accepted for tini; pid1 is a subreaper unless PID 1\n"
		     "  -l, -L, --license         print the licence\n"
		     "  -h, --help                print this help\n"
		     "  -V, --version             print the version\n"
		     "\n"
		     "Environment: PID1_VERBOSITY, PID1_GRACE, PID1_WAIT_ALL, PID1_FORWARD_ALL,\n"
		     "PID1_PIDFILE; LISTEN_PID (socket activation); and tini's, dumb-init's and\n"
		     "catatonit's variables (see pid1(1)).\n"
		     "\n"
		     "Exit status: COMMAND's status; 126/127 if it cannot be run; 100 bad usage;\n"
		     "111 a system call failed; 112 a namespace could not be set up (or --join\n"
		     "could not enter one); 113 --pidfile found no daemon to follow.\n"
		     "\n"
		     "Examples:\n"
		     "  pid1 -- nginx -g 'daemon off;'\n"
		     "  pid1 --user --mount-proc -- ps -ef\n"
		     "  pid1 --pidfile /run/nginx.pid -- nginx\n"));
}

const char *options_license(void)
{
	return fmt_text(
		TEXT("pid1 is released under the MIT licence.\n"
		     "\n"
		     "Permission is hereby granted, free of charge, to any person obtaining a copy\n"
		     "of this software and associated documentation files (the \"Software\"), to deal\n"
		     "in the Software without restriction, including without limitation the rights\n"
		     "to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n"
		     "copies of the Software, and to permit persons to whom the Software is\n"
		     "furnished to do so, subject to the following conditions:\n"
		     "\n"
		     "The above copyright notice and this permission notice shall be included in\n"
		     "all copies or substantial portions of the Software.\n"
		     "\n"
		     "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n"
		     "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
		     "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"
		     "AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n"
		     "LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n"
		     "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE\n"
		     "SOFTWARE.\n"));
}
