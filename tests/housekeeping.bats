#!/usr/bin/env bats
# What pid1 does to itself once the child runs: leave the caller's directory,
# drop inherited descriptors, hand the child exactly the signal state it was
# started with, sleep without waking up, and adopt orphans as a subreaper.

load helpers

teardown() {
	kill_started
}

# True once pid1 ($1) has left the caller's directory for /.
in_root() {
	[ "$(readlink "/proc/$1/cwd")" = / ]
}

# End the probe with USR1 through pid1, and check pid1 exits with status 0.
stop_probe() {
	kill -USR1 "$P1"
	pid1_exits 0
}

# Start COMMAND with SIGUSR1 and SIGPIPE ignored and SIGUSR2 blocked
# (bounded: timeout's SIGKILL ends a pid1 that hangs).
launch_custom() {
	timeout -k 5 10 python3 -c 'import os, signal, sys
signal.signal(signal.SIGUSR1, signal.SIG_IGN)
signal.signal(signal.SIGPIPE, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_SETMASK, {signal.SIGUSR2})
os.execv(sys.argv[1], sys.argv[1:])' "$@"
}

# Start COMMAND with SIGCHLD ignored and SIGTERM and SIGRTMIN+2 blocked
# (bounded as launch_custom).
launch_chld_ignored() {
	timeout -k 5 10 python3 -c 'import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
signal.pthread_sigmask(signal.SIG_SETMASK, {signal.SIGTERM, signal.SIGRTMIN + 2})
os.execv(sys.argv[1], sys.argv[1:])' "$@"
}

@test "pid1 moves to / once the child runs; the child keeps the caller's directory" {
	local dir
	dir=$(cd "$BATS_TEST_TMPDIR" && pwd -P)
	cd "$dir"
	start_pid1 -- "$PROBE" signals 1
	read_ready
	assert_equal "$(readlink "/proc/$CHILD/cwd")" "$dir"
	wait_for 5 in_root "$P1" || fail "pid1's working directory is $(readlink "/proc/$P1/cwd"), not /"
	stop_probe
}

@test "pid1 closes its copies of inherited descriptors >= 3; the child keeps them" {
	local f="$BATS_TEST_TMPDIR/fd7"
	: >"$f"
	exec 7>"$f"
	start_pid1 -- "$PROBE" signals 1
	exec 7>&-
	read_ready
	assert_equal "$(readlink "/proc/$CHILD/fd/7")" "$f"
	wait_for 5 holds_only_std_fds "$P1" || fail "pid1 holds fds $(fds_of "$P1"), not just 0 1 2"
	stop_probe
}

@test "the child starts with the signal mask and ignored signals pid1 was started with" {
	require_cmd python3
	local direct via blk ign
	run -0 --separate-stderr launch_custom "$PROBE" sigstate
	direct=$output
	# The launcher did what it says, or the comparison below proves nothing.
	blk=$(sig_mask SigBlk "$direct")
	ign=$(sig_mask SigIgn "$direct")
	has_signal "$blk" USR2 || fail "the launcher did not block USR2: $direct"
	has_signal "$ign" USR1 || fail "the launcher did not ignore USR1: $direct"
	has_signal "$ign" PIPE || fail "the launcher did not ignore PIPE: $direct"
	run -0 --separate-stderr launch_custom "$PID1" -- "$PROBE" sigstate
	via=$output
	assert_equal "$via" "$direct"
}

@test "started with SIGCHLD ignored and TERM blocked, pid1 hands both on to the child" {
	require_cmd python3
	local direct ign blk
	run -0 --separate-stderr launch_chld_ignored "$PROBE" sigstate
	direct=$output
	blk=$(sig_mask SigBlk "$direct")
	ign=$(sig_mask SigIgn "$direct")
	has_signal "$ign" CHLD || fail "the launcher did not ignore CHLD: $direct"
	has_signal "$blk" TERM || fail "the launcher did not block TERM: $direct"
	run -0 --separate-stderr launch_chld_ignored "$PID1" -- "$PROBE" sigstate
	assert_equal "$output" "$direct"
}

@test "by default the child starts with the caller's signal state (nothing blocked)" {
	local direct
	run -0 --separate-stderr "$PROBE" sigstate
	direct=$output
	assert_line --regexp '^SigBlk:[[:space:]]+0+$'
	run -0 --separate-stderr "$PID1" -- "$PROBE" sigstate
	assert_equal "$output" "$direct"
}

@test "an idle pid1 does not wake up: no context switches in 3 seconds" {
	local before after
	start_pid1 -- "$PROBE" signals 1
	read_ready
	# Start-up is over once the housekeeping is done and pid1 sleeps.
	wait_for 5 in_root "$P1" || fail "pid1 never moved to /"
	wait_for 5 holds_only_std_fds "$P1" || fail "pid1 kept fds $(fds_of "$P1")"
	wait_state "$P1" S
	ctxt() {
		awk '/^(voluntary|nonvoluntary)_ctxt_switches:/ { n += $2 } END { print n }' "/proc/$1/status"
	}
	before=$(ctxt "$P1")
	sleep 3 # the measurement interval itself, not a synchronisation
	after=$(ctxt "$P1")
	assert_equal "$after" "$before"
	stop_probe
}

@test "not being PID 1, pid1 is a child subreaper: orphans are re-parented to it" {
	local orphan
	# A subshell starts sleep and exits; sh waits for it before becoming the probe.
	start_pid1 -v -- sh -c '(sleep 30 </dev/null >/dev/null 2>&1 & echo $!); exec "$0" signals 1' "$PROBE"
	read_line "$OUT" || fail "no orphan pid"
	orphan=$REPLY
	CLEANUP+=("$orphan")
	read_ready
	assert_equal "$(stat_field "$orphan" 2)" "$P1"
	# USR1 goes to the probe's whole group, the orphan too; pid1 reaps it.
	stop_probe
	kill -0 "$orphan" 2>/dev/null && fail "the orphan $orphan is still there"
	run cat "$ERR"
	assert_line "pid1: info: reaped orphan $orphan (signal USR1)"
}
