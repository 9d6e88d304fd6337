#!/usr/bin/env bats
# --join PID: COMMAND runs inside a running sandbox's namespaces, with the
# joining pid1 outside as its parent (forwarding, status, grace, -e, -r),
# the way docker exec enters a container. The sandbox is a pid1 started with
# --pid here; PID is its outer pid1 or a process inside.
# SC2016: the sh -c scripts expand their own variables. SC2154: run sets $stderr.
# shellcheck disable=SC2016,SC2154

load helpers

setup() {
	SANDBOX=
	SB_FD=
	SANDBOX_ERR=$BATS_TEST_TMPDIR/sandbox.err
	NOBODY_DIR=
	NOBODY_OUT=
}

teardown() {
	kill_started
	# The sandbox's outer pid1: killing it ends its whole namespace.
	if [ -n "$SANDBOX" ]; then
		kill -KILL "$SANDBOX" 2>/dev/null || true
		wait "$SANDBOX" 2>/dev/null || true
	fi
	if [ -n "$SB_FD" ]; then
		exec {SB_FD}<&-
	fi
	if [ -n "$NOBODY_DIR" ]; then
		rm -rf "$NOBODY_DIR"
	fi
	if [ -n "$NOBODY_OUT" ]; then
		rm -rf "$NOBODY_OUT"
	fi
}

# start_sandbox [AS...] -- PID1-ARGS...: a sandbox whose command is a probe
# that waits for one signal; SANDBOX is its outer pid1, SANDBOX_INNER the
# inner one, and both are ready once the probe has said so.
start_sandbox() {
	local as=() fifo
	while [ "$1" != -- ]; do
		as+=("$1")
		shift
	done
	shift
	fifo=$BATS_TEST_TMPDIR/sandbox.fifo
	mkfifo "$fifo"
	"${as[@]}" "$@" -- "$PROBE" signals 1 >"$fifo" 2>"$SANDBOX_ERR" 3>&- &
	SANDBOX=$!
	exec {SB_FD}<"$fifo"
	read_line "$SB_FD" || fail "the sandbox never became ready: $(cat "$SANDBOX_ERR")"
	assert_equal "$REPLY" "ready 2 2"
	SANDBOX_INNER=$(pgrep -P "$SANDBOX")
}

@test "--join OUTER: ps shows the sandbox's pid1 as PID 1 and the command among its processes; its host name and network" {
	require_root
	require_cmd ip
	start_sandbox -- "$PID1" --mount-proc --hostname box --net
	run -0 --separate-stderr "$PID1" --join "$SANDBOX" -- \
		sh -c 'echo $$; hostname; pwd; ps -e -o pid=,ppid=,comm= >"$1"; ip -o link | cut -d" " -f2' sh "$BATS_TEST_TMPDIR/ps"
	assert_equal "$stderr" ""
	assert_equal "$output" "$(printf '3\nbox\n/\nlo:')"
	# The joined sh is PID 3, whose parent is outside (0); ps is its child.
	assert_equal "$(awk '{ print ($3 == "ps" ? "N" : $1), $2, $3 }' "$BATS_TEST_TMPDIR/ps")" \
		"$(printf '1 0 %s\n2 1 probe\n3 0 sh\nN 3 ps' "$(pid1_comm)")"
}

@test "--join a process inside the sandbox, or its inner pid1: the same namespaces" {
	require_root
	local ns inside pid
	start_sandbox -- "$PID1" --mount-proc --hostname box --ipc
	inside=$(pgrep -P "$SANDBOX_INNER")
	for pid in "$SANDBOX" "$SANDBOX_INNER" "$inside"; do
		run -0 --separate-stderr "$PID1" --join "$pid" -- sh -c 'for n in ipc mnt pid uts; do readlink /proc/self/ns/$n; done'
		assert_equal "$stderr" ""
		for ns in ipc mnt pid uts; do
			assert_line "$(readlink "/proc/$SANDBOX_INNER/ns/$ns")"
		done
	done
}

@test "--join: exit codes and 128+N pass through; -e maps one to 0" {
	require_root
	start_sandbox -- "$PID1" --pid
	run -0 "$PID1" --join "$SANDBOX" -- true
	run -7 "$PID1" --join "$SANDBOX" -- sh -c 'exit 7'
	run -143 "$PID1" --join "$SANDBOX" -- sh -c 'kill -TERM $$'
	run -0 "$PID1" --join "$SANDBOX" -e 7 -- sh -c 'exit 7'
	run -127 --separate-stderr "$PID1" --join "$SANDBOX" -- /nonexistent/cmd
	assert_equal "$stderr" "pid1: cannot execute /nonexistent/cmd: No such file or directory; command not found"
}

@test "--join: signals sent to the joining pid1 reach the joined command, rewritten by -r" {
	require_root
	start_sandbox -- "$PID1" --mount-proc
	start_pid1 -v -r USR2:HUP --join "$SANDBOX" -- "$PROBE" signals 3
	# PID 3 of the sandbox, leading its own group there.
	expect_line "$OUT" "ready 3 3"
	kill -USR1 "$P1"
	expect_got USR1
	kill -USR2 "$P1"
	expect_got HUP
	kill -TERM "$P1"
	expect_got TERM
	pid1_exits 0
	wait_for_match "$ERR" '^pid1: info: forwarded SIGHUP to process group [0-9]+$' 1
}

@test "--join --grace: a joined command that ignores SIGTERM gets SIGKILL when the grace period ends" {
	require_root
	start_sandbox -- "$PID1" --mount-proc
	start_pid1 --grace 300ms --join "$SANDBOX" -- "$PROBE" signals 10
	expect_line "$OUT" "ready 3 3"
	kill -TERM "$P1"
	expect_got TERM
	pid1_exits 137
}

@test "--join: orphans the joined command leaves are reaped by the sandbox's PID 1, not by the joining pid1" {
	require_root
	start_sandbox -- "$PID1" -v --mount-proc
	run -0 --separate-stderr "$PID1" -v --join "$SANDBOX" -- "$PROBE" orphans 5
	assert_equal "$output" "done 5"
	refute_regex "$stderr" 'reaped orphan'
	wait_for_match "$SANDBOX_ERR" '^pid1: inner: info: reaped orphan [0-9]+ \(exit 0\)$' 5
}

@test "--join: when the sandbox ends, the joined command ends with it (SIGKILL, 137)" {
	require_root
	start_sandbox -- "$PID1" --mount-proc
	start_pid1 --join "$SANDBOX" -- "$PROBE" signals 1
	expect_line "$OUT" "ready 3 3"
	kill -KILL "$SANDBOX"
	pid1_exits 137
}

@test "--join refuses what it cannot enter: no such process, a process outside any sandbox, a stranger's sandbox (112)" {
	require_nobody_pid1
	local gone
	sh -c 'exit 0' &
	gone=$!
	wait "$gone"
	run -112 --separate-stderr "$PID1" --join "$gone" -- echo ran
	assert_equal "$output" ""
	assert_equal "$stderr" "pid1: cannot join process $gone: No such process"

	run -112 --separate-stderr "$PID1" --join $$ -- echo ran
	assert_equal "$stderr" "pid1: cannot join process $$: it is in pid1's own PID namespace, and not a pid1 whose one child is PID 1 of a new one; give the PID of a pid1 started with --pid, or of a process inside its sandbox"

	start_sandbox -- "$PID1" --pid
	run -112 --separate-stderr "${AS_NOBODY[@]}" "$NOBODY_PID1" --join "$SANDBOX" -- echo ran
	assert_equal "$output" ""
	assert_equal "$stderr" "pid1: cannot read the namespaces of process $SANDBOX: Permission denied; a user may join only a sandbox made with --user by the same user; run as that user, or as root"
}

@test "--join with options that create namespaces, --pause or --pidfile is a usage error (100)" {
	run -100 --separate-stderr "$PID1" --join 1 --net -- echo ran
	assert_usage_error "--join enters the namespaces of process 1 and creates none: not with --pid, --mount-proc, --user, --map-auto, --hostname, --uts, --ipc, --net or --cgroup"
	run -100 --separate-stderr "$PID1" --join 1 --pause
	assert_usage_error "--join does not go with --pause"
	run -100 --separate-stderr "$PID1" --join x -- echo ran
	assert_usage_error "--join: 'x' is not a process id"
}

@test "rootless: a user joins the sandbox it made with --user, and is root in it" {
	require_userns
	NOBODY_OUT=$(mktemp -d /tmp/pid1-join.XXXXXX)
	chown 65534:65534 "$NOBODY_OUT"
	PROBE=$NOBODY_PROBE start_sandbox "${AS_NOBODY[@]}" -- "$NOBODY_PID1" --user --mount-proc --hostname mine --net
	run -0 --separate-stderr "${AS_NOBODY[@]}" "$NOBODY_PID1" --join "$SANDBOX" -- \
		sh -c 'id -u; hostname; ps -e -o pid=,ppid=,comm= >"$1"; ip -o link | cut -d" " -f2' sh "$NOBODY_OUT/ps"
	assert_equal "$stderr" ""
	assert_equal "$output" "$(printf '0\nmine\nlo:')"
	assert_equal "$(awk '{ print ($3 == "ps" ? "N" : $1), $2, $3 }' "$NOBODY_OUT/ps")" \
		"$(printf '1 0 %s\n2 1 probe\n3 0 sh\nN 3 ps' "$(pid1_comm)")"
}
