#!/usr/bin/env bats
# Terminals: on a pseudo-terminal the child's process group is the
# foreground group, so interactive shells get job control and ^C reaches the
# child straight from the terminal; without a terminal nothing changes.
# Job control: pid1 run as a job of an interactive bash stops when its
# command stops, so that bash takes the terminal back, and gives the
# terminal back to the command when bash's fg gives it to pid1.

load helpers

setup() {
	require_cmd python3
	PTY_RUN="$BATS_TEST_DIRNAME/helpers/pty_run.py"
	# A quiet readline: no bracketed-paste escapes around the prompt.
	printf 'set enable-bracketed-paste off\n' >"$BATS_TEST_TMPDIR/inputrc"
	export INPUTRC="$BATS_TEST_TMPDIR/inputrc" TERM=dumb
	# The name pid1's process has on the terminal (/proc/PID/comm), for -f.
	PID1_COMM=$(basename "$PID1" | cut -c1-15)
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -s "$PID1" "$BATS_TEST_TMPDIR/bin/dumb-init"
	export DUMB_INIT="$BATS_TEST_TMPDIR/bin/dumb-init"
}

teardown() {
	kill_started
}

# The steps that wait for bash's first prompt and set it to "PROMPT> ".
BASH_PROMPT=(-e '[$#] $' -s "PS1='PRO''MPT> '\n" -e 'PROMPT> ')

# pty_run.py with an interactive bash under pid1 whose prompt is "PROMPT> ".
# "$@" are the steps to run once the prompt is there.
interactive_bash() {
	require_cmd bash
	run python3 "$PTY_RUN" "${BASH_PROMPT[@]}" "$@" -- "$PID1" -- bash --norc --noprofile -i
}

# The same with bash straight on the terminal: what it runs is a job of
# bash's, pid1 among them, as typed at a prompt.
job_shell() {
	require_cmd bash
	run python3 "$PTY_RUN" "${BASH_PROMPT[@]}" "$@" -- bash --norc --noprofile -i
}

# The steps that end with ^C on a job in the foreground and print "rc=$?".
INTERRUPT_AND_STATUS=(-s '\x03' -e 'PROMPT> ' -s 'echo "rc=$?"\n' -e 'rc=[0-9]+' -s 'exit\n')

@test "an interactive bash under pid1 on a terminal has job control" {
	interactive_bash -s 'set -o | grep monitor; echo "END$((1 + 1))"\n' -e 'END2' -s 'exit\n'
	assert_success
	refute_output --partial "no job control in this shell"
	refute_output --partial "cannot set terminal process group"
	assert_line --regexp '^monitor[[:space:]]+on$'
}

@test "^C while sleep runs in the foreground of that bash gives \$? = 130" {
	# -f sleep: only type ^C once sleep has been exec'd and owns the terminal.
	interactive_bash -s 'sleep 100\n' -f sleep -s '\x03' -e 'PROMPT> ' \
		-s 'echo "rc=$?"\n' -e 'rc=[0-9]+' -s 'exit\n'
	assert_success
	assert_line 'rc=130'
}

@test "^C on the terminal of pid1 -- sleep 100 makes pid1 exit 130, by the terminal not by pid1" {
	run -130 python3 "$PTY_RUN" -f sleep -s '\x03' -- "$PID1" -v -- sleep 100
	# The child's group got SIGINT from the terminal; pid1 had nothing to forward.
	refute_output --partial "forwarded SIGINT"
}

@test "the child is the terminal's foreground process group" {
	run -0 python3 "$PTY_RUN" -- "$PID1" -- sh -c 'ps -o pid,pgid,tpgid -p $$; ps -o pid=,pgid=,tpgid= -p $PPID'
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 --regexp '^ *PID +PGID +TPGID$'
	local pid pgid tpgid ppid ppgid ptpgid
	read -r pid pgid tpgid <<<"${lines[1]}"
	read -r ppid ppgid ptpgid <<<"${lines[2]}"
	assert_equal "$pgid" "$pid"
	assert_equal "$tpgid" "$pid"
	# The same terminal, seen from pid1: the child's group in front, and
	# pid1 itself in a group of its own, in the background.
	assert_equal "$ptpgid" "$pid"
	[ "$ppgid" != "$pid" ] || fail "pid1 ($ppid) is in the child's group $pid"
}

@test "when stdin is not a terminal nothing breaks" {
	run -0 --separate-stderr "$PID1" -- sh -c 'echo ok' </dev/null
	assert_equal "$output" "ok"
	assert_equal "$stderr" ""
}

@test "on a terminal with stdin not a terminal the child still runs and exits" {
	run -0 python3 "$PTY_RUN" -- sh -c 'exec "$1" -vv -- sh -c "echo ok; exit 0" </dev/null' sh "$PID1"
	assert_line "ok"
	# pid1 did not try to hand over a terminal that is not its stdin.
	refute_output --partial "terminal"
	refute_output --regexp "pid1: debug: cannot (start a session|give (the command|process [0-9]+) a process group)"
}

# ---- job control ----

@test "^Z on pid1 -- sleep 100 in an interactive bash stops the job and gives the prompt back; fg, then ^C gives 130" {
	# -f sleep after fg: pid1 gave the terminal back to the command's group.
	job_shell -s '"$PID1" -- sleep 100\n' -f sleep -s '\x1a' -e 'Stopped' -e 'PROMPT> ' \
		-s 'jobs -l\n' -e 'PROMPT> ' -s 'fg\n' -f sleep "${INTERRUPT_AND_STATUS[@]}"
	assert_success
	assert_line --regexp '^\[1\]\+ +Stopped +"\$PID1" -- sleep 100$'
	assert_line --regexp '^\[1\]\+ +[0-9]+ Stopped( \(signal\))? +"\$PID1" -- sleep 100$'
	assert_line 'rc=130'
}

@test "bg lets the command run on in the background; fg, then ^C gives 130" {
	# The -v line says pid1 has passed bg's SIGCONT on; $! is pid1 after bg.
	job_shell -s '"$PID1" -v -- sleep 100\n' -f sleep -s '\x1a' -e 'Stopped' -e 'PROMPT> ' \
		-s 'bg\n' -e 'forwarded SIGCONT to process group' \
		-s 'echo "state=$(ps -o stat= --ppid $!)"\n' -e 'state=[A-Z]+' \
		-s 'fg\n' -f "$PID1_COMM" "${INTERRUPT_AND_STATUS[@]}"
	assert_success
	assert_line 'state=S'
	assert_line 'rc=130'
}

@test "after bg a command that reads the terminal stops again, and pid1 with it; fg gives it the terminal" {
	# set -b: bash reports the second stop at once, not at the next prompt.
	job_shell -s 'set -b; "$PID1" -- sh -c '\''read -r x; echo "got=$x"'\''\n' -f sh -s '\x1a' \
		-e 'Stopped' -e 'PROMPT> ' -s 'bg\n' -e 'Stopped' -s 'fg\n' -f sh -s 'hello\n' -e 'got=hello' \
		-e 'PROMPT> ' -s 'echo "rc=$?"\n' -e 'rc=[0-9]+' -s 'exit\n'
	assert_success
	assert_equal "$(grep -c '^\[1\]+ *Stopped' <<<"$output")" 2
	assert_line 'rc=0'
}

@test "fg of a job running in the background: the command gets the terminal when it reads it" {
	# bash's fg sends no SIGCONT to a running job: the terminal goes to
	# pid1's group, and the command finds it out only when it reads. (If
	# pid1 takes bg's SIGCONT only after the fg, it hands the terminal on to
	# the command's group at once: either holds it after the fg.)
	mkfifo "$BATS_TEST_TMPDIR/go"
	export GO="$BATS_TEST_TMPDIR/go"
	job_shell -s '"$PID1" -- sh -c '\''read -r _ <"$GO"; read -r x; echo "got=$x"'\''\n' -f sh -s '\x1a' \
		-e 'Stopped' -e 'PROMPT> ' -s 'bg\n' -e 'PROMPT> ' -s 'fg\n' -f "$PID1_COMM|sh" -c 'echo go >"$GO"' \
		-f sh -s 'hello\n' -e 'got=hello' -e 'PROMPT> ' -s 'echo "rc=$?"\n' -e 'rc=[0-9]+' -s 'exit\n'
	assert_success
	assert_line 'rc=0'
}

@test "pid1 --pid --mount-proc -- sleep 100: ^Z stops the job, fg gives the command the terminal, ^C gives 130" {
	require_root
	job_shell -s '"$PID1" --pid --mount-proc -- sleep 100\n' -f sleep -s '\x1a' -e 'Stopped' -e 'PROMPT> ' \
		-s 'jobs -l\n' -e 'PROMPT> ' -s 'fg\n' -f sleep "${INTERRUPT_AND_STATUS[@]}"
	assert_success
	assert_line --regexp '^\[1\]\+ +[0-9]+ Stopped( \(signal\))? +"\$PID1" --pid --mount-proc -- sleep 100$'
	assert_line 'rc=130'
}

@test "dumb-init -- sleep 100: ^Z, sent on as STOP, stops the job; fg, then ^C gives 130" {
	# In a session of its own the command has no terminal: pid1's group
	# keeps it and gets ^Z and ^C. "RE""ADY": not matched in the echo of
	# the line typed.
	job_shell -s '"$DUMB_INIT" -- sh -c "echo RE""ADY; exec sleep 100"\n' -e READY -s '\x1a' -e 'Stopped' \
		-e 'PROMPT> ' -s 'jobs -l\n' -e 'PROMPT> ' -s 'fg\n' -f dumb-init "${INTERRUPT_AND_STATUS[@]}"
	assert_success
	assert_line --regexp '^\[1\]\+ +[0-9]+ Stopped( \(signal\))? +"\$DUMB_INIT" -- sh'
	assert_line 'rc=130'
}

@test "as PID 1 (unshare --pid --fork) pid1 does not stop when its command does" {
	require_root
	require_cmd unshare
	# PTY_RUN_PID is unshare; its child is pid1.
	local not_stopped='s=$(ps -o stat= -p "$(pgrep -P "$PTY_RUN_PID")"); echo "pid1: $s" >&2; [ "${s#T}" = "$s" ]'
	local signal_pid1='kill -SIG "$(pgrep -P "$PTY_RUN_PID")"'
	run -130 python3 "$PTY_RUN" -f sleep -s '\x1a' -e 'debug: process 2 stopped \(SIGTSTP\)' -c "$not_stopped" \
		-c "${signal_pid1/SIG/WINCH}" -e 'received SIGWINCH' -c "$not_stopped" -c "${signal_pid1/SIG/CONT}" \
		-e 'forwarded SIGCONT' -s '\x03' -- unshare --pid --fork --mount-proc "$PID1" -vv -- sleep 100
	refute_output --partial 'stopping pid1'
}

@test "without a terminal pid1 does not stop when its command does" {
	start_pid1 -vv -- "$PROBE" signals 2 </dev/null
	read_ready
	kill -STOP "$CHILD"
	wait_for_match "$ERR" "^pid1: debug: process $CHILD stopped \(SIGSTOP\)$"
	# A pid1 that stopped would not take this signal.
	kill -WINCH "$P1"
	wait_for_match "$ERR" '^pid1: debug: received SIGWINCH from '
	[ "$(proc_state "$P1")" != T ] || fail "pid1 stopped"
	kill -CONT "$P1"
	expect_got CONT
	expect_got WINCH
	pid1_exits 0
	refute has_match "$ERR" 'stopping pid1'
}
