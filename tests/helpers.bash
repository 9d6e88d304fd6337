# shellcheck shell=bash
# Shared set-up for pid1's black-box tests (bats-core).
# PID1 selects the binary under test (default: ./pid1 in the repository).

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load.bash'
load '/usr/lib/bats/bats-assert/load.bash'

REPO="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
PID1="${PID1:-$REPO/pid1}"
case "$PID1" in /*) ;; *) PID1="$REPO/$PID1" ;; esac
PROBE="$REPO/build/tests/probe"
export PID1 PROBE REPO

require_root() {
	[ "$(id -u)" = 0 ] || skip "needs root (run make check as root; CI does)"
}

require_cmd() {
	command -v "$1" >/dev/null 2>&1 || skip "needs $1"
}

# Read one line from fd $1 with a timeout, into $REPLY; fails on timeout/EOF.
read_line() {
	local fd=$1 t=${2:-10}
	IFS= read -r -t "$t" -u "$fd" REPLY
}

# Count zombie processes whose parent is $1 (read from /proc).
zombies_of() {
	local parent=$1 n=0 f stat rest state ppid
	for f in /proc/[0-9]*/stat; do
		stat=$(cat "$f" 2>/dev/null) || continue
		rest=${stat##*) }
		state=${rest%% *}
		rest=${rest#* }
		ppid=${rest%% *}
		[ "$state" = Z ] && [ "$ppid" = "$parent" ] && n=$((n + 1))
	done
	echo "$n"
}

# Wait (bounded) until process $1 is gone.
wait_gone() {
	local pid=$1 _
	for _ in $(seq 1 500); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.01
	done
	return 1
}

# The parent pid of process $1, from /proc (empty if it is gone).
procfs_ppid() {
	local stat rest
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	rest=${stat##*) }
	rest=${rest#* }
	echo "${rest%% *}"
}
