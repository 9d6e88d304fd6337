#!/usr/bin/env bats
# Terminals: on a pseudo-terminal the child's process group is the
# foreground group, so interactive shells get job control and ^C reaches the
# child straight from the terminal; without a terminal nothing changes.

load helpers

setup() {
	require_cmd python3
	PTY_RUN="$BATS_TEST_DIRNAME/helpers/pty_run.py"
	# A quiet readline: no bracketed-paste escapes around the prompt.
	printf 'set enable-bracketed-paste off\n' >"$BATS_TEST_TMPDIR/inputrc"
	export INPUTRC="$BATS_TEST_TMPDIR/inputrc" TERM=dumb
}

# pty_run.py with an interactive bash under pid1 whose prompt is "PROMPT> ".
# "$@" are the steps to run once the prompt is there.
interactive_bash() {
	require_cmd bash
	run python3 "$PTY_RUN" -e '[$#] $' -s "PS1='PRO''MPT> '\n" -e 'PROMPT> ' "$@" \
		-- "$PID1" -- bash --norc --noprofile -i
}

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
