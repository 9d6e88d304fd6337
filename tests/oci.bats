#!/usr/bin/env bats
# Real containers: the static pid1 as PID 1 of OCI containers run by runc and
# crun, in a busybox root filesystem built here (nothing is downloaded). pid1
# is bind-mounted read-only into the container the way `docker run --init`
# mounts its init.

load helpers
source "$BATS_TEST_DIRNAME/helpers/oci-lib.sh"

setup_file() {
	local bin rc=0
	bin=$(oci_static_pid1 2>"$BATS_FILE_TMPDIR/static.err") || rc=$?
	case $rc in
	0)
		cp "$bin" "$BATS_FILE_TMPDIR/pid1-static"
		export OCI_PID1_STATIC="$BATS_FILE_TMPDIR/pid1-static"
		;;
	1)
		OCI_NO_STATIC=$(cat "$BATS_FILE_TMPDIR/static.err")
		export OCI_NO_STATIC
		;;
	*)
		OCI_STATIC_FAILED="building pid1-static failed: $(tail -n 5 "$BATS_FILE_TMPDIR/static.err")"
		export OCI_STATIC_FAILED
		;;
	esac
	export OCI_ROOTFS="$BATS_FILE_TMPDIR/rootfs"
	if oci_static_busybox >/dev/null; then
		oci_make_rootfs "$OCI_ROOTFS"
	fi
}

setup() {
	[ -z "${OCI_STATIC_FAILED:-}" ] || fail "$OCI_STATIC_FAILED"
	CN=0
	CREATED=()
}

teardown() {
	local c
	# kill_started only reaches what is in front of the runtime (timeout,
	# script); the containers themselves go with oci_delete.
	kill_started
	for c in "${CREATED[@]}"; do
		# shellcheck disable=SC2086 # "RUNTIME ID"
		oci_delete $c
	done
}

# new_container RUNTIME [-t] -- ARG...: a bundle whose process is ARG...;
# sets RT, CID (unique, deleted in teardown), BUNDLE and CONTAINER, the
# command that runs it in the foreground, bounded by OCI_TIMEOUT.
new_container() {
	RT=$1
	shift
	CN=$((CN + 1))
	# Unique across concurrent suites, even ones in PID namespaces of their own where $$ repeats.
	CID="pid1-${BATS_RUN_TMPDIR##*/}-$BATS_TEST_NUMBER-$CN"
	BUNDLE="$BATS_TEST_TMPDIR/bundle-$CN"
	CREATED+=("$RT $CID")
	CONTAINER=(timeout -k 5 "${OCI_TIMEOUT:-60}" sh "$OCI_RUN" "$RT" "$BUNDLE" "$CID")
	oci_make_bundle "$BUNDLE" "$OCI_ROOTFS" "$OCI_PID1_STATIC" "$@"
}

# Run the last new_container in the foreground (use with `run`), stdin from
# /dev/null as `docker run` without -i gives it. Not the caller's stdin: when
# that is closed, runc's own pipes land on fd 0 and the container gets them.
run_container() {
	"${CONTAINER[@]}" </dev/null
}

# run_on_terminal [start_init]: run the last new_container under script(1), on
# a terminal of its own, as `docker run -it` runs it. The shell script starts
# must exec timeout: a shell that waits for it (dash, when SHELL is unset, as on
# CI) leaves timeout free to make a process group of its own; runc is then
# outside the terminal's foreground group, and because it catches SIGTTOU its
# call to restore the terminal restarts forever after the container has ended.
run_on_terminal() {
	"$@" script -qec "exec ${CONTAINER[*]@Q}" /dev/null
}

# Start the last new_container in the background with start_init: stdout on
# $OUT, stderr in $ERR, pid1_exits for its status. Its stdin is at end of file,
# as if from /dev/null.
start_container() {
	start_init "${CONTAINER[@]}"
	close_in
}

# ---- the checks, one function per behaviour, run with each runtime ----

check_pid1_is_pid_1() {
	# shellcheck disable=SC2016 # expanded in the container
	new_container "$1" -- /pid1 -- sh -c 'read -r c </proc/1/comm; echo "init $c"
		read -r pid comm state ppid pgrp rest </proc/self/stat
		echo "me pid=$pid ppid=$ppid pgrp=$pgrp"
		ps -o pid,ppid,comm'
	run -0 --separate-stderr run_container
	assert_equal "$stderr" ""
	assert_line --index 0 "init pid1"
	# The command is pid1's child, not PID 1, in a process group of its own.
	[[ ${lines[1]} =~ ^me\ pid=([0-9]+)\ ppid=1\ pgrp=([0-9]+)$ ]] || fail "unexpected: ${lines[1]}"
	local pid=${BASH_REMATCH[1]} pgrp=${BASH_REMATCH[2]}
	[ "$pid" != 1 ] || fail "the command is PID 1"
	assert_equal "$pgrp" "$pid"
	assert_line --regexp '^ +1 +0 +pid1$'
	# busybox sh runs its last command (ps) in its own process.
	assert_line --regexp "^ +$pid +1 +ps$"
}

check_exit_codes() {
	local code
	for code in 0 7 255; do
		new_container "$1" -- /pid1 -- sh -c "exit $code"
		run -"$code" --separate-stderr run_container
		assert_equal "$stderr" ""
	done
	# shellcheck disable=SC2016
	new_container "$1" -- /pid1 -- sh -c 'kill -TERM $$'
	run -143 run_container
	# shellcheck disable=SC2016
	new_container "$1" -- /pid1 -- sh -c 'kill -HUP $$'
	run -129 run_container
}

check_kill_term_trapped() {
	new_container "$1" -- /pid1 -- sh -c 'trap "echo got TERM; exit 42" TERM
		echo ready
		while :; do sleep 1; done'
	start_container
	expect_line "$OUT" ready
	run -0 oci_kill "$RT" "$CID" TERM
	expect_line "$OUT" "got TERM"
	pid1_exits 42
}

check_orphans_reaped() {
	# The container's processes count against the test's cgroups: runc makes the
	# container's cgroup below its own, and crun runs here without cgroups.
	require_pids 1000
	# 1000 orphans: each subshell exits at once, leaving its `sleep 0` to PID 1.
	# One more orphan stays alive to show whom orphans are re-parented to. The
	# bounded wait is for the last orphans to be gone, not for pid1.
	# shellcheck disable=SC2016
	new_container "$1" -- /pid1 -v -- sh -c '(sleep 1000 &)
		i=0; while [ $i -lt 1000 ]; do (sleep 0 &); i=$((i + 1)); done
		# Busy while a zombie is left or an orphan other than sleep 1000 runs.
		busy() { ps -o pid,ppid,stat,args | awk -v me=$$ "\$3 ~ /Z/ ||
			(\$2 == 1 && \$1 != me && \$4 \" \" \$5 != \"sleep 1000\") { f = 1 } END { exit !f }"; }
		n=0
		while [ $n -lt 200 ] && busy; do n=$((n + 1)); sleep 0.05; done
		ps -o pid,ppid,stat,args'
	run -0 --separate-stderr run_container
	refute_line --regexp '^ *[0-9]+ +[0-9]+ +Z'
	assert_line --regexp '^ *[0-9]+ +1 +S +sleep 1000$'
	# pid1 -v logs every orphan it reaped: the 1000 short ones, then the long
	# one, which got SIGTERM as a leftover when the command ended.
	local reaped
	reaped=$(grep -Ec "$REAPED_RE" <<<"$stderr" || true)
	assert_equal "$reaped" 1000 || fail "stderr: $stderr"
	assert_regex "$stderr" $'\npid1: info: reaped orphan [0-9]+ \\(signal TERM\\)'
}

# ---- runc ----

@test "runc: pid1 is PID 1 of the container and the command is its child" {
	oci_require_runtime runc
	check_pid1_is_pid_1 runc
}

@test "runc: exit codes 0, 7, 255 and 128+N come out of runc run unchanged" {
	oci_require_runtime runc
	check_exit_codes runc
}

@test "runc: runc kill TERM (docker stop) reaches a command that traps it" {
	oci_require_runtime runc
	check_kill_term_trapped runc
}

@test "runc: runc kill TERM ends a command that does not handle it with 143" {
	oci_require_runtime runc
	new_container runc -- /pid1 -- sh -c 'echo ready; sleep 1000'
	start_container
	expect_line "$OUT" ready
	run -0 oci_kill runc "$CID" TERM
	pid1_exits 143
}

@test "runc: a command that ignores TERM is SIGKILLed when pid1's --grace runs out" {
	oci_require_runtime runc
	new_container runc -- /pid1 --grace 300ms -- sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done'
	start_container
	read_line "$OUT" || fail "no readiness line; stderr: $(cat "$ERR")"
	run -0 oci_kill runc "$CID" TERM
	pid1_exits 137
	wait_for_match "$ERR" '^pid1: warning: process [0-9]+ still running 300 ms after SIGTERM; sending SIGKILL$'
}

@test "runc: 1000 orphans made in the container are reaped, ps shows no zombie" {
	oci_require_runtime runc
	check_orphans_reaped runc
}

@test "runc: the container's stdin and stdout pass through pid1" {
	oci_require_runtime runc
	new_container runc -- /pid1 -- cat
	run -0 --separate-stderr sh -c 'printf "hello\nworld\n" | "$@"' sh "${CONTAINER[@]}"
	assert_equal "$output" $'hello\nworld'
	assert_equal "$stderr" ""
}

@test "runc: with a terminal (docker run -it) the command's group gets the terminal" {
	oci_require_runtime runc
	require_cmd script
	# shellcheck disable=SC2016
	new_container runc -t -- /pid1 -- sh -c 'read -r pid comm state ppid pgrp sid tty tpgid rest </proc/1/stat
		echo "init pgrp=$pgrp sid=$sid tpgid=$tpgid"
		read -r pid comm state ppid pgrp sid tty tpgid rest </proc/self/stat
		echo "me pid=$pid pgrp=$pgrp sid=$sid tpgid=$tpgid"
		exit 3'
	run -3 run_on_terminal </dev/null
	local out=${output//$'\r'/}
	# runc makes pid1 the session leader of the container's terminal...
	[[ $out =~ init\ pgrp=1\ sid=1\ tpgid=([0-9]+) ]] || fail "unexpected: $out"
	local init_tpgid=${BASH_REMATCH[1]}
	# ...and pid1 hands the terminal to the command's process group.
	[[ $out =~ me\ pid=([0-9]+)\ pgrp=([0-9]+)\ sid=1\ tpgid=([0-9]+) ]] || fail "unexpected: $out"
	local pid=${BASH_REMATCH[1]} pgrp=${BASH_REMATCH[2]} tpgid=${BASH_REMATCH[3]}
	assert_equal "$pgrp" "$pid"
	assert_equal "$tpgid" "$pid"
	assert_equal "$init_tpgid" "$pid"
}

@test "runc: with a terminal, Ctrl-C goes from the terminal to the command, not through pid1" {
	oci_require_runtime runc
	require_cmd script
	new_container runc -t -- /pid1 -v -- sh -c 'trap "echo got INT; exit 5" INT; echo ready; while :; do sleep 1; done'
	local line all=
	# script's terminal: what goes to $IN is typed on it, what the container
	# writes to it (pid1's log too) comes out on $OUT.
	run_on_terminal start_init
	# runc itself (Go) may pass its runtime's SIGURG on to pid1, which forwards it.
	while read_line "$OUT" && [[ ${REPLY%$'\r'} == "pid1: info: forwarded SIGURG to "* ]]; do :; done
	assert_equal "${REPLY%$'\r'}" ready
	printf '\003' >&"$IN" # what the terminal sends for Ctrl-C
	while IFS= read -r -t 10 -u "$OUT" line; do
		all+="${line%$'\r'}"$'\n'
	done
	close_in
	# The output first: when something hangs, it says how far the command got.
	assert_regex "$all" 'got INT'
	# The terminal signalled the foreground group itself: pid1 (-v) forwarded no SIGINT.
	refute_regex "$all" 'pid1: info: forwarded SIGINT'
	pid1_exits 5
}

@test "runc: mounted as /sbin/docker-init pid1 answers as tini and runs the command" {
	oci_require_runtime runc
	new_container runc -- /sbin/docker-init --version
	run -0 --separate-stderr run_container
	assert_regex "$output" '^tini version [^[:space:]]+$'
	# What `docker run --init IMAGE CMD` runs: /sbin/docker-init -- CMD.
	# shellcheck disable=SC2016
	new_container runc -- /sbin/docker-init -- sh -c 'read -r c </proc/1/comm; echo "init $c ppid=$PPID"; exit 7'
	run -7 --separate-stderr run_container
	assert_equal "$output" "init docker-init ppid=1"
	assert_equal "$stderr" ""
	# Podman's --init mounts its init at /run/podman-init: pid1's own defaults.
	new_container runc -- /run/podman-init --version
	run -0 --separate-stderr run_container
	assert_regex "$output" '^pid1 [^[:space:]]+$'
}

# ---- crun: a representative subset ----

@test "crun: pid1 is PID 1 of the container and the command is its child" {
	oci_require_runtime crun
	check_pid1_is_pid_1 crun
}

@test "crun: exit codes 0, 7, 255 and 128+N come out of crun run unchanged" {
	oci_require_runtime crun
	check_exit_codes crun
}

@test "crun: crun kill TERM reaches a command that traps it" {
	oci_require_runtime crun
	check_kill_term_trapped crun
}

@test "crun: 1000 orphans made in the container are reaped, ps shows no zombie" {
	oci_require_runtime crun
	check_orphans_reaped crun
}
