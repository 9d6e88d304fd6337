// SPDX-License-Identifier: MIT
/*
 * test_options.c - options_parse(), options_parse_duration(), options_expects():
 * personalities, the command, every option, the environment, and the exact
 * usage error texts. Signals are compared with the <signal.h> macros.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "expect.h"

#include "log.h"
#include "options.h"

/* ---- table-driven checks: each failing case is printed by name, the test fails once ---- */

/* The action, and on a mismatch the error text too, which usually explains it. */
#define EXPECT_ACTION(casename, got, want, cfg)                                                                    \
	do {                                                                                                       \
		int got_ = (int)(got), want_ = (int)(want);                                                        \
		if (got_ != want_) {                                                                               \
			print_error("%s:%d: case \"%s\": action %d, expected %d (error: \"%s\")\n", __FILE__,      \
				    __LINE__, (casename), got_, want_, got_ == OPTIONS_ERROR ? (cfg)->error : ""); \
			failures++;                                                                                \
		}                                                                                                  \
	} while (0)

/* ---- running one case: a clean environment, then a writable argv ---- */

#define MAX_ENV 4
#define MAX_ARGS 12

/* One invocation: "NAME=value" environment entries and argv (both NULL-terminated). */
struct invocation {
	const char *env[MAX_ENV + 1];
	const char *args[MAX_ARGS + 1];
};

/* Writable copies: cfg->argv points into the pointer array. */
struct argv_buf {
	int argc;
	char *argv[MAX_ARGS + 1];
	char text[MAX_ARGS][128];
};

static const char *const env_names[] = {
	"PID1_VERBOSITY",   "PID1_GRACE",      "PID1_WAIT_ALL",   "PID1_FORWARD_ALL",
	"PID1_PIDFILE",     "TINI_SUBREAPER",  "TINI_VERBOSITY",  "TINI_KILL_PROCESS_GROUP",
	"DUMB_INIT_SETSID", "DUMB_INIT_DEBUG", "CATATONIT_DEBUG",
};

static void reset_environment(void)
{
	for (size_t i = 0; i < sizeof(env_names) / sizeof(env_names[0]); i++)
		unsetenv(env_names[i]);
}

static int clean_environment(void **state)
{
	(void)state;
	reset_environment();
	return 0;
}

/* The command line of @inv alone, with the environment as it is. */
static enum options_action parse_args(const struct invocation *inv, struct pid1_config *cfg, struct argv_buf *b)
{
	memset(b, 0, sizeof(*b));
	for (b->argc = 0; b->argc < MAX_ARGS && inv->args[b->argc] != NULL; b->argc++) {
		assert_true(strlen(inv->args[b->argc]) < sizeof(b->text[0]));
		strcpy(b->text[b->argc], inv->args[b->argc]);
		b->argv[b->argc] = b->text[b->argc];
	}
	b->argv[b->argc] = NULL;
	memset(cfg, 0xa5, sizeof(*cfg)); /* options_parse must set every field itself */
	return options_parse(cfg, b->argc, b->argv);
}

static enum options_action parse_invocation(const struct invocation *inv, struct pid1_config *cfg, struct argv_buf *b)
{
	reset_environment();
	for (int i = 0; i < MAX_ENV && inv->env[i] != NULL; i++) {
		char name[64];
		const char *eq = strchr(inv->env[i], '=');
		size_t n = eq ? (size_t)(eq - inv->env[i]) : strlen(inv->env[i]);

		assert_true(n < sizeof(name));
		memcpy(name, inv->env[i], n);
		name[n] = '\0';
		assert_int_equal(setenv(name, eq ? eq + 1 : "", 1), 0);
	}
	return parse_args(inv, cfg, b);
}

#define ENV(...) .env = { __VA_ARGS__ }
#define ARGS(...) .args = { __VA_ARGS__ }

/* "a b c" for cfg->argv, to compare a whole command line at once. */
static const char *joined(char **argv, char *buf, size_t len)
{
	size_t pos = 0;

	if (argv == NULL)
		return NULL;
	buf[0] = '\0';
	for (int i = 0; argv[i] != NULL; i++)
		pos += (size_t)snprintf(buf + pos, len > pos ? len - pos : 0, "%s%s", i ? " " : "", argv[i]);
	return buf;
}

/* ---- personalities and defaults ---- */

#define KEEP (-1)

static void defaults_follow_the_program_name(void **state)
{
	(void)state;
	const struct {
		const char *argv0;
		enum personality_id id;
		bool to_group, new_session;
		long grace_ms;
		int job; /* what TSTP/TTIN/TTOU become: SIGSTOP, 0 (dropped), or KEEP */
		const char *prefix, *suffix;
	} cases[] = {
		{ "pid1", PERSONALITY_PID1, true, false, 8000, KEEP, "pid1 ", "" },
		{ "/usr/local/bin/pid1", PERSONALITY_PID1, true, false, 8000, KEEP, "pid1 ", "" },
		{ "/usr/bin/tini", PERSONALITY_TINI, false, false, 0, KEEP, "tini version ", "_pid1" },
		{ "tini", PERSONALITY_TINI, false, false, 0, KEEP, "tini version ", "_pid1" },
		{ "docker-init", PERSONALITY_TINI, false, false, 0, KEEP, "tini version ", "_pid1" },
		{ "/dev/init/docker-init", PERSONALITY_TINI, false, false, 0, KEEP, "tini version ", "_pid1" },
		{ "tini-static", PERSONALITY_TINI, false, false, 0, KEEP, "tini version ", "_pid1" },
		{ "dumb-init", PERSONALITY_DUMB_INIT, true, true, 0, SIGSTOP, "dumb-init v", " (pid1)" },
		{ "/usr/bin/dumb-init", PERSONALITY_DUMB_INIT, true, true, 0, SIGSTOP, "dumb-init v", " (pid1)" },
		{ "catatonit", PERSONALITY_CATATONIT, false, false, 0, 0, "tini version ", "-pid1_catatonit" },
		{ "/usr/libexec/podman/catatonit", PERSONALITY_CATATONIT, false, false, 0, 0, "tini version ",
		  "-pid1_catatonit" },
		{ "init", PERSONALITY_PID1, true, false, 8000, KEEP, "pid1 ", "" },
		{ "tini2", PERSONALITY_PID1, true, false, 8000, KEEP, "pid1 ", "" },
		{ "/usr/bin/tini/", PERSONALITY_PID1, true, false, 8000, KEEP, "pid1 ", "" },
		{ "", PERSONALITY_PID1, true, false, 8000, KEEP, "pid1 ", "" },
	};
	struct pid1_config cfg;
	struct argv_buf b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *name = cases[i].argv0[0] ? cases[i].argv0 : "(empty argv0)";
		const struct invocation inv = { ARGS(cases[i].argv0, "sh") };
		int tstp = cases[i].job == KEEP ? SIGTSTP : cases[i].job;
		int ttin = cases[i].job == KEEP ? SIGTTIN : cases[i].job;
		int ttou = cases[i].job == KEEP ? SIGTTOU : cases[i].job;

		EXPECT_ACTION(name, parse_invocation(&inv, &cfg, &b), OPTIONS_RUN, &cfg);
		EXPECT_INT(name, cfg.personality->id, cases[i].id);
		EXPECT_INT(name, options_personality(cases[i].argv0) == cfg.personality, 1);
		EXPECT_INT(name, cfg.forward_to_group, cases[i].to_group);
		EXPECT_INT(name, cfg.new_session, cases[i].new_session);
		EXPECT_INT(name, cfg.grace_ms, cases[i].grace_ms);
		EXPECT_INT(name, cfg.rewrite[SIGTSTP], tstp);
		EXPECT_INT(name, cfg.rewrite[SIGTTIN], ttin);
		EXPECT_INT(name, cfg.rewrite[SIGTTOU], ttou);
		EXPECT_STR(name, cfg.personality->version_prefix, cases[i].prefix);
		EXPECT_STR(name, cfg.personality->version_suffix, cases[i].suffix);
		/* Everything else starts the same under every name. */
		EXPECT_INT(name, cfg.verbosity, 0);
		EXPECT_INT(name, cfg.warn_orphans, 0);
		EXPECT_INT(name, cfg.pause, 0);
		EXPECT_INT(name, cfg.wait_all, 0);
		EXPECT_INT(name, cfg.forward_all, 0);
		EXPECT_STR(name, cfg.pidfile, NULL);
		EXPECT_INT(name, cfg.pidfile_timeout_ms, PID1_DEFAULT_PIDFILE_TIMEOUT_MS);
		EXPECT_INT(name, cfg.ns_pid, 0);
		EXPECT_INT(name, cfg.ns_mount, 0);
		EXPECT_INT(name, cfg.ns_user, 0);
		EXPECT_STR(name, cfg.proc_dir, "/proc");
		EXPECT_INT(name, cfg.pdeath_signal, 0);
		for (int code = 0; code <= 255; code++)
			if (options_expects(&cfg, code))
				EXPECT_INT(name, code, -1); /* no exit code is expected by default */
		for (int s = 0; s < SIGNALS_TABLE_SIZE; s++) {
			if (s == SIGTSTP || s == SIGTTIN || s == SIGTTOU)
				continue;
			if (cfg.rewrite[s] != s)
				EXPECT_INT(name, cfg.rewrite[s], s);
		}
	}
	EXPECT_INT("NULL argv0", options_personality(NULL)->id, PERSONALITY_PID1);
	END_CASES();
}

/* ---- the command ---- */

static void command_starts_at_the_first_non_option(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		const char *command;
		int verbosity;
	} cases[] = {
		{ "pid1 sh -c x", { ARGS("pid1", "sh", "-c", "x") }, "sh -c x", 0 },
		{ "options after the command are its own",
		  { ARGS("pid1", "-v", "sh", "-v", "--grace") },
		  "sh -v --grace",
		  1 },
		{ "-- ends the options", { ARGS("pid1", "--", "-v", "x") }, "-v x", 0 },
		{ "options then --", { ARGS("pid1", "-v", "--", "sh") }, "sh", 1 },
		{ "a second -- belongs to the command", { ARGS("pid1", "--", "sh", "--", "y") }, "sh -- y", 0 },
		{ "-- after the command", { ARGS("pid1", "sh", "--", "-v") }, "sh -- -v", 0 },
		{ "value options are skipped",
		  { ARGS("pid1", "--grace", "1s", "-r", "TERM:INT", "prog", "arg") },
		  "prog arg",
		  0 },
		{ "a lone - is a command", { ARGS("pid1", "-", "x") }, "- x", 0 },
		{ "-h after the command", { ARGS("pid1", "sh", "-h") }, "sh -h", 0 },
		/* Groups of letters, abbreviations, and values, as getopt_long read them. */
		{ "--verb", { ARGS("pid1", "--verb", "sh") }, "sh", 1 },
		{ "-vvv", { ARGS("pid1", "-vvv", "sh") }, "sh", 3 },
		{ "-v -v", { ARGS("pid1", "-v", "-v", "sh") }, "sh", 2 },
		{ "-sgv", { ARGS("pid1", "-sgv", "sh") }, "sh", 1 },
		{ "a value glued to its letter in a group", { ARGS("pid1", "-ve5", "sh") }, "sh", 1 },
		{ "a value after a group", { ARGS("pid1", "-vr", "TERM:INT", "sh") }, "sh", 1 },
		{ "a value that is --", { ARGS("pid1", "--pidfile", "--", "sh") }, "sh", 0 },
		{ "an option after --", { ARGS("pid1", "-v", "--", "--grace", "1") }, "--grace 1", 1 },
	};
	struct pid1_config cfg;
	struct argv_buf b;
	char buf[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_ACTION(cases[i].name, parse_invocation(&cases[i].inv, &cfg, &b), OPTIONS_RUN, &cfg);
		EXPECT_STR(cases[i].name, joined(cfg.argv, buf, sizeof(buf)), cases[i].command);
		EXPECT_INT(cases[i].name, cfg.verbosity, cases[i].verbosity);
		EXPECT_INT(cases[i].name, cfg.pause, 0);
		/* cfg->argv is the tail of the argv given, not a copy. */
		if (cfg.argv != NULL)
			EXPECT_INT(cases[i].name, cfg.argv >= b.argv && cfg.argv < b.argv + b.argc, 1);
	}
	END_CASES();
}

static void pause_runs_no_command(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		enum options_action action;
		const char *error;
	} cases[] = {
		{ "--pause", { ARGS("pid1", "--pause") }, OPTIONS_RUN, NULL },
		{ "--pause --", { ARGS("pid1", "--pause", "--") }, OPTIONS_RUN, NULL },
		{ "-v --pause", { ARGS("pid1", "-v", "--pause") }, OPTIONS_RUN, NULL },
		{ "--pause with a command",
		  { ARGS("pid1", "--pause", "sleep", "1") },
		  OPTIONS_ERROR,
		  "--pause takes no command, but got 'sleep'" },
		{ "--pause -- command",
		  { ARGS("pid1", "--pause", "--", "x") },
		  OPTIONS_ERROR,
		  "--pause takes no command, but got 'x'" },
		{ "--pause --pidfile",
		  { ARGS("pid1", "--pause", "--pidfile", "/run/x.pid") },
		  OPTIONS_ERROR,
		  "--pause and --pidfile do not go together" },
		{ "--pause with PID1_PIDFILE",
		  { ENV("PID1_PIDFILE=/run/x.pid"), ARGS("pid1", "--pause") },
		  OPTIONS_ERROR,
		  "--pause and --pidfile do not go together" },
		{ "no command", { ARGS("pid1") }, OPTIONS_ERROR, "no command given" },
		{ "only --", { ARGS("pid1", "--") }, OPTIONS_ERROR, "no command given" },
		{ "only options", { ARGS("pid1", "-v", "--grace", "1s") }, OPTIONS_ERROR, "no command given" },
		{ "tini, no command", { ARGS("tini") }, OPTIONS_ERROR, "no command given" },
	};
	struct pid1_config cfg;
	struct argv_buf b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum options_action a = parse_invocation(&cases[i].inv, &cfg, &b);

		EXPECT_ACTION(cases[i].name, a, cases[i].action, &cfg);
		if (cases[i].action == OPTIONS_RUN) {
			EXPECT_INT(cases[i].name, cfg.pause, 1);
			EXPECT_INT(cases[i].name, cfg.argv == NULL, 1);
		} else if (a == OPTIONS_ERROR) {
			EXPECT_STR(cases[i].name, cfg.error, cases[i].error);
		}
	}
	END_CASES();
}

/* ---- help, version, licence ---- */

static void help_version_license_are_actions(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		enum options_action action;
	} cases[] = {
		{ "-h", { ARGS("pid1", "-h") }, OPTIONS_HELP },
		{ "--help", { ARGS("pid1", "--help") }, OPTIONS_HELP },
		{ "-V", { ARGS("pid1", "-V") }, OPTIONS_VERSION },
		{ "--version", { ARGS("pid1", "--version") }, OPTIONS_VERSION },
		{ "tini --version", { ARGS("tini", "--version") }, OPTIONS_VERSION },
		{ "-l", { ARGS("pid1", "-l") }, OPTIONS_LICENSE },
		{ "--license", { ARGS("pid1", "--license") }, OPTIONS_LICENSE },
		{ "-v -h", { ARGS("pid1", "-v", "-h") }, OPTIONS_HELP },
		{ "-vh", { ARGS("pid1", "-vh") }, OPTIONS_HELP },
		{ "-h with a command", { ARGS("pid1", "-h", "sh") }, OPTIONS_HELP },
		{ "-h before a bad option", { ARGS("pid1", "-h", "--bogus") }, OPTIONS_HELP },
		{ "-V --pause sh", { ARGS("pid1", "-V", "--pause", "sh") }, OPTIONS_VERSION },
		{ "bad option before -h", { ARGS("pid1", "--bogus", "-h") }, OPTIONS_ERROR },
		{ "-h after the command", { ARGS("pid1", "sh", "-h") }, OPTIONS_RUN },
	};
	struct pid1_config cfg;
	struct argv_buf b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_ACTION(cases[i].name, parse_invocation(&cases[i].inv, &cfg, &b), cases[i].action, &cfg);
	EXPECT_INT("usage mentions --grace", strstr(options_usage(), "--grace") != NULL, 1);
	EXPECT_INT("usage starts with Usage:", strncmp(options_usage(), "Usage: pid1 ", 12), 0);
	EXPECT_INT("licence is MIT", strstr(options_license(), "MIT") != NULL, 1);
	END_CASES();
}

/* ---- verbosity ---- */

/*
 * The environment is read in one pass: names that only start like pid1's,
 * or that pid1's start like, are not its; of two entries of one name, the
 * first counts, as with getenv().
 */
static void environment_names_match_whole(void **state)
{
	(void)state;
	struct pid1_config cfg;
	struct argv_buf b;
	const struct invocation near = { ENV("PID1_GRACEX=3s", "PID1_GRAC=4s", "PID1_=5s", "TINI_VERBOSITY_=3"),
					 ARGS("pid1", "sh") };
	static char first[] = "PID1_GRACE=7s", second[] = "PID1_GRACE=8s", dumb[] = "DUMB_INIT_SETSID=0",
		    cat[] = "CATATONIT_DEBUG=";
	char *fake[] = { dumb, first, second, cat, NULL };
	char **real;

	assert_int_equal(parse_invocation(&near, &cfg, &b), OPTIONS_RUN);
	assert_int_equal(cfg.grace_ms, PID1_DEFAULT_GRACE_MS);
	assert_int_equal(cfg.verbosity, 0);
	reset_environment();

	/* Two entries of one name cannot be made with setenv(): a hand-made environment. */
	real = environ; /* setenv() may have moved it */
	environ = fake;
	assert_int_equal(parse_args(&near, &cfg, &b), OPTIONS_RUN);
	environ = real;
	assert_int_equal(cfg.grace_ms, 7000);
	assert_false(cfg.new_session);
	assert_int_equal(cfg.verbosity, LOG_LEVEL_DEBUG);
}

static void verbosity_from_flags_and_environment(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		int verbosity;
	} cases[] = {
		{ "default", { ARGS("pid1", "sh") }, 0 },
		{ "-v", { ARGS("pid1", "-v", "sh") }, 1 },
		{ "-vv", { ARGS("pid1", "-vv", "sh") }, 2 },
		{ "-v -v -v", { ARGS("pid1", "-v", "-v", "-v", "sh") }, 3 },
		{ "--verbose --verbose", { ARGS("pid1", "--verbose", "--verbose", "sh") }, 2 },
		{ "-vvvv", { ARGS("pid1", "-vvvv", "sh") }, 4 },
		{ "PID1_VERBOSITY=2", { ENV("PID1_VERBOSITY=2"), ARGS("pid1", "sh") }, 2 },
		{ "PID1_VERBOSITY=0", { ENV("PID1_VERBOSITY=0"), ARGS("pid1", "sh") }, 0 },
		{ "PID1_VERBOSITY=9", { ENV("PID1_VERBOSITY=9"), ARGS("pid1", "sh") }, 9 },
		/* -v counts up from what the environment set. */
		{ "PID1_VERBOSITY=2 and -v", { ENV("PID1_VERBOSITY=2"), ARGS("pid1", "-v", "sh") }, 3 },
		/* tini's 1 ("warnings") is pid1's default 0. */
		{ "TINI_VERBOSITY=1", { ENV("TINI_VERBOSITY=1"), ARGS("tini", "sh") }, 0 },
		{ "TINI_VERBOSITY=2", { ENV("TINI_VERBOSITY=2"), ARGS("tini", "sh") }, 1 },
		{ "TINI_VERBOSITY=3", { ENV("TINI_VERBOSITY=3"), ARGS("tini", "sh") }, 2 },
		{ "TINI_VERBOSITY=0 (silent)", { ENV("TINI_VERBOSITY=0"), ARGS("tini", "sh") }, -1 },
		{ "TINI_VERBOSITY=2 and -v", { ENV("TINI_VERBOSITY=2"), ARGS("tini", "-v", "sh") }, 2 },
		{ "PID1_VERBOSITY wins over TINI_VERBOSITY",
		  { ENV("TINI_VERBOSITY=3", "PID1_VERBOSITY=1"), ARGS("tini", "sh") },
		  1 },
		{ "DUMB_INIT_DEBUG=1", { ENV("DUMB_INIT_DEBUG=1"), ARGS("dumb-init", "sh") }, 1 },
		{ "DUMB_INIT_DEBUG=0", { ENV("DUMB_INIT_DEBUG=0"), ARGS("dumb-init", "sh") }, 0 },
		{ "DUMB_INIT_DEBUG=1 and -v", { ENV("DUMB_INIT_DEBUG=1"), ARGS("dumb-init", "-v", "sh") }, 2 },
		{ "DUMB_INIT_DEBUG=1 keeps a higher TINI_VERBOSITY",
		  { ENV("TINI_VERBOSITY=4", "DUMB_INIT_DEBUG=1"), ARGS("pid1", "sh") },
		  3 },
		{ "PID1_VERBOSITY=0 wins over DUMB_INIT_DEBUG=1",
		  { ENV("DUMB_INIT_DEBUG=1", "PID1_VERBOSITY=0"), ARGS("dumb-init", "sh") },
		  0 },
		{ "CATATONIT_DEBUG=1", { ENV("CATATONIT_DEBUG=1"), ARGS("catatonit", "sh") }, 2 },
		{ "CATATONIT_DEBUG=0 (any value)", { ENV("CATATONIT_DEBUG=0"), ARGS("catatonit", "sh") }, 2 },
		{ "CATATONIT_DEBUG empty", { ENV("CATATONIT_DEBUG="), ARGS("pid1", "sh") }, 2 },
		{ "CATATONIT_DEBUG and -v", { ENV("CATATONIT_DEBUG=1"), ARGS("catatonit", "-v", "sh") }, 3 },
		{ "PID1_VERBOSITY=0 wins over CATATONIT_DEBUG",
		  { ENV("CATATONIT_DEBUG=1", "PID1_VERBOSITY=0"), ARGS("catatonit", "sh") },
		  0 },
	};
	struct pid1_config cfg;
	struct argv_buf b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_ACTION(cases[i].name, parse_invocation(&cases[i].inv, &cfg, &b), OPTIONS_RUN, &cfg);
		EXPECT_INT(cases[i].name, cfg.verbosity, cases[i].verbosity);
	}
	END_CASES();
}

/* ---- signal targets, sessions and boolean flags ---- */

static void targets_sessions_and_flags(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		bool to_group, new_session, wait_all, forward_all, warn;
	} cases[] = {
		{ "pid1", { ARGS("pid1", "sh") }, true, false, false, false, false },
		{ "pid1 -c", { ARGS("pid1", "-c", "sh") }, false, false, false, false, false },
		{ "pid1 --single-child", { ARGS("pid1", "--single-child", "sh") }, false, false, false, false, false },
		{ "pid1 -c -g", { ARGS("pid1", "-c", "-g", "sh") }, true, false, false, false, false },
		{ "tini", { ARGS("tini", "sh") }, false, false, false, false, false },
		{ "tini -g", { ARGS("tini", "-g", "sh") }, true, false, false, false, false },
		{ "tini --process-group", { ARGS("tini", "--process-group", "sh") }, true, false, false, false, false },
		{ "tini -s is accepted", { ARGS("tini", "-s", "sh") }, false, false, false, false, false },
		{ "TINI_KILL_PROCESS_GROUP=1",
		  { ENV("TINI_KILL_PROCESS_GROUP=1"), ARGS("tini", "sh") },
		  true,
		  false,
		  false,
		  false,
		  false },
		{ "TINI_KILL_PROCESS_GROUP and -c",
		  { ENV("TINI_KILL_PROCESS_GROUP=1"), ARGS("tini", "-c", "sh") },
		  false,
		  false,
		  false,
		  false,
		  false },
		{ "dumb-init", { ARGS("dumb-init", "sh") }, true, true, false, false, false },
		{ "dumb-init -c", { ARGS("dumb-init", "-c", "sh") }, false, false, false, false, false },
		{ "DUMB_INIT_SETSID=0",
		  { ENV("DUMB_INIT_SETSID=0"), ARGS("dumb-init", "sh") },
		  false,
		  false,
		  false,
		  false,
		  false },
		{ "DUMB_INIT_SETSID=1",
		  { ENV("DUMB_INIT_SETSID=1"), ARGS("dumb-init", "sh") },
		  true,
		  true,
		  false,
		  false,
		  false },
		{ "DUMB_INIT_SETSID=0 then -g",
		  { ENV("DUMB_INIT_SETSID=0"), ARGS("dumb-init", "-g", "sh") },
		  true,
		  false,
		  false,
		  false,
		  false },
		{ "-w", { ARGS("pid1", "-w", "sh") }, true, false, false, false, true },
		{ "--warn-orphans", { ARGS("pid1", "--warn-orphans", "sh") }, true, false, false, false, true },
		{ "--wait-all", { ARGS("pid1", "--wait-all", "sh") }, true, false, true, false, false },
		{ "--forward-all", { ARGS("pid1", "--forward-all", "sh") }, true, false, false, true, false },
		{ "PID1_WAIT_ALL=1", { ENV("PID1_WAIT_ALL=1"), ARGS("pid1", "sh") }, true, false, true, false, false },
		{ "PID1_WAIT_ALL=yes",
		  { ENV("PID1_WAIT_ALL=yes"), ARGS("pid1", "sh") },
		  true,
		  false,
		  true,
		  false,
		  false },
		{ "PID1_WAIT_ALL=TRUE",
		  { ENV("PID1_WAIT_ALL=TRUE"), ARGS("pid1", "sh") },
		  true,
		  false,
		  true,
		  false,
		  false },
		{ "PID1_WAIT_ALL=on",
		  { ENV("PID1_WAIT_ALL=on"), ARGS("pid1", "sh") },
		  true,
		  false,
		  true,
		  false,
		  false },
		{ "PID1_WAIT_ALL=0", { ENV("PID1_WAIT_ALL=0"), ARGS("pid1", "sh") }, true, false, false, false, false },
		{ "PID1_WAIT_ALL=no",
		  { ENV("PID1_WAIT_ALL=no"), ARGS("pid1", "sh") },
		  true,
		  false,
		  false,
		  false,
		  false },
		{ "PID1_WAIT_ALL=off",
		  { ENV("PID1_WAIT_ALL=off"), ARGS("pid1", "sh") },
		  true,
		  false,
		  false,
		  false,
		  false },
		{ "PID1_WAIT_ALL empty",
		  { ENV("PID1_WAIT_ALL="), ARGS("pid1", "sh") },
		  true,
		  false,
		  false,
		  false,
		  false },
		{ "PID1_WAIT_ALL=0 and --wait-all",
		  { ENV("PID1_WAIT_ALL=0"), ARGS("pid1", "--wait-all", "sh") },
		  true,
		  false,
		  true,
		  false,
		  false },
		{ "PID1_FORWARD_ALL=1",
		  { ENV("PID1_FORWARD_ALL=1"), ARGS("pid1", "sh") },
		  true,
		  false,
		  false,
		  true,
		  false },
		{ "PID1_FORWARD_ALL=false",
		  { ENV("PID1_FORWARD_ALL=false"), ARGS("pid1", "sh") },
		  true,
		  false,
		  false,
		  false,
		  false },
		{ "PID1_FORWARD_ALL=0 and --forward-all",
		  { ENV("PID1_FORWARD_ALL=0"), ARGS("pid1", "--forward-all", "sh") },
		  true,
		  false,
		  false,
		  true,
		  false },
	};
	struct pid1_config cfg;
	struct argv_buf b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_ACTION(cases[i].name, parse_invocation(&cases[i].inv, &cfg, &b), OPTIONS_RUN, &cfg);
		EXPECT_INT(cases[i].name, cfg.forward_to_group, cases[i].to_group);
		EXPECT_INT(cases[i].name, cfg.new_session, cases[i].new_session);
		EXPECT_INT(cases[i].name, cfg.wait_all, cases[i].wait_all);
		EXPECT_INT(cases[i].name, cfg.forward_all, cases[i].forward_all);
		EXPECT_INT(cases[i].name, cfg.warn_orphans, cases[i].warn);
	}
	END_CASES();
}

/* ---- durations: --grace, PID1_GRACE, --pidfile-timeout ---- */

static void grace_from_option_and_environment(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		long grace_ms;
	} cases[] = {
		{ "pid1 default", { ARGS("pid1", "sh") }, PID1_DEFAULT_GRACE_MS },
		{ "tini default", { ARGS("tini", "sh") }, 0 },
		{ "--grace 10s", { ARGS("pid1", "--grace", "10s", "sh") }, 10000 },
		{ "--grace 500ms", { ARGS("pid1", "--grace", "500ms", "sh") }, 500 },
		{ "--grace 1.5s", { ARGS("pid1", "--grace", "1.5s", "sh") }, 1500 },
		{ "--grace 0", { ARGS("pid1", "--grace", "0", "sh") }, 0 },
		{ "--grace 3 (seconds)", { ARGS("pid1", "--grace", "3", "sh") }, 3000 },
		{ "--grace=250ms", { ARGS("pid1", "--grace=250ms", "sh") }, 250 },
		{ "--gr=2s", { ARGS("pid1", "--gr=2s", "sh") }, 2000 },
		{ "--gra 3s", { ARGS("pid1", "--gra", "3s", "sh") }, 3000 },
		{ "tini --grace 2s", { ARGS("tini", "--grace", "2s", "sh") }, 2000 },
		{ "PID1_GRACE=3s", { ENV("PID1_GRACE=3s"), ARGS("pid1", "sh") }, 3000 },
		{ "PID1_GRACE=0", { ENV("PID1_GRACE=0"), ARGS("pid1", "sh") }, 0 },
		{ "tini PID1_GRACE=2s", { ENV("PID1_GRACE=2s"), ARGS("tini", "sh") }, 2000 },
		{ "--grace wins over PID1_GRACE", { ENV("PID1_GRACE=3s"), ARGS("pid1", "--grace", "1s", "sh") }, 1000 },
		{ "the last --grace wins", { ARGS("pid1", "--grace", "1s", "--grace", "2s", "sh") }, 2000 },
	};
	struct pid1_config cfg;
	struct argv_buf b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_ACTION(cases[i].name, parse_invocation(&cases[i].inv, &cfg, &b), OPTIONS_RUN, &cfg);
		EXPECT_INT(cases[i].name, cfg.grace_ms, cases[i].grace_ms);
	}
	END_CASES();
}

static void pidfile_options(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		const char *pidfile;
		long timeout_ms;
	} cases[] = {
		{ "none", { ARGS("pid1", "sh") }, NULL, PID1_DEFAULT_PIDFILE_TIMEOUT_MS },
		{ "--pidfile PATH", { ARGS("pid1", "--pidfile", "/run/x.pid", "sh") }, "/run/x.pid", 10000 },
		{ "--pidfile=PATH", { ARGS("pid1", "--pidfile=/run/y.pid", "sh") }, "/run/y.pid", 10000 },
		{ "PID1_PIDFILE", { ENV("PID1_PIDFILE=/run/env.pid"), ARGS("pid1", "sh") }, "/run/env.pid", 10000 },
		{ "PID1_PIDFILE empty", { ENV("PID1_PIDFILE="), ARGS("pid1", "sh") }, NULL, 10000 },
		{ "--pidfile wins over PID1_PIDFILE",
		  { ENV("PID1_PIDFILE=/run/env.pid"), ARGS("pid1", "--pidfile", "/b", "sh") },
		  "/b",
		  10000 },
		{ "--pidfile-timeout 5s",
		  { ARGS("pid1", "--pidfile", "/p", "--pidfile-timeout", "5s", "sh") },
		  "/p",
		  5000 },
		{ "--pidfile-timeout 250ms", { ARGS("pid1", "--pidfile-timeout=250ms", "sh") }, NULL, 250 },
		{ "--pidfile-t 5s", { ARGS("pid1", "--pidfile-t", "5s", "sh") }, NULL, 5000 },
		/* A value is the next word, whatever it looks like. */
		{ "--pidfile --", { ARGS("pid1", "--pidfile", "--", "sh") }, "--", 10000 },
		{ "--pidfile -v", { ARGS("pid1", "--pidfile", "-v", "sh") }, "-v", 10000 },
		/* Exact "--pid" is --pid, not an abbreviation of --pidfile. */
		{ "--pid is not --pidfile", { ARGS("pid1", "--pid", "sh") }, NULL, 10000 },
	};
	struct pid1_config cfg;
	struct argv_buf b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_ACTION(cases[i].name, parse_invocation(&cases[i].inv, &cfg, &b), OPTIONS_RUN, &cfg);
		EXPECT_STR(cases[i].name, cfg.pidfile, cases[i].pidfile);
		EXPECT_INT(cases[i].name, cfg.pidfile_timeout_ms, cases[i].timeout_ms);
	}
	END_CASES();
}

/* ---- namespaces ---- */

static void namespace_options(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		bool ns_pid, ns_mount, ns_user;
		const char *proc_dir;
		const char *command;
	} cases[] = {
		{ "none", { ARGS("pid1", "sh") }, false, false, false, "/proc", "sh" },
		{ "--pid", { ARGS("pid1", "--pid", "sh") }, true, false, false, "/proc", "sh" },
		{ "--mount-proc", { ARGS("pid1", "--mount-proc", "sh") }, true, true, false, "/proc", "sh" },
		{ "--mount-proc=/x", { ARGS("pid1", "--mount-proc=/x", "sh") }, true, true, false, "/x", "sh" },
		{ "--mount=/x", { ARGS("pid1", "--mount=/x", "sh") }, true, true, false, "/x", "sh" },
		/* The value is optional, so a separate word is the command, not the directory. */
		{ "--mount-proc /x",
		  { ARGS("pid1", "--mount-proc", "/x", "sh") },
		  true,
		  true,
		  false,
		  "/proc",
		  "/x sh" },
		{ "--user", { ARGS("pid1", "--user", "sh") }, true, false, true, "/proc", "sh" },
		{ "--user --mount-proc",
		  { ARGS("pid1", "--user", "--mount-proc", "--", "ps") },
		  true,
		  true,
		  true,
		  "/proc",
		  "ps" },
	};
	struct pid1_config cfg;
	struct argv_buf b;
	char buf[256];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_ACTION(cases[i].name, parse_invocation(&cases[i].inv, &cfg, &b), OPTIONS_RUN, &cfg);
		EXPECT_INT(cases[i].name, cfg.ns_pid, cases[i].ns_pid);
		EXPECT_INT(cases[i].name, cfg.ns_mount, cases[i].ns_mount);
		EXPECT_INT(cases[i].name, cfg.ns_user, cases[i].ns_user);
		EXPECT_STR(cases[i].name, cfg.proc_dir, cases[i].proc_dir);
		EXPECT_STR(cases[i].name, joined(cfg.argv, buf, sizeof(buf)), cases[i].command);
	}
	END_CASES();
}

static void more_namespaces_and_join(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		bool ns_pid, ns_user, uts, ipc, net, cgroup, map_auto;
		const char *hostname;
		int join;
	} cases[] = {
		{ "--uts", { ARGS("pid1", "--uts", "sh") }, true, false, true, false, false, false, false, NULL, 0 },
		{ "--hostname",
		  { ARGS("pid1", "--hostname", "box", "sh") },
		  true,
		  false,
		  true,
		  false,
		  false,
		  false,
		  false,
		  "box",
		  0 },
		{ "--hostname=",
		  { ARGS("pid1", "--hostname=b", "sh") },
		  true,
		  false,
		  true,
		  false,
		  false,
		  false,
		  false,
		  "b",
		  0 },
		{ "--ipc", { ARGS("pid1", "--ipc", "sh") }, true, false, false, true, false, false, false, NULL, 0 },
		{ "--net", { ARGS("pid1", "--net", "sh") }, true, false, false, false, true, false, false, NULL, 0 },
		{ "--cgroup",
		  { ARGS("pid1", "--cgroup", "sh") },
		  true,
		  false,
		  false,
		  false,
		  false,
		  true,
		  false,
		  NULL,
		  0 },
		{ "--map-auto implies --user",
		  { ARGS("pid1", "--map-auto", "sh") },
		  true,
		  true,
		  false,
		  false,
		  false,
		  false,
		  true,
		  NULL,
		  0 },
		{ "--join",
		  { ARGS("pid1", "--join", "42", "sh") },
		  false,
		  false,
		  false,
		  false,
		  false,
		  false,
		  false,
		  NULL,
		  42 },
	};
	struct pid1_config cfg;
	struct argv_buf b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_ACTION(cases[i].name, parse_invocation(&cases[i].inv, &cfg, &b), OPTIONS_RUN, &cfg);
		EXPECT_INT(cases[i].name, cfg.ns_pid, cases[i].ns_pid);
		EXPECT_INT(cases[i].name, cfg.ns_user, cases[i].ns_user);
		EXPECT_INT(cases[i].name, cfg.ns_uts, cases[i].uts);
		EXPECT_INT(cases[i].name, cfg.ns_ipc, cases[i].ipc);
		EXPECT_INT(cases[i].name, cfg.ns_net, cases[i].net);
		EXPECT_INT(cases[i].name, cfg.ns_cgroup, cases[i].cgroup);
		EXPECT_INT(cases[i].name, cfg.map_auto, cases[i].map_auto);
		EXPECT_STR(cases[i].name, cfg.hostname, cases[i].hostname);
		EXPECT_INT(cases[i].name, cfg.join_pid, cases[i].join);
	}
	END_CASES();
}

/* ---- -e / --expect-exit ---- */

static void expect_exit_codes(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		int codes[4]; /* the expected codes, -1 terminated */
	} cases[] = {
		{ "none", { ARGS("pid1", "sh") }, { -1 } },
		{ "-e 143", { ARGS("pid1", "-e", "143", "sh") }, { 143, -1 } },
		{ "--expect-exit=1", { ARGS("pid1", "--expect-exit=1", "sh") }, { 1, -1 } },
		{ "-e 0 -e 255", { ARGS("pid1", "-e", "0", "-e", "255", "sh") }, { 0, 255, -1 } },
		{ "-e7 -e 8 -e 9", { ARGS("pid1", "-e7", "-e", "8", "--expect-exit", "9", "sh") }, { 7, 8, 9, -1 } },
		{ "-ve5", { ARGS("pid1", "-ve5", "sh") }, { 5, -1 } },
		{ "--exp 6", { ARGS("pid1", "--exp", "6", "sh") }, { 6, -1 } },
		{ "-e 143 twice", { ARGS("pid1", "-e", "143", "-e", "143", "sh") }, { 143, -1 } },
	};
	struct pid1_config cfg;
	struct argv_buf b;
	char label[96];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_ACTION(cases[i].name, parse_invocation(&cases[i].inv, &cfg, &b), OPTIONS_RUN, &cfg);
		for (int code = -2; code <= 257; code++) {
			bool want = false;

			for (int j = 0; cases[i].codes[j] >= 0; j++)
				want = want || cases[i].codes[j] == code;
			snprintf(label, sizeof(label), "%s: code %d", cases[i].name, code);
			EXPECT_INT(label, options_expects(&cfg, code), want);
		}
	}
	END_CASES();
}

/* ---- -r / --rewrite and dumb-init's STOP default ---- */

static void rewrite_rules(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		struct {
			int from, to;
		} want[4];         /* rewrite[from] == to; every other signal maps to itself (or STOP, below) */
		bool stop_default; /* dumb-init's TSTP/TTIN/TTOU -> STOP for signals not in want[] */
	} cases[] = {
		{ "-r TERM:QUIT", { ARGS("pid1", "-r", "TERM:QUIT", "sh") }, { { SIGTERM, SIGQUIT } }, false },
		{ "-r 15:3", { ARGS("pid1", "-r", "15:3", "sh") }, { { 15, 3 } }, false },
		{ "-r USR1:0", { ARGS("pid1", "-r", "USR1:0", "sh") }, { { SIGUSR1, 0 } }, false },
		{ "-r USR1:RTMIN+2",
		  { ARGS("pid1", "-r", "USR1:RTMIN+2", "sh") },
		  { { SIGUSR1, SIGRTMIN + 2 } },
		  false },
		{ "--rewrite=HUP:TERM", { ARGS("pid1", "--rewrite=HUP:TERM", "sh") }, { { SIGHUP, SIGTERM } }, false },
		{ "-rINT:TERM", { ARGS("pid1", "-rINT:TERM", "sh") }, { { SIGINT, SIGTERM } }, false },
		{ "-vr TERM:INT", { ARGS("pid1", "-vr", "TERM:INT", "sh") }, { { SIGTERM, SIGINT } }, false },
		{ "several -r",
		  { ARGS("pid1", "-r", "TERM:QUIT", "-r", "INT:0", "-r", "RTMAX:RTMIN", "sh") },
		  { { SIGTERM, SIGQUIT }, { SIGINT, 0 }, { SIGRTMAX, SIGRTMIN } },
		  false },
		{ "the last rule for a signal wins",
		  { ARGS("pid1", "-r", "TERM:QUIT", "-r", "TERM:HUP", "sh") },
		  { { SIGTERM, SIGHUP } },
		  false },
		{ "dumb-init", { ARGS("dumb-init", "sh") }, { { 0, 0 } }, true },
		{ "dumb-init -r TSTP:TSTP",
		  { ARGS("dumb-init", "-r", "TSTP:TSTP", "sh") },
		  { { SIGTSTP, SIGTSTP } },
		  true },
		{ "dumb-init -r TTOU:0", { ARGS("dumb-init", "-r", "TTOU:0", "sh") }, { { SIGTTOU, 0 } }, true },
		{ "dumb-init -c", { ARGS("dumb-init", "-c", "sh") }, { { 0, 0 } }, false },
		{ "dumb-init DUMB_INIT_SETSID=0",
		  { ENV("DUMB_INIT_SETSID=0"), ARGS("dumb-init", "sh") },
		  { { 0, 0 } },
		  false },
		{ "pid1 has no STOP default", { ARGS("pid1", "sh") }, { { 0, 0 } }, false },
		{ "tini has no STOP default", { ARGS("tini", "sh") }, { { 0, 0 } }, false },
	};
	struct pid1_config cfg;
	struct argv_buf b;
	char label[96];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_ACTION(cases[i].name, parse_invocation(&cases[i].inv, &cfg, &b), OPTIONS_RUN, &cfg);
		for (int s = 1; s < SIGNALS_TABLE_SIZE; s++) {
			int want = s;
			bool ruled = false;

			if (cases[i].stop_default && (s == SIGTSTP || s == SIGTTIN || s == SIGTTOU))
				want = SIGSTOP;
			for (int j = 0; j < 4 && cases[i].want[j].from > 0; j++) {
				if (cases[i].want[j].from == s) {
					want = cases[i].want[j].to;
					ruled = true;
				}
			}
			snprintf(label, sizeof(label), "%s: rewrite[%d]%s", cases[i].name, s, ruled ? " (ruled)" : "");
			EXPECT_INT(label, cfg.rewrite[s], want);
		}
	}
	END_CASES();
}

static void pdeath_signal_option(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		int signo;
	} cases[] = {
		{ "none", { ARGS("pid1", "sh") }, 0 },
		{ "-p TERM", { ARGS("pid1", "-p", "TERM", "sh") }, SIGTERM },
		{ "-p SIGKILL", { ARGS("pid1", "-p", "SIGKILL", "sh") }, SIGKILL },
		{ "--pdeath-signal=USR1", { ARGS("pid1", "--pdeath-signal=USR1", "sh") }, SIGUSR1 },
		{ "-p RTMIN+1", { ARGS("pid1", "-p", "RTMIN+1", "sh") }, SIGRTMIN + 1 },
	};
	struct pid1_config cfg;
	struct argv_buf b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		EXPECT_ACTION(cases[i].name, parse_invocation(&cases[i].inv, &cfg, &b), OPTIONS_RUN, &cfg);
		EXPECT_INT(cases[i].name, cfg.pdeath_signal, cases[i].signo);
	}
	END_CASES();
}

/* ---- every usage error, with its exact text ---- */

static void usage_errors_have_exact_messages(void **state)
{
	(void)state;
	const struct {
		const char *name;
		struct invocation inv;
		const char *error;
	} cases[] = {
		{ "--bogus", { ARGS("pid1", "--bogus", "sh") }, "unknown option '--bogus'" },
		{ "--bogus=1", { ARGS("pid1", "--bogus=1", "sh") }, "unknown option '--bogus'" },
		{ "-x", { ARGS("pid1", "-x", "sh") }, "unknown option '-x'" },
		{ "--pi",
		  { ARGS("pid1", "--pi", "sh") },
		  "option '--pi' is ambiguous: it could be --pidfile, --pidfile-timeout or --pid" },
		{ "--pidf=x",
		  { ARGS("pid1", "--pidf=x", "sh") },
		  "option '--pidf' is ambiguous: it could be --pidfile or --pidfile-timeout" },
		{ "--pa is --pause", { ARGS("pid1", "--pa", "sh") }, "--pause takes no command, but got 'sh'" },
		{ "-vx", { ARGS("pid1", "-vx", "sh") }, "unknown option '-x'" },
		{ "-xv", { ARGS("pid1", "-xv", "sh") }, "unknown option '-x'" },
		{ "--grace=1s -vx", { ARGS("pid1", "--grace=1s", "-vx", "sh") }, "unknown option '-x'" },
		/* An unknown letter inside a cluster that follows a long option. */
		{ "--pause -xv", { ARGS("pid1", "--pause", "-xv") }, "unknown option '-x'" },
		{ "--wait-all -vxv", { ARGS("pid1", "--wait-all", "-vxv", "sh") }, "unknown option '-x'" },
		{ "--grace", { ARGS("pid1", "--grace") }, "option '--grace' needs a value" },
		{ "--pidfile", { ARGS("pid1", "--pidfile") }, "option '--pidfile' needs a value" },
		{ "--rewrite", { ARGS("pid1", "--rewrite") }, "option '--rewrite' needs a value" },
		{ "-r", { ARGS("pid1", "-r") }, "option '-r' needs a value" },
		{ "-vr", { ARGS("pid1", "-vr") }, "option '-r' needs a value" },
		{ "--pause -r", { ARGS("pid1", "--pause", "-r") }, "option '-r' needs a value" },
		{ "-e", { ARGS("pid1", "-e") }, "option '-e' needs a value" },
		/* Abbreviations and groups of letters, worded as getopt_long's errors were. */
		{ "-sg5", { ARGS("pid1", "-sg5", "sh") }, "unknown option '-5'" },
		{ "-:", { ARGS("pid1", "-:", "sh") }, "unknown option '-:'" },
		{ "---", { ARGS("pid1", "---", "sh") }, "unknown option '---'" },
		{ "an abbreviation with a value it does not take",
		  { ARGS("pid1", "--verb=1", "sh") },
		  "option '--verb' takes no value" },
		{ "an abbreviation without the value it needs",
		  { ARGS("pid1", "--rew") },
		  "option '--rew' needs a value" },
		{ "an abbreviation with a bad value",
		  { ARGS("pid1", "--gra", "x", "sh") },
		  "--grace: 'x' is not a duration (try 10s or 500ms)" },
		{ "--ver",
		  { ARGS("pid1", "--ver", "sh") },
		  "option '--ver' is ambiguous: it could be --version or --verbose" },
		{ "--s",
		  { ARGS("pid1", "--s", "sh") },
		  "option '--s' is ambiguous: it could be --single-child or --subreaper" },
		{ "a glued value is checked",
		  { ARGS("pid1", "-e300", "sh") },
		  "--expect-exit: '300' is not an exit code (0..255)" },
		{ "-p", { ARGS("pid1", "-p") }, "option '-p' needs a value" },
		{ "--grace abc",
		  { ARGS("pid1", "--grace", "abc", "sh") },
		  "--grace: 'abc' is not a duration (try 10s or 500ms)" },
		{ "--grace ''",
		  { ARGS("pid1", "--grace", "", "sh") },
		  "--grace: '' is not a duration (try 10s or 500ms)" },
		{ "--grace -1",
		  { ARGS("pid1", "--grace", "-1", "sh") },
		  "--grace: '-1' is not a duration (try 10s or 500ms)" },
		{ "--pidfile-timeout x",
		  { ARGS("pid1", "--pidfile-timeout", "x", "sh") },
		  "--pidfile-timeout: 'x' is not a duration (try 10s or 500ms)" },
		{ "--pidfile ''", { ARGS("pid1", "--pidfile", "", "sh") }, "--pidfile: the path is empty" },
		{ "--mount-proc=", { ARGS("pid1", "--mount-proc=", "sh") }, "--mount-proc: the directory is empty" },
		{ "-e 256", { ARGS("pid1", "-e", "256", "sh") }, "--expect-exit: '256' is not an exit code (0..255)" },
		{ "-e -1", { ARGS("pid1", "-e", "-1", "sh") }, "--expect-exit: '-1' is not an exit code (0..255)" },
		{ "-e abc", { ARGS("pid1", "-e", "abc", "sh") }, "--expect-exit: 'abc' is not an exit code (0..255)" },
		{ "-e ''", { ARGS("pid1", "-e", "", "sh") }, "--expect-exit: '' is not an exit code (0..255)" },
		{ "-e ' 1'", { ARGS("pid1", "-e", " 1", "sh") }, "--expect-exit: ' 1' is not an exit code (0..255)" },
		{ "-r FOO:1", { ARGS("pid1", "-r", "FOO:1", "sh") }, "--rewrite: 'FOO:1': 'FOO' is not a signal" },
		{ "-r KILL:TERM",
		  { ARGS("pid1", "-r", "KILL:TERM", "sh") },
		  "--rewrite: 'KILL:TERM': KILL cannot be caught, so it cannot be rewritten" },
		{ "-r TERM", { ARGS("pid1", "-r", "TERM", "sh") }, "--rewrite: 'TERM' is not FROM:TO" },
		{ "-p 0", { ARGS("pid1", "-p", "0", "sh") }, "--pdeath-signal: '0' is not a signal" },
		{ "-p FOO", { ARGS("pid1", "-p", "FOO", "sh") }, "--pdeath-signal: 'FOO' is not a signal" },
		{ "PID1_WAIT_ALL=maybe",
		  { ENV("PID1_WAIT_ALL=maybe"), ARGS("pid1", "sh") },
		  "PID1_WAIT_ALL='maybe' is not a boolean (use 1 or 0)" },
		{ "PID1_FORWARD_ALL=2",
		  { ENV("PID1_FORWARD_ALL=2"), ARGS("pid1", "sh") },
		  "PID1_FORWARD_ALL='2' is not a boolean (use 1 or 0)" },
		{ "PID1_GRACE=abc",
		  { ENV("PID1_GRACE=abc"), ARGS("pid1", "sh") },
		  "PID1_GRACE='abc' is not a duration (try 10s or 500ms)" },
		{ "PID1_GRACE empty",
		  { ENV("PID1_GRACE="), ARGS("pid1", "sh") },
		  "PID1_GRACE='' is not a duration (try 10s or 500ms)" },
		{ "PID1_VERBOSITY=x",
		  { ENV("PID1_VERBOSITY=x"), ARGS("pid1", "sh") },
		  "PID1_VERBOSITY='x' is not a verbosity (0..9)" },
		{ "PID1_VERBOSITY=10",
		  { ENV("PID1_VERBOSITY=10"), ARGS("pid1", "sh") },
		  "PID1_VERBOSITY='10' is not a verbosity (0..9)" },
		{ "PID1_VERBOSITY=-1",
		  { ENV("PID1_VERBOSITY=-1"), ARGS("pid1", "sh") },
		  "PID1_VERBOSITY='-1' is not a verbosity (0..9)" },
		{ "TINI_VERBOSITY=high",
		  { ENV("TINI_VERBOSITY=high"), ARGS("tini", "sh") },
		  "TINI_VERBOSITY='high' is not a verbosity (0..9)" },
		{ "--join 0", { ARGS("pid1", "--join", "0", "sh") }, "--join: '0' is not a process id" },
		{ "--join x", { ARGS("pid1", "--join", "x", "sh") }, "--join: 'x' is not a process id" },
		{ "--join -1", { ARGS("pid1", "--join", "-1", "sh") }, "--join: '-1' is not a process id" },
		{ "--join --net",
		  { ARGS("pid1", "--join", "5", "--net", "sh") },
		  "--join enters the namespaces of process 5 and creates none: not with --pid, --mount-proc, --user, "
		  "--map-auto, --hostname, --uts, --ipc, --net or --cgroup" },
		{ "--join --pause", { ARGS("pid1", "--join", "5", "--pause") }, "--join does not go with --pause" },
		{ "--join --pidfile",
		  { ARGS("pid1", "--join", "5", "--pidfile", "/p", "sh") },
		  "--join does not go with --pidfile" },
		{ "--hostname ''",
		  { ARGS("pid1", "--hostname", "", "sh") },
		  "--hostname: '' is not a host name (1 to 64 bytes)" },
		{ "--hostname of 65 bytes",
		  { ARGS("pid1", "--hostname", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
			 "sh") },
		  "--hostname: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' is not a host name (1 to 64 "
		  "bytes)" },
		/* The first error wins. */
		{ "two errors",
		  { ARGS("pid1", "--grace", "x", "--bogus", "sh") },
		  "--grace: 'x' is not a duration (try 10s or 500ms)" },
	};
	struct pid1_config cfg;
	struct argv_buf b;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum options_action a = parse_invocation(&cases[i].inv, &cfg, &b);

		EXPECT_ACTION(cases[i].name, a, OPTIONS_ERROR, &cfg);
		if (a == OPTIONS_ERROR)
			EXPECT_STR(cases[i].name, cfg.error, cases[i].error);
	}
	END_CASES();
}

/* An error half-way through a group of letters leaves no trace in the next parse. */
static void parse_can_be_called_again(void **state)
{
	(void)state;
	const struct invocation first = { ARGS("pid1", "-vxv", "sh") };
	const struct invocation second = { ARGS("pid1", "-v", "prog", "arg") };
	struct pid1_config cfg;
	struct argv_buf b;
	char buf[64];

	EXPECT_ACTION("first, with -x", parse_invocation(&first, &cfg, &b), OPTIONS_ERROR, &cfg);
	for (int round = 0; round < 3; round++) {
		EXPECT_ACTION("again", parse_invocation(&second, &cfg, &b), OPTIONS_RUN, &cfg);
		EXPECT_INT("again", cfg.verbosity, 1);
		EXPECT_STR("again", joined(cfg.argv, buf, sizeof(buf)), "prog arg");
	}
	END_CASES();
}

/* ---- options_parse_duration ---- */

static void parse_duration_table(void **state)
{
	(void)state;
	static const struct {
		const char *input;
		long ms;
	} cases[] = {
		{ "10s", 10000 },
		{ "500ms", 500 },
		{ "2m", 120000 },
		{ "1h", 3600000 },
		{ "1.5s", 1500 },
		{ "0.25s", 250 },
		{ "1.5m", 90000 },
		{ "0.5h", 1800000 },
		{ "1.25s", 1250 },
		{ "0.001s", 1 },
		/* Past a millisecond: rounded to the nearest, but a positive duration is never 0. */
		{ "0.0001s", 1 },
		{ "0.0004ms", 1 },
		{ "0.0000000001s", 1 },
		{ "0.0000000000000000000001h", 1 },
		{ "0.0000s", 0 },
		{ "0.000000000000ms", 0 },
		{ "1.2345s", 1235 },
		{ "1.23449s", 1234 },
		{ "1.99999999999s", 2000 },
		{ "0.00001h", 36 },
		{ "1.0001h", 3600360 },
		{ "0.5ms", 1 },
		{ "1.4ms", 1 },
		{ "23.99999999999h", 86400000 },
		{ "23.9999998h", 86399999 },
		{ "0", 0 },
		{ "0s", 0 },
		{ "0ms", 0 },
		{ "7", 7000 }, /* a bare number is seconds */
		{ "1.5", 1500 },
		{ "007s", 7000 },
		{ "24h", 86400000 }, /* a day is the most it takes */
		{ "1440m", 86400000 },
		{ "86400", 86400000 },
		{ "86400000ms", 86400000 },
		{ "", -1 },
		{ "s", -1 },
		{ "ms", -1 },
		{ "-1", -1 },
		{ "-1s", -1 },
		{ "+1s", -1 },
		{ " 1s", -1 },
		{ "1s ", -1 },
		{ "1 s", -1 },
		{ "10x", -1 },
		{ "10S", -1 },
		{ "10sec", -1 },
		{ "1s500ms", -1 },
		{ "abc", -1 },
		{ ".5s", -1 },
		{ "1.", -1 }, /* a point needs a digit after it */
		{ "1.s", -1 },
		{ "1.ms", -1 },
		{ "1e3", -1 }, /* no exponents */
		{ "1e3s", -1 },
		{ "0x10", -1 }, /* no hexadecimal */
		{ "inf", -1 },
		{ "nan", -1 },
		{ "1.2.3s", -1 },
		{ "25h", -1 }, /* more than a day */
		{ "24.5h", -1 },
		{ "1441m", -1 },
		{ "86401", -1 },
		{ "86400001ms", -1 },
		{ "99999999999999999999", -1 },
		{ "99999999999999999999ms", -1 },
		{ "9223372036854775807ms", -1 },
		{ "18446744073709551616s", -1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT_INT(cases[i].input, options_parse_duration(cases[i].input), cases[i].ms);
	EXPECT_INT("NULL", options_parse_duration(NULL), -1);
	END_CASES();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(defaults_follow_the_program_name, clean_environment),
		cmocka_unit_test_setup(command_starts_at_the_first_non_option, clean_environment),
		cmocka_unit_test_setup(pause_runs_no_command, clean_environment),
		cmocka_unit_test_setup(help_version_license_are_actions, clean_environment),
		cmocka_unit_test_setup(verbosity_from_flags_and_environment, clean_environment),
		cmocka_unit_test_setup(environment_names_match_whole, clean_environment),
		cmocka_unit_test_setup(targets_sessions_and_flags, clean_environment),
		cmocka_unit_test_setup(grace_from_option_and_environment, clean_environment),
		cmocka_unit_test_setup(pidfile_options, clean_environment),
		cmocka_unit_test_setup(namespace_options, clean_environment),
		cmocka_unit_test_setup(more_namespaces_and_join, clean_environment),
		cmocka_unit_test_setup(expect_exit_codes, clean_environment),
		cmocka_unit_test_setup(rewrite_rules, clean_environment),
		cmocka_unit_test_setup(pdeath_signal_option, clean_environment),
		cmocka_unit_test_setup(usage_errors_have_exact_messages, clean_environment),
		cmocka_unit_test_setup(parse_can_be_called_again, clean_environment),
		cmocka_unit_test_setup(parse_duration_table, clean_environment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
