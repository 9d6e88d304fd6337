#!/usr/bin/env bats
# Reaping: orphans and bursts of zombies are all collected while pid1 runs,
# as a subreaper and as a real PID 1; -v/-w report them; a child that exits
# at once still gives its status.

load helpers

# A main child that keeps pid1 busy: run "$@" (a probe command), say
# "main alive", then wait for one line on stdin before exiting 0.
MAIN_SCRIPT='"$@" && echo "main alive" && read -r line && exit 0; exit 1'

# Start "$@" in the background. Its stdin is a fifo the test writes on fd 6
# (closing fd 6 gives it EOF), its stdout a fifo the test reads on fd 5, its
# stderr a file. fd 3 (bats' own) is not passed on.
start_bg() {
	local d=$BATS_TEST_TMPDIR
	mkfifo "$d/in" "$d/out"
	exec 6<>"$d/in" 5<>"$d/out"
	"$@" <"$d/in" >"$d/out" 2>"$d/err" 3>&- 5<&- 6>&- &
	BG_PID=$!
}

# Let the main child finish and collect the background job's exit status in $BG_STATUS.
release_and_wait() {
	echo go >&6
	wait_gone "$BG_PID" || { echo "pid1 ($BG_PID) did not exit" >&2; return 1; }
	BG_STATUS=0
	wait "$BG_PID" || BG_STATUS=$?
	BG_PID=
}

# Bounded poll (at most $2 seconds): wait until $1 lines "pid1: reaped orphan N (exit 0)"
# are in the stderr file, then assert exactly $1 (grep -c fails on 0 matches).
wait_reaped_count() {
	local want=$1 end=$((SECONDS + ${2:-60})) n
	while :; do
		n=$(grep -c '^pid1: reaped orphan [0-9]* (exit 0)$' "$BATS_TEST_TMPDIR/err" || true)
		[ "$n" -ge "$want" ] && break
		[ "$SECONDS" -lt "$end" ] || break
		sleep 0.05
	done
	assert_equal "$n" "$want"
}

# The host PID of the process unshare(1) forked (pid1 as PID 1 of the new namespace).
ns_pid1() {
	local _
	for _ in $(seq 1 500); do
		NS_PID=$(pgrep -P "$BG_PID" | head -n1)
		[ -n "$NS_PID" ] && break
		sleep 0.01
	done
	[ -n "$NS_PID" ] || { echo "unshare ($BG_PID) has no child" >&2; return 1; }
	# It really is PID 1 in its namespace.
	assert_equal "$(awk '/^NSpid:/ { print $NF }' "/proc/$NS_PID/status")" 1
}

teardown() {
	exec 6>&- 5<&-
	if [ -n "${NS_PID:-}" ]; then kill -KILL "$NS_PID" 2>/dev/null || true; fi
	if [ -n "${BG_PID:-}" ]; then
		kill -KILL "$BG_PID" 2>/dev/null || true
		wait "$BG_PID" 2>/dev/null || true
	fi
}

# $1: host PID of pid1. The main child has made its orphans or zombies and waits.
check_all_reaped_then_exit() {
	local pid=$1
	read_line 5 60 || fail "no 'done' line from the probe"
	assert_equal "$REPLY" "done 10000"
	read_line 5 10 || fail "the main child did not say it is alive"
	assert_equal "$REPLY" "main alive"
	wait_reaped_count 10000 30
	kill -0 "$pid" || fail "pid1 is gone before the check"
	assert_equal "$(zombies_of "$pid")" 0
	release_and_wait
	assert_equal "$BG_STATUS" 0
}

@test "10000 orphans from double forks are all reaped by pid1 as subreaper" {
	start_bg "$PID1" -v -- sh -c "$MAIN_SCRIPT" sh "$PROBE" orphans 10000
	check_all_reaped_then_exit "$BG_PID"
}

@test "10000 orphans from double forks are all reaped by pid1 as PID 1" {
	require_root
	require_cmd unshare
	start_bg unshare --pid --fork --mount-proc "$PID1" -v -- sh -c "$MAIN_SCRIPT" sh "$PROBE" orphans 10000
	ns_pid1
	check_all_reaped_then_exit "$NS_PID"
}

@test "a burst of 10000 zombies from a grandchild is reaped by pid1 as subreaper" {
	start_bg "$PID1" -v -- sh -c "$MAIN_SCRIPT" sh "$PROBE" zombies 10000
	check_all_reaped_then_exit "$BG_PID"
}

@test "a burst of 10000 zombies from a grandchild is reaped by pid1 as PID 1" {
	require_root
	require_cmd unshare
	start_bg unshare --pid --fork --mount-proc "$PID1" -v -- sh -c "$MAIN_SCRIPT" sh "$PROBE" zombies 10000
	ns_pid1
	check_all_reaped_then_exit "$NS_PID"
}

@test "a burst of 10000 zombies left by the exiting main child is reaped before pid1 exits" {
	run -0 --separate-stderr timeout -k 5 60 "$PID1" -v -- "$PROBE" zombies 10000
	assert_equal "$output" "done 10000"
	assert_equal "$(grep -c '^pid1: reaped orphan [0-9]* (exit 0)$' <<<"$stderr")" 10000
	assert_equal "$(grep -vc '^pid1: reaped orphan [0-9]* (exit 0)$' <<<"$stderr" || true)" 0
}

# The main child makes one orphan (double fork), waits until it is gone from
# /proc (reaped, bounded poll), and reports its PID.
ORPHAN_SCRIPT='pid=$( (sh -c "echo \$\$" &) )
i=0
while [ -e /proc/$pid ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done
if [ -e /proc/$pid ]; then echo "orphan $pid not reaped"; else echo "orphan $pid reaped"; fi'

@test "-v logs 'reaped orphan PID (exit 0)' for an orphan" {
	run -0 --separate-stderr timeout -k 5 30 "$PID1" -v -- sh -c "$ORPHAN_SCRIPT"
	assert_output --regexp '^orphan [0-9]+ reaped$'
	local pid=${output#orphan }
	pid=${pid% reaped}
	assert_equal "$stderr" "pid1: reaped orphan $pid (exit 0)"
}

@test "-w logs 'reaped orphan PID (exit 0)' without -v" {
	run -0 --separate-stderr timeout -k 5 30 "$PID1" -w -- sh -c "$ORPHAN_SCRIPT"
	assert_output --regexp '^orphan [0-9]+ reaped$'
	local pid=${output#orphan }
	pid=${pid% reaped}
	assert_equal "$stderr" "pid1: reaped orphan $pid (exit 0)"
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
