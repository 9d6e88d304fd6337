#!/usr/bin/env bats
# Bugs found and fixed: each test reproduces the original report.

load helpers

teardown() {
	pkill -f "regression-marker-$BATS_TEST_NUMBER" 2>/dev/null || true
	kill_started
}

# with_closed_stderr COMMAND...: exec COMMAND with stderr a pipe nobody reads
# (bounded: timeout's SIGKILL reaches COMMAND itself), and SIGPIPE at its
# default, not ignored as Python leaves it: a shell cannot trap a signal
# ignored on entry.
with_closed_stderr() {
	timeout -k 5 10 python3 -c 'import os, signal, sys
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
r, w = os.pipe()
os.close(r)
os.dup2(w, 2)
os.execv(sys.argv[1], sys.argv[1:])' "$@"
}

@test "a closed stderr does not make pid1 spin on its own SIGPIPE" {
	# Each log line hits a closed pipe; pid1 used to forward the SIGPIPE it
	# raised itself, log that, raise another, and never reap.
	run -3 with_closed_stderr "$PID1" -vv -- sh -c 'exit 3'
}

@test "the child is not sent a SIGPIPE that pid1's own log write raised" {
	# The child makes an orphan and waits until pid1 has reaped it, which
	# pid1 logs (-w) into the closed pipe in the same step. Then it asks
	# pid1 for SIGWINCH: pid1 takes pending signals lowest first, so a
	# SIGPIPE (13) it forwarded would reach the child before the WINCH (28).
	# shellcheck disable=SC2016 # expanded by the inner sh
	run -0 with_closed_stderr "$PID1" -w -- sh -c 'trap "exit 9" PIPE; trap "exit 0" WINCH
		pid=$( (sh -c "echo \$\$" &) )
		i=0
		while [ -e /proc/$pid ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done
		kill -WINCH $PPID
		while :; do sleep 1; done'
}

@test "--wait-all: SIGKILL reaches leftovers once the grace period is over" {
	local marker="regression-marker-$BATS_TEST_NUMBER"
	start_pid1 --wait-all --grace 300ms -- sh -c '
		trap "" TERM
		setsid sh -c "trap \"\" TERM; sleep 60; :" '"$marker"' &
		echo ready
		exec sleep 60'
	expect_line "$OUT" ready
	kill -TERM "$P1"
	pid1_exits 137
	run -1 pgrep -f "$marker"
}

@test "under the name dumb-init the command gets the terminal as its controlling tty" {
	require_cmd script
	ln -s "$PID1" "$BATS_TEST_TMPDIR/dumb-init"
	run -0 script -qec "exec $BATS_TEST_TMPDIR/dumb-init -- sh -c 'ps -o tty= -p \$\$'" /dev/null
	[[ "$output" == *pts/* ]] || fail "no controlling tty: $output"
}

@test "-r TERM:0 drops SIGTERM without starting the grace period" {
	start_pid1 -v -r TERM:0 --grace 200ms -- "$PROBE" signals 1
	read_ready
	kill -TERM "$P1"
	wait_for_line "$ERR" "pid1: info: dropped SIGTERM (rewritten to 0)"
	# The drop is all pid1 says.
	assert_equal "$(cat "$ERR")" "pid1: info: dropped SIGTERM (rewritten to 0)"
	# Well past the grace period: no SIGKILL came.
	sleep 0.6
	kill -0 "$CHILD" || fail "the child was killed"
	kill -USR1 "$P1"
	expect_got USR1
	wait_for_line "$ERR" "pid1: info: forwarded SIGUSR1 to process group $CHILD"
	assert_equal "$(cat "$ERR")" "pid1: info: dropped SIGTERM (rewritten to 0)
pid1: info: forwarded SIGUSR1 to process group $CHILD"
	pid1_exits 0
}

@test "--pidfile with a relative path still finds the daemon after pid1 moved to /" {
	cd "$BATS_TEST_TMPDIR"
	start_pid1 -v --pidfile d.pid -- "$PROBE" daemon d.pid
	wait_for_match "$ERR" '^pid1: info: following daemon '
	# The first thing pid1 says.
	[[ $(head -n1 "$ERR") == "pid1: info: following daemon "*" from $BATS_TEST_TMPDIR/d.pid" ]] || fail "not followed: $(cat "$ERR")"
	kill -TERM "$P1"
	pid1_exits 0
	run -0 grep -x "got $(kill -l TERM)" d.pid.log
}

@test "no descriptor left to read /proc: leftovers in the main group still get SIGTERM" {
	require_cmd prlimit
	local marker="regression-marker-$BATS_TEST_NUMBER" limit leftover
	# 3: descriptors 0, 1 and 2 are open, /proc cannot be opened at all.
	# 4: /proc opens, but no /proc/PID/stat in it can.
	for limit in 3 4; do
		start_pid1 --grace 5s -- sh -c 'sh -c "sleep 60; :" '"$marker"' & echo "ready $!"; read -r _'
		read_line "$OUT" || fail "no ready line"
		leftover=${REPLY#ready }
		prlimit --pid "$P1" --nofile="$limit:$limit"
		echo go >&"$IN"
		pid1_exits 0
		run -0 cat "$ERR"
		# EMFILE reads differently in glibc and musl.
		assert_output --regexp '^pid1: warning: cannot list the processes in /proc: (Too many open files|No file descriptors available); sending SIGTERM to process group [0-9]+ only$'
		wait_gone "$leftover" || fail "limit $limit: the leftover survived"
	done
}
