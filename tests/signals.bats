#!/usr/bin/env bats
# Signal forwarding (issue "pid1 core"): every catchable signal sent to pid1
# reaches the child, or its whole process group; -c narrows it to the child;
# pid1 itself never stops; nothing sent early or queued is lost.

load helpers

teardown() {
	kill_started
}

@test "every standard signal sent to pid1 reaches the child, but CHLD (pid1's own)" {
	local names=() sig
	# The stop requests INT and TERM last: everything else comes before any grace period.
	for sig in HUP QUIT USR1 USR2 PIPE ALRM STKFLT WINCH CONT TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF IO PWR INT TERM; do
		kill -l "$sig" >/dev/null 2>&1 && names+=("$sig")
	done
	start_pid1 -- "$PROBE" signals "${#names[@]}"
	read_ready
	for sig in "${names[@]}"; do
		kill -s "$sig" "$P1"
		expect_got "$sig"
	done
	pid1_exits 0
}

FAULTS=(ABRT SEGV BUS FPE ILL TRAP SYS)

# send_faults HOW: send every fault signal to pid1 the way HOW names (kill,
# sigqueue, tgkill), each checked at the probe before the next.
send_faults() {
	local sig
	for sig in "${FAULTS[@]}"; do
		case $1 in
		kill) kill -s "$sig" "$P1" ;;
		sigqueue) /bin/kill --queue 7 -s "$sig" "$P1" ;;
		tgkill) python3 -c 'import ctypes, signal, sys
p = int(sys.argv[1])
sys.exit(ctypes.CDLL(None, use_errno=True).tgkill(p, p, getattr(signal, "SIG" + sys.argv[2])))' "$P1" "$sig" ;;
		esac
		expect_got "$sig"
	done
}

@test "fault signals that a process sends (kill, sigqueue, tgkill) are forwarded, and pid1 lives on" {
	start_pid1 -- "$PROBE" signals $((3 * ${#FAULTS[@]}))
	read_ready
	send_faults kill
	send_faults sigqueue
	send_faults tgkill
	pid1_exits 0
}

@test "as PID 1 too, fault signals sent with kill are forwarded (docker kill -s ABRT)" {
	require_root
	start_pid1 --pid -- "$PROBE" signals "${#FAULTS[@]}"
	read_ready
	send_faults kill
	pid1_exits 0
}

@test "every real-time signal SIGRTMIN..SIGRTMAX sent to pid1 reaches the child" {
	local min max n sig
	min=$(kill -l RTMIN)
	max=$(kill -l RTMAX)
	start_pid1 -- "$PROBE" signals $((max - min + 1))
	read_ready
	for n in $(seq "$min" "$max"); do
		sig=RTMIN+$((n - min))
		[ "$n" = "$min" ] && sig=RTMIN
		kill -s "$sig" "$P1"
		expect_got "$sig"
	done
	pid1_exits 0
}

@test "real-time signals are queued, not merged: three sent at once, three arrive" {
	start_pid1 -- "$PROBE" signals 3
	read_ready
	kill -s RTMIN+5 "$P1"
	kill -s RTMIN+5 "$P1"
	kill -s RTMIN+5 "$P1"
	expect_got RTMIN+5
	expect_got RTMIN+5
	expect_got RTMIN+5
	pid1_exits 0
}

@test "by default a signal reaches the child's whole process group, grandchildren too" {
	local child='' grandchild='' _
	# The exec'd probe is pid1's child; the one started with & is a grandchild.
	# shellcheck disable=SC2016 # expanded by the inner sh
	start_pid1 -- sh -c '"$0" signals 1 & exec "$0" signals 1' "$PROBE"
	for _ in 1 2; do
		read_ready
		if [ "$CHILD" = "$CHILD_PGID" ]; then child=$CHILD; else grandchild=$CHILD; fi
	done
	[ -n "$child" ] || fail "neither probe leads its own process group"
	[ -n "$grandchild" ] || fail "both probes lead a process group"
	CLEANUP+=("-$child")
	assert_equal "$(stat_field "$child" 2)" "$P1"
	assert_equal "$(stat_field "$grandchild" 2)" "$child"
	assert_equal "$(stat_field "$grandchild" 3)" "$child"
	kill -USR1 "$P1"
	expect_got USR1
	expect_got USR1
	pid1_exits 0
}

@test "a child that joins another process group still gets the signals sent to its group" {
	require_cmd python3
	# The child leaves a process of its own in its first group, then joins
	# the group of another: a group pid1 remembered would still exist, and
	# the child would never hear of the signal.
	start_pid1 -v -- python3 -c 'import os, signal
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1])
if os.fork() == 0:
    signal.sigwait([signal.SIGUSR1])
    os._exit(0)
r, w = os.pipe()
other = os.fork()
if other == 0:
    os.setpgid(0, 0)
    os.write(w, b"x")
    signal.sigwait([signal.SIGUSR1])
    os._exit(0)
os.read(r, 1)
os.setpgid(0, other)
print("ready", other, flush=True)
print("got", signal.sigwait([signal.SIGUSR1]).value, flush=True)'
	read_line "$OUT" || fail "no ready line; stderr: $(cat "$ERR")"
	local other=${REPLY#ready }
	CLEANUP+=("-$other")
	kill -USR1 "$P1"
	expect_got USR1
	# pid1 logs after kill() returns: the child may have answered first.
	wait_for_match "$ERR" "^pid1: info: forwarded SIGUSR1 to process group $other\$"
	pid1_exits 0
}

@test "-c forwards to the child only, not to the rest of its group" {
	local child='' grandchild='' _
	# shellcheck disable=SC2016 # expanded by the inner sh
	start_pid1 -c -v -- sh -c '"$0" signals 1 & exec "$0" signals 2' "$PROBE"
	for _ in 1 2; do
		read_ready
		if [ "$CHILD" = "$CHILD_PGID" ]; then child=$CHILD; else grandchild=$CHILD; fi
	done
	[ -n "$child" ] && [ -n "$grandchild" ] || fail "expected the child and a grandchild in its group"
	CLEANUP+=("-$child")
	kill -USR1 "$P1"
	expect_got USR1
	# Had the grandchild got USR1 too, its "got 10" would come next (it then exits).
	kill -USR2 "$grandchild"
	expect_got USR2
	kill -USR1 "$P1"
	expect_got USR1
	pid1_exits 0
	run cat "$ERR"
	assert_line "pid1: info: forwarded SIGUSR1 to $child"
	refute_line --partial "process group"
}

@test "pid1 is never stopped by TSTP, TTIN or TTOU; it forwards them and goes on" {
	local sig state
	start_pid1 -- "$PROBE" signals 4
	read_ready
	for sig in TSTP TTIN TTOU; do
		kill -s "$sig" "$P1"
		expect_got "$sig"
		state=$(stat_field "$P1" 1)
		[ "$state" != T ] && [ "$state" != t ] || fail "pid1 is stopped (state $state) after SIG$sig"
	done
	kill -USR1 "$P1"
	expect_got USR1
	pid1_exits 0
}

@test "-v logs each forwarded signal with the child's process group" {
	start_pid1 -v -- "$PROBE" signals 1
	read_ready
	assert_equal "$CHILD_PGID" "$CHILD"
	kill -USR1 "$P1"
	expect_got USR1
	pid1_exits 0
	run cat "$ERR"
	assert_line "pid1: info: forwarded SIGUSR1 to process group $CHILD"
}

@test "signals that reach pid1 before its child is ready are not lost" {
	require_cmd python3
	# The launcher blocks the signals, says so, waits for "go" and becomes pid1:
	# the signals sent in between are pending before pid1 even starts, and stay
	# pending until pid1 (then its child) takes them.
	start_init python3 -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2, signal.SIGRTMIN + 1})
print("blocked", flush=True)
if os.read(0, 3) == b"go\n":
    os.execv(sys.argv[1], sys.argv[1:])' "$PID1" -- "$PROBE" signals 6
	read_line "$OUT" || fail "the launcher did not start"
	assert_equal "$REPLY" "blocked"
	kill -s USR1 "$P1"
	kill -s USR2 "$P1"
	kill -s HUP "$P1"
	kill -s RTMIN+1 "$P1"
	kill -s RTMIN+1 "$P1"
	kill -s RTMIN+1 "$P1"
	echo go >&"$IN"
	read_ready
	local got=() _
	for _ in 1 2 3 4 5 6; do
		read_line "$OUT" || fail "only ${#got[@]} of 6 signals arrived: ${got[*]}"
		got+=("${REPLY#got }")
	done
	local rt1=$(($(kill -l RTMIN) + 1))
	assert_equal "$(printf '%s\n' "${got[@]}" | sort -n | tr '\n' ' ')" \
		"$(printf '%s\n' 1 10 12 $rt1 $rt1 $rt1 | sort -n | tr '\n' ' ')"
	pid1_exits 0
}
