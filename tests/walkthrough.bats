#!/usr/bin/env bats
# docs/namespaces.md runs: each block tagged test:NAME is run with bash -e in
# an empty directory, with pid1 on PATH, and must print exactly the block
# tagged test:NAME.out. The rootless ones run as nobody.
# SC2154: run sets $stderr.
# shellcheck disable=SC2154

load helpers
source "$BATS_TEST_DIRNAME/helpers/oci-guide.sh"

GUIDE="$REPO/docs/namespaces.md"

setup() {
	WORK=$(mktemp -d /tmp/pid1-walkthrough.XXXXXX)
	mkdir "$WORK/bin"
	NOBODY_DIR=
}

teardown() {
	local pid
	restore_subids
	# A block that failed half-way may leave its sandbox: each runs in WORK.
	for pid in $(pgrep -f -- "$WORK/ready" 2>/dev/null) $(pgrep -x sleep); do
		[ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$WORK" ] && kill -KILL "$pid" 2>/dev/null
	done
	rm -rf "$WORK"
	if [ -n "$NOBODY_DIR" ]; then
		rm -rf "$NOBODY_DIR"
	fi
}

# run_guide NAME [AS...]: run block NAME (as AS..., e.g. setpriv) in WORK
# and compare what it prints with block NAME.out.
run_guide() {
	local name=$1 script=$WORK/$1.sh
	shift
	guide_block "$GUIDE" "$name" >"$script"
	run --separate-stderr timeout -k 5 60 "$@" env PATH="$WORK/bin:$PATH" bash -e -c 'cd "$1" && . "$2"' sh "$WORK" "$script"
	assert_equal "$stderr" ""
	assert_equal "$output" "$(guide_block "$GUIDE" "$name.out")"
	assert_equal "$status" 0
}

as_root() {
	require_root
	require_cmd unshare
	require_cmd nsenter
	ln -s "$PID1" "$WORK/bin/pid1"
}

@test "namespaces.md 1: --pid, and /proc still lists the host" {
	as_root
	run_guide no-mount-proc
}

@test "namespaces.md 2: --mount-proc, and ps lists the namespace alone" {
	as_root
	run_guide mount-proc
}

@test "namespaces.md 3: /proc/\$\$/ns" {
	as_root
	run_guide proc-ns
}

@test "namespaces.md 4: the host's view, NSpid" {
	as_root
	run_guide host-view
}

@test "namespaces.md 5: kill from inside and from the host" {
	as_root
	run_guide kill
}

@test "namespaces.md 6: --join in place of --pid=container:" {
	as_root
	require_cmd ip
	run_guide join
}

@test "namespaces.md 8: --net brings lo up" {
	as_root
	require_cmd ip
	run_guide net
}

# The rootless blocks, as nobody, in a WORK of nobody's own.
as_nobody() {
	require_userns
	ln -s "$NOBODY_PID1" "$WORK/bin/pid1"
	chown -R 65534:65534 "$WORK"
}

@test "namespaces.md 7: rootless --user, and --join by the same user" {
	as_nobody
	run_guide rootless "${AS_NOBODY[@]}"
}

@test "namespaces.md 7: rootless --map-auto with a range in /etc/subuid and /etc/subgid" {
	as_nobody
	add_subids nobody 100000 65536
	run_guide map-auto "${AS_NOBODY[@]}"
}
