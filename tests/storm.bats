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
	storm_mark
}

teardown() {
	storm_kill_leftovers
}

@test "10,000 orphans reaped (each logged once) while 2,000 signals are forwarded: none lost, no zombie, RSS flat" {
	local err=$BATS_TEST_TMPDIR/pid1.err
	run -0 python3 "$REPO/tests/helpers/storm-run.py" "$PID1" "$STORM_CHILD" 10000 2000 100 "$err" -v
	storm_assert 10000 "$err" -v
	storm_report 10000
	assert_no_leftovers
}

@test "the same storm with pid1 logging nothing: none lost, no zombie, RSS flat, stderr empty" {
	local err=$BATS_TEST_TMPDIR/pid1.err
	run -0 python3 "$REPO/tests/helpers/storm-run.py" "$PID1" "$STORM_CHILD" 10000 2000 100 "$err"
	storm_assert 10000 "$err"
	storm_report 10000
	assert_no_leftovers
}
