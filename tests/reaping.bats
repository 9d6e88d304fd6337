#!/usr/bin/env bats
# Reaping: orphans and bursts of zombies are all collected while pid1 runs,
# as a subreaper and as a real PID 1; -v/-w report them; a child that exits
# at once still gives its status.

load helpers

# A main child that keeps pid1 busy: run "$@" (a probe command), say
# "main alive", then wait for one line on stdin before exiting 0.
MAIN_SCRIPT='"$@" && echo "main alive" && read -r line && exit 0; exit 1'

# The host PID of the process unshare(1) forked (pid1 as PID 1 of the new namespace).
ns_pid1() {
	wait_inner
	NS_PID=$INNER
	# It really is PID 1 in its namespace.
	assert_equal "$(awk '/^NSpid:/ { print $NF }' "/proc/$NS_PID/status")" 1
}

teardown() {
	kill_started
}

# Each 10000 test needs room for 10000 processes at once under pids.max: a
# burst's zombies all exist together, and orphans pile up as zombies for as
# long as pid1 is not scheduled (require_pids).

# $1: host PID of pid1. The main child has made its orphans or zombies and waits.
check_all_reaped_then_exit() {
	local pid=$1
	read_line "$OUT" 60 || fail "no 'done' line from the probe"
	assert_equal "$REPLY" "done 10000"
	expect_line "$OUT" "main alive"
	wait_for_match "$ERR" "$REAPED_RE" 10000 30
	kill -0 "$pid" || fail "pid1 is gone before the check"
	assert_equal "$(zombies_of "$pid")" 0
	# Let the main child finish.
	echo go >&"$IN"
	pid1_exits 0
}

@test "10000 orphans from double forks are all reaped by pid1 as subreaper" {
	require_pids 10000
	start_pid1 -v -- sh -c "$MAIN_SCRIPT" sh "$PROBE" orphans 10000
	check_all_reaped_then_exit "$P1"
}

@test "10000 orphans from double forks are all reaped by pid1 as PID 1" {
	require_pids 10000
	require_root
	require_cmd unshare
	start_init unshare --pid --fork --mount-proc "$PID1" -v -- sh -c "$MAIN_SCRIPT" sh "$PROBE" orphans 10000
	ns_pid1
	check_all_reaped_then_exit "$NS_PID"
}

@test "a burst of 10000 zombies from a grandchild is reaped by pid1 as subreaper" {
	require_pids 10000
	start_pid1 -v -- sh -c "$MAIN_SCRIPT" sh "$PROBE" zombies 10000
	check_all_reaped_then_exit "$P1"
}

@test "a burst of 10000 zombies from a grandchild is reaped by pid1 as PID 1" {
	require_pids 10000
	require_root
	require_cmd unshare
	start_init unshare --pid --fork --mount-proc "$PID1" -v -- sh -c "$MAIN_SCRIPT" sh "$PROBE" zombies 10000
	ns_pid1
	check_all_reaped_then_exit "$NS_PID"
}

@test "a burst of 10000 zombies left by the exiting main child is reaped before pid1 exits" {
	require_pids 10000
	run -0 --separate-stderr timeout -k 5 60 "$PID1" -v -- "$PROBE" zombies 10000
	assert_equal "$output" "done 10000"
	assert_equal "$(grep -Ec "$REAPED_RE" <<<"$stderr")" 10000
	assert_equal "$(grep -Evc "$REAPED_RE" <<<"$stderr" || true)" 0
}

# The main child makes one orphan (double fork), waits until it is gone from
# /proc (reaped, bounded poll), and reports its PID.
ORPHAN_SCRIPT='pid=$( (sh -c "echo \$\$" &) )
i=0
while [ -e /proc/$pid ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done
if [ -e /proc/$pid ]; then echo "orphan $pid not reaped"; else echo "orphan $pid reaped"; fi'

@test "-v, and -w without -v, log 'reaped orphan PID (exit 0)' for an orphan, as info and as a warning" {
	local flag pid level
	for flag in -v -w; do
		level=info
		[ "$flag" = -v ] || level=warning
		run -0 --separate-stderr timeout -k 5 30 "$PID1" "$flag" -- sh -c "$ORPHAN_SCRIPT"
		assert_output --regexp '^orphan [0-9]+ reaped$'
		pid=${output#orphan }
		pid=${pid% reaped}
		assert_equal "$stderr" "pid1: $level: reaped orphan $pid (exit 0)"
	done
}

@test "without -v or -w a reaped orphan leaves stderr empty" {
	run -0 --separate-stderr timeout -k 5 30 "$PID1" -- sh -c "$ORPHAN_SCRIPT"
	assert_output --regexp '^orphan [0-9]+ reaped$'
	assert_equal "$stderr" ""
}

@test "a child that exits before pid1 reaches its loop still gives its status" {
	local _
	# timeout: a SIGCHLD lost before the loop would leave pid1 waiting forever.
	for _ in $(seq 1 200); do
		run -0 timeout -k 5 10 "$PID1" -- true
		assert_equal "$output" ""
	done
	for _ in $(seq 1 50); do
		run -9 timeout -k 5 10 "$PID1" -- sh -c 'exit 9'
		assert_equal "$output" ""
	done
}
