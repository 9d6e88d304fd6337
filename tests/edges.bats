#!/usr/bin/env bats
# Edges that plausible slips in the code would cross unseen: a main process
# in pid1's own process group, an inherited descriptor at exactly fd 3 (with
# and without close_range), a parent that dies while -p is being armed.

load helpers

GROUP="$BATS_TEST_DIRNAME/helpers/edges-group.py"
SECCOMP="$BATS_TEST_DIRNAME/helpers/seccomp_filter.py"
PDEATH="$BATS_TEST_DIRNAME/helpers/compat-pdeath.py"

teardown() {
	kill_started
}

# ---- a main process in pid1's own process group ----

# start_in_group ARG...: start_init edges-group.py "$PID1" ARG..., so that pid1
# runs in a group of the helper's, which stays in it as a bystander; PID1_PID
# is pid1's pid.
start_in_group() {
	start_init python3 "$GROUP" "$PID1" "$@"
	read_line "$OUT" || fail "no pid1 line from the helper$(init_stderr)"
	PID1_PID=${REPLY#pid1 }
	CLEANUP+=("$PID1_PID")
}

# assert_bystander_untouched: nothing is pending for the helper, the bystander
# in pid1's group (it blocks every signal, so a signal sent to the group waits there).
assert_bystander_untouched() {
	echo pending >&"$IN"
	expect_line "$OUT" "pending:"
}

# end_in_group STATUS: the helper, told to wait, sees pid1 exit with STATUS.
end_in_group() {
	echo wait >&"$IN"
	expect_line "$OUT" "exit $1"
	forget_pid "$PID1_PID"
	pid1_exits "$1"
}

@test "a command that joins pid1's own process group gets each signal once, and the group gets none" {
	start_in_group -v -- python3 "$GROUP" --join "$PROBE" signals 2
	read_ready
	# The probe really is in pid1's group, or this proves nothing.
	assert_equal "$CHILD_PGID" "$(stat_field "$PID1_PID" 3)"
	kill -USR1 "$PID1_PID"
	expect_got USR1
	wait_for_line "$ERR" "pid1: info: forwarded SIGUSR1 to $CHILD"
	assert_bystander_untouched
	# The next thing the probe gets is the USR2, not a second USR1.
	kill -USR2 "$PID1_PID"
	expect_got USR2
	end_in_group 0
	assert_equal "$(cat "$ERR")" "pid1: info: forwarded SIGUSR1 to $CHILD
pid1: info: forwarded SIGUSR2 to $CHILD"
}

@test "a command in pid1's own group that outlives the grace period gets SIGKILL, pid1's group does not" {
	start_in_group -v --grace 100ms -- python3 "$GROUP" --join "$PROBE" signals 5
	read_ready
	kill -TERM "$PID1_PID"
	expect_got TERM
	# The probe takes the TERM as one of its five: the SIGKILL ends it.
	end_in_group 137
	run -0 cat "$ERR"
	assert_line "pid1: info: forwarded SIGTERM to $CHILD"
	assert_line "pid1: info: forwarded SIGKILL to $CHILD"
}

@test "--pidfile: a daemon in pid1's own group, /proc unreadable: pid1's group is never the fallback target" {
	require_cmd prlimit
	local t=$BATS_TEST_TMPDIR leftover daemon
	mkfifo "$t/go" "$t/ready"
	# The daemon joins pid1's group, leaves a sleep behind in it, and exits 0
	# once "go" is written to; its launcher exits 0 once it is ready.
	# shellcheck disable=SC2016 # expanded by the daemon's shell
	printf '%s\n' 'echo $$ >"$1/d.pid.tmp" && mv "$1/d.pid.tmp" "$1/d.pid"' \
		'sleep 60 </dev/null >/dev/null 2>&1 &' \
		'echo $! >"$1/leftover"' \
		'echo >"$1/ready"' \
		'read -r _ <"$1/go"' >"$t/daemon.sh"
	# shellcheck disable=SC2016 # expanded by the launcher's shell
	start_in_group -v --grace 100ms --pidfile "$t/d.pid" -- sh -c '
		python3 "$1" --join sh "$2/daemon.sh" "$2" </dev/null >/dev/null 2>&1 &
		read -r _ <"$2/ready"' sh "$GROUP" "$t"
	wait_for_match "$ERR" '^pid1: info: following daemon [0-9]+ from '
	daemon=$(cat "$t/d.pid")
	leftover=$(cat "$t/leftover")
	CLEANUP+=("$daemon" "$leftover")
	assert_equal "$(stat_field "$daemon" 3)" "$(stat_field "$PID1_PID" 3)"
	# 3: descriptors 0, 1 and 2 are open, /proc cannot be opened at all.
	prlimit --pid "$PID1_PID" --nofile=3:3
	timeout 10 sh -c 'echo go >"$1"' sh "$t/go"
	wait_for_match "$ERR" '^pid1: warning: cannot list the processes in /proc: .*; sending SIGTERM to process group [0-9]+ only$'
	assert_bystander_untouched
	running "$leftover" || fail "the leftover in pid1's group was signalled"
	kill -KILL "$leftover"
	end_in_group 0
}

# ---- descriptors ----

# check_fd3 [WRAPPER...]: pid1, started (through WRAPPER) with an inherited
# fd 3 and fd 9, keeps neither, keeps 0, 1 and 2 (it still logs); the
# command keeps both.
check_fd3() {
	local f="$BATS_TEST_TMPDIR/fd3"
	: >"$f"
	# start_init closes bats' own fd 3; the shell opens ours and execs pid1.
	# shellcheck disable=SC2016 # expanded by the inner sh
	start_init "$@" sh -c 'f=$1; shift; exec "$@" 3>>"$f" 9>>"$f"' sh "$f" "$PID1" -v -- "$PROBE" signals 1
	read_ready
	assert_equal "$(readlink "/proc/$CHILD/fd/3")" "$f"
	assert_equal "$(readlink "/proc/$CHILD/fd/9")" "$f"
	wait_for 5 holds_only_std_fds "$P1" || fail "pid1 holds fds $(fds_of "$P1"), not just 0 1 2"
	kill -USR1 "$P1"
	expect_got USR1
	pid1_exits 0
	assert_equal "$(cat "$ERR")" "pid1: info: forwarded SIGUSR1 to process group $CHILD"
}

@test "an inherited fd 3 is closed in pid1 and kept by the command; fds 0, 1 and 2 stay" {
	check_fd3
}

@test "without close_range (ENOSYS), pid1 closes an inherited fd 3 by listing /proc/self/fd" {
	require_cmd python3
	run python3 "$SECCOMP" no-close-range true
	[ "$status" = 77 ] && skip "no seccomp filter here: $output"
	assert_success
	check_fd3 python3 "$SECCOMP" no-close-range
}

# ---- -p / --pdeath-signal ----

@test "-p: a parent that dies while pid1 arms the signal counts as the signal" {
	require_cmd python3
	run python3 "$PDEATH" --while-arming "$PID1" -p USR1
	[ "$status" = 77 ] && skip "no seccomp listener here: $output"
	assert_success
	assert_output "armed
ready
got $(kill -l USR1)
exit 0"
	# A TERM that stands for the parent's death is a stop request like any other.
	run -0 python3 "$PDEATH" --while-arming "$PID1" --pdeath-signal=TERM
	assert_output "armed
ready
got $(kill -l TERM)
exit 0"
}

@test "-p: while the parent lives, pid1 sends itself nothing" {
	start_pid1 -v -p USR1 -- "$PROBE" signals 1
	read_ready
	# The USR1 pid1 would have sent itself at start-up is older than this
	# USR2 and has the lower number: it would come first.
	kill -USR2 "$P1"
	expect_got USR2
	pid1_exits 0
	assert_equal "$(cat "$ERR")" "pid1: info: forwarded SIGUSR2 to process group $CHILD"
}

# ---- the PATH search ----

# A script in a directory of its own that says which path it was run as.
make_cmd() {
	CMD_DIR="$BATS_TEST_TMPDIR/bin"
	mkdir -p "$CMD_DIR"
	printf '#!/bin/sh\necho "ran $0"\n' >"$CMD_DIR/edges-cmd"
	chmod +x "$CMD_DIR/edges-cmd"
}

@test "PATH: an entry that is a file is passed over, as by execvp; one before the last is searched in full" {
	make_cmd
	# /etc/passwd/edges-cmd fails with ENOTDIR: not the end of the search.
	run -0 --separate-stderr env PATH="/etc/passwd:$CMD_DIR:/usr/bin:/bin" "$PID1" -- edges-cmd
	assert_output "ran $CMD_DIR/edges-cmd"
	assert_equal "$stderr" ""
}

@test "PATH: an empty entry is the current directory" {
	make_cmd
	cd "$CMD_DIR"
	run -0 --separate-stderr env PATH="/usr/bin::/bin" "$PID1" -- edges-cmd
	assert_output "ran edges-cmd"
	run -0 --separate-stderr env PATH=":/usr/bin" "$PID1" -- edges-cmd
	assert_output "ran edges-cmd"
}

# ---- log lines ----

# check_log_line FILE: FILE holds one line from pid1, ending in a newline,
# with no NUL in it (builtins only: this runs 200 times).
check_log_line() {
	local text
	# read stops at a NUL, and succeeds only if it found one.
	if IFS= read -r -d '' text <"$1"; then
		fail "a NUL in the line: '$text'"
	fi
	[[ $text == "pid1: "*$'\n' ]] || fail "not one line from pid1: '$text'"
	[[ ${text%$'\n'} != *$'\n'* ]] || fail "more than one line: '$text'"
}

@test "messages around the log buffer's size are cut cleanly: one line, ending in a newline, with no NUL" {
	local path name n status f="$BATS_TEST_TMPDIR/err"
	# A path of 2,000 characters with no component too long for the kernel;
	# the command names below are its first 900 to 1,100. Whatever the text
	# around the name, one of them makes the message exactly fill the buffer.
	path=$(printf '/x%.0s' $(seq 1000))
	for n in $(seq 900 1100); do
		name=${path:0:n}
		status=0
		"$PID1" -- "$name" 2>"$f" || status=$?
		assert_equal "$status" 127
		check_log_line "$f"
	done
	# The longest was cut, not written whole.
	[ "$(wc -c <"$f")" -lt 1100 ] || fail "the line was not cut: $(wc -c <"$f") bytes"
}

# ---- --pidfile ----

@test "--pidfile: a file longer than 63 bytes is refused even though it starts with a pid" {
	local t=$BATS_TEST_TMPDIR
	# The launcher's child, a sleep, would do as a daemon; the pid is
	# followed by 70 more bytes.
	# shellcheck disable=SC2016 # expanded by the launcher's shell
	run -113 --separate-stderr timeout 20 "$PID1" --pidfile "$t/d.pid" --pidfile-timeout 300ms -- \
		sh -c 'sleep 30 </dev/null >/dev/null 2>&1 & printf "%s\n%69s\n" "$!" x >"$1"' sh "$t/d.pid"
	assert_equal "$stderr" "pid1: cannot follow the daemon in --pidfile $t/d.pid: it is too long to hold just a pid"
}

@test "--pidfile: at the timeout, a path that cannot be a file (a file as its directory) is reported as such" {
	local t=$BATS_TEST_TMPDIR
	: >"$t/file"
	run -113 --separate-stderr timeout 20 "$PID1" --pidfile "$t/file/d.pid" --pidfile-timeout 300ms -- \
		sh -c 'sleep 30 </dev/null >/dev/null 2>&1 & exit 0'
	assert_equal "$stderr" "pid1: cannot follow the daemon in --pidfile $t/file/d.pid: Not a directory"
}
