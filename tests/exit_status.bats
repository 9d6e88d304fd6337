#!/usr/bin/env bats
# Exit status: the child's code passes through; 128+N for signal N; 126/127.

load helpers

@test "every exit code 0..255 passes through" {
	local code
	for code in $(seq 0 255); do
		run -"$code" "$PID1" -- sh -c "exit $code"
	done
}

@test "a child killed by TERM, HUP, INT, KILL gives 128+N" {
	local sig num
	for sig in TERM HUP INT KILL; do
		num=$(kill -l "$sig")
		# pid1 hands on the dispositions it inherited: started as a shell's
		# background job, INT is ignored and sh would outlive it. The status
		# is what this test is about, so every signal starts at its default.
		run -$((128 + num)) env --default-signal "$PID1" -- sh -c "kill -$sig \$\$"
	done
}

@test "a command that does not exist gives 127 and says so" {
	run -127 --separate-stderr "$PID1" -- /nonexistent/cmd
	assert_equal "$stderr" "pid1: cannot execute /nonexistent/cmd: No such file or directory; command not found"
	assert_equal "$output" ""
}

@test "a command found on PATH but not executable gives 126" {
	local f="$BATS_TEST_TMPDIR/notexec"
	printf 'echo no\n' >"$f"
	chmod 0644 "$f"
	run -126 --separate-stderr env PATH="$BATS_TEST_TMPDIR:$PATH" "$PID1" -- notexec
	assert_equal "$stderr" "pid1: cannot execute notexec: Permission denied"
}

@test "a directory as command gives 126 and names the reason" {
	run -126 --separate-stderr "$PID1" -- /etc
	assert_equal "$stderr" "pid1: cannot execute /etc: Permission denied; it is a directory"
}

@test "started with SIGCHLD ignored, pid1 still gets the child's status" {
	# Bounded: had pid1 kept SIGCHLD ignored, it would never see the status.
	run -7 timeout -k 5 10 python3 -c 'import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])' "$PID1" -- sh -c 'exit 7'
}
