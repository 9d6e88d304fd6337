#!/usr/bin/env bats
# Bugs found and fixed: each test reproduces the original report.

load helpers

teardown() {
	pkill -f "regression-marker-$BATS_TEST_NUMBER" 2>/dev/null || true
	if [ -n "${P1:-}" ]; then kill -KILL "$P1" 2>/dev/null || true; fi
}

# start_bg STDIN STDERR ARG...: run "$PID1" ARG... in the background with its
# stdout (and its stderr too when STDERR is "-") readable on fd $out.
# P1 is its pid, for pid1_exits.
start_bg() {
	local in=$1 err=$2 fifo="$BATS_TEST_TMPDIR/pid1.out"
	shift 2
	mkfifo "$fifo"
	if [ "$err" = - ]; then
		"$PID1" "$@" <"$in" >"$fifo" 2>&1 &
	else
		"$PID1" "$@" <"$in" >"$fifo" 2>"$err" &
	fi
	P1=$!
	exec {out}<"$fifo"
}

@test "a closed stderr does not make pid1 spin on its own SIGPIPE" {
	# Each log line hits a closed pipe; pid1 used to forward the SIGPIPE it
	# raised itself, log that, raise another, and never reap.
	run -3 timeout 10 python3 -c 'import os, subprocess, sys
r, w = os.pipe(); os.close(r)
sys.exit(subprocess.run(sys.argv[1:], stderr=w).returncode)' "$PID1" -vv -- sh -c 'exit 3'
}

@test "the child is not sent a SIGPIPE that pid1's own log write raised" {
	run -0 timeout 10 python3 -c 'import os, subprocess, sys
r, w = os.pipe(); os.close(r)
sys.exit(subprocess.run(sys.argv[1:], stderr=w).returncode)' "$PID1" -w -- \
		sh -c 'trap "exit 9" PIPE; (true &); sleep 0.5; exit 0'
}

@test "--wait-all: SIGKILL reaches leftovers once the grace period is over" {
	local marker="regression-marker-$BATS_TEST_NUMBER"
	start_bg /dev/null /dev/null --wait-all --grace 300ms -- sh -c '
		trap "" TERM
		setsid sh -c "trap \"\" TERM; sleep 60; :" '"$marker"' &
		echo ready
		exec sleep 60'
	read_line "$out" || fail "no ready line"
	assert_equal "$REPLY" ready
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
	start_bg /dev/null - -v -r TERM:0 --grace 200ms -- "$PROBE" signals 1
	read_line "$out" || fail "no ready line"
	local child=${REPLY#ready }
	child=${child%% *}
	kill -TERM "$P1"
	read_line "$out" || fail "no log line"
	assert_equal "$REPLY" "pid1: dropped SIGTERM (rewritten to 0)"
	# Well past the grace period: no SIGKILL came.
	sleep 0.6
	kill -0 "$child" || fail "the child was killed"
	kill -USR1 "$P1"
	# pid1's log line and the probe's share the pipe; either may come first.
	local first second
	read_line "$out" || fail "no line after USR1"
	first=$REPLY
	read_line "$out" || fail "no second line after USR1"
	second=$REPLY
	assert_equal "$(printf '%s\n' "$first" "$second" | sort)" \
		"$(printf '%s\n' "got $(kill -l USR1)" "pid1: forwarded SIGUSR1 to process group $child" | sort)"
	pid1_exits 0
}

@test "--pidfile with a relative path still finds the daemon after pid1 moved to /" {
	cd "$BATS_TEST_TMPDIR"
	start_bg /dev/null - -v --pidfile d.pid -- "$PROBE" daemon d.pid
	read_line "$out" || fail "pid1 said nothing"
	[[ $REPLY == "pid1: following daemon "*" from $BATS_TEST_TMPDIR/d.pid" ]] || fail "not followed: $REPLY"
	kill -TERM "$P1"
	pid1_exits 0
	run -0 grep -x "got $(kill -l TERM)" d.pid.log
}

@test "no descriptor left to read /proc: leftovers in the main group still get SIGTERM" {
	require_cmd prlimit
	local fifo="$BATS_TEST_TMPDIR/in" err="$BATS_TEST_TMPDIR/err" marker="regression-marker-$BATS_TEST_NUMBER"
	mkfifo "$fifo"
	exec {in}<>"$fifo"
	start_bg "$fifo" "$err" --grace 5s -- sh -c 'sh -c "sleep 60; :" '"$marker"' & echo "ready $!"; read -r _'
	read_line "$out" || fail "no ready line"
	local leftover=${REPLY#ready }
	# Descriptors 0, 1 and 2 are open: pid1 cannot open /proc any more.
	prlimit --pid "$P1" --nofile=3:3
	echo go >&"$in"
	pid1_exits 0
	run -0 cat "$err"
	# EMFILE reads differently in glibc and musl.
	assert_output --regexp 'pid1: cannot list the processes in /proc \((Too many open files|No file descriptors available)\): sending SIGTERM to process group [0-9]+ only'
	wait_gone "$leftover" || fail "the leftover survived"
	exec {in}>&-
}
