#!/usr/bin/env bats
# Storms, quick form (make check): 10,000 orphans and 2,000 signals (TERM,
# USR1, RTMIN+1) at once. Every orphan is reaped, no zombie is left, every RT
# signal reaches the child exactly once and each standard kind at least once,
# and pid1's memory does not grow. The long form is tests/stress.bats.

load helpers
load helpers/storm-lib

setup_file() {
	storm_build
	export STORM_CHILD STORM_CHILD_STATIC
}

setup() {
	# The worker forks on while pid1 reaps: a pid1 kept off the CPU leaves
	# every orphan so far a zombie, up to all 10,000.
	require_pids 10000
	storm_mark
}

teardown() {
	storm_kill_leftovers
}

@test "10,000 orphans reaped (each logged once) while 2,000 signals are forwarded: none lost, no zombie, RSS flat" {
	storm_run 10000 2000 100 -v
}

@test "the same storm with pid1 logging nothing: none lost, no zombie, RSS flat, stderr empty" {
	storm_run 10000 2000 100
}
