#!/usr/bin/env bash
# demo.sh - what pid1 is for, in four short steps:
#   1. without an init, orphans become zombies under a PID 1 that never waits;
#   2. under pid1 they are reaped, and pid1 is PID 1 of its own namespace;
#   3. a SIGTERM sent to pid1 reaches the command, and its status comes back;
#   4. pid1 -v says what it did, on stderr.
# Run it from the repository root, as root (it installs gcc, libc6-dev, make,
# procps and util-linux when they are missing, and builds pid1) or as a user
# who may create user namespaces. It takes about a second.
# PID1=./pid1-static ./demo.sh runs the static build instead.
set -euo pipefail
cd "$(dirname "$0")"

PID1=${PID1:-./pid1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

heading() { printf '\n=== %s\n\n' "$*"; }
say() { printf '%s\n' "$*"; }
# Show a command before running it.
show() { printf '$ %s\n' "$*"; }

# On a fresh machine: install the build tools and build pid1 first.
install_missing() {
	local missing=()
	command -v cc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
	command -v make >/dev/null 2>&1 || missing+=(make)
	command -v ps >/dev/null 2>&1 || missing+=(procps)
	command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
	[ "${#missing[@]}" -gt 0 ] || return 0
	if [ "$(id -u)" != 0 ]; then
		say "demo.sh: missing ${missing[*]}: run as root to install them" >&2
		exit 1
	fi
	say "demo.sh: installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
install_missing
if [ "$PID1" = ./pid1 ]; then
	make -s pid1
fi
if [ ! -x "$PID1" ]; then
	say "demo.sh: $PID1 is missing: run 'make' first" >&2
	exit 1
fi
for tool in ps pgrep unshare; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		say "demo.sh: '$tool' is missing (Debian: apt-get install procps util-linux)" >&2
		exit 1
	fi
done

# Root gets plain namespaces; anyone else a user namespace as well.
if [ "$(id -u)" = 0 ]; then
	unshare_ns=(--pid --fork)
	pid1_ns=(--pid --mount-proc)
else
	unshare_ns=(--user --map-root-user --pid --fork)
	pid1_ns=(--user --mount-proc)
fi
namespaces=yes
unshare "${unshare_ns[@]}" true 2>/dev/null || namespaces=no

# Wait (at most about 5 s) until the shell condition "$@" holds.
wait_until() {
	local _
	for _ in $(seq 250); do
		"$@" && return 0
		sleep 0.02
	done
	return 1
}

zombie_count() { ps -o stat= --ppid "$1" | awk '/^Z/ { n++ } END { print n + 0 }'; }
has_three_zombies() { [ "$(zombie_count "$1")" -ge 3 ]; }

# ---------------------------------------------------------------------------
heading "1. Without an init: orphans become zombies"

if [ "$namespaces" = yes ]; then
	say "A shell in a new PID namespace starts three short-lived orphans, then"
	say "execs 'sleep 10', which becomes PID 1 and never calls wait()."
	show "unshare ${unshare_ns[*]} sh -c 'for i in 1 2 3; do (sleep 0.1 &); done; exec sleep 10'"
	# unshare's stderr is dropped: it complains when its child dies of SIGKILL.
	unshare "${unshare_ns[@]}" sh -c 'for i in 1 2 3; do (sleep 0.1 &); done; exec sleep 10' 2>/dev/null &
	unshare_pid=$!
	wait_until pgrep -P "$unshare_pid" >/dev/null || true
	init=$(pgrep -P "$unshare_pid" || true)
	if [ -z "$init" ]; then
		say "demo.sh: the namespace did not start" >&2
		exit 1
	fi
	wait_until has_three_zombies "$init" || true
	say
	say "Seen from outside the namespace (host PIDs; Z = zombie):"
	ps -o pid,ppid,stat,comm -p "$init" --ppid "$init"
	say
	say "Zombies under that PID 1: $(zombie_count "$init"). They stay until PID 1 dies."
	say "The parent namespace can still signal it: SIGKILL ends PID 1, and the"
	say "kernel then kills everything else in the namespace."
	kill -KILL "$init"
	wait "$unshare_pid" || true
else
	say "(skipped: this user cannot create namespaces here; run as root)"
fi

# ---------------------------------------------------------------------------
heading "2. Under pid1: orphans are reaped"

if [ "$namespaces" = yes ]; then
	say "The same orphans, with pid1 as PID 1 and the command as PID 2."
	say "The command waits until no 'sleep' is left, then runs ps:"
	show "$PID1 ${pid1_ns[*]} -- sh -c '...'"
	# shellcheck disable=SC2016 # the inner shell expands these
	"$PID1" "${pid1_ns[@]}" -- sh -c '
		for i in 1 2 3; do (sleep 0.1 &); done
		i=0
		while pgrep -x sleep >/dev/null && [ "$i" -lt 250 ]; do
			sleep 0.02
			i=$((i + 1))
		done
		ps -o pid,ppid,stat,comm
		ps -o stat= | awk "/^Z/ { n++ } END { print \"Zombies: \" n + 0 }"'
else
	say "(skipped: this user cannot create namespaces here; run as root)"
fi

# ---------------------------------------------------------------------------
heading "3. A SIGTERM sent to pid1 reaches the command"

say "The command traps SIGTERM and exits 42; the demo sends SIGTERM to pid1."
show "$PID1 -- sh -c 'trap \"echo ...; exit 42\" TERM; echo ready; while :; do sleep 0.05; done'"
mkfifo "$tmp/out"
"$PID1" -- sh -c '
	trap "echo \"child: got SIGTERM, cleaning up, exit 42\"; exit 42" TERM
	echo ready
	{ while :; do sleep 0.05; done; } 2>/dev/null' >"$tmp/out" &
pid=$!
exec 3<"$tmp/out"
IFS= read -r -t 10 -u 3 line
say "$line"
show "kill -TERM $pid    # pid1's PID"
kill -TERM "$pid"
while IFS= read -r -t 10 -u 3 line; do
	say "$line"
done
exec 3<&-
status=0
wait "$pid" || status=$?
say "pid1 exited with $status: the command's own exit code."
say

say "Without a trap, SIGTERM kills the command, and pid1 reports 128+15:"
show "$PID1 -- sleep 10"
"$PID1" -- sleep 10 &
pid=$!
wait_until pgrep -P "$pid" -x sleep >/dev/null
show "kill -TERM $pid"
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
say "pid1 exited with $status."

# ---------------------------------------------------------------------------
heading "4. pid1 -v: what pid1 did, on stderr"

say "Not PID 1 here, pid1 is a child subreaper, so orphans still come to it."
say "The command makes one orphan, waits until pid1 has reaped it, then asks"
say "pid1 (its parent) to forward SIGUSR1 to it, and exits 0 when it arrives."
show "$PID1 -v -- sh -c '...' 2>stderr.txt >stdout.txt"
# shellcheck disable=SC2016 # the inner shell expands these
"$PID1" -v -- sh -c '
	orphan=$(sh -c "sleep 0 >/dev/null 2>&1 & echo \$!")
	while kill -0 "$orphan" 2>/dev/null; do sleep 0.01; done
	trap "echo \"child: got SIGUSR1\"; exit 0" USR1
	kill -USR1 "$PPID"
	{ while :; do sleep 0.01; done; } 2>/dev/null' 2>"$tmp/stderr" >"$tmp/stdout"
say "pid1's stderr (its log):"
sed 's/^/  /' "$tmp/stderr"
say "The command's stdout (pid1 never writes there):"
sed 's/^/  /' "$tmp/stdout"

heading "Done"
say "See README.md and 'man ./docs/pid1.1' for everything else."
