#!/usr/bin/env bats
# pid1 under containerd itself (Debian's containerd 1.6, the runtime that
# Kubernetes drives through CRI): a private daemon started here, containers
# run with `ctr run --rootfs` on a busybox-static root filesystem, pid1 as
# their first process. ctr has no stop timeout of its own; where Docker and
# Podman would send SIGKILL, the test does.

load ../helpers
source "$REPO/tests/helpers/engines.bash"

setup_file() {
	eng_setup_file
	[ -z "$ENG_SKIP" ] || return 0
	eng_ns_start_with "apt-get install containerd runc" containerd ctr runc containerd-shim-runc-v2 nsenter || return 0
	mkdir -p "$ENG/containerd"
	# Its own root, state and socket; no CRI plugin (it would want CNI).
	cat >"$ENG/containerd/config.toml" <<-EOF
		version = 2
		root = "$ENG/containerd/root"
		state = "$ENG/containerd/state"
		disabled_plugins = ["io.containerd.grpc.v1.cri"]
		[grpc]
		  address = "$ENG/containerd/sock"
	EOF
	eng_spawn "$ENG/containerd/log" containerd --config "$ENG/containerd/config.toml"
	echo "$ENG_SPAWNED" >"$ENG/containerd/started-pid"
	if ! wait_for 30 containerd_answers "$ENG_SPAWNED" || ! running "$ENG_SPAWNED"; then
		eng_skip_all "containerd did not start: $(grep -E 'level=(error|fatal)' "$ENG/containerd/log" | tail -n 2)"
		return 0
	fi
}

containerd_answers() {
	ct version >/dev/null 2>&1 || ended "$1"
}

teardown_file() {
	[ -n "${ENG:-}" ] || return 0
	[ -f "$ENG/containerd/started-pid" ] && eng_stop_pid "$(cat "$ENG/containerd/started-pid")" 30
	eng_teardown_file
}

setup() {
	eng_setup
	CREATED=()
}

teardown() {
	local c
	kill_started
	for c in "${CREATED[@]}"; do
		ct task kill -s SIGKILL "$c" >/dev/null 2>&1 || true
		wait_for 10 task_gone "$c" || true
		ct task delete "$c" >/dev/null 2>&1 || true
		ct container delete "$c" >/dev/null 2>&1 || true
	done
}

# ct ARG...: ctr, talking to the suite's containerd, in the engines'
# namespace (ctr makes its fifos under /run/containerd).
ct() {
	in_ns ctr -a "$ENG/containerd/sock" -n pid1-eng "$@"
}

# name: a container id, removed in teardown; in NAME.
name() {
	NAME="t$BATS_TEST_NUMBER-${#CREATED[@]}"
	CREATED+=("$NAME")
}

task_gone() {
	! ct task ls -q | grep -qx "$1"
}

# task_running ID: the container's task is listed as running.
task_running() {
	ct task ls | awk -v id="$1" '$1 == id && $3 == "RUNNING" { f = 1 } END { exit !f }'
}

# task_pid ID: the host pid of the container's first process.
task_pid() {
	ct task ls | awk -v id="$1" '$1 == id { print $2 }'
}

# ctr_run [-t] [--with-ns NS:PATH] ID ARG...: the command line of `ctr run`
# on the read-only busybox root, in RUN (ctr's options go before the ID).
ctr_run() {
	local opts=()
	while :; do
		case $1 in
		-t) opts+=(-t); shift ;;
		--with-ns) opts+=(--with-ns "$2"); shift 2 ;;
		*) break ;;
		esac
	done
	local id=$1
	shift
	RUN=(nsenter -t "$ENG_NS" -m -- ctr -a "$ENG/containerd/sock" -n pid1-eng run --rm --read-only "${opts[@]}" --rootfs "$ENG_ROOTFS" "$id" "$@")
}

# start_ready ID ARG...: ctr run in the background (start_init: stdout on
# OUT, stderr in ERR), then wait for the command's "ready" line.
start_ready() {
	ctr_run "$@"
	start_init "${RUN[@]}"
	close_in
	expect_line "$OUT" ready
}

@test "containerd: pid1 as the first process is PID 1, the command its child in its own group" {
	name
	ctr_run "$NAME" /pid1 -- sh -c 'read -r c </proc/1/comm; echo "init $c"
		read -r pid comm state ppid pgrp rest </proc/self/stat; echo "me ppid=$ppid pgrp=$pgrp pid=$pid"'
	run -0 --separate-stderr "${RUN[@]}"
	assert_equal "$stderr" ""
	assert_line --index 0 "init pid1"
	[[ ${lines[1]} =~ ^me\ ppid=1\ pgrp=([0-9]+)\ pid=([0-9]+)$ ]] || fail "unexpected: ${lines[1]}"
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
}

@test "containerd: exit codes pass through pid1 and ctr" {
	local code
	for code in 0 7 255; do
		name
		ctr_run "$NAME" /pid1 -- sh -c "exit $code"
		run -"$code" "${RUN[@]}"
	done
	name
	# shellcheck disable=SC2016
	ctr_run "$NAME" /pid1 -- sh -c 'kill -TERM $$'
	run -143 "${RUN[@]}"
}

# stop_ms ID [SECONDS]: what `docker stop -t SECONDS` does, with ctr:
# SIGTERM, then SIGKILL if the task is still there after SECONDS (default
# 10). Prints how long until the task was gone, in ms.
stop_ms() {
	local t0 t1
	t0=$(eng_now_ms)
	ct task kill -s SIGTERM "$1"
	if ! wait_for "${2:-10}" task_gone "$1"; then
		ct task kill -s SIGKILL "$1"
		wait_for 10 task_gone "$1" || fail "task $1 survived SIGKILL"
	fi
	t1=$(eng_now_ms)
	echo $((t1 - t0))
}

@test "containerd: stop: pid1 forwards SIGTERM; a command that ignores it: pid1's grace then SIGKILL" {
	local ms1 ms2 ms3
	name
	start_ready "$NAME" /pid1 -- sh -c 'echo ready; exec sleep 1000'
	ms1=$(stop_ms "$NAME")
	pid1_exits 143
	# Without an init, sleep is PID 1 and the kernel drops SIGTERM for it.
	name
	start_ready "$NAME" /bin/sh -c 'echo ready; exec sleep 1000'
	ms2=$(stop_ms "$NAME" 2)
	pid1_exits 137
	name
	start_ready "$NAME" /pid1 --grace 1s -- sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done'
	ms3=$(stop_ms "$NAME" 5)
	pid1_exits 137
	run -0 cat "$ERR"
	assert_output --regexp "^pid1: warning: process [0-9]+ still running 1000 ms after SIGTERM; sending SIGKILL$"
	eng_log "containerd stop (SIGTERM, SIGKILL after the timeout): pid1 ${ms1}ms; no init (sleep as PID 1), -t 2: ${ms2}ms; pid1 --grace 1s, command ignores TERM, -t 5: ${ms3}ms"
}

@test "containerd: zero zombies from the command's orphans and from ctr task exec's orphans" {
	name
	# shellcheck disable=SC2016
	start_ready "$NAME" /pid1 -v -- sh -c "$ENG_ORPHANS"'; echo ready; exec sleep 1000' sh 50
	wait_for_match "$ERR" "$ENG_REAPED" 50
	run -0 ct task exec --exec-id orphans "$NAME" /bin/sh -c "$ENG_ORPHANS" sh 50
	wait_for_match "$ERR" "$ENG_REAPED" 100
	run -0 ct task exec --exec-id ps "$NAME" /bin/ps -o stat,comm
	refute_line --regexp '^Z'
	assert_equal "${#lines[@]}" 4
}

@test "containerd: ctr task kill -s SIGUSR1 reaches the command" {
	name
	start_ready "$NAME" /pid1 -- sh -c 'trap "echo got USR1" USR1; echo ready
		while :; do sleep 1 & wait $!; done'
	run -0 ct task kill -s SIGUSR1 "$NAME"
	expect_line "$OUT" "got USR1"
	running "$P1" || fail "ctr run has exited"
}

@test "containerd: ctr run -t: ^C on the terminal ends the command, 130" {
	name
	ctr_run -t "$NAME" /pid1 -- sh -c 'echo ready; exec sleep 1000'
	run python3 "$REPO/tests/helpers/pty_run.py" -t 20 -e 'ready' -s '\x03' -- "${RUN[@]}"
	assert_equal "$status" 130
}

@test "containerd: ctr run -t: an interactive shell has job control: ^Z stops a job, fg resumes it, ^C ends it" {
	name
	ctr_run -t "$NAME" /pid1 -- sh
	eng_job_control "${RUN[@]}"
}

@test "kubernetes.md: shareProcessNamespace: the pod's command under pid1 --forward-all is not PID 1, reaps its orphan, stops on SIGTERM" {
	local cmd pause app
	# The guide's pod: pid1 with the options it gives, in front of a command
	# (a shell here; the image has no python3).
	mapfile -t cmd < <(guide_block "$ENG_DOCS/kubernetes.md" pod-shared | python3 -c '
import json, re, sys
for l in sys.stdin:
    m = re.match(r"\s*command:\s*(\[.*\])\s*$", l)
    if m:
        print("\n".join(json.loads(m.group(1))))
        break')
	assert_equal "${cmd[*]}" "/pid1 --forward-all --"
	# The pause container holds the pod's PID namespace, as the kubelet's does.
	name
	pause=$NAME
	ctr_run "$pause" /pid1 --pause
	"${RUN[@]}" </dev/null >/dev/null 2>&1 3>&- &
	CLEANUP+=($!)
	wait_for 20 task_running "$pause" || fail "the pause container did not start"
	name
	app=$NAME
	# shellcheck disable=SC2016
	ctr_run --with-ns "pid:/proc/$(task_pid "$pause")/ns/pid" "$app" "${cmd[@]}" sh -c 'o=$( (sleep 1000 >/dev/null 2>&1 & echo $!) )
		read -r pid comm state ppid rest </proc/$o/stat; echo "orphan $ppid"
		read -r pid comm state ppid rest </proc/1/stat; echo "one $comm"
		echo "pid1 $PPID"; echo ready; exec sleep 1000'
	start_init "${RUN[@]}"
	close_in
	read_line "$OUT" || fail "no output$(init_stderr)"
	local orphan=${REPLY#orphan }
	expect_line "$OUT" "one (pid1)"
	read_line "$OUT" || fail "no pid1 line$(init_stderr)"
	local me=${REPLY#pid1 }
	[ "$me" != 1 ] || fail "pid1 is PID 1"
	assert_equal "$orphan" "$me"
	expect_line "$OUT" ready
	# The kubelet's SIGTERM: forwarded to every descendant, the orphan too.
	run -0 ct task kill -s SIGTERM "$app"
	pid1_exits 143
	# Not PID 1, and silent about it.
	run -0 cat "$ERR"
	assert_output ""
}

@test "containerd: stopped by its PID, the daemon leaves no process and no mount behind" {
	local pid
	pid=$(cat "$ENG/containerd/started-pid")
	eng_stop_pid "$pid" 30
	ended "$pid" || fail "containerd ($pid) still runs"
	rm -f "$ENG/containerd/started-pid"
	run -0 eng_ns_procs
	assert_output ""
	run -0 awk -v d="$ENG/" 'index($5, d) == 1' /proc/self/mountinfo
	assert_output ""
}
