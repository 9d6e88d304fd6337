/* SPDX-License-Identifier: MIT */
/*
 * namespace.h - --pid, --mount-proc, --user, --map-auto, --hostname, --uts,
 * --ipc, --net and --cgroup: pid1 as PID 1 of its own namespaces.
 */
#ifndef PID1_NAMESPACE_H
#define PID1_NAMESPACE_H

#include <stdbool.h>

#include "options.h"

/* A kind of namespace, as --pid and the others create it and --join enters it. */
struct namespace_kind {
	int flag;
	char file[7]; /* in /proc/PID/ns, and in the sysctl user.max_FILE_namespaces */
	char noun[8]; /* in messages, after "a" or "the" */
};

/* The user namespace first: owning it is what lets an unprivileged caller enter the rest. */
enum { NS_USER, NS_MNT, NS_PID, NS_UTS, NS_IPC, NS_NET, NS_CGROUP, NS_KINDS };
extern const struct namespace_kind namespace_kinds[NS_KINDS];

/** namespace_has_cap_sys_admin() - true if pid1 has CAP_SYS_ADMIN in its user namespace. */
bool namespace_has_cap_sys_admin(void);

/**
 * namespace_unshare() - in the outer pid1, before the fork: create the user
 * namespace (mapping the caller to root) if asked, then the PID namespace
 * that the next child will be PID 1 of. Checks --mount-proc's DIR first.
 * Reports its own errors. Return: 0, or -1 (exit PID1_EXIT_NAMESPACE).
 */
int namespace_unshare(const struct pid1_config *cfg);

/**
 * namespace_parent_handle() - a handle on the outer pid1 that the inner one
 * can still check across the namespace boundary, where getppid() says 0.
 * Return: a pidfd, or -1 if the kernel has none (then the check is skipped).
 */
int namespace_parent_handle(void);

/**
 * namespace_setup_inner() - in the inner pid1 (PID 1 of the new namespace):
 * die with the outer pid1 (PDEATHSIG, race-free through @parent_handle), then
 * with --mount-proc make the mount tree private and mount a fresh proc; then
 * the UTS (with its host name), IPC, network (lo up) and cgroup namespaces.
 * Reports its own errors. Return: 0, or -1 (exit PID1_EXIT_NAMESPACE).
 */
int namespace_setup_inner(const struct pid1_config *cfg, int parent_handle);

#endif
