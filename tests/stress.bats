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
	storm_mark
}

teardown() {
	storm_kill_leftovers
}

@test "100,000 orphans reaped (each logged once) while 10,000 signals are forwarded: none lost, no zombie, RSS flat" {
	local err=$BATS_TEST_TMPDIR/pid1.err
	run -0 python3 "$REPO/tests/helpers/storm-run.py" "$PID1" "$STORM_CHILD" 100000 10000 500 "$err" -v
	storm_assert 100000 "$err" -v
	storm_report 100000
	assert_no_leftovers
}

@test "the same storm with pid1 logging nothing: none lost, no zombie, RSS flat, stderr empty" {
	local err=$BATS_TEST_TMPDIR/pid1.err
	run -0 python3 "$REPO/tests/helpers/storm-run.py" "$PID1" "$STORM_CHILD" 100000 10000 500 "$err"
	storm_assert 100000 "$err"
	storm_report 100000
	assert_no_leftovers
}
