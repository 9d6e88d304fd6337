/* SPDX-License-Identifier: MIT */
/*
 * join.h - --join PID: run the command in the namespaces of a running
 * sandbox, with this pid1 outside as its parent, the way docker exec does.
 */
#ifndef PID1_JOIN_H
#define PID1_JOIN_H

#include <stdbool.h>
#include <sys/types.h>

#include "options.h"

/**
 * join_parse_nspid() - the NSpid line of a /proc/PID/status text: the pid
 * in each PID namespace from the outermost one /proc shows to the process's
 * own. Return: how many there are (1: /proc's own namespace), with the
 * innermost in @innermost; -1 if there is no well-formed NSpid line.
 */
int join_parse_nspid(const char *status, pid_t *innermost);

/**
 * join_is_inner_pid1() - true if @status (of a child of the outer pid1,
 * which is @outer_levels deep) shows PID 1 of a namespace one level deeper:
 * the inner pid1 that --pid forked.
 */
bool join_is_inner_pid1(const char *status, int outer_levels);

/**
 * join_enter() - find the sandbox of process cfg->join_pid (from the outer
 * pid1, its inner one) and enter each of its namespaces that differs from
 * pid1's: the user namespace first, so that an unprivileged owner may enter
 * the rest. The mount namespace is left for the command, in @mount_fd (-1:
 * none), so that pid1's own /proc keeps showing it its children. Only the
 * children forked from now on are in the PID namespace. Reports its own
 * errors. Return: 0, or -1 (exit PID1_EXIT_NAMESPACE).
 */
int join_enter(const struct pid1_config *cfg, int *mount_fd);

#endif
