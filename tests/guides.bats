#!/usr/bin/env bats
# The guides in docs/ run: every command they show that works on a Debian 12
# machine without a container engine or a registry is taken from the Markdown
# (blocks tagged test:NAME, rows of the migration tables) and run here.

load helpers
source "$BATS_TEST_DIRNAME/helpers/oci-lib.sh"
source "$BATS_TEST_DIRNAME/helpers/oci-guide.sh"

DOCS="$REPO/docs"

setup_file() {
	local bin rc=0
	# `pid1` on PATH for the guides' commands, under that name.
	mkdir -p "$BATS_FILE_TMPDIR/bin"
	ln -s "$PID1" "$BATS_FILE_TMPDIR/bin/pid1"
	# The name `docker run --init` gives it (Docker's own docker-init is not on PATH).
	ln -s "$PID1" "$BATS_FILE_TMPDIR/bin/docker-init"
	export GUIDE_BIN="$BATS_FILE_TMPDIR/bin"
	bin=$(oci_static_pid1 2>"$BATS_FILE_TMPDIR/static.err") || rc=$?
	if [ "$rc" = 0 ]; then
		cp "$bin" "$BATS_FILE_TMPDIR/pid1-static"
		export GUIDE_STATIC="$BATS_FILE_TMPDIR/pid1-static"
	else
		GUIDE_NO_STATIC="no static pid1: $(tail -n 3 "$BATS_FILE_TMPDIR/static.err")"
		export GUIDE_NO_STATIC
	fi
}

setup() {
	WORK="$BATS_TEST_TMPDIR/work"
	mkdir -p "$WORK"
	OBS=0
}

teardown() {
	kill_started
	[ -z "${NOBODY_DIR:-}" ] || rm -rf "$NOBODY_DIR"
}

# stderr_has_line [--regexp] LINE: $stderr (from run --separate-stderr) has LINE.
stderr_has_line() {
	local how=-Fx
	if [ "$1" = --regexp ]; then
		how=-Ex
		shift
	fi
	grep -q $how -- "$1" <<<"$stderr" || fail "no line '$1' on stderr: $stderr"
}

require_static() {
	[ -n "${GUIDE_STATIC:-}" ] || skip "$GUIDE_NO_STATIC"
	cp "$GUIDE_STATIC" "$WORK/pid1-static"
}

# guide_script FILE NAME: the block as a script file; prints its path.
guide_script() {
	local f="$BATS_TEST_TMPDIR/block-$2.sh"
	guide_block "$DOCS/$1" "$2" >"$f" || return 1
	echo "$f"
}

# run_block FILE NAME: run the block with bash -e in $WORK, pid1 on PATH.
run_block() {
	local script
	script=$(guide_script "$1" "$2") || return 1
	(cd "$WORK" && PATH="$GUIDE_BIN:$PATH" bash -e "$script")
}

# in_private_usr_local COMMAND...: run COMMAND in $WORK inside a private mount
# namespace with a tmpfs on /usr/local, so installing there touches nothing.
in_private_usr_local() {
	# shellcheck disable=SC2016 # expanded by the inner sh
	unshare -m sh -c 'mount --make-rprivate / && mount -t tmpfs tmpfs /usr/local && cd "$1" && shift && exec "$@"' \
		sh "$WORK" "$@"
}

# yaml_list FILE NAME KEY: the first `KEY: [...]` flow list of the block (JSON
# syntax; the first container's), one item a line.
yaml_list() {
	guide_block "$DOCS/$1" "$2" | python3 -c '
import json, re, sys
key = sys.argv[1]
found = [json.loads(m.group(1)) for m in (re.match(r"\s*" + re.escape(key) + r":\s*(\[.*\])\s*$", l) for l in sys.stdin) if m]
if not found:
    sys.exit("no line with %s: [...]" % key)
print("\n".join(found[0]))' "$3"
}

# yaml_value FILE NAME KEY: the scalar after the one `KEY:` in the block.
yaml_value() {
	guide_block "$DOCS/$1" "$2" | sed -n "s/^ *$3: *\"\{0,1\}\([^\"]*\)\"\{0,1\} *\$/\1/p"
}

# listening PID PORT: a TCP socket listens on PORT in the network namespace of PID.
listening() {
	cat "/proc/$1/net/tcp" "/proc/$1/net/tcp6" 2>/dev/null |
		awk -v p=":$(printf '%04X' "$2")" '$2 ~ p"$" && $4 == "0A" { f = 1 } END { exit !f }'
}

# A server that has ended will never listen: no need to wait for it.
listening_or_ended() {
	listening "$1" "$2" || ended "$1"
}

# serve_then_stop ARG...: start ARG... (an HTTP server command under pid1,
# whose last argument is its port) with start_init in a network namespace of
# its own, wait until it listens, send SIGTERM to pid1 as `docker stop` or the
# kubelet would, and check that pid1 exits 143 (the server's default action).
serve_then_stop() {
	local port=${!#}
	# unshare execs ARG...: P1 is pid1 itself.
	start_init unshare -rn "$@"
	wait_for 10 listening_or_ended "$P1" "$port" || true
	listening "$P1" "$port" || fail "nothing listens on port $port; stderr: $(cat "$ERR")"
	kill -TERM "$P1"
	pid1_exits 143
}

# with_static_pid1 ARRAY: ARRAY is a guide's command line that starts with
# /pid1; point it at a copy of the static pid1, as the image would have.
with_static_pid1() {
	local -n line=$1
	cp "$GUIDE_STATIC" "$WORK/pid1"
	# shellcheck disable=SC2034 # a nameref: this sets the caller's array
	line[0]="$WORK/pid1"
}

# observe_term TEMPLATE: run a table command with CMD = a main probe that has
# a second probe in its background (same process group), each waiting for two
# signals, and set OBSERVED="main=N bg=M,K status=S" (the init's stderr is in
# $ERR, from start_init):
#  N: the main probe's first signal, after SIGTERM to the init;
#  M: the second probe's first signal: the init forwarded one to the group,
#     or else it is the SIGWINCH (28) sent to it next. Probes report the lowest
#     pending signal first, and 28 is above the signals of interest;
#  K: when M was 28, the second probe is still there when SIGUSR1 ends the
#     main probe: what the init sends it as a leftover, or else (the init has
#     exited) another SIGWINCH. When M was forwarded, the SIGWINCH already
#     ends the second probe: K is "-";
#  S: the init's exit status.
observe_term() {
	local bg="$BATS_TEST_TMPDIR/obs-bg-$((++OBS))" bfd main bg1 bg2=- mainpid bgpid st=0
	mkfifo "$bg"
	# shellcheck disable=SC2016 # expanded by the inner sh
	guide_words "$1" sh -c '"$1" signals 2 >"$2" & exec "$1" signals 2' sh "$PROBE" "$bg"
	start_init env PATH="$GUIDE_BIN:$PATH" "${WORDS[@]}"
	exec {bfd}<>"$bg"
	read_ready
	mainpid=$CHILD
	read_ready "$bfd"
	bgpid=$CHILD
	kill -TERM "$P1"
	read_line "$OUT" || fail "$1: the command got no signal"
	main=${REPLY#got }
	kill -WINCH "$bgpid"
	read_line "$bfd" || fail "$1: the background probe got no first signal"
	bg1=${REPLY#got }
	kill -USR1 "$mainpid"
	wait_gone "$P1" || fail "$1: the init did not exit"
	wait "$P1" || st=$?
	if [ "$bg1" = 28 ]; then
		kill -WINCH "$bgpid" 2>/dev/null || true
		read_line "$bfd" || fail "$1: the background probe got no second signal"
		bg2=${REPLY#got }
	fi
	# The next observe_term starts an init of its own. Cleared once closed:
	# kill_started must not close a number bash reuses.
	exec {bfd}<&- {OUT}<&- {IN}>&-
	OUT='' IN=''
	OBSERVED="main=$main bg=$bg1,$bg2 status=$st"
}

# exit_status TEMPLATE ARG...: the status of a table command with CMD = ARG....
exit_status() {
	local template=$1
	shift
	guide_words "$template" "$@"
	env PATH="$GUIDE_BIN:$PATH" "${WORDS[@]}" >/dev/null 2>&1
}

# table_equivalent FILE KEY EXPECTED: both columns of the row give EXPECTED
# (observe_term); the peer's column only when the peer is installed.
table_equivalent() {
	local file=$1 key=$2 expected=$3 ours peer w
	for w in $key; do
		[[ $w == *=* ]] || { peer=$w; break; }
	done
	ours=$(guide_table_cell "$DOCS/$file" "$key") || fail "no row for $key"
	observe_term "$ours"
	assert_equal "$ours: $OBSERVED" "$ours: $expected"
	if command -v "$peer" >/dev/null 2>&1; then
		observe_term "$key"
		assert_equal "$key: $OBSERVED" "$key: $expected"
	fi
}

# ---- the guides and the tests stay in step ----

@test "guides: every block tagged test:NAME is run by a test in this file (namespaces.md's by walkthrough.bats)" {
	local file name missing=
	while read -r file name; do
		if [ "${file##*/}" = namespaces.md ]; then
			# walkthrough.bats runs NAME and compares its output with NAME.out.
			grep -Eq "run_guide ${name%.out}( |\$)" "$BATS_TEST_DIRNAME/walkthrough.bats" ||
				missing+=" ${file##*/}:$name"
			continue
		fi
		grep -Eq "${file##*/}\"? $name([ )]|\$)" "$BATS_TEST_FILENAME" ||
			missing+=" ${file##*/}:$name"
	done < <(guide_names "$DOCS"/*.md)
	assert_equal "untested blocks:$missing" "untested blocks:"
	run -0 guide_names "$DOCS"/*.md
	[ "${#lines[@]}" -ge 10 ] || fail "only ${#lines[@]} tagged blocks found"
}

@test "guides: every migration table row marked tested is run by a test in this file" {
	local key missing='' n=0
	while IFS= read -r key; do
		n=$((n + 1))
		grep -qF "'$key'" "$BATS_TEST_FILENAME" || missing+=" [$key]"
	done < <(awk -F'|' '/^\|/ && $4 ~ /\*tested\.\*/ { k = $2; gsub(/^[ \t]*`|`[ \t]*$/, "", k); print k }' "$DOCS/migration.md")
	assert_equal "untested rows:$missing" "untested rows:"
	[ "$n" -ge 10 ] || fail "only $n tested rows found"
}

# ---- docs/docker.md ----

@test "docker.md: make static builds a static pid1-static that runs" {
	require_cmd musl-gcc
	cp "$REPO"/*.c "$REPO"/*.h "$REPO"/Makefile "$WORK"/
	mkdir -p "$WORK/tests"
	cp "$REPO"/tests/trim-elf.py "$REPO"/tests/pack-text.py "$WORK"/tests/
	run -0 --separate-stderr run_block docker.md build-static
	assert_regex "${lines[-1]}" '^pid1 [0-9]+\.[0-9]+'
	run -0 readelf -l "$WORK/pid1-static"
	refute_output --partial 'program interpreter'
}

@test "docker.md: the Dockerfile's ENTRYPOINT and CMD run, and stop on SIGTERM" {
	require_static
	local entry cmd dockerfile
	dockerfile=$(guide_script docker.md dockerfile)
	# The binary the ENTRYPOINT names is the one COPY puts there.
	run -0 grep -Ex 'COPY pid1-static /pid1' "$dockerfile"
	mapfile -t entry < <(sed -n 's/^ENTRYPOINT //p' "$dockerfile" | python3 -c 'import json, sys; print("\n".join(json.load(sys.stdin)))')
	mapfile -t cmd < <(sed -n 's/^CMD //p' "$dockerfile" | python3 -c 'import json, sys; print("\n".join(json.load(sys.stdin)))')
	assert_equal "${entry[*]}" "/pid1 --"
	with_static_pid1 entry
	# `docker run IMAGE COMMAND` replaces CMD and keeps pid1 in front.
	run -3 "${entry[@]}" sh -c 'exit 3'
	# The image's own CMD: an HTTP server; `docker stop` sends SIGTERM.
	serve_then_stop "${entry[@]}" "${cmd[@]}"
}

@test "docker.md: docker-init installed as the guide says answers as tini, at daemon.json's init-path" {
	require_root
	require_static
	local script path
	script=$(guide_script docker.md docker-init)
	path=$(guide_block "$DOCS/docker.md" daemon-json | python3 -c '
import json, sys
c = json.load(sys.stdin)
assert c["init"] is True, "init is not true"
print(c["init-path"])')
	[ -n "$path" ] || fail "daemon.json has no init-path"
	run -0 --separate-stderr in_private_usr_local bash -e -c ". '$script'; '$path' --version"
	assert_regex "${lines[0]}" '^tini version [0-9.]+_pid1$'
	assert_equal "${lines[1]}" "${lines[0]}"
	assert_equal "${#lines[@]}" 2
	# The dockerd flag in the text names the same file.
	run -0 grep -F "dockerd --init-path $path" "$DOCS/docker.md"
}

@test "docker.md: named docker-init, signals go to the command only, no grace; the variables change that" {
	observe_term 'docker-init -- CMD'
	assert_equal "$OBSERVED" "main=15 bg=28,28 status=0"
	observe_term 'TINI_KILL_PROCESS_GROUP=1 docker-init -- CMD'
	assert_equal "$OBSERVED" "main=15 bg=15,- status=0"
	observe_term 'PID1_GRACE=8s docker-init -- CMD'
	assert_equal "$OBSERVED" "main=15 bg=28,15 status=0"
}

# ---- docs/kubernetes.md ----

@test "kubernetes.md: the pod's command runs, its grace is below terminationGracePeriodSeconds" {
	require_static
	local cmd args period grace
	mapfile -t cmd < <(yaml_list kubernetes.md pod command)
	mapfile -t args < <(yaml_list kubernetes.md pod args)
	period=$(yaml_value kubernetes.md pod terminationGracePeriodSeconds)
	assert_equal "${cmd[0]}" /pid1
	assert_equal "${cmd[1]}" --grace
	grace=${cmd[2]%s}
	[ "$grace" -lt "$period" ] || fail "--grace ${cmd[2]} is not below terminationGracePeriodSeconds $period"
	with_static_pid1 cmd
	serve_then_stop "${cmd[@]}" "${args[@]}"
}

@test "kubernetes.md: PID1_GRACE from the env snippet is accepted and used" {
	local name value period
	name=$(yaml_value kubernetes.md pod-env '- name')
	value=$(yaml_value kubernetes.md pod-env value)
	period=$(yaml_value kubernetes.md pod terminationGracePeriodSeconds)
	assert_equal "$name" PID1_GRACE
	[ "${value%s}" -lt "$period" ] || fail "PID1_GRACE=$value is not below $period s"
	# A leftover process shows the grace period pid1 uses.
	run -0 --separate-stderr env "PID1_GRACE=$value" "$PID1" -v -- sh -c 'sleep 30 >/dev/null 2>&1 & exit 0'
	stderr_has_line "pid1: info: sent SIGTERM and SIGCONT to the leftover processes; SIGKILL in ${value%s}000 ms"
}

@test "kubernetes.md: the shared-namespace pod's command runs with --forward-all, not as PID 1" {
	require_static
	local cmd args
	run -0 yaml_value kubernetes.md pod-shared shareProcessNamespace
	assert_output true
	mapfile -t cmd < <(yaml_list kubernetes.md pod-shared command)
	mapfile -t args < <(yaml_list kubernetes.md pod-shared args)
	assert_equal "${cmd[*]}" "/pid1 --forward-all --"
	with_static_pid1 cmd
	serve_then_stop "${cmd[@]}" "${args[@]}"
}

@test "kubernetes.md: not PID 1, pid1 reaps the orphan of its command (subreaper block)" {
	run -0 --separate-stderr run_block kubernetes.md subreaper
	assert_equal "$output" ""
	stderr_has_line --regexp "$REAPED_RE"
}

@test "kubernetes.md: --forward-all reaches a descendant that left the process group" {
	local other="$BATS_TEST_TMPDIR/other" sfd
	mkfifo "$other"
	# shellcheck disable=SC2016
	start_pid1 -v --forward-all -- sh -c 'setsid "$1" signals 1 >"$2" & exec "$1" signals 1' sh "$PROBE" "$other"
	exec {sfd}<>"$other"
	read_ready
	# The setsid probe: a group (and session) of its own.
	read_ready "$sfd"
	assert_equal "$CHILD_PGID" "$CHILD"
	kill -TERM "$P1"
	expect_got TERM
	expect_got TERM "$sfd"
	pid1_exits 0
	run -0 grep -x 'pid1: info: forwarded SIGTERM to every descendant' "$ERR"
	exec {sfd}<&-
}

# ---- docs/podman.md ----

@test "podman.md: pid1-static installed as the guide says runs, and containers.conf names it" {
	require_root
	require_static
	local script path
	script=$(guide_script podman.md podman-install)
	path=$(guide_block "$DOCS/podman.md" containers-conf | python3 -c '
import sys, tomllib
c = tomllib.loads(sys.stdin.read())["containers"]
print(c["init_path"])')
	[ -n "$path" ] || fail "containers.conf has no init_path"
	run -0 --separate-stderr in_private_usr_local bash -e -c ". '$script'; '$path' --version"
	assert_regex "${lines[0]}" '^pid1 [0-9]+\.[0-9]+'
	assert_equal "${lines[1]}" "${lines[0]}"
	# The podman run example uses the same file.
	run -0 grep -F -- "podman run --init --init-path=$path " "$DOCS/podman.md"
}

check_rootless_output() {
	assert_line --index 1 --regexp '^ +1 +0 pid1$'
	assert_line --index 2 --regexp '^ +2 +1 ps$'
	assert_line --index 3 0
	assert_equal "${#lines[@]}" 4
}

@test "podman.md: pid1 --user --mount-proc runs the command as PID 2 under pid1" {
	run -0 --separate-stderr run_block podman.md rootless
	check_rootless_output
}

@test "podman.md: pid1 --user --mount-proc works for an unprivileged user" {
	require_root
	require_cmd setpriv
	local script
	setpriv --reuid=65534 --regid=65534 --clear-groups unshare -U true 2>/dev/null ||
		skip "unprivileged user namespaces are disabled here"
	NOBODY_DIR=$(mktemp -d /tmp/pid1-guides.XXXXXX)
	chmod 0755 "$NOBODY_DIR"
	cp "$PID1" "$NOBODY_DIR/pid1"
	script=$(guide_script podman.md rootless)
	cp "$script" "$NOBODY_DIR/block.sh"
	chmod 0644 "$NOBODY_DIR/block.sh"
	run -0 --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups \
		env PATH="$NOBODY_DIR:/usr/bin:/bin" sh -c 'cd / && bash -e "$1"' sh "$NOBODY_DIR/block.sh"
	check_rootless_output
}

# ---- docs/migration.md: the command tables ----

@test "migration.md: 'tini -- CMD' row: the child only gets SIGTERM, no grace" {
	table_equivalent migration.md 'tini -- CMD' "main=15 bg=28,28 status=0"
}

@test "migration.md: 'tini -g -- CMD' row: the process group gets SIGTERM" {
	table_equivalent migration.md 'tini -g -- CMD' "main=15 bg=15,- status=0"
}

@test "migration.md: 'TINI_KILL_PROCESS_GROUP=1 tini -- CMD' row" {
	table_equivalent migration.md 'TINI_KILL_PROCESS_GROUP=1 tini -- CMD' "main=15 bg=15,- status=0"
}

@test "migration.md: 'tini -s -- CMD' row" {
	table_equivalent migration.md 'tini -s -- CMD' "main=15 bg=28,28 status=0"
}

@test "migration.md: 'tini -e 143 -- CMD' row: 143 becomes 0" {
	local ours
	ours=$(guide_table_cell "$DOCS/migration.md" 'tini -e 143 -- CMD')
	# shellcheck disable=SC2016
	run -0 exit_status "$ours" sh -c 'kill -TERM $$'
	run -143 exit_status "${ours/-e 143 /}" sh -c 'kill -TERM $$'
	if command -v tini >/dev/null 2>&1; then
		# shellcheck disable=SC2016
		run -0 exit_status 'tini -e 143 -- CMD' sh -c 'kill -TERM $$'
	fi
}

@test "migration.md: 'tini -v -- CMD' row: pid1's log stays off stdout" {
	local ours
	ours=$(guide_table_cell "$DOCS/migration.md" 'tini -v -- CMD')
	# observe_term reads the probes' lines from stdout: a log line there would show.
	observe_term "$ours"
	assert_equal "$OBSERVED" "main=15 bg=28,28 status=0"
	run -0 cat "$ERR"
	assert_line --regexp '^pid1: info: forwarded SIGTERM to [0-9]+$'
	if command -v tini >/dev/null 2>&1; then
		# What the row warns about: tini's -v messages are mixed into stdout.
		guide_words 'tini -v -- CMD' echo hello
		run -0 --separate-stderr "${WORDS[@]}"
		assert_line hello
		assert_line --regexp '^\[INFO +tini'
	fi
}

@test "migration.md: 'dumb-init CMD' row: the process group gets SIGTERM" {
	table_equivalent migration.md 'dumb-init CMD' "main=15 bg=15,- status=0"
}

@test "migration.md: 'dumb-init -c CMD' row: the child only" {
	table_equivalent migration.md 'dumb-init -c CMD' "main=15 bg=28,28 status=0"
}

@test "migration.md: 'DUMB_INIT_SETSID=0 dumb-init CMD' row" {
	table_equivalent migration.md 'DUMB_INIT_SETSID=0 dumb-init CMD' "main=15 bg=28,28 status=0"
}

@test "migration.md: 'dumb-init -r 15:3 CMD' row: SIGTERM arrives as SIGQUIT" {
	table_equivalent migration.md 'dumb-init -r 15:3 CMD' "main=3 bg=3,- status=0"
	# The same by name, as the row says.
	observe_term 'pid1 -r TERM:QUIT -- CMD'
	assert_equal "$OBSERVED" "main=3 bg=3,- status=0"
}

# ---- docs/migration.md: what changes ----

@test "migration.md: exit codes: 127/126 for exec failures, 100 for bad usage" {
	run -127 --separate-stderr "$PID1" -- /nonexistent/cmd
	run -126 --separate-stderr "$PID1" -- /etc
	run -100 --separate-stderr "$PID1" --bogus -- true
	if command -v dumb-init >/dev/null 2>&1; then
		run -2 dumb-init /nonexistent/cmd
		run -1 dumb-init --bogus true
	fi
	if command -v tini >/dev/null 2>&1; then
		run -127 tini -- /nonexistent/cmd
		run -1 tini --bogus -- true
	fi
}

@test "migration.md: grace by name: 8 s as pid1, none as tini, docker-init and dumb-init (which TERMs the group)" {
	local name bg
	for name in pid1 tini docker-init dumb-init; do
		ln -sf "$PID1" "$WORK/$name"
	done
	# shellcheck disable=SC2016
	run -0 --separate-stderr "$WORK/pid1" -v -- sh -c 'sleep 30 >/dev/null 2>&1 & exit 0'
	stderr_has_line 'pid1: info: sent SIGTERM and SIGCONT to the leftover processes; SIGKILL in 8000 ms'
	stderr_has_line --regexp '^pid1: info: reaped orphan [0-9]+ \(signal TERM\)$'
	for name in tini docker-init dumb-init; do
		# shellcheck disable=SC2016
		run -0 --separate-stderr "$WORK/$name" -v -- sh -c 'sleep 30 >/dev/null 2>&1 & echo $!; exit 0'
		bg=$output
		CLEANUP+=("$bg")
		[[ $stderr != *leftover* ]] || fail "$name: $stderr"
		if [ "$name" = dumb-init ]; then
			# Its session mode: SIGTERM to the command's group, no wait.
			stderr_has_line --regexp "^pid1: info: sent SIGTERM to process group [0-9]+ \\(dumb-init's session mode\\)$"
			wait_for 10 ended "$bg" || fail "dumb-init: the leftover outlived its SIGTERM"
			continue
		fi
		# A killed leftover would be a zombie, which kill -0 does not tell apart.
		running "$bg" || fail "$name: the leftover process was killed (state '$(proc_state "$bg")')"
		kill -KILL "$bg"
	done
}

@test "migration.md: --version by name" {
	local name
	for name in pid1 tini tini-static docker-init dumb-init; do
		ln -sf "$PID1" "$WORK/$name"
	done
	run -0 "$WORK/pid1" --version
	assert_regex "$output" '^pid1 [0-9.]+$'
	for name in tini tini-static docker-init; do
		run -0 "$WORK/$name" --version
		assert_regex "$output" '^tini version [0-9.]+_pid1$'
	done
	run -0 "$WORK/dumb-init" --version
	assert_regex "$output" '^dumb-init v[0-9.]+ \(pid1\)$'
}

@test "migration.md: started with SIGCHLD ignored pid1 works, and the child keeps the ignored SIGCHLD" {
	local ign_chld='import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])'
	run -7 timeout -k 5 10 python3 -c "$ign_chld" "$PID1" -- sh -c 'exit 7'
	# Not checked through sh: shells reset SIGCHLD themselves.
	run -0 --separate-stderr timeout -k 5 10 python3 -c "$ign_chld" "$PID1" -- grep SigIgn /proc/self/status
	has_signal "$(sig_mask SigIgn "$output")" CHLD || fail "SIGCHLD is not ignored in the child: $output"
}

@test "migration.md: the child inherits ignored signals" {
	# shellcheck disable=SC2016
	run -0 sh -c 'trap "" HUP; exec "$1" -- grep SigIgn /proc/self/status' sh "$PID1"
	has_signal "$(sig_mask SigIgn "$output")" HUP || fail "SIGHUP is not ignored in the child: $output"
}
