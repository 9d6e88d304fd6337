/* SPDX-License-Identifier: MIT */
/* signals.h - signal names and numbers, the blocked set, and the one blocking wait. */
#ifndef PID1_SIGNALS_H
#define PID1_SIGNALS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Signal numbers as the kernel and glibc see them. musl reserves 32..34 and
 * glibc 32..33 for their threads, and their SIGRTMIN differ (35, 34); pid1
 * uses neither threads nor libc sets, so it handles every signal 1..64 and
 * names them as glibc and the tools built on it (kill -l) do, in both builds.
 */
#define SIGNALS_MAX 64
#define SIGNALS_RTMIN 34
#define SIGNALS_TABLE_SIZE (SIGNALS_MAX + 1)

/* A kernel signal mask: bit N-1 stands for signal N. */
typedef uint64_t signals_mask;

/**
 * signals_from_name() - parse a signal given by name or number.
 * Accepts "TERM", "SIGTERM", "term", "15", "RTMIN", "RTMIN+2", "SIGRTMAX-1".
 * Numbers must be whole decimal numbers ("1ABC" is refused).
 * Return: the signal number (1..64), or -1 if @s names no signal.
 */
int signals_from_name(const char *s);

/**
 * signals_to_name() - the name of @signo without "SIG": "TERM", "RTMIN+3".
 * Writes into @buf (at least 16 bytes) and returns it; unknown numbers give
 * their decimal form.
 */
const char *signals_to_name(int signo, char *buf, size_t len);

/**
 * signals_name() - "SIGTERM", "SIGRTMIN+3", or "70" for a number without a
 * name, for log lines. The text lives in one of four static buffers used in
 * turn, so one message may hold up to four names.
 */
const char *signals_name(int signo);

/**
 * signals_parse_rewrite() - parse a rewrite rule "FROM:TO".
 * FROM must be a signal pid1 can receive and forward (not KILL, STOP or
 * CHLD); TO is a signal or 0 ("drop it").
 * Return: 0 with *@from and *@to set, or -1 with a message in @err.
 */
int signals_parse_rewrite(const char *spec, int *from, int *to, char *err, size_t errlen);

/**
 * signals_is_fault() - true for the signals a fault raises (FPE, ILL, SEGV,
 * BUS, ABRT, TRAP, SYS). pid1 blocks them like the others and forwards
 * them when a process sent them; a real fault of pid1's own still kills it.
 */
bool signals_is_fault(int signo);

/**
 * signals_forwardable_mask() - every signal pid1 blocks and waits for: all
 * but KILL and STOP, including the ones libc reserves.
 */
signals_mask signals_forwardable_mask(void);

/** signals_mask_has() - true if @signo is in @mask. */
bool signals_mask_has(signals_mask mask, int signo);

/**
 * signals_block_all() - block the forwardable mask, saving the previous mask
 * in @saved. Return: 0 or -1 with errno set.
 */
int signals_block_all(signals_mask *saved);

/*
 * A signal's action in the kernel's own layout (rt_sigaction's), which
 * differs between architectures. pid1 only ever gets one from the kernel and
 * gives it back, or gives all zeros, which is SIG_DFL with no flags on every
 * architecture, so it never looks inside. libc's sigaction() is not used: in
 * a static musl build it brings in the code for the handlers pid1 never
 * installs (about 650 bytes).
 */
struct signals_action {
	unsigned long words[8];
};

/**
 * signals_reset_sigchld() - set SIGCHLD to SIG_DFL, saving the inherited
 * action in @inherited for the child. An inherited SIG_IGN would make the
 * kernel reap pid1's children itself, and the command's status would be lost.
 * Return: 0 or -1 with errno set.
 */
int signals_reset_sigchld(struct signals_action *inherited);

/** signals_set_action() - give @signo the action @act. Return: 0 or -1 with errno set. */
int signals_set_action(int signo, const struct signals_action *act);

/** signals_set_mask() - install @mask (the child restores its inherited one). */
int signals_set_mask(signals_mask mask);

/**
 * signals_discard() - take every pending signal of @mask without acting on
 * it. Return: how many were taken.
 */
int signals_discard(signals_mask mask);

/** signals_bit() - the mask holding only @signo. */
#define signals_bit(signo) ((signals_mask)1 << ((signo)-1))

/**
 * signals_open() - a signalfd over the forwardable set (close-on-exec).
 * Return: the descriptor or -1 with errno set.
 */
int signals_open(void);

/**
 * signals_wait() - block until a signal arrives or @timeout_ms passes (-1:
 * never). Without descriptors (@sfd or @extra_fd < 0) this is one
 * sigwaitinfo(), so an idle pid1 makes no wake-ups and holds no fd; with both,
 * it also returns when @extra_fd becomes readable.
 * Return: the signal number, 0 on timeout or extra_fd readiness, -1 on error.
 * *@sender receives the sending process's pid (0 if it is outside pid1's
 * PID namespace), or -1 if the kernel raised the signal (si_code > 0: a
 * terminal, a child's exit, a fault).
 */
int signals_wait(int sfd, int extra_fd, int timeout_ms, pid_t *sender);

#endif
