#!/usr/bin/env bats
# pid1 under a real Podman (Debian's podman 4.3, as root): private storage,
# run and temporary directories and containers.conf, images imported from a
# busybox-static root filesystem (no registry). The guide's blocks tagged
# engine:NAME in docs/podman.md are run as written.

load ../helpers
source "$REPO/tests/helpers/engines.bash"

setup_file() {
	eng_setup_file
	[ -z "$ENG_SKIP" ] || return 0
	pm_setup_file || return 0
	# As the guide says: pid1 installed under /usr/local (a tmpfs in the
	# engines' namespace).
	guide_block "$ENG_DOCS/podman.md" podman-install >"$ENG/install.sh"
	(cd "$ENG" && in_ns bash -e "$ENG/install.sh") >"$ENG/install.out" 2>&1 || {
		eng_skip_all "the guide's install block failed: $(cat "$ENG/install.out")"
		return 0
	}
	# The first podman command tells whether Podman works here at all.
	if ! pm import -q -c 'CMD ["sh"]' "$ENG_ROOTFS_TAR" docker.io/library/busybox:1.36 >"$ENG/import.out" 2>&1; then
		eng_skip_all "podman cannot run here: $(tail -n 2 "$ENG/import.out")"
		return 0
	fi
	pm import -q -c "ENTRYPOINT $(eng_entrypoint)" -c 'CMD ["sh"]' "$ENG_ROOTFS_TAR" localhost/pid1-entry >/dev/null
	if ! pm run --rm busybox:1.36 true >"$ENG/run.out" 2>&1; then
		eng_skip_all "podman cannot start a container here: $(tail -n 2 "$ENG/run.out")"
		return 0
	fi
}

teardown_file() {
	[ -n "${ENG:-}" ] || return 0
	eng_teardown_file
}

setup() {
	eng_setup
	CREATED=()
	PODS=()
}

teardown() {
	local c
	kill_started
	for c in "${CREATED[@]}"; do
		pm rm -f -t 0 "$c" >/dev/null 2>&1 || true
	done
	for c in "${PODS[@]}"; do
		pm pod rm -f -t 0 "$c" >/dev/null 2>&1 || true
	done
}

# name: a container name, removed in teardown; in NAME.
name() {
	NAME="t$BATS_TEST_NUMBER-${#CREATED[@]}"
	CREATED+=("$NAME")
}

# run_block NAME [VAR=VALUE...]: docs/podman.md's block engine:NAME, with
# this suite's podman first on PATH.
run_block() {
	eng_run_block podman.md "$1" "$ENG/bin" "${@:2}"
}

# start_ready NAME RUN-ARG...: eng_start_ready with podman.
start_ready() {
	eng_start_ready pm "$@"
}

ns_empty() {
	[ -z "$(eng_ns_procs)" ]
}

# infra_pid POD: the host pid of the pod's infra container.
infra_pid() {
	pm inspect --format '{{.State.Pid}}' "$(pm pod inspect --format '{{.InfraContainerID}}' "$1")"
}

# ---- pid1 as Podman's --init ----

@test "podman.md: podman run --init --init-path (the guide's command): podman-init is PID 1, the command its child" {
	run -0 --separate-stderr run_block run-init
	assert_equal "$stderr" ""
	assert_equal "${lines[0]}" "PID   PPID  COMMAND"
	assert_line --index 1 --regexp '^ +1 +0 +podman-init$'
	assert_line --index 2 --regexp '^ +[0-9]+ +1 +ps$'
	assert_equal "${#lines[@]}" 3
	# It is run as /run/podman-init -- COMMAND, and it is pid1 under its own defaults.
	# shellcheck disable=SC2016
	run -0 pm run --rm --init --init-path=/usr/local/libexec/pid1/pid1-static busybox:1.36 \
		sh -c 'tr "\0" " " </proc/1/cmdline; echo; /run/podman-init --version'
	assert_line --index 0 --partial '/run/podman-init -- sh -c '
	assert_line --index 1 'pid1 1.0.0'
}

@test "podman.md: containers.conf with init_path (the guide's file): --init runs pid1; init = true is ignored" {
	guide_block "$ENG_DOCS/podman.md" containers-conf >"$BATS_TEST_TMPDIR/guide.conf"
	podman_conf_merge "$BATS_TEST_TMPDIR/guide.conf" >"$BATS_TEST_TMPDIR/containers.conf"
	PM_CONF="$BATS_TEST_TMPDIR/containers.conf" run -0 pm run --rm --init busybox:1.36 sh -c 'read -r c </proc/1/comm; echo "$c"; /run/podman-init --version'
	assert_equal "${lines[0]}" podman-init
	assert_equal "${lines[1]}" "pid1 1.0.0"
	# Podman 4.3 does not take --init's default from the file.
	sed 's/^\[containers\]$/&\ninit = true/' "$BATS_TEST_TMPDIR/containers.conf" >"$BATS_TEST_TMPDIR/init-true.conf"
	run -0 grep -x 'init = true' "$BATS_TEST_TMPDIR/init-true.conf"
	PM_CONF="$BATS_TEST_TMPDIR/init-true.conf" run -0 pm run --rm busybox:1.36 cat /proc/1/comm
	assert_output cat
}

# ---- pid1 in the image ----

@test "podman: ENTRYPOINT [\"/pid1\", \"--\"]: pid1 is PID 1, the command its child in its own group" {
	# shellcheck disable=SC2016 # expanded in the container
	run -0 --separate-stderr pm run --rm localhost/pid1-entry sh -c 'read -r c </proc/1/comm; echo "init $c"
		read -r pid comm state ppid pgrp rest </proc/self/stat; echo "me ppid=$ppid pgrp=$pgrp pid=$pid"'
	assert_equal "$stderr" ""
	assert_line --index 0 "init pid1"
	[[ ${lines[1]} =~ ^me\ ppid=1\ pgrp=([0-9]+)\ pid=([0-9]+)$ ]] || fail "unexpected: ${lines[1]}"
	assert_equal "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
}

@test "podman: exit codes pass through pid1, in the image and as podman-init" {
	local init code
	for init in --init=false --init; do
		for code in 0 7 255; do
			run -"$code" pm run --rm "$init" --init-path=/usr/local/libexec/pid1/pid1-static localhost/pid1-entry sh -c "exit $code"
		done
		# shellcheck disable=SC2016
		run -143 pm run --rm "$init" --init-path=/usr/local/libexec/pid1/pid1-static localhost/pid1-entry sh -c 'kill -TERM $$'
	done
}

# ---- podman stop ----

@test "podman stop: pid1 (ENTRYPOINT, --init-path) vs catatonit (Podman's default init), a command that exits on SIGTERM" {
	command -v catatonit >/dev/null 2>&1 || skip "needs catatonit, Podman's default init (apt-get install catatonit)"
	local how args ms report=
	for how in entry init catatonit; do
		case $how in
		entry) args=(localhost/pid1-entry) ;;
		init) args=(--init --init-path=/usr/local/libexec/pid1/pid1-static busybox:1.36) ;;
		catatonit) args=(--init --init-path="$(command -v catatonit)" busybox:1.36) ;;
		esac
		name
		start_ready "$NAME" "${args[@]}" sh -c 'echo ready; exec sleep 1000'
		ms=$(eng_stop_ms pm "$NAME")
		run -0 eng_exit_code pm "$NAME"
		assert_output 143
		report+=" $how=${ms}ms"
	done
	eng_log "podman stop (exits on TERM):$report (entry = ENTRYPOINT pid1, init = pid1 as podman-init, catatonit = Podman's default init)"
}

@test "podman stop: a command that ignores SIGTERM: pid1's grace then SIGKILL, logged (in the image and as podman-init)" {
	command -v catatonit >/dev/null 2>&1 || skip "needs catatonit, Podman's default init (apt-get install catatonit)"
	local ms1 ms2 ms3
	name
	start_ready "$NAME" -e PID1_GRACE=1s localhost/pid1-entry sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done'
	ms1=$(eng_stop_ms pm "$NAME" 5)
	run -0 eng_exit_code pm "$NAME"
	assert_output 137
	run -0 pm logs "$NAME"
	assert_output --regexp "pid1: warning: process [0-9]+ still running 1000 ms after SIGTERM; sending SIGKILL"
	# As podman-init pid1 keeps its own defaults: a grace period (8 s unless set).
	name
	start_ready "$NAME" -e PID1_GRACE=1s --init --init-path=/usr/local/libexec/pid1/pid1-static busybox:1.36 \
		sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done'
	ms2=$(eng_stop_ms pm "$NAME" 5)
	run -0 eng_exit_code pm "$NAME"
	assert_output 137
	run -0 pm logs "$NAME"
	assert_output --regexp "pid1: warning: process [0-9]+ still running 1000 ms after SIGTERM; sending SIGKILL"
	name
	start_ready "$NAME" --init --init-path="$(command -v catatonit)" busybox:1.36 sh -c 'trap "" TERM; echo ready; while :; do sleep 1; done'
	ms3=$(eng_stop_ms pm "$NAME" 2)
	run -0 eng_exit_code pm "$NAME"
	assert_output 137
	eng_log "podman stop (ignores TERM): ENTRYPOINT pid1 PID1_GRACE=1s, -t 5: ${ms1}ms; pid1 as podman-init PID1_GRACE=1s, -t 5: ${ms2}ms; catatonit, -t 2: ${ms3}ms"
}

# ---- reaping ----

@test "podman: zero zombies from the command's orphans and from podman exec's orphans" {
	local args
	for args in "localhost/pid1-entry" "--init --init-path=/usr/local/libexec/pid1/pid1-static busybox:1.36"; do
		name
		# shellcheck disable=SC2086 # the words of $args
		eng_check_orphans pm "$NAME" $args
	done
}

# ---- signals ----

@test "podman kill -s USR1 reaches the command, in the image and as podman-init" {
	local args
	for args in "localhost/pid1-entry" "--init --init-path=/usr/local/libexec/pid1/pid1-static busybox:1.36"; do
		name
		# shellcheck disable=SC2086
		eng_check_usr1 pm "$NAME" $args
	done
}

# ---- terminals ----

@test "podman run -it: ^C on the terminal ends the command, 130" {
	run python3 "$REPO/tests/helpers/pty_run.py" -t 20 -e 'ready' -s '\x03' \
		-- "$ENG/bin/podman" run -it --rm localhost/pid1-entry sh -c 'echo ready; exec sleep 1000'
	assert_equal "$status" 130
}

@test "podman run -it: an interactive shell has job control: ^Z stops a job, fg resumes it, ^C ends it" {
	eng_job_control "$ENG/bin/podman" run -it --rm localhost/pid1-entry sh
}

# ---- a shared PID namespace ----

@test "podman: with --pid container:, pid1 in ENTRYPOINT is not PID 1, reaps its own orphan, says nothing" {
	name
	local app=$NAME
	start_ready "$app" localhost/pid1-entry sh -c 'echo ready; exec sleep 1000'
	run -3 --separate-stderr pm run --rm --pid="container:$app" localhost/pid1-entry sh -c "$ENG_SHARED"
	eng_check_shared
}

@test "podman.md: --init with --pid container: is refused; pid1 in the ENTRYPOINT works there" {
	name
	local app=$NAME
	start_ready "$app" localhost/pid1-entry sh -c 'echo ready; exec sleep 1000'
	run -125 --separate-stderr pm run --rm --init --init-path=/usr/local/libexec/pid1/pid1-static --pid="container:$app" busybox:1.36 true
	assert_equal "$stderr" "Error: cannot add init binary as PID 1 (PID namespace isn't private)"
	run -125 --separate-stderr pm run --rm --init --init-path=/usr/local/libexec/pid1/pid1-static --pid=host busybox:1.36 true
	assert_equal "$stderr" "Error: cannot add init binary as PID 1 (PID namespace isn't private)"
}

# ---- pods ----

@test "podman.md: a pod whose infra image runs pid1 --pause (the guide's commands): PID 1 of the pod, reaps its orphans" {
	PODS+=(web)
	run -0 --separate-stderr run_block infra-image
	run -0 infra_pid web
	local infra=$output
	run -0 tr '\0' ' ' <"/proc/$infra/cmdline"
	assert_output "/pid1 --pause "
	cmp "/proc/$infra/exe" "$ENG_PID1" || fail "the infra process is not pid1"
	# A container of the pod sees pid1 --pause as PID 1; its orphan goes there.
	# shellcheck disable=SC2016
	run -0 pm run --rm --pod web busybox:1.36 sh -c 'o=$( (sleep 1000 >/dev/null 2>&1 & echo $!) )
		read -r pid comm state ppid rest </proc/$o/stat; echo "orphan $ppid"
		tr "\0" " " </proc/1/cmdline; echo'
	assert_line "orphan 1"
	assert_line "/pid1 --pause "
}

@test "podman.md: pid1 installed as catatonit in helper_binaries_dir (the guide's commands) runs every pod's infra" {
	PODS+=(db)
	guide_block_tag "$ENG_DOCS/podman.md" engine:helper-binaries-dir >"$BATS_TEST_TMPDIR/guide.conf"
	podman_conf_merge "$BATS_TEST_TMPDIR/guide.conf" >"$BATS_TEST_TMPDIR/containers.conf"
	run -0 --separate-stderr run_block catatonit CONTAINERS_CONF="$BATS_TEST_TMPDIR/containers.conf"
	run -0 infra_pid db
	local infra=$output
	# Podman builds its pause image around the helper and runs `catatonit -P`.
	run -0 tr '\0' ' ' <"/proc/$infra/cmdline"
	assert_output "/catatonit -P "
	cmp "/proc/$infra/exe" "$ENG_PID1" || fail "the infra process is not pid1"
	# Under that name pid1 is catatonit: it answers as such.
	run -0 pm run --rm --pod db busybox:1.36 sh -c 'read -r c </proc/1/comm; echo "$c"'
	assert_output catatonit
	# Podman keeps the pause image it built: with the real catatonit first in
	# helper_binaries_dir, a new pod still runs pid1.
	command -v catatonit >/dev/null 2>&1 || return 0
	PODS+=(db2)
	mkdir -p "$BATS_TEST_TMPDIR/real"
	cp "$(command -v catatonit)" "$BATS_TEST_TMPDIR/real/catatonit"
	printf '[engine]\nhelper_binaries_dir = ["%s"]\n' "$BATS_TEST_TMPDIR/real" >"$BATS_TEST_TMPDIR/real.conf"
	podman_conf_merge "$BATS_TEST_TMPDIR/real.conf" >"$BATS_TEST_TMPDIR/real-containers.conf"
	PM_CONF="$BATS_TEST_TMPDIR/real-containers.conf" run -0 pm pod create --name db2 --share pid,ipc,net,uts
	PM_CONF="$BATS_TEST_TMPDIR/real-containers.conf" run -0 pm pod start db2
	run -0 infra_pid db2
	cmp "/proc/$output/exe" "$ENG_PID1" || fail "the pause image was built again"
}

@test "podman pod stop: the infra's pid1 --pause vs catatonit -P, both exit 0" {
	command -v catatonit >/dev/null 2>&1 || skip "needs catatonit, Podman's default pause (apt-get install catatonit)"
	local ms1 ms2 id
	PODS+=(p1 p2)
	pm import -q -c 'ENTRYPOINT ["/pid1", "--pause"]' "$ENG_ROOTFS_TAR" localhost/pid1-pause-t >/dev/null
	mkdir -p "$ENG/catatonit-root"
	cp -a "$ENG_ROOTFS/." "$ENG/catatonit-root/"
	install -m 0755 "$(command -v catatonit)" "$ENG/catatonit-root/catatonit"
	tar -C "$ENG/catatonit-root" -c . | pm import -q -c 'ENTRYPOINT ["/catatonit", "-P"]' - localhost/catatonit-pause-t >/dev/null
	pm pod create --name p1 --share pid,ipc,net,uts --infra-image localhost/pid1-pause-t >/dev/null
	pm pod create --name p2 --share pid,ipc,net,uts --infra-image localhost/catatonit-pause-t >/dev/null
	pm pod start p1 p2 >/dev/null
	ms1=$(eng_stop_ms "pm pod" p1)
	ms2=$(eng_stop_ms "pm pod" p2)
	for id in p1 p2; do
		run -0 pm inspect --format '{{.State.ExitCode}}' "$(pm pod inspect --format '{{.InfraContainerID}}' "$id")"
		assert_output 0
	done
	eng_log "podman pod stop: infra pid1 --pause ${ms1}ms, catatonit -P ${ms2}ms"
}

# ---- hygiene ----

@test "podman: nothing left running in the engines' namespace, no mount on the host" {
	local c
	run -0 pm ps -a --format '{{.Names}}'
	for c in "${lines[@]}"; do
		pm rm -f -t 0 "$c" >/dev/null
	done
	run -0 pm pod ps --format '{{.Name}}'
	for c in "${lines[@]}"; do
		pm pod rm -f -t 0 "$c" >/dev/null
	done
	# conmon and the containers are gone with them.
	wait_for 10 ns_empty || fail "still running: $(eng_ns_procs)"
	run -0 awk -v d="$ENG/" 'index($5, d) == 1' /proc/self/mountinfo
	assert_output ""
}
