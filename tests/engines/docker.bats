#!/usr/bin/env bats
# pid1 under a real Docker (Debian's docker.io): a private dockerd started
# here, images imported from a busybox-static root filesystem (no registry).
# The guide's blocks tagged engine:NAME in docs/docker.md are run as written.

load ../helpers
source "$REPO/tests/helpers/engines.bash"

setup_file() {
	local c
	eng_setup_file
	[ -z "$ENG_SKIP" ] || return 0
	eng_ns_start_with "apt-get install docker.io" dockerd "$DOCKER" docker-init nsenter || return 0
	# As the guide says: pid1 installed as docker-init under /usr/local (a
	# tmpfs in the engines' namespace), named by daemon.json.
	guide_block "$ENG_DOCS/docker.md" docker-init >"$ENG/install.sh"
	(cd "$ENG" && in_ns bash -e "$ENG/install.sh") >"$ENG/install.out" 2>&1 || {
		eng_skip_all "the guide's install block failed: $(cat "$ENG/install.out")"
		return 0
	}
	mkdir -p "$ENG/docker" "$ENG/tini"
	guide_block "$ENG_DOCS/docker.md" daemon-json >"$ENG/docker/daemon.json"
	# The daemon with the guide's daemon.json, and one with Docker's own
	# docker-init (Debian's tini-static), to compare with.
	if ! dockerd_start docker || ! dockerd_start tini; then
		eng_skip_all "$ENG_WHY"
		return 0
	fi
	for c in docker tini; do
		dk_at "$c" import -c 'CMD ["sh"]' "$ENG_ROOTFS_TAR" busybox:1.36 >/dev/null
		dk_at "$c" import -c "ENTRYPOINT $(eng_entrypoint)" -c 'CMD ["sh"]' "$ENG_ROOTFS_TAR" pid1-entry >/dev/null
	done
	# The guides' commands find a docker first on PATH that talks to one of
	# these daemons.
	for c in docker tini; do
		mkdir -p "$ENG/bin-$c"
		printf '#!/bin/sh\nexec %s -H unix://%s "$@"\n' "$DOCKER" "$ENG/$c/sock" >"$ENG/bin-$c/docker"
		chmod 0755 "$ENG/bin-$c/docker"
	done
}

teardown_file() {
	[ -n "${ENG:-}" ] || return 0
	dockerd_stop docker
	dockerd_stop tini
	dockerd_stop renamed
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
		# "CLIENT NAME": the exact containers this test created.
		${c% *} rm -f "${c#* }" >/dev/null 2>&1 || true
	done
}

dk() {
	dk_at docker "$@"
}

tini() {
	dk_at tini "$@"
}

# name CLIENT: a container name (for dk or tini), removed in teardown; in NAME.
name() {
	NAME="t$BATS_TEST_NUMBER-${#CREATED[@]}"
	CREATED+=("$1 $NAME")
}

# run_block DAEMON NAME: docs/docker.md's block engine:NAME, with a docker
# first on PATH that talks to DAEMON.
run_block() {
	eng_run_block docker.md "$2" "$ENG/bin-$1"
}

# ---- the daemon's init ----

@test "docker.md: installed as the guide says, docker version shows pid1 as docker-init; docker info does not" {
	run -0 dk version --format '{{range .Server.Components}}{{.Name}}={{.Version}};{{end}}'
	assert_output --partial "docker-init=1.0.0_pid1;"
	run -0 dk info --format '{{.InitBinary}} [{{.InitCommit.ID}}]'
	assert_output "/usr/local/libexec/pid1/docker-init []"
	run -0 dk info
	refute_output --partial 1.0.0_pid1
	# The daemon for comparison has Debian's docker-init, tini.
	run -0 tini version --format '{{range .Server.Components}}{{.Name}}={{.Version}};{{end}}'
	assert_output --regexp 'docker-init=0\.[0-9.]+;'
}

@test "docker.md: docker run --init (the guide's command): docker-init is PID 1, the command its child" {
	run -0 --separate-stderr run_block docker run-init
	assert_equal "$stderr" ""
	assert_equal "${lines[0]}" "PID   PPID  COMMAND"
	assert_line --index 1 --regexp '^ +1 +0 +docker-init$'
	assert_line --index 2 --regexp '^ +[0-9]+ +1 +ps$'
	assert_equal "${#lines[@]}" 3
	# It is run as /sbin/docker-init -- COMMAND, a read-only bind mount.
	run -0 dk run --rm busybox:1.36 sh -c 'tr "\0" " " </proc/1/cmdline; echo; grep " /sbin/docker-init " /proc/self/mountinfo | cut -d" " -f6'
	assert_line --index 0 '/sbin/docker-init -- sh -c tr "\0" " " </proc/1/cmdline; echo; grep " /sbin/docker-init " /proc/self/mountinfo | cut -d" " -f6 '
	assert_line --index 1 --regexp '^ro,'
}

@test "docker.md: a binary not named docker-init still runs as docker-init, but docker version cannot show it" {
	# Its name on the host is pid1-static: --version answers as pid1, in a
	# format dockerd does not parse.
	dockerd_start renamed --init-path "$ENG_PID1" || fail "$ENG_WHY"
	dk_at renamed import -c 'CMD ["sh"]' "$ENG_ROOTFS_TAR" busybox:1.36 >/dev/null
	run -0 dk_at renamed version --format '{{range .Server.Components}}{{.Name}};{{end}}'
	refute_output --partial docker-init
	run -0 dk_at renamed info --format '{{.InitBinary}} [{{.InitCommit.ID}}]'
	assert_output "$ENG_PID1 [N/A]"
	run -0 grep -F "failed to parse $ENG_PID1 version: unknown output format: pid1 1.0.0" "$ENG/renamed/log"
	# In the container it is /sbin/docker-init all the same, so tini's defaults.
	run -0 dk_at renamed run --rm --init busybox:1.36 sh -c 'read -r c </proc/1/comm; echo "$c"; /sbin/docker-init --version'
	assert_equal "${lines[0]}" docker-init
	assert_equal "${lines[1]}" "tini version 1.0.0_pid1"
	dockerd_stop renamed
}

# ---- pid1 in the image ----

@test "docker.md: ENTRYPOINT [\"/pid1\", \"--\"]: pid1 is PID 1, the command its child in its own group" {
	# --init=false: the guide's daemon.json turns --init on for every container.
	# shellcheck disable=SC2016 # expanded in the container
	run -0 --separate-stderr dk run --rm --init=false pid1-entry sh -c 'read -r c </proc/1/comm; echo "init $c"
		read -r pid comm state ppid pgrp rest </proc/self/stat; echo "me ppid=$ppid pgrp=$pgrp pid=$pid"'
	assert_equal "$stderr" ""
	assert_line --index 0 "init pid1"
	[[ ${lines[1]} =~ ^me\ ppid=1\ pgrp=([0-9]+)\ pid=([0-9]+)$ ]] || fail "unexpected: ${lines[1]}"
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
}

@test "docker: exit codes pass through pid1, in the image and as docker-init" {
	local args code
	for args in "--init=false pid1-entry" "--init busybox:1.36"; do
		for code in 0 7 255; do
			# shellcheck disable=SC2086 # the words of $args
			run -"$code" dk run --rm $args sh -c "exit $code"
		done
		# shellcheck disable=SC2016,SC2086
		run -143 dk run --rm $args sh -c 'kill -TERM $$'
		# shellcheck disable=SC2016,SC2086
		run -129 dk run --rm $args sh -c 'kill -HUP $$'
	done
}

# ---- docker stop ----

# start_ready CLIENT NAME RUN-ARG...: eng_start_ready.
start_ready() {
	eng_start_ready "$@"
}

@test "docker stop: pid1 (ENTRYPOINT, docker-init) vs Docker's own docker-init (tini), a command that exits on SIGTERM" {
	local how e args ms report=
	for how in entry init tini; do
		case $how in
		entry) e=dk args=(--init=false pid1-entry) ;;
		init) e=dk args=(--init busybox:1.36) ;;
		tini) e=tini args=(--init busybox:1.36) ;;
		esac
		name "$e"
		start_ready "$e" "$NAME" "${args[@]}" sh -c 'echo ready; exec sleep 1000'
		ms=$(eng_stop_ms "$e" "$NAME")
		# sleep dies by the forwarded SIGTERM: 128 + 15.
		run -0 eng_exit_code "$e" "$NAME"
		assert_output 143
		report+=" $how=${ms}ms"
	done
	eng_log "docker stop (exits on TERM):$report (entry = ENTRYPOINT pid1, init = pid1 as docker-init, tini = Docker's docker-init)"
}

@test "docker stop: a command that ignores SIGTERM: pid1's grace then SIGKILL, logged; as docker-init Docker's SIGKILL" {
	local ms1 ms2 ms3
	# pid1's own default is 8 s; the guide's PID1_GRACE sets it.
	name dk
	start_ready dk "$NAME" --init=false -e PID1_GRACE=1s pid1-entry sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done'
	ms1=$(eng_stop_ms dk "$NAME" 5)
	run -0 eng_exit_code dk "$NAME"
	assert_output 137
	run -0 dk logs "$NAME"
	assert_output --regexp "pid1: warning: process [0-9]+ still running 1000 ms after SIGTERM; sending SIGKILL"
	# docker-init: grace 0, nothing logged; Docker's SIGKILL at -t 2.
	name dk
	start_ready dk "$NAME" --init busybox:1.36 sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done'
	ms2=$(eng_stop_ms dk "$NAME" 2)
	run -0 eng_exit_code dk "$NAME"
	assert_output 137
	run -0 dk logs "$NAME"
	refute_output --partial "pid1:"
	name tini
	start_ready tini "$NAME" --init busybox:1.36 sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done'
	ms3=$(eng_stop_ms tini "$NAME" 2)
	run -0 eng_exit_code tini "$NAME"
	assert_output 137
	eng_log "docker stop (ignores TERM): ENTRYPOINT pid1 PID1_GRACE=1s, stop -t 5: ${ms1}ms; pid1 as docker-init, -t 2: ${ms2}ms; tini, -t 2: ${ms3}ms"
}

# ---- reaping ----

@test "docker: zero zombies from the command's orphans and from docker exec's orphans" {
	local args
	for args in "--init=false pid1-entry" "--init busybox:1.36"; do
		name dk
		# shellcheck disable=SC2086 # the words of $args
		eng_check_orphans dk "$NAME" $args
	done
}

# ---- signals ----

@test "docker kill -s USR1 reaches the command, in the image and as docker-init" {
	local args
	for args in "--init=false pid1-entry" "--init busybox:1.36"; do
		name dk
		# shellcheck disable=SC2086
		eng_check_usr1 dk "$NAME" $args
	done
}

# ---- terminals ----

@test "docker run -it: ^C on the terminal ends the command, 130" {
	local args
	for args in "--init=false pid1-entry" "--init busybox:1.36"; do
		# shellcheck disable=SC2086
		run python3 "$REPO/tests/helpers/pty_run.py" -t 20 -e 'ready' -s '\x03' \
			-- "$DOCKER" -H "unix://$ENG/docker/sock" run -it --rm $args sh -c 'echo ready; exec sleep 1000'
		assert_equal "$status" 130
	done
}

@test "docker run -it: an interactive shell has job control: ^Z stops a job, fg resumes it, ^C ends it" {
	eng_job_control "$DOCKER" -H "unix://$ENG/docker/sock" run -it --rm --init=false pid1-entry sh
}

# ---- a shared PID namespace ----

@test "docker.md: --pid=container: (the guide's commands): the second pid1 is not PID 1, reaps its own orphans, says nothing" {
	# A daemon without "init": true, or app would get docker-init too.
	run -0 --separate-stderr run_block tini shared-pid
	assert_equal "$stderr" ""
	# app's pid1 is PID 1; the second one's parent is outside the namespace.
	assert_line --regexp '^ +1 +0 +pid1$'
	# The second pid1: parent 0 too (outside), but not PID 1.
	local second
	second=$(awk '$2 == 0 && $3 == "pid1" && $1 != 1 { print $1 }' <<<"$output")
	[ -n "$second" ] || fail "no second pid1 in: $output"
	assert_line --regexp "^ +[0-9]+ +$second +ps$"
}

@test "docker: with --pid=container:, an orphan goes to the second pid1 (subreaper), exit code passes" {
	name dk
	local app=$NAME
	start_ready dk "$app" --init=false pid1-entry sh -c 'echo ready; exec sleep 1000'
	run -3 --separate-stderr dk run --rm --init=false --pid="container:$app" pid1-entry sh -c "$ENG_SHARED"
	eng_check_shared
	# docker stop reaches it: Docker signals the container's first process.
	name dk
	start_ready dk "$NAME" --init=false --pid="container:$app" pid1-entry sh -c 'echo ready; exec sleep 1000'
	run -0 dk stop -t 10 "$NAME"
	run -0 eng_exit_code dk "$NAME"
	assert_output 143
}

@test "docker.md: --init with --pid=container: or --pid=host is dropped without a word" {
	name dk
	local app=$NAME
	start_ready dk "$app" --init=false pid1-entry sh -c 'echo ready; exec sleep 1000'
	name dk
	# shellcheck disable=SC2016 # expanded in the container
	run -0 dk create --init --pid="container:$app" --name "$NAME" busybox:1.36 sh -c 'ps -o pid,comm; echo "ppid $PPID"'
	run -0 dk inspect --format '{{.HostConfig.Init}}' "$NAME"
	assert_output true
	run -0 --separate-stderr dk start -a "$NAME"
	assert_equal "$stderr" ""
	refute_output --partial docker-init
	assert_line --regexp '^ +1 +pid1$'
	# The command's parent is outside the container's namespace: the shim.
	assert_line "ppid 0"
	# shellcheck disable=SC2016
	run -0 --separate-stderr dk run --rm --init --pid=host busybox:1.36 sh -c 'echo "parent $(cat /proc/$PPID/comm)"'
	assert_output "parent containerd-shim"
}

# ---- hygiene ----

@test "docker: stopped by their PIDs, the daemons leave no process and no mount behind" {
	local pid d
	for d in docker tini; do
		pid=$(cat "$ENG/$d/started-pid")
		dockerd_stop "$d"
		ended "$pid" || fail "dockerd $d ($pid) still runs"
	done
	# Their containerd and shims have gone with them: nothing runs in the
	# engines' namespace but its holder.
	run -0 eng_ns_procs
	assert_output ""
	# Their mounts were made in that namespace; the host's has none under ENG.
	run -0 awk -v d="$ENG/" 'index($5, d) == 1' /proc/self/mountinfo
	assert_output ""
}
