#!/usr/bin/env bats
# Storms, long form: 100,000 orphans and 10,000 signals (TERM, USR1,
# RTMIN+1) at once, judged as in tests/storm.bats (the quick form). Takes a
# minute or two: run by `make stress`, skipped unless PID1_STRESS=1.

load helpers
load helpers/storm-lib

setup_file() {
	if [ "${PID1_STRESS:-0}" = 1 ]; then
		storm_build
		export STORM_CHILD STORM_CHILD_STATIC
	fi
}

setup() {
	[ "${PID1_STRESS:-0}" = 1 ] || skip "long form: run with PID1_STRESS=1 (make stress)"
	# As in storm.bats: at worst every orphan is a zombie at once.
	require_pids 100000
	storm_mark
}

teardown() {
	storm_kill_leftovers
}

@test "100,000 orphans reaped (each logged once) while 10,000 signals are forwarded: none lost, no zombie, RSS flat" {
	storm_run 100000 10000 500 -v
}

@test "the same storm with pid1 logging nothing: none lost, no zombie, RSS flat, stderr empty" {
	storm_run 100000 10000 500
}
