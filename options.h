/* SPDX-License-Identifier: MIT */
/* options.h - pid1's configuration, and the pure parser that fills it. */
#ifndef PID1_OPTIONS_H
#define PID1_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "signals.h"

/* What the command line asks pid1 to do. */
enum options_action {
	OPTIONS_RUN,     /* supervise cfg->argv (or pause) */
	OPTIONS_HELP,    /* print usage on stdout, exit 0 */
	OPTIONS_VERSION, /* print the version line on stdout, exit 0 */
	OPTIONS_LICENSE, /* print the licence on stdout, exit 0 */
	OPTIONS_ERROR,   /* cfg->error says what is wrong; exit PID1_EXIT_USAGE */
};

/* The program names pid1 answers to, each with the defaults of its original. */
enum personality_id {
	PERSONALITY_PID1,
	PERSONALITY_TINI,
	PERSONALITY_DUMB_INIT,
	PERSONALITY_CATATONIT,
};

/* What TSTP, TTIN and TTOU become when no -r rule names them. */
enum job_signals {
	JOB_SIGNALS_FORWARD, /* sent on as they are */
	JOB_SIGNALS_TO_STOP, /* sent as STOP, in session mode (dumb-init) */
	JOB_SIGNALS_DROP,    /* dropped (catatonit: the terminal sends them itself) */
};

/*
 * The version strings are arrays, not pointers: a row then carries its text,
 * and a static binary no table of addresses.
 */
struct personality {
	char version_prefix[14]; /* --version prints prefix, version, suffix */
	char version_suffix[16];
	uint8_t id;            /* enum personality_id */
	bool forward_to_group; /* default target: the child's process group */
	bool new_session;      /* the child calls setsid() (dumb-init) */
	uint8_t job_signals;   /* enum job_signals */
	uint16_t grace_ms;     /* default grace period */
};

#define PID1_DEFAULT_GRACE_MS 8000L
#define PID1_DEFAULT_PIDFILE_TIMEOUT_MS 10000L

/*
 * The flags an option turns on (forward_to_group to map_auto) are together:
 * options.c sets them from a mask of their offsets.
 */
struct pid1_config {
	const struct personality *personality;
	char **argv; /* COMMAND [ARG...], NULL with --pause */
	int verbosity;
	bool new_session;
	bool forward_to_group; /* kill(-pgid) instead of kill(pid) */
	bool warn_orphans;     /* -w: each reaped orphan at warning level */
	bool pause;
	bool wait_all;
	bool forward_all;
	bool ns_pid;
	bool ns_mount;
	bool ns_user;
	bool ns_uts;    /* --uts, --hostname */
	bool ns_ipc;    /* --ipc */
	bool ns_net;    /* --net: only lo, up */
	bool ns_cgroup; /* --cgroup */
	bool map_auto;  /* --map-auto: also the caller's /etc/subuid and /etc/subgid ranges */
	const char *pidfile;
	long pidfile_timeout_ms;
	long grace_ms;        /* 0: no escalation, exit at once */
	const char *hostname; /* --hostname: NULL keeps the name */
	int join_pid;         /* --join: the sandbox to enter; 0: none */
	const char *proc_dir;
	int pdeath_signal;               /* 0: none */
	int rewrite[SIGNALS_TABLE_SIZE]; /* rewrite[s]: what to send for s; 0 drops */
	uint8_t expect_exit[256 / 8];    /* exit codes mapped to 0 */
	char error[256];
};

/**
 * options_personality() - the personality selected by program name @argv0
 * (its basename): "tini" and "docker-init" act like tini, "dumb-init" like
 * dumb-init, "catatonit" like catatonit, anything else is pid1.
 */
const struct personality *options_personality(const char *argv0);

/**
 * options_parse() - fill @cfg from the environment (PID1_*, TINI_*,
 * DUMB_INIT_*, CATATONIT_DEBUG) and then from @argv, which wins. Option parsing stops at the
 * first non-option. Never prints, never exits: on OPTIONS_ERROR the message is
 * in cfg->error.
 */
enum options_action options_parse(struct pid1_config *cfg, int argc, char **argv);

/**
 * options_defaults() - @cfg as pid1 runs with no option, no variable and no
 * command: every signal forwarded as it is, to the group, grace 8 s.
 */
void options_defaults(struct pid1_config *cfg);

/**
 * options_parse_duration() - "10s", "500ms", "2m", "1.5s", "0"; a bare
 * number is seconds. Return: milliseconds, or -1 if @s is not a duration.
 */
long options_parse_duration(const char *s);

/** options_expects() - true if exit code @code is mapped to 0 by -e. */
bool options_expects(const struct pid1_config *cfg, int code);

/** options_usage() - the --help text. */
const char *options_usage(void);

/** options_license() - the -l text. */
const char *options_license(void);

#endif
