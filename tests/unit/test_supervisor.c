// SPDX-License-Identifier: MIT
/*
 * test_supervisor.c - the supervision loop (supervisor.c, adopt.c) in a
 * scripted world (fake_world.h): every row of the phase table in
 * docs/design.md, with the exact signals sent, to whom, at which time on a
 * fake clock, and the status supervisor_run() returns. No process, signal
 * or timer is real, so a run of eight seconds of grace takes no time.
 *
 * Processes: pid1 is 10 and leads group 10 (1 when it is PID 1); the command
 * is 20 in group 20; leftovers are 21 and up; a daemon is 30. Signals come
 * from 1. Times are milliseconds since supervisor_run() started. A signal
 * sent is written "TIME kill TARGET SIGNAL" or "TIME descendants SIGNAL"
 * (procfs_signal_descendants()); the terminal handed to a group, "TIME
 * tcsetpgrp GROUP"; a byte to the outer pid1 of --pid, "TIME report SIGNAL".
 * A wait is written "TIME:TIMEOUT", with a "+" when it also watched the
 * pidfile's directory, a "^" when it watched the inner pid1's pipe.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fake_world.h"

#include "exitcode.h"
#include "options.h"
#include "supervisor.h"

#define SELF 10
#define MAIN 20
#define LEFTOVER 21
#define DAEMON 30
#define INIT 1
#define SHELL 5 /* an interactive shell, pid1's parent, leading group 5 */
#define PIDFILE "/run/app.pid"

/* ---- one run ---- */

static struct pid1_config cfg;
static struct supervisor_job job; /* init.c's part: reset() turns it all off */
static char *argv_buf[16];

/* The configuration init.c would build from this command line (and "-- cmd" unless --pause). */
static void configure_argv(const char *const *words)
{
	int argc = 0;
	bool pause = false;

	for (; *words != NULL; words++) {
		if (argc == 13)
			FAKE_FAIL("too many words");
		pause = pause || strcmp(*words, "--pause") == 0;
		argv_buf[argc++] = (char *)*words;
	}
	if (!pause) {
		argv_buf[argc++] = "--";
		argv_buf[argc++] = "cmd";
	}
	argv_buf[argc] = NULL;
	if (options_parse(&cfg, argc, argv_buf) != OPTIONS_RUN)
		FAKE_FAIL("%s: %s", argv_buf[1], cfg.error);
	world.pidfile_path = cfg.pidfile;
}

#define CONFIGURE(...) configure_argv((const char *const[]){ __VA_ARGS__, NULL })

/*
 * The loop against the script; it must end with every event delivered and
 * the pidfile's descriptors closed.
 */
static int run_script(pid_t main_pid, const struct fake_event *events, size_t n)
{
	int rc;

	world.script = events;
	world.nevents = n;
	rc = supervisor_run(&cfg, main_pid, &job);
	if (world.next != world.nevents)
		FAKE_FAIL("supervisor_run() returned %d at %lld, before %zu more event(s) of the script", rc,
			  world.now, world.nevents - world.next);
	if (world.inotify_open || world.signalfd_open)
		FAKE_FAIL("supervisor_run() returned with the pidfile's or the pipe's signalfd descriptors open");
	if (world.job_pipe_open)
		FAKE_FAIL("supervisor_run() returned with the inner pid1's pipe open");
	return rc;
}

#define SCRIPT(...) \
	(const struct fake_event[]){ __VA_ARGS__ }, sizeof((const struct fake_event[]){ __VA_ARGS__ }) / sizeof(struct fake_event)
#define RUN(main_pid, ...) run_script((main_pid), SCRIPT(__VA_ARGS__))

/* ---- what to expect ---- */

#define EXPECT(cond)                                                  \
	do {                                                          \
		if (!(cond))                                          \
			FAKE_FAIL("%s", #cond); \
	} while (0)

#define EXPECT_RC(rc, want)                                                                       \
	do {                                                                                      \
		int rc_ = (rc), want_ = (want);                                                   \
		if (rc_ != want_)                                                                 \
			FAKE_FAIL("supervisor_run() returned %d, expected %d", rc_, want_); \
	} while (0)

static void expect_signals(const char *file, int line, const char *const *want)
{
	int n = 0;
	bool same = true;

	for (; want[n] != NULL; n++)
		same = same && n < world.nactions && strcmp(want[n], world.actions[n]) == 0;
	if (same && n == world.nactions)
		return;
	print_message("expected these signals sent:\n");
	for (int i = 0; i < n; i++)
		print_message("  signal: %s\n", want[i]);
	fake_fail(file, line, "other signals were sent");
}

#define EXPECT_SIGNALS(...) expect_signals(__FILE__, __LINE__, (const char *const[]){ __VA_ARGS__, NULL })
#define EXPECT_NO_SIGNALS() expect_signals(__FILE__, __LINE__, (const char *const[]){ NULL })

/* The phases the loop went through, from the -vv lines "phase A -> B": "A B ...". */
static const char *phases(void)
{
	static char buf[256];
	size_t len = 0;
	char from[32], to[32];

	buf[0] = '\0';
	for (int i = 0; i < world.nlog; i++) {
		if (sscanf(world.log[i], "phase %31s -> %31s", from, to) != 2)
			continue;
		if (len == 0)
			len += (size_t)snprintf(buf, sizeof(buf), "%s", from);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %s", to);
	}
	return buf;
}

#define EXPECT_PHASES(want)                                                                              \
	do {                                                                                             \
		if (strcmp(phases(), (want)) != 0)                                                       \
			FAKE_FAIL("phases \"%s\", expected \"%s\"", phases(), (want)); \
	} while (0)

/* Every wait as "TIME:TIMEOUT", "+" when it watched the pidfile's directory too. */
static const char *waits(void)
{
	static char buf[2048];
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < world.nwaits && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%lld:%d%s", i ? " " : "", world.waits[i].at,
					world.waits[i].timeout, world.waits[i].fds ? "+" : world.waits[i].job ? "^" : "");
	return buf;
}

#define EXPECT_WAITS(want)                                                                               \
	do {                                                                                             \
		if (strcmp(waits(), (want)) != 0)                                                        \
			FAKE_FAIL("waits \"%s\", expected \"%s\"", waits(), (want)); \
	} while (0)

/* No deadline was ever armed: every wait blocked without a timeout. */
#define EXPECT_NO_TIMEOUTS()                                                                \
	do {                                                                                \
		for (int i_ = 0; i_ < world.nwaits; i_++)                                   \
			if (world.waits[i_].timeout != -1)                                  \
				FAKE_FAIL("a wait with a timeout"); \
	} while (0)

/*
 * True if one line written holds every one of @needles. Lines are matched by
 * the facts they carry (numbers, names, reasons), not their whole wording.
 */
static bool logged_all(const char *const *needles)
{
	for (int i = 0; i < world.nlog; i++) {
		bool all = true;

		for (const char *const *n = needles; *n != NULL && all; n++)
			all = strstr(world.log[i], *n) != NULL;
		if (all)
			return true;
	}
	return false;
}

static void expect_logged(const char *file, int line, const char *const *needles)
{
	char all[FAKE_LINE] = "";
	size_t len = 0;

	if (logged_all(needles))
		return;
	for (const char *const *n = needles; *n != NULL && len < sizeof(all); n++)
		len += (size_t)snprintf(all + len, sizeof(all) - len, " \"%s\"", *n);
	fake_fail(file, line, "no log line holds all of%s", all);
}

#define LOGGED(...) logged_all((const char *const[]){ __VA_ARGS__, NULL })
#define EXPECT_LOGGED(...) expect_logged(__FILE__, __LINE__, (const char *const[]){ __VA_ARGS__, NULL })

/* The loop ended at this time on the fake clock. */
#define EXPECT_END(t) EXPECT(world.now == (t))

static int reset(void **state)
{
	static const char *const vars[] = {
		"PID1_VERBOSITY", "PID1_WAIT_ALL", "PID1_FORWARD_ALL", "PID1_PIDFILE", "PID1_GRACE",
		"TINI_KILL_PROCESS_GROUP", "TINI_VERBOSITY", "DUMB_INIT_SETSID", "DUMB_INIT_DEBUG",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	fake_reset();
	job = (struct supervisor_job){ .report_fd = -1, .stopped_fd = -1 };
	return 0;
}

/* The command: 20, leading group 20, dying of @dies_on (and SIGKILL). */
static void add_main(signals_mask dies_on)
{
	fake_add(MAIN, MAIN, 0, dies_on);
}

/* A process the command started in a group of its own, so only "every descendant" reaches it. */
static struct fake_proc *add_leftover(signals_mask dies_on)
{
	return fake_add(LEFTOVER, LEFTOVER, MAIN, dies_on);
}

/* ---- PAUSED ---- */

static void paused_reaps_ignores_and_ends_on_term_or_int(void **state)
{
	static const int stops[] = { SIGTERM, SIGINT };

	for (size_t i = 0; i < 2; i++) {
		reset(state);
		CONFIGURE("pid1", "--pause");
		fake_case("%s", signals_name(stops[i]));
		fake_add(30, 30, 0, 0); /* an orphan handed to pid1 */
		EXPECT_RC(RUN(0, SIGNAL_AT(100, SIGUSR1, INIT), SIGNAL_AT(150, SIGHUP, INIT),
			      EXIT_AT(200, 30, EXITED(4)), SIGNAL_AT(300, SIGQUIT, INIT), SIGNAL_AT(400, stops[i], INIT)),
			  0);
		EXPECT_NO_SIGNALS();
		EXPECT_NO_TIMEOUTS();
		EXPECT_PHASES("PAUSED DONE");
		EXPECT_LOGGED("orphan 30", "exit 4");
		EXPECT(world.procs[0].reaped);
		EXPECT_END(400);
	}
}

/* ---- RUNNING: signals out ---- */

struct target_case {
	const char *name;
	const char *argv[4];
	pid_t self, main_pgid, kill_fails_for;
	bool getpgid_fails;
	const char *want[3];
};

static void run_target_case(void **state, const struct target_case *c, int signo, pid_t sender)
{
	reset(state);
	world.self = world.self_pgrp = c->self ? c->self : SELF;
	world.kill_fails_for = c->kill_fails_for;
	world.getpgid_fails = c->getpgid_fails;
	configure_argv(c->argv);
	fake_add(MAIN, c->main_pgid ? c->main_pgid : MAIN, 0, 0);
	fake_case("%s", c->name);
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(100, signo, sender), EXIT_AT(200, MAIN, EXITED(0))), 0);
	expect_signals(__FILE__, __LINE__, c->want);
	EXPECT_NO_TIMEOUTS();
	EXPECT_PHASES("RUNNING DONE");
}

static void running_forwards_to_the_target_of_each_mode(void **state)
{
	static const struct target_case cases[] = {
		{ "pid1: the command's group", { "pid1" }, .want = { "100 kill -20 SIGHUP" } },
		{ "-c: the command alone", { "pid1", "-c" }, .want = { "100 kill 20 SIGHUP" } },
		{ "tini: the command alone", { "tini" }, .want = { "100 kill 20 SIGHUP" } },
		{ "tini -g: the group", { "tini", "-g" }, .want = { "100 kill -20 SIGHUP" } },
		{ "dumb-init: the group", { "dumb-init" }, .want = { "100 kill -20 SIGHUP" } },
		{ "the command in a group it joined", { "pid1" }, .main_pgid = 25, .want = { "100 kill -25 SIGHUP" } },
		{ "the command still in pid1's own group: never signal that", { "pid1" }, .main_pgid = SELF,
		  .want = { "100 kill 20 SIGHUP" } },
		{ "no group to look up", { "pid1" }, .getpgid_fails = true, .want = { "100 kill 20 SIGHUP" } },
		{ "the group refuses: the command alone", { "pid1" }, .kill_fails_for = -MAIN,
		  .want = { "100 kill -20 SIGHUP", "100 kill 20 SIGHUP" } },
		{ "--forward-all as a subreaper", { "pid1", "--forward-all" }, .want = { "100 descendants SIGHUP" } },
		{ "--forward-all as PID 1", { "pid1", "--forward-all" }, .self = 1, .want = { "100 descendants SIGHUP" } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_target_case(state, &cases[i], SIGHUP, INIT);
}

static void running_applies_rewrites_first(void **state)
{
	static const struct {
		struct target_case c;
		int signo;
	} cases[] = {
		{ { "-r HUP:USR2", { "pid1", "-r", "HUP:USR2" }, .want = { "100 kill -20 SIGUSR2" } }, SIGHUP },
		{ { "-r HUP:0 drops it", { "pid1", "-r", "HUP:0" }, .want = { NULL } }, SIGHUP },
		{ { "-r USR1:HUP -c", { "pid1", "-r", "USR1:HUP", "-c" }, .want = { "100 kill 20 SIGHUP" } }, SIGUSR1 },
		{ { "dumb-init: TSTP becomes STOP", { "dumb-init" }, .want = { "100 kill -20 SIGSTOP" } }, SIGTSTP },
		{ { "-r TERM:0: dropped, and no stop", { "pid1", "-r", "TERM:0" }, .want = { NULL } }, SIGTERM },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_target_case(state, &cases[i].c, cases[i].signo, INIT);
}

static void running_drops_its_own_sigpipe_and_sigxfsz(void **state)
{
	static const struct {
		struct target_case c;
		int signo;
		pid_t sender;
	} cases[] = {
		{ { "SIGPIPE from pid1 itself", { "pid1" }, .want = { NULL } }, SIGPIPE, SELF },
		{ { "SIGXFSZ from pid1 itself", { "pid1" }, .want = { NULL } }, SIGXFSZ, SELF },
		{ { "SIGPIPE from PID 1 itself", { "pid1" }, .self = 1, .want = { NULL } }, SIGPIPE, 1 },
		{ { "SIGPIPE from the command", { "pid1" }, .want = { "100 kill -20 SIGPIPE" } }, SIGPIPE, MAIN },
		{ { "SIGPIPE from the kernel", { "pid1" }, .want = { "100 kill -20 SIGPIPE" } }, SIGPIPE, 0 },
		{ { "SIGXFSZ from init", { "pid1" }, .want = { "100 kill -20 SIGXFSZ" } }, SIGXFSZ, INIT },
		{ { "SIGHUP from pid1 itself", { "pid1" }, .want = { "100 kill -20 SIGHUP" } }, SIGHUP, SELF },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_target_case(state, &cases[i].c, cases[i].signo, cases[i].sender);
}

/* A fault signal a process sent is forwarded; one the kernel raised is pid1's own. */
static void running_forwards_fault_signals_a_process_sent(void **state)
{
	static const struct {
		struct target_case c;
		int signo;
		pid_t sender;
	} cases[] = {
		{ { "SIGABRT from init (docker kill -s ABRT)", { "pid1" }, .want = { "100 kill -20 SIGABRT" } }, SIGABRT, INIT },
		{ { "SIGSEGV from outside the namespace", { "pid1" }, .self = 1, .want = { "100 kill -20 SIGSEGV" } },
		  SIGSEGV, 0 },
		{ { "SIGBUS from the command", { "tini" }, .want = { "100 kill 20 SIGBUS" } }, SIGBUS, MAIN },
		{ { "SIGSYS to every descendant", { "pid1", "--forward-all" }, .want = { "100 descendants SIGSYS" } },
		  SIGSYS, INIT },
		{ { "SIGBUS from the kernel: not forwarded", { "pid1" }, .want = { NULL } }, SIGBUS, -1 },
		{ { "SIGTRAP from the kernel: not forwarded", { "pid1" }, .want = { NULL } }, SIGTRAP, -1 },
		{ { "SIGWINCH from the kernel (a terminal): forwarded", { "pid1" }, .want = { "100 kill -20 SIGWINCH" } },
		  SIGWINCH, -1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_target_case(state, &cases[i].c, cases[i].signo, cases[i].sender);
}

/* ---- RUNNING: children ---- */

static void running_reaps_orphans_and_goes_on(void **state)
{
	reset(state);
	CONFIGURE("pid1");
	add_main(0);
	fake_add(22, 22, 0, 0);
	fake_add(23, 23, 0, 0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, 22, EXITED(5)), EXIT_AT(150, 23, KILLED(SIGKILL)), EXIT_AT(200, MAIN, EXITED(2))),
		  2);
	EXPECT_NO_SIGNALS();
	EXPECT_NO_TIMEOUTS();
	EXPECT_PHASES("RUNNING DONE");
	EXPECT_LOGGED("orphan 22", "exit 5");
	EXPECT_LOGGED("orphan 23", "signal KILL");
	EXPECT(world.procs[1].reaped && world.procs[2].reaped);
	EXPECT_END(200);

	/* At the default verbosity an orphan is shown only with -w. */
	for (int warn = 0; warn <= 1; warn++) {
		reset(state);
		log_verbosity = LOG_LEVEL_WARN;
		fake_case("-w: %d", warn);
		if (warn)
			CONFIGURE("pid1", "-w");
		else
			CONFIGURE("pid1");
		add_main(0);
		fake_add(22, 22, 0, 0);
		EXPECT_RC(RUN(MAIN, EXIT_AT(100, 22, EXITED(5)), EXIT_AT(200, MAIN, EXITED(2))), 2);
		EXPECT(LOGGED("orphan 22") == (warn == 1));
	}
}

static void running_maps_the_command_status(void **state)
{
	static const struct {
		const char *argv[6];
		int status, rc;
	} cases[] = {
		{ { "pid1" }, EXITED(0), 0 },
		{ { "pid1" }, EXITED(3), 3 },
		{ { "pid1" }, EXITED(255), 255 },
		{ { "pid1" }, KILLED(SIGSEGV), 128 + SIGSEGV },
		{ { "pid1" }, KILLED(SIGKILL), 128 + SIGKILL },
		{ { "pid1", "-e", "3" }, EXITED(3), 0 },
		{ { "pid1", "-e", "3" }, EXITED(4), 4 },
		{ { "pid1", "-e", "143" }, KILLED(SIGTERM), 0 },
		{ { "pid1", "-e", "3", "-e", "143" }, EXITED(143), 0 },
		{ { "pid1", "-e", "0" }, EXITED(1), 1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(state);
		configure_argv(cases[i].argv);
		add_main(0);
		fake_case("%zu: status %#x", i, (unsigned)cases[i].status);
		EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, cases[i].status)), cases[i].rc);
		EXPECT_PHASES("RUNNING DONE");
		EXPECT_NO_SIGNALS();
		EXPECT_END(100);
	}
}

/* The kernel merges SIGCHLDs: one stands for every child that died, in any order. */
static void running_drains_every_child_on_one_sigchld(void **state)
{
	for (int main_first = 0; main_first <= 1; main_first++) {
		reset(state);
		fake_case("the command reaped %s", main_first ? "first" : "second");
		CONFIGURE("pid1");
		add_main(0);
		fake_add(22, 22, 0, 0);
		if (main_first)
			EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(6)), EXIT_AT(100, 22, EXITED(0))), 6);
		else
			EXPECT_RC(RUN(MAIN, EXIT_AT(100, 22, EXITED(0)), EXIT_AT(100, MAIN, EXITED(6))), 6);
		EXPECT_WAITS("0:-1");
		EXPECT_NO_SIGNALS();
		EXPECT_PHASES("RUNNING DONE");
		EXPECT(world.procs[0].reaped && world.procs[1].reaped);
	}
}

/* ---- RUNNING: the stop ---- */

static void stop_request_escalates_at_stop_plus_grace(void **state)
{
	static const struct {
		const char *argv[4];
		int signo;
		const char *sent, *killed, *waits, *line;
		long long end;
	} cases[] = {
		{ { "pid1" }, SIGTERM, "1000 kill -20 SIGTERM", "9000 kill -20 SIGKILL", "0:-1 1000:8000 9000:-1",
		  "process 20 still running 8000 ms after SIGTERM", 9000 },
		{ { "pid1" }, SIGINT, "1000 kill -20 SIGINT", "9000 kill -20 SIGKILL", "0:-1 1000:8000 9000:-1",
		  "process 20 still running 8000 ms after SIGINT", 9000 },
		{ { "pid1", "--grace", "2.5s" }, SIGTERM, "1000 kill -20 SIGTERM", "3500 kill -20 SIGKILL",
		  "0:-1 1000:2500 3500:-1", "still running 2500 ms after SIGTERM", 3500 },
		{ { "pid1", "--grace", "1ms" }, SIGTERM, "1000 kill -20 SIGTERM", "1001 kill -20 SIGKILL",
		  "0:-1 1000:1 1001:-1", "still running 1 ms after SIGTERM", 1001 },
		{ { "pid1", "-c" }, SIGTERM, "1000 kill 20 SIGTERM", "9000 kill 20 SIGKILL", "0:-1 1000:8000 9000:-1",
		  "still running", 9000 },
		{ { "tini", "--grace", "8s" }, SIGTERM, "1000 kill 20 SIGTERM", "9000 kill 20 SIGKILL",
		  "0:-1 1000:8000 9000:-1", "still running", 9000 },
		{ { "pid1", "--forward-all" }, SIGTERM, "1000 descendants SIGTERM", "9000 descendants SIGKILL",
		  "0:-1 1000:8000 9000:-1", "still running", 9000 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(state);
		configure_argv(cases[i].argv);
		add_main(0);
		fake_case("%zu: %s", i, cases[i].killed);
		EXPECT_RC(RUN(MAIN, SIGNAL_AT(1000, cases[i].signo, INIT)), 128 + SIGKILL);
		EXPECT_SIGNALS(cases[i].sent, cases[i].killed);
		EXPECT_WAITS(cases[i].waits);
		EXPECT_LOGGED(cases[i].line);
		EXPECT_PHASES("RUNNING DONE");
		EXPECT_END(cases[i].end);
	}
}

static void stop_request_as_pid_1_escalates_to_everyone(void **state)
{
	reset(state);
	world.self = world.self_pgrp = 1;
	CONFIGURE("pid1", "--forward-all");
	add_main(0);
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(1000, SIGTERM, 0)), 128 + SIGKILL);
	EXPECT_SIGNALS("1000 descendants SIGTERM", "9000 descendants SIGKILL");
}

static void second_stop_request_keeps_the_first_deadline(void **state)
{
	reset(state);
	CONFIGURE("pid1");
	add_main(0);
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(1000, SIGTERM, INIT), SIGNAL_AT(5000, SIGTERM, INIT), SIGNAL_AT(6000, SIGINT, INIT)),
		  128 + SIGKILL);
	EXPECT_SIGNALS("1000 kill -20 SIGTERM", "5000 kill -20 SIGTERM", "6000 kill -20 SIGINT", "9000 kill -20 SIGKILL");
	EXPECT_WAITS("0:-1 1000:8000 5000:4000 6000:3000 9000:-1");
	EXPECT_LOGGED("still running 8000 ms after SIGTERM");
}

static void stop_request_with_grace_0_never_escalates(void **state)
{
	static const struct {
		const char *argv[4];
		const char *sent;
	} cases[] = {
		{ { "pid1", "--grace", "0" }, "1000 kill -20 SIGTERM" },
		{ { "tini" }, "1000 kill 20 SIGTERM" },
		{ { "dumb-init" }, "1000 kill -20 SIGTERM" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(state);
		fake_case("%s", cases[i].sent);
		configure_argv(cases[i].argv);
		add_main(0);
		EXPECT_RC(RUN(MAIN, SIGNAL_AT(1000, SIGTERM, INIT), EXIT_AT(3600000, MAIN, EXITED(0))), 0);
		EXPECT_SIGNALS(cases[i].sent);
		EXPECT_NO_TIMEOUTS();
		EXPECT_END(3600000);
	}
}

static void stop_request_follows_the_rewrite(void **state)
{
	/* Rewritten to 0, TERM starts nothing; INT still does. */
	reset(state);
	CONFIGURE("pid1", "-r", "TERM:0");
	add_main(0);
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(1000, SIGTERM, INIT), SIGNAL_AT(2000, SIGINT, INIT)), 128 + SIGKILL);
	EXPECT_SIGNALS("2000 kill -20 SIGINT", "10000 kill -20 SIGKILL");
	EXPECT_WAITS("0:-1 1000:-1 2000:8000 10000:-1");

	/* Rewritten to another signal, it is still a stop. */
	reset(state);
	CONFIGURE("pid1", "-r", "TERM:QUIT");
	add_main(0);
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(1000, SIGTERM, INIT)), 128 + SIGKILL);
	EXPECT_SIGNALS("1000 kill -20 SIGQUIT", "9000 kill -20 SIGKILL");
}

/*
 * A deadline that passed while pid1 was busy, or while it overslept, is
 * handled at the next wake-up: a wait of 0, not a wait for ever.
 */
static void deadline_passed_during_a_late_wakeup_is_handled_at_once(void **state)
{
	reset(state);
	CONFIGURE("pid1");
	add_main(0);
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(1000, SIGTERM, INIT), LATE_SIGNAL_AT(8999, SIGHUP, INIT, 5)), 128 + SIGKILL);
	EXPECT_SIGNALS("1000 kill -20 SIGTERM", "9004 kill -20 SIGHUP", "9004 kill -20 SIGKILL");
	EXPECT_WAITS("0:-1 1000:8000 9004:0 9004:-1");

	/* A signal exactly at the deadline: the deadline is still due at once. */
	reset(state);
	CONFIGURE("pid1");
	add_main(0);
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(1000, SIGTERM, INIT), SIGNAL_AT(9000, SIGHUP, INIT)), 128 + SIGKILL);
	EXPECT_SIGNALS("1000 kill -20 SIGTERM", "9000 kill -20 SIGHUP", "9000 kill -20 SIGKILL");
	EXPECT_WAITS("0:-1 1000:8000 9000:0 9000:-1");

	reset(state);
	CONFIGURE("pid1");
	add_main(0);
	world.oversleep = 30;
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(1000, SIGTERM, INIT)), 128 + SIGKILL);
	EXPECT_SIGNALS("1000 kill -20 SIGTERM", "9030 kill -20 SIGKILL");
	EXPECT_WAITS("0:-1 1000:8000 9030:-1");
}

/* ---- the signal wait fails ---- */

static void wait_failure_kills_the_command_and_returns_111(void **state)
{
	reset(state);
	CONFIGURE("pid1");
	add_main(0);
	EXPECT_RC(RUN(MAIN, WAIT_FAILS_AT(500)), PID1_EXIT_SYSTEM);
	EXPECT_SIGNALS("500 kill -20 SIGKILL");
	EXPECT_LOGGED("signals", "Invalid argument");

	reset(state);
	CONFIGURE("pid1", "-c");
	add_main(0);
	EXPECT_RC(RUN(MAIN, WAIT_FAILS_AT(500)), PID1_EXIT_SYSTEM);
	EXPECT_SIGNALS("500 kill 20 SIGKILL");

	/* PAUSED: no command to kill. */
	reset(state);
	CONFIGURE("pid1", "--pause");
	EXPECT_RC(RUN(0, WAIT_FAILS_AT(500)), PID1_EXIT_SYSTEM);
	EXPECT_NO_SIGNALS();

	/* TERMINATING: the command is gone. */
	reset(state);
	CONFIGURE("pid1");
	add_main(0);
	add_leftover(0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0)), WAIT_FAILS_AT(500)), PID1_EXIT_SYSTEM);
	EXPECT_SIGNALS("100 descendants SIGTERM", "100 descendants SIGCONT");

	/* ADOPTING: the watch is closed on the way out (run_script() checks). */
	reset(state);
	CONFIGURE("pid1", "--pidfile", PIDFILE);
	add_main(0);
	fake_add(DAEMON, DAEMON, MAIN, 0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0)), WAIT_FAILS_AT(500)), PID1_EXIT_SYSTEM);
	EXPECT_NO_SIGNALS();
	EXPECT_WAITS("0:-1 100:10000+");
}

/* ---- TERMINATING and KILLING: leftovers ---- */

static void leftovers_get_sigterm_then_sigkill_at_exit_plus_grace(void **state)
{
	reset(state);
	CONFIGURE("pid1");
	add_main(0);
	add_leftover(0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(1000, MAIN, EXITED(3))), 3);
	EXPECT_SIGNALS("1000 descendants SIGTERM", "1000 descendants SIGCONT", "9000 descendants SIGKILL");
	EXPECT_WAITS("0:-1 1000:8000 9000:2000");
	EXPECT_PHASES("RUNNING TERMINATING KILLING DONE");
	EXPECT_LOGGED("sent SIGTERM and SIGCONT to the leftover processes; SIGKILL in 8000 ms");
	EXPECT_END(9000);
}

static void leftovers_that_obey_sigterm_end_it_at_once(void **state)
{
	reset(state);
	CONFIGURE("pid1");
	add_main(0);
	add_leftover(ON(SIGTERM));
	EXPECT_RC(RUN(MAIN, EXIT_AT(1000, MAIN, EXITED(3))), 3);
	EXPECT_SIGNALS("1000 descendants SIGTERM", "1000 descendants SIGCONT");
	EXPECT_WAITS("0:-1 1000:8000");
	EXPECT_PHASES("RUNNING TERMINATING DONE");
	EXPECT_END(1000);
}

static void leftovers_with_grace_0_are_left_alone(void **state)
{
	reset(state);
	CONFIGURE("pid1", "--grace", "0");
	add_main(0);
	add_leftover(0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(1000, MAIN, EXITED(3))), 3);
	EXPECT_NO_SIGNALS();
	EXPECT_PHASES("RUNNING DONE");
	EXPECT(world.procs[1].alive);
}

/* dumb-init's session mode: the command's group gets SIGTERM, and pid1 does not wait. */
static void dumb_init_terms_the_session_group_on_exit(void **state)
{
	static const struct {
		const char *name;
		const char *argv[3];
		const char *want;
	} cases[] = {
		{ "dumb-init", { "dumb-init" }, "1000 kill -20 SIGTERM" },
		{ "dumb-init -c: not in session mode", { "dumb-init", "-c" }, NULL },
		{ "tini", { "tini" }, NULL },
		{ "catatonit", { "catatonit" }, NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(state);
		fake_case("%s", cases[i].name);
		CONFIGURE(cases[i].argv[0], cases[i].argv[1]);
		add_main(0);
		add_leftover(0);
		EXPECT_RC(RUN(MAIN, EXIT_AT(1000, MAIN, EXITED(3))), 3);
		if (cases[i].want != NULL)
			EXPECT_SIGNALS(cases[i].want);
		else
			EXPECT_NO_SIGNALS();
		EXPECT_PHASES("RUNNING DONE");
		EXPECT_END(1000);
	}
}

/* The command exits during a stop: SIGKILL still comes at stop + grace, not at exit + grace. */
static void stop_deadline_wins_over_exit_plus_grace(void **state)
{
	reset(state);
	CONFIGURE("pid1");
	add_main(0);
	add_leftover(0);
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(1000, SIGTERM, INIT), EXIT_AT(3000, MAIN, EXITED(0))), 0);
	EXPECT_SIGNALS("1000 kill -20 SIGTERM", "3000 descendants SIGTERM", "3000 descendants SIGCONT",
		       "9000 descendants SIGKILL");
	EXPECT_WAITS("0:-1 1000:8000 3000:6000 9000:2000");
	EXPECT_PHASES("RUNNING TERMINATING KILLING DONE");
	/* The time left, not the whole grace period. */
	EXPECT_LOGGED("sent SIGTERM and SIGCONT to the leftover processes; SIGKILL in 6000 ms");
}

/* The grace period ran out: leftovers get SIGKILL at once, --wait-all or not. */
static void escalated_stop_kills_leftovers_at_once(void **state)
{
	for (int wait_all = 0; wait_all <= 1; wait_all++) {
		reset(state);
		fake_case("--wait-all: %d", wait_all);
		if (wait_all)
			CONFIGURE("pid1", "--wait-all");
		else
			CONFIGURE("pid1");
		add_main(0);
		add_leftover(0)->unkillable = true;
		EXPECT_RC(RUN(MAIN, SIGNAL_AT(1000, SIGTERM, INIT)), 128 + SIGKILL);
		EXPECT_SIGNALS("1000 kill -20 SIGTERM", "9000 kill -20 SIGKILL", "9000 descendants SIGKILL");
		/* KILL_WAIT: 2 s after the leftovers' SIGKILL, pid1 stops waiting for them. */
		EXPECT_WAITS("0:-1 1000:8000 9000:-1 9000:2000");
		EXPECT_PHASES("RUNNING KILLING DONE");
		EXPECT_LOGGED("outlived SIGKILL by 2000 ms", "exiting anyway");
		EXPECT_END(11000);
	}
}

static void after_the_command_signals_go_to_every_descendant(void **state)
{
	reset(state);
	CONFIGURE("pid1");
	add_main(0);
	add_leftover(0)->unkillable = true;
	EXPECT_RC(RUN(MAIN, EXIT_AT(1000, MAIN, EXITED(0)), SIGNAL_AT(2000, SIGHUP, INIT), SIGNAL_AT(3000, SIGTERM, INIT),
		      SIGNAL_AT(10000, SIGUSR1, INIT), SIGNAL_AT(10500, SIGINT, INIT)),
		  0);
	EXPECT_SIGNALS("1000 descendants SIGTERM", "1000 descendants SIGCONT", "2000 descendants SIGHUP", "3000 descendants SIGTERM",
		       "9000 descendants SIGKILL", "10000 descendants SIGUSR1", "10500 descendants SIGINT");
	/* Neither stop request moves a deadline. */
	EXPECT_WAITS("0:-1 1000:8000 2000:7000 3000:6000 9000:2000 10000:1000 10500:500");
	EXPECT_PHASES("RUNNING TERMINATING KILLING DONE");
	EXPECT_LOGGED("exiting anyway");
	EXPECT_END(11000);
}

/* ---- WAITING: --wait-all ---- */

static void wait_all_waits_for_every_descendant_without_a_deadline(void **state)
{
	reset(state);
	CONFIGURE("pid1", "--wait-all");
	add_main(0);
	add_leftover(0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(1000, MAIN, EXITED(5)), SIGNAL_AT(2000, SIGHUP, INIT),
		      EXIT_AT(3600000, LEFTOVER, EXITED(0))),
		  5);
	EXPECT_SIGNALS("2000 descendants SIGHUP");
	EXPECT_NO_TIMEOUTS();
	EXPECT_PHASES("RUNNING WAITING DONE");
	EXPECT_END(3600000);
}

static void sigterm_while_waiting_arms_now_plus_grace(void **state)
{
	reset(state);
	CONFIGURE("pid1", "--wait-all");
	add_main(0);
	add_leftover(0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(1000, MAIN, EXITED(5)), SIGNAL_AT(5000, SIGTERM, INIT), SIGNAL_AT(7000, SIGTERM, INIT)),
		  5);
	EXPECT_SIGNALS("5000 descendants SIGTERM", "7000 descendants SIGTERM", "13000 descendants SIGKILL");
	EXPECT_WAITS("0:-1 1000:-1 5000:8000 7000:6000 13000:2000");
	EXPECT_PHASES("RUNNING WAITING KILLING DONE");
	EXPECT_END(13000);
}

static void wait_all_with_grace_0_waits_forever(void **state)
{
	reset(state);
	CONFIGURE("pid1", "--wait-all", "--grace", "0");
	add_main(0);
	add_leftover(0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(1000, MAIN, EXITED(5)), SIGNAL_AT(5000, SIGTERM, INIT),
		      EXIT_AT(3600000, LEFTOVER, EXITED(0))),
		  5);
	EXPECT_SIGNALS("5000 descendants SIGTERM");
	EXPECT_NO_TIMEOUTS();
	EXPECT_PHASES("RUNNING WAITING DONE");
	EXPECT_END(3600000);
}

static void wait_all_keeps_a_stop_deadline_armed_before_the_exit(void **state)
{
	reset(state);
	CONFIGURE("pid1", "--wait-all");
	add_main(ON(SIGTERM));
	add_leftover(0);
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(1000, SIGTERM, INIT)), 128 + SIGTERM);
	EXPECT_SIGNALS("1000 kill -20 SIGTERM", "9000 descendants SIGKILL");
	EXPECT_WAITS("0:-1 1000:8000 1000:8000 9000:2000");
	EXPECT_PHASES("RUNNING WAITING KILLING DONE");
}

static void wait_all_with_nothing_left_ends_at_once(void **state)
{
	reset(state);
	CONFIGURE("pid1", "--wait-all");
	add_main(0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(1000, MAIN, EXITED(5))), 5);
	EXPECT_NO_SIGNALS();
	EXPECT_PHASES("RUNNING DONE");
}

/* ---- every descendant: PID 1, a subreaper, an unreadable /proc ---- */

/*
 * As PID 1 too, "every descendant" comes from /proc: kill(-1) would also hit a
 * process that joined the namespace (docker exec), here the foreign one.
 */
static void pid1_as_pid_1_reaches_leftovers_through_proc_only(void **state)
{
	struct fake_proc *joined;

	reset(state);
	world.self = world.self_pgrp = 1;
	CONFIGURE("pid1", "--forward-all");
	add_main(0);
	add_leftover(0);
	joined = fake_add(40, 40, 0, ~(signals_mask)0);
	joined->foreign = true;
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(500, SIGUSR1, 0), EXIT_AT(1000, MAIN, EXITED(0))), 0);
	EXPECT_SIGNALS("500 descendants SIGUSR1", "1000 descendants SIGTERM", "1000 descendants SIGCONT", "9000 descendants SIGKILL");
	EXPECT_PHASES("RUNNING TERMINATING KILLING DONE");
	EXPECT(joined->alive);
}

/* /proc shows a namespace pid1 is not in: the command's group, with the reason. */
static void invisible_in_proc_falls_back_to_the_commands_group(void **state)
{
	reset(state);
	world.proc_invisible = true;
	CONFIGURE("pid1", "--forward-all");
	fake_add(MAIN, 25, 0, 0);
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(500, SIGHUP, INIT), EXIT_AT(1000, MAIN, EXITED(0))), 0);
	EXPECT_SIGNALS("500 kill -25 SIGHUP");
	EXPECT_LOGGED("cannot list the processes in /proc", "it shows a PID namespace that pid1 is not in",
		      "sending SIGHUP to process group 25 only");
	EXPECT(!LOGGED("forwarded SIGHUP to every descendant"));
}

static void unreadable_proc_falls_back_to_the_commands_last_group(void **state)
{
	reset(state);
	world.procfs_fails = true;
	CONFIGURE("pid1");
	fake_add(MAIN, 25, 0, 0);
	fake_add(LEFTOVER, 25, MAIN, ON(SIGTERM));
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(500, SIGHUP, INIT), EXIT_AT(1000, MAIN, EXITED(0))), 0);
	EXPECT_SIGNALS("500 kill -25 SIGHUP", "1000 descendants SIGTERM", "1000 kill -25 SIGTERM", "1000 descendants SIGCONT", "1000 kill -25 SIGCONT");
	EXPECT_LOGGED("cannot list the processes in /proc", "Too many open files",
		      "sending SIGTERM to process group 25 only");
	EXPECT_PHASES("RUNNING TERMINATING DONE");

	reset(state);
	world.procfs_fails = true;
	CONFIGURE("pid1", "--forward-all");
	add_main(0);
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(500, SIGHUP, INIT), EXIT_AT(1000, MAIN, EXITED(0))), 0);
	EXPECT_SIGNALS("500 descendants SIGHUP", "500 kill -20 SIGHUP");
}

/* A daemon that stayed in pid1's group: with /proc unreadable, nothing is sent rather than that group. */
static void unreadable_proc_never_signals_pid1s_own_group(void **state)
{
	reset(state);
	world.procfs_fails = true;
	world.pidfile = "30\n";
	CONFIGURE("pid1", "--pidfile", PIDFILE);
	add_main(0);
	fake_add(DAEMON, SELF, MAIN, 0);
	fake_add(31, SELF, DAEMON, 0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0)), SIGNAL_AT(150, SIGHUP, INIT), EXIT_AT(200, DAEMON, EXITED(0))),
		  0);
	EXPECT_SIGNALS("150 kill 30 SIGHUP", "200 descendants SIGTERM", "200 descendants SIGCONT", "8200 descendants SIGKILL");
	EXPECT_PHASES("RUNNING ADOPTING RUNNING TERMINATING KILLING DONE");
	EXPECT_END(10200);
}

/* ---- ADOPTING: --pidfile ---- */

static void adopt_follows_the_daemon_in_the_pidfile(void **state)
{
	static const int codes[] = { 7, 0 };

	for (size_t i = 0; i < 2; i++) {
		reset(state);
		fake_case("the daemon exits %d", codes[i]);
		world.pidfile = "30\n";
		CONFIGURE("pid1", "--pidfile", PIDFILE);
		add_main(0);
		fake_add(DAEMON, DAEMON, MAIN, 0);
		/* Exit 0 from the daemon ends pid1: no second adoption. */
		EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0)), SIGNAL_AT(200, SIGHUP, INIT),
			      EXIT_AT(300, DAEMON, EXITED(codes[i]))),
			  codes[i]);
		EXPECT_SIGNALS("200 kill -30 SIGHUP");
		EXPECT_WAITS("0:-1 100:-1 200:-1");
		EXPECT_PHASES("RUNNING ADOPTING RUNNING DONE");
		EXPECT_LOGGED("following daemon 30 from /run/app.pid");
		EXPECT(strcmp(world.watched_dir, "/run") == 0);
		EXPECT(world.pidfile_reads == 1);
		EXPECT_END(300);
	}
}

static void adopt_waits_for_the_pidfile_through_inotify(void **state)
{
	reset(state);
	CONFIGURE("pid1", "--pidfile", PIDFILE);
	add_main(0);
	fake_add(DAEMON, DAEMON, MAIN, ON(SIGTERM));
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0)), NOISE_AT(200), PIDFILE_AT(300, "abc\n"),
		      PIDFILE_AT(400, "30\n"), SIGNAL_AT(500, SIGTERM, INIT)),
		  128 + SIGTERM);
	EXPECT_SIGNALS("500 kill -30 SIGTERM");
	EXPECT_WAITS("0:-1 100:10000+ 200:9900+ 300:9800+ 400:-1 500:8000");
	EXPECT_PHASES("RUNNING ADOPTING RUNNING DONE");
	/* At the exit, at "abc", at "30": not for another file in the directory. */
	EXPECT(world.pidfile_reads == 3);
	EXPECT_LOGGED(PIDFILE, "'abc' is not a pid");
}

static void adopt_reads_every_100ms_without_inotify(void **state)
{
	for (int how = 0; how < 3; how++) {
		reset(state);
		fake_case("%s fails", how == 0 ? "inotify_init1" : how == 1 ? "inotify_add_watch" : "signals_open");
		world.inotify_fails = how == 0;
		world.watch_fails = how == 1;
		world.signalfd_fails = how == 2;
		CONFIGURE("pid1", "--pidfile", PIDFILE);
		add_main(0);
		fake_add(DAEMON, DAEMON, MAIN, 0);
		EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0)), PIDFILE_AT(450, "30\n"), EXIT_AT(600, DAEMON, EXITED(0))),
			  0);
		EXPECT_WAITS("0:-1 100:100 200:100 300:100 400:100 500:-1");
		EXPECT(world.pidfile_reads == 5);
		EXPECT_LOGGED("every 100 ms");
		EXPECT_PHASES("RUNNING ADOPTING RUNNING DONE");
	}

	/* Never past the timeout. */
	reset(state);
	world.inotify_fails = true;
	CONFIGURE("pid1", "--pidfile", PIDFILE, "--pidfile-timeout", "250ms");
	add_main(0);
	fake_add(DAEMON, DAEMON, MAIN, ON(SIGTERM));
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0))), PID1_EXIT_PIDFILE);
	EXPECT_WAITS("0:-1 100:100 200:100 300:50 350:8000");
	EXPECT_SIGNALS("350 descendants SIGTERM", "350 descendants SIGCONT");
}

static void adopt_times_out_with_113(void **state)
{
	static const struct {
		const char *argv[6];
		const char *pidfile, *reason, *sent, *cont;
	} cases[] = {
		{ { "pid1", "--pidfile", PIDFILE }, NULL, "no daemon wrote it within 10000 ms", "10100 descendants SIGTERM",
		  "10100 descendants SIGCONT" },
		{ { "pid1", "--pidfile", PIDFILE, "--pidfile-timeout", "2s" }, NULL, "no daemon wrote it within 2000 ms",
		  "2100 descendants SIGTERM", "2100 descendants SIGCONT" },
		/* The file is there: the last reason it could not be followed is the one given. */
		{ { "pid1", "--pidfile", PIDFILE }, "abc", "'abc' is not a pid", "10100 descendants SIGTERM",
		  "10100 descendants SIGCONT" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(state);
		fake_case("%s", cases[i].reason);
		world.pidfile = cases[i].pidfile;
		configure_argv(cases[i].argv);
		add_main(0);
		fake_add(DAEMON, DAEMON, MAIN, ON(SIGTERM));
		EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0))), PID1_EXIT_PIDFILE);
		EXPECT_SIGNALS(cases[i].sent, cases[i].cont);
		EXPECT_LOGGED(PIDFILE, cases[i].reason);
		EXPECT_PHASES("RUNNING ADOPTING TERMINATING DONE");
	}
}

static void adopt_fails_at_once_when_nobody_is_left(void **state)
{
	reset(state);
	CONFIGURE("pid1", "--pidfile", PIDFILE);
	add_main(0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0))), PID1_EXIT_PIDFILE);
	EXPECT_NO_SIGNALS();
	EXPECT_LOGGED(PIDFILE, "No such file or directory");
	EXPECT_PHASES("RUNNING ADOPTING DONE");
	EXPECT_END(100);

	/* It is an error: shown even without -v. */
	reset(state);
	log_verbosity = LOG_LEVEL_ERROR;
	CONFIGURE("pid1", "--pidfile", PIDFILE);
	add_main(0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0))), PID1_EXIT_PIDFILE);
	EXPECT_LOGGED(PIDFILE, "No such file or directory");
}

/* The last process that could have written the pidfile is gone: 113 then, not at the timeout. */
static void adopt_fails_early_when_the_last_child_goes(void **state)
{
	reset(state);
	CONFIGURE("pid1", "--pidfile", PIDFILE);
	add_main(0);
	fake_add(DAEMON, DAEMON, MAIN, 0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0)), EXIT_AT(3000, DAEMON, EXITED(1))), PID1_EXIT_PIDFILE);
	EXPECT_NO_SIGNALS();
	EXPECT_WAITS("0:-1 100:10000+");
	EXPECT_PHASES("RUNNING ADOPTING DONE");
	EXPECT_END(3000);
}

static void stop_request_while_adopting_ends_the_adoption(void **state)
{
	static const struct {
		const char *argv[6];
		int signo;
		const char *sent, *line, *waits;
	} cases[] = {
		{ { "pid1", "--pidfile", PIDFILE }, SIGTERM, "500 descendants SIGTERM",
		  "sent SIGTERM and SIGCONT to the leftover processes; SIGKILL in 8000 ms", "0:-1 100:10000+ 500:8000 8500:2000" },
		{ { "pid1", "--pidfile", PIDFILE }, SIGINT, "500 descendants SIGINT",
		  "sent SIGINT and SIGCONT to the leftover processes; SIGKILL in 8000 ms", "0:-1 100:10000+ 500:8000 8500:2000" },
		/* The message names the signal that was sent. */
		{ { "pid1", "--pidfile", PIDFILE, "-r", "TERM:QUIT" }, SIGTERM, "500 descendants SIGQUIT",
		  "sent SIGQUIT and SIGCONT to the leftover processes; SIGKILL in 8000 ms", "0:-1 100:10000+ 500:8000 8500:2000" },
		/* The pidfile's timeout ends with the adoption: SIGKILL at stop + grace, not at 2100. */
		{ { "pid1", "--pidfile", PIDFILE, "--pidfile-timeout", "2s" }, SIGTERM, "500 descendants SIGTERM",
		  "sent SIGTERM and SIGCONT to the leftover processes; SIGKILL in 8000 ms", "0:-1 100:2000+ 500:8000 8500:2000" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(state);
		fake_case("%zu: %s", i, cases[i].sent);
		configure_argv(cases[i].argv);
		add_main(0);
		fake_add(DAEMON, DAEMON, MAIN, 0);
		EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0)), SIGNAL_AT(500, cases[i].signo, INIT)), 0);
		/* The stop went to every descendant already: no second SIGTERM. */
		EXPECT_SIGNALS(cases[i].sent, "500 descendants SIGCONT", "8500 descendants SIGKILL");
		EXPECT_WAITS(cases[i].waits);
		EXPECT_PHASES("RUNNING ADOPTING TERMINATING KILLING DONE");
		EXPECT_LOGGED("while waiting for --pidfile", "not following a daemon");
		EXPECT_LOGGED(cases[i].line);
		EXPECT(world.pidfile_reads == 1);
	}
}

static void other_signals_while_adopting_go_to_every_descendant(void **state)
{
	reset(state);
	CONFIGURE("pid1", "--pidfile", PIDFILE);
	add_main(0);
	fake_add(DAEMON, DAEMON, MAIN, 0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0)), SIGNAL_AT(500, SIGHUP, INIT), PIDFILE_AT(600, "30"),
		      EXIT_AT(700, DAEMON, EXITED(0))),
		  0);
	EXPECT_SIGNALS("500 descendants SIGHUP");
	EXPECT_WAITS("0:-1 100:10000+ 500:9600+ 600:-1");
	EXPECT_PHASES("RUNNING ADOPTING RUNNING DONE");
}

static void no_adoption_after_a_stop_or_a_failure(void **state)
{
	/* Exit 0 after a stop request is the end, not a daemon's handover. */
	reset(state);
	CONFIGURE("pid1", "--pidfile", PIDFILE);
	add_main(0);
	fake_add(DAEMON, DAEMON, MAIN, ON(SIGTERM));
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(100, SIGTERM, INIT), EXIT_AT(200, MAIN, EXITED(0))), 0);
	EXPECT_SIGNALS("100 kill -20 SIGTERM", "200 descendants SIGTERM", "200 descendants SIGCONT");
	EXPECT_PHASES("RUNNING TERMINATING DONE");
	EXPECT(world.pidfile_reads == 0);

	reset(state);
	CONFIGURE("pid1", "--pidfile", PIDFILE);
	add_main(0);
	fake_add(DAEMON, DAEMON, MAIN, ON(SIGTERM));
	EXPECT_RC(RUN(MAIN, EXIT_AT(200, MAIN, EXITED(1))), 1);
	EXPECT_SIGNALS("200 descendants SIGTERM", "200 descendants SIGCONT");
	EXPECT_PHASES("RUNNING TERMINATING DONE");
	EXPECT(world.pidfile_reads == 0);
}

static void pidfile_naming_a_process_pid1_cannot_follow(void **state)
{
	static const struct {
		const char *name;
		bool exists, foreign, not_ours;
		const char *line;
	} cases[] = {
		{ "not running", false, false, false, "it names 40, which is not running" },
		{ "not started by pid1", true, true, false, "it names 40, which is not a process started by pid1" },
		{ "another namespace's /proc", true, true, true, "it names 40, which has not been handed over to pid1" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset(state);
		world.pidfile = "40\n";
		world.proc_not_ours = cases[i].not_ours;
		CONFIGURE("pid1", "--pidfile", PIDFILE);
		add_main(0);
		fake_add(31, 31, MAIN, 0);
		if (cases[i].exists)
			fake_add(40, 40, 0, 0)->foreign = cases[i].foreign;
		fake_case("%s", cases[i].name);
		EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0)), EXIT_AT(1000, 31, EXITED(0))), PID1_EXIT_PIDFILE);
		EXPECT_NO_SIGNALS();
		EXPECT_LOGGED(PIDFILE, cases[i].line);
		EXPECT_PHASES("RUNNING ADOPTING DONE");
		EXPECT_END(1000);
	}
}

/*
 * The daemon dies between the reap and the check that it is pid1's child:
 * the check must leave its status for the reap that its SIGCHLD brings.
 */
static void daemon_dying_as_it_is_adopted_is_still_reaped(void **state)
{
	reset(state);
	world.pidfile = "30\n";
	world.dies_at_read = DAEMON;
	world.dies_at_read_status = EXITED(9);
	CONFIGURE("pid1", "--pidfile", PIDFILE);
	add_main(0);
	fake_add(DAEMON, DAEMON, MAIN, 0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0))), 9);
	EXPECT_NO_SIGNALS();
	EXPECT_PHASES("RUNNING ADOPTING RUNNING DONE");
	EXPECT(world.procs[1].reaped);
}

/* A grandchild named in the pidfile is followed once its parent has gone and pid1 reaps it. */
static void grandchild_is_followed_once_handed_over(void **state)
{
	reset(state);
	world.pidfile = "40\n";
	CONFIGURE("pid1", "--pidfile", PIDFILE);
	add_main(0);
	fake_add(31, 31, MAIN, 0);
	fake_add(40, 40, 31, 0);
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0)), EXIT_AT(1000, 31, EXITED(0)), SIGNAL_AT(1500, SIGHUP, INIT),
		      EXIT_AT(2000, 40, EXITED(4))),
		  4);
	EXPECT_LOGGED(PIDFILE, "it names 40, which was never handed over to pid1");
	EXPECT_SIGNALS("1500 kill -40 SIGHUP");
	EXPECT_PHASES("RUNNING ADOPTING RUNNING DONE");
	EXPECT_LOGGED("following daemon 40");
}


/* ---- job control ---- */

/*
 * pid1 (as @self) as a job of an interactive shell (SHELL), started with
 * @words: the command (MAIN) has the terminal, as init.c leaves it.
 */
static void shell_job(void **state, pid_t self, const char *const *words)
{
	reset(state);
	world.self = world.self_pgrp = self;
	configure_argv(words);
	add_main(0);
	job.follow_stops = true;
	job.give_terminal = true;
	world.tty_pgrp = MAIN;
}

#define SHELL_JOB(self, ...) shell_job(state, (self), (const char *const[]){ __VA_ARGS__, NULL })

/* ^Z: pid1 stops too; fg: the terminal goes back to the command, then SIGCONT; ^C then ends it. */
static void shell_job_stops_with_the_command_and_fg_gives_it_the_terminal(void **state)
{
	SHELL_JOB(SELF, "pid1");
	EXPECT_RC(RUN(MAIN, STOP_AT(100, MAIN, SIGTSTP), TTY_AT(150, SHELL), TTY_AT(200, SELF),
		      SIGNAL_AT(200, SIGCONT, SHELL), EXIT_AT(300, MAIN, KILLED(SIGINT))),
		  128 + SIGINT);
	EXPECT_SIGNALS("100 kill 10 SIGSTOP", "200 tcsetpgrp 20", "200 kill -20 SIGCONT");
	EXPECT_LOGGED("process 20 stopped (SIGTSTP)");
	EXPECT(world.tty_pgrp == MAIN);
	EXPECT(!world.procs[0].stopped);
	EXPECT_NO_TIMEOUTS();
	EXPECT_PHASES("RUNNING DONE");
}

/*
 * bg: the shell keeps the terminal and the command goes on; reading the
 * terminal from the background stops it again, and pid1 with it. Then fg.
 */
static void shell_job_bg_leaves_the_terminal_to_the_shell(void **state)
{
	SHELL_JOB(SELF, "pid1");
	EXPECT_RC(RUN(MAIN, STOP_AT(100, MAIN, SIGTSTP), TTY_AT(150, SHELL), SIGNAL_AT(200, SIGCONT, SHELL),
		      STOP_AT(300, MAIN, SIGTTIN), TTY_AT(400, SELF), SIGNAL_AT(400, SIGCONT, SHELL),
		      EXIT_AT(500, MAIN, EXITED(0))),
		  0);
	EXPECT_SIGNALS("100 kill 10 SIGSTOP", "200 kill -20 SIGCONT", "300 kill 10 SIGSTOP", "400 tcsetpgrp 20",
		       "400 kill -20 SIGCONT");
	EXPECT_LOGGED("process 20 stopped (SIGTTIN)");
}

/*
 * How pid1 takes each stop of the command, by the signal, the terminal's
 * foreground then, and whether pid1 gave the command the terminal at the
 * start. A stop that pid1 follows is resumed by a SIGCONT that finds the
 * terminal with the shell (bg).
 */
static void shell_job_follows_each_stop_but_a_missed_terminal(void **state)
{
	static const struct {
		const char *name;
		int sig;
		pid_t tty, main_pgid;
		bool no_give;
		const char *want[4];
	} cases[] = {
		{ "^Z", SIGTSTP, MAIN, 0, false, { "100 kill 10 SIGSTOP", "200 kill -20 SIGCONT" } },
		{ "kill -STOP", SIGSTOP, MAIN, 0, false, { "100 kill 10 SIGSTOP", "200 kill -20 SIGCONT" } },
		{ "reads the terminal after bg", SIGTTIN, SHELL, 0, false,
		  { "100 kill 10 SIGSTOP", "200 kill -20 SIGCONT" } },
		{ "writes to it after bg (stty tostop)", SIGTTOU, SHELL, 0, false,
		  { "100 kill 10 SIGSTOP", "200 kill -20 SIGCONT" } },
		/* fg of a job running in the background gives pid1's group the terminal, with no SIGCONT. */
		{ "reads it after fg of a running job", SIGTTIN, SELF, 0, false,
		  { "100 tcsetpgrp 20", "100 kill -20 SIGCONT" } },
		{ "writes to it after fg of a running job", SIGTTOU, SELF, 0, false,
		  { "100 tcsetpgrp 20", "100 kill -20 SIGCONT" } },
		{ "reads it, in a group it joined", SIGTTIN, SELF, 25, false,
		  { "100 tcsetpgrp 25", "100 kill -25 SIGCONT" } },
		{ "^Z sent on by pid1 (its group has the terminal)", SIGTSTP, SELF, 0, false,
		  { "100 kill 10 SIGSTOP", "200 kill -20 SIGCONT" } },
		{ "the command never got the terminal (dumb-init)", SIGTTIN, SELF, 0, true,
		  { "100 kill 10 SIGSTOP", "200 kill -20 SIGCONT" } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool follows = strcmp(cases[i].want[0], "100 kill 10 SIGSTOP") == 0;

		SHELL_JOB(SELF, "pid1");
		fake_case("%s", cases[i].name);
		world.procs[0].pgid = cases[i].main_pgid ? cases[i].main_pgid : MAIN;
		job.give_terminal = !cases[i].no_give;
		world.tty_pgrp = cases[i].tty;
		if (follows)
			EXPECT_RC(RUN(MAIN, STOP_AT(100, MAIN, cases[i].sig), TTY_AT(150, SHELL),
				      SIGNAL_AT(200, SIGCONT, SHELL), EXIT_AT(300, MAIN, EXITED(0))),
				  0);
		else
			EXPECT_RC(RUN(MAIN, STOP_AT(100, MAIN, cases[i].sig), EXIT_AT(300, MAIN, EXITED(0))), 0);
		expect_signals(__FILE__, __LINE__, cases[i].want);
		EXPECT(!world.self_stopped);
	}
}

/* SIGCONT gives the terminal back only to a command pid1 gave it to, from pid1's own group, and not after it. */
static void sigcont_gives_the_terminal_back_only_from_pid1s_group(void **state)
{
	static const struct {
		const char *name;
		pid_t tty;
		bool give, main_gone, getpgid_fails;
		const char *want[4];
	} cases[] = {
		{ "fg", SELF, true, false, false, { "100 tcsetpgrp 20", "100 kill -20 SIGCONT" } },
		{ "bg: the shell has it", SHELL, true, false, false, { "100 kill -20 SIGCONT" } },
		{ "the command has it already", MAIN, true, false, false, { "100 kill -20 SIGCONT" } },
		{ "no terminal", 0, true, false, false, { "100 kill -20 SIGCONT" } },
		{ "never given (dumb-init, PID 1)", SELF, false, false, false, { "100 kill -20 SIGCONT" } },
		{ "its group not found: the last one seen", SELF, true, false, true,
		  { "100 tcsetpgrp 20", "100 kill 20 SIGCONT" } },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		SHELL_JOB(SELF, "pid1");
		fake_case("%s", cases[i].name);
		job.give_terminal = cases[i].give;
		world.tty_pgrp = cases[i].tty;
		world.getpgid_fails = cases[i].getpgid_fails;
		EXPECT_RC(RUN(MAIN, SIGNAL_AT(100, SIGCONT, SHELL), EXIT_AT(200, MAIN, EXITED(0))), 0);
		expect_signals(__FILE__, __LINE__, cases[i].want);
	}

	/* Once the command has gone, leftovers get SIGCONT, and the terminal stays. */
	SHELL_JOB(SELF, "pid1");
	add_leftover(ON(SIGUSR1));
	world.tty_pgrp = SELF;
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0)), SIGNAL_AT(200, SIGCONT, SHELL), SIGNAL_AT(300, SIGUSR1, SHELL)),
		  0);
	EXPECT_SIGNALS("100 descendants SIGTERM", "100 descendants SIGCONT", "200 descendants SIGCONT",
		       "300 descendants SIGUSR1");
}

/* No shell's job (no terminal, in the background): a stop is logged, nothing more. */
static void not_a_shell_job_never_stops(void **state)
{
	reset(state);
	CONFIGURE("pid1");
	add_main(0);
	world.tty_pgrp = SELF;
	EXPECT_RC(RUN(MAIN, STOP_AT(100, MAIN, SIGSTOP), SIGNAL_AT(200, SIGCONT, SHELL), STOP_AT(300, MAIN, SIGTTIN),
		      SIGNAL_AT(400, SIGCONT, SHELL), EXIT_AT(500, MAIN, EXITED(0))),
		  0);
	EXPECT_SIGNALS("200 kill -20 SIGCONT", "400 kill -20 SIGCONT");
	EXPECT_LOGGED("process 20 stopped (SIGSTOP)");
	EXPECT_LOGGED("process 20 stopped (SIGTTIN)");
	EXPECT(world.tty_pgrp == SELF);
}

/* As PID 1 pid1 never stops itself, and only the main process's stop counts. */
static void pid_1_and_orphans_never_stop_pid1(void **state)
{
	SHELL_JOB(1, "pid1");
	EXPECT_RC(RUN(MAIN, STOP_AT(100, MAIN, SIGTSTP), EXIT_AT(200, MAIN, KILLED(SIGKILL))), 128 + SIGKILL);
	EXPECT_NO_SIGNALS();
	EXPECT_LOGGED("PID 1");

	SHELL_JOB(SELF, "pid1");
	fake_add(22, 22, 0, 0);
	EXPECT_RC(RUN(MAIN, STOP_AT(100, 22, SIGTSTP), EXIT_AT(150, 22, KILLED(SIGKILL)), EXIT_AT(200, MAIN, EXITED(0))),
		  0);
	EXPECT_NO_SIGNALS();
	EXPECT(!LOGGED("stopped"));
}

/* dumb-init's session mode: ^Z reaches pid1, goes on as STOP, the command stops and pid1 with it. */
static void dumb_init_stops_after_sending_stop(void **state)
{
	SHELL_JOB(SELF, "dumb-init");
	world.procs[0].dies_on = ON(SIGINT);
	job.give_terminal = false; /* its session holds no terminal of pid1's */
	world.tty_pgrp = SELF;
	EXPECT_RC(RUN(MAIN, SIGNAL_AT(100, SIGTSTP, -1), TTY_AT(150, SHELL), TTY_AT(200, SELF),
		      SIGNAL_AT(200, SIGCONT, SHELL), SIGNAL_AT(300, SIGINT, -1)),
		  128 + SIGINT);
	EXPECT_SIGNALS("100 kill -20 SIGSTOP", "100 kill 10 SIGSTOP", "200 kill -20 SIGCONT", "300 kill -20 SIGINT");
	EXPECT(world.tty_pgrp == SELF);
}

/* The inner pid1 of --pid is PID 1: it tells the outer one each stop, by its signal, and takes the terminal on fg. */
static void inner_pid1_reports_each_stop_to_the_outer_one(void **state)
{
	SHELL_JOB(1, "pid1");
	job.report_fd = FAKE_REPORT_FD;
	/*
	 * ^Z; fg (the outer pid1 gives the inner one's group the terminal, then
	 * SIGCONT); a read after bg (SHELL stands for the shell's group or the
	 * outer pid1's, both outside the namespace); bg; then the inner pid1's
	 * group has the terminal when the command writes to it.
	 */
	EXPECT_RC(RUN(MAIN, STOP_AT(100, MAIN, SIGTSTP), TTY_AT(200, 1), SIGNAL_AT(200, SIGCONT, 0),
		      TTY_AT(300, SHELL), STOP_AT(300, MAIN, SIGTTIN), SIGNAL_AT(400, SIGCONT, 0), TTY_AT(500, 1),
		      STOP_AT(500, MAIN, SIGTTOU), EXIT_AT(600, MAIN, EXITED(0))),
		  0);
	EXPECT_SIGNALS("100 report SIGTSTP", "200 tcsetpgrp 20", "200 kill -20 SIGCONT", "300 report SIGTTIN",
		       "400 kill -20 SIGCONT", "500 tcsetpgrp 20", "500 kill -20 SIGCONT");
}

/* The outer pid1 of --pid: waits on the pipe too; a byte is the inner command's stop; EOF ends the watch. */
static void outer_pid1_stops_for_the_inner_ones_command(void **state)
{
	/* init.c's outer configuration: the inner pid1 (MAIN here) alone gets signals. */
	SHELL_JOB(SELF, "pid1", "-c");
	job.stopped_fd = FAKE_JOB_FD;
	world.job_pipe_open = true;
	/* ^Z; fg; a read after fg of a running job; two stops read at once (the last counts); bg; the end. */
	EXPECT_RC(RUN(MAIN, INNER_STOP_AT(100, SIGTSTP), TTY_AT(150, SHELL), TTY_AT(200, SELF),
		      SIGNAL_AT(200, SIGCONT, SHELL), TTY_AT(300, SELF), INNER_STOP_AT(300, SIGTTIN), TTY_AT(400, SELF),
		      INNER_STOP_AT(400, SIGTTIN), INNER_STOP_AT(400, SIGTSTP), TTY_AT(450, SHELL),
		      SIGNAL_AT(450, SIGCONT, SHELL), INNER_EOF_AT(500), EXIT_AT(600, MAIN, EXITED(3))),
		  3);
	EXPECT_SIGNALS("100 kill 10 SIGSTOP", "200 tcsetpgrp 20", "200 kill 20 SIGCONT", "300 tcsetpgrp 20",
		       "300 kill -20 SIGCONT", "400 kill 10 SIGSTOP", "450 kill 20 SIGCONT");
	EXPECT_WAITS("0:-1^ 100:-1^ 200:-1^ 300:-1^ 400:-1^ 450:-1^ 500:-1");
	EXPECT_LOGGED("inner pid1's command stopped (SIGTSTP)");
	EXPECT(!world.signalfd_open && !world.job_pipe_open);
}

/* Without a signalfd the outer pid1 cannot watch the pipe: it says so and waits as ever. */
static void outer_pid1_without_a_signalfd_closes_the_pipe(void **state)
{
	SHELL_JOB(SELF, "pid1", "-c");
	world.signalfd_fails = true;
	job.stopped_fd = FAKE_JOB_FD;
	world.job_pipe_open = true;
	EXPECT_RC(RUN(MAIN, EXIT_AT(100, MAIN, EXITED(0))), 0);
	EXPECT_LOGGED("cannot wait on the inner pid1's pipe", "Too many open files", "pid1 will not stop");
	EXPECT_WAITS("0:-1");
	EXPECT_NO_SIGNALS();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(paused_reaps_ignores_and_ends_on_term_or_int, reset),
		cmocka_unit_test_setup(running_forwards_to_the_target_of_each_mode, reset),
		cmocka_unit_test_setup(running_applies_rewrites_first, reset),
		cmocka_unit_test_setup(running_drops_its_own_sigpipe_and_sigxfsz, reset),
		cmocka_unit_test_setup(running_forwards_fault_signals_a_process_sent, reset),
		cmocka_unit_test_setup(running_reaps_orphans_and_goes_on, reset),
		cmocka_unit_test_setup(running_maps_the_command_status, reset),
		cmocka_unit_test_setup(running_drains_every_child_on_one_sigchld, reset),
		cmocka_unit_test_setup(stop_request_escalates_at_stop_plus_grace, reset),
		cmocka_unit_test_setup(stop_request_as_pid_1_escalates_to_everyone, reset),
		cmocka_unit_test_setup(second_stop_request_keeps_the_first_deadline, reset),
		cmocka_unit_test_setup(stop_request_with_grace_0_never_escalates, reset),
		cmocka_unit_test_setup(stop_request_follows_the_rewrite, reset),
		cmocka_unit_test_setup(deadline_passed_during_a_late_wakeup_is_handled_at_once, reset),
		cmocka_unit_test_setup(wait_failure_kills_the_command_and_returns_111, reset),
		cmocka_unit_test_setup(leftovers_get_sigterm_then_sigkill_at_exit_plus_grace, reset),
		cmocka_unit_test_setup(leftovers_that_obey_sigterm_end_it_at_once, reset),
		cmocka_unit_test_setup(leftovers_with_grace_0_are_left_alone, reset),
		cmocka_unit_test_setup(dumb_init_terms_the_session_group_on_exit, reset),
		cmocka_unit_test_setup(stop_deadline_wins_over_exit_plus_grace, reset),
		cmocka_unit_test_setup(escalated_stop_kills_leftovers_at_once, reset),
		cmocka_unit_test_setup(after_the_command_signals_go_to_every_descendant, reset),
		cmocka_unit_test_setup(wait_all_waits_for_every_descendant_without_a_deadline, reset),
		cmocka_unit_test_setup(sigterm_while_waiting_arms_now_plus_grace, reset),
		cmocka_unit_test_setup(wait_all_with_grace_0_waits_forever, reset),
		cmocka_unit_test_setup(wait_all_keeps_a_stop_deadline_armed_before_the_exit, reset),
		cmocka_unit_test_setup(wait_all_with_nothing_left_ends_at_once, reset),
		cmocka_unit_test_setup(pid1_as_pid_1_reaches_leftovers_through_proc_only, reset),
		cmocka_unit_test_setup(invisible_in_proc_falls_back_to_the_commands_group, reset),
		cmocka_unit_test_setup(unreadable_proc_falls_back_to_the_commands_last_group, reset),
		cmocka_unit_test_setup(unreadable_proc_never_signals_pid1s_own_group, reset),
		cmocka_unit_test_setup(adopt_follows_the_daemon_in_the_pidfile, reset),
		cmocka_unit_test_setup(adopt_waits_for_the_pidfile_through_inotify, reset),
		cmocka_unit_test_setup(adopt_reads_every_100ms_without_inotify, reset),
		cmocka_unit_test_setup(adopt_times_out_with_113, reset),
		cmocka_unit_test_setup(adopt_fails_at_once_when_nobody_is_left, reset),
		cmocka_unit_test_setup(adopt_fails_early_when_the_last_child_goes, reset),
		cmocka_unit_test_setup(stop_request_while_adopting_ends_the_adoption, reset),
		cmocka_unit_test_setup(other_signals_while_adopting_go_to_every_descendant, reset),
		cmocka_unit_test_setup(no_adoption_after_a_stop_or_a_failure, reset),
		cmocka_unit_test_setup(pidfile_naming_a_process_pid1_cannot_follow, reset),
		cmocka_unit_test_setup(daemon_dying_as_it_is_adopted_is_still_reaped, reset),
		cmocka_unit_test_setup(grandchild_is_followed_once_handed_over, reset),
		cmocka_unit_test_setup(shell_job_stops_with_the_command_and_fg_gives_it_the_terminal, reset),
		cmocka_unit_test_setup(shell_job_bg_leaves_the_terminal_to_the_shell, reset),
		cmocka_unit_test_setup(shell_job_follows_each_stop_but_a_missed_terminal, reset),
		cmocka_unit_test_setup(sigcont_gives_the_terminal_back_only_from_pid1s_group, reset),
		cmocka_unit_test_setup(not_a_shell_job_never_stops, reset),
		cmocka_unit_test_setup(pid_1_and_orphans_never_stop_pid1, reset),
		cmocka_unit_test_setup(dumb_init_stops_after_sending_stop, reset),
		cmocka_unit_test_setup(inner_pid1_reports_each_stop_to_the_outer_one, reset),
		cmocka_unit_test_setup(outer_pid1_stops_for_the_inner_ones_command, reset),
		cmocka_unit_test_setup(outer_pid1_without_a_signalfd_closes_the_pipe, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
