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

# field N of /proc/PID/stat, counted after the command name (1 = state, 2 = ppid).
stat_field() {
	local stat rest
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	rest=${stat##*) }
	echo "$rest" | cut -d' ' -f"$2"
}

# The parent pid of process $1, from /proc (fails if it is gone).
procfs_ppid() {
	stat_field "$1" 2
}

# ---- pid1 as a coproc, talking to the probe (signals.bats, housekeeping.bats) ----
CLEANUP=()

# start_pid1 ARG...: run "$PID1" ARG... as a coproc. Sets P1 (pid1's PID), OUT
# (a copy of the fd of its stdout, which outlives the coproc), ERR (its stderr).
start_pid1() {
	ERR="$BATS_TEST_TMPDIR/pid1.err"
	coproc PID1_CO { exec "$PID1" "$@" 2>"$ERR" 3>&-; }
	P1=$PID1_CO_PID
	CLEANUP+=("$P1")
	exec {OUT}<&"${PID1_CO[0]}"
}

# read_ready: read one "ready PID PGID" line from the probe into CHILD, CHILD_PGID.
read_ready() {
	read_line "$OUT" || fail "no ready line from the probe"
	[[ $REPLY =~ ^ready\ ([0-9]+)\ ([0-9]+)$ ]] || fail "not a ready line: '$REPLY'"
	CHILD=${BASH_REMATCH[1]}
	CHILD_PGID=${BASH_REMATCH[2]}
	CLEANUP+=("$CHILD")
	# Only ever kill a group that is the probe's own, never the test's.
	if [ "$CHILD_PGID" = "$CHILD" ]; then
		CLEANUP+=("-$CHILD_PGID")
	fi
}

# pid1_exits STATUS: pid1 ends (bounded wait) with exit status STATUS.
pid1_exits() {
	local i state status=0
	for i in $(seq 1 1000); do
		state=$(stat_field "$P1" 1) || break
		[ "$state" = Z ] && break
		sleep 0.01
	done
	[ "$i" -lt 1000 ] || fail "pid1 ($P1) is still running"
	wait "$P1" || status=$?
	assert_equal "$status" "$1"
}

# kill_started: kill what start_pid1 and read_ready recorded; close pid1's output.
kill_started() {
	local p
	for p in "${CLEANUP[@]}"; do
		kill -KILL -- "$p" 2>/dev/null || true
	done
	if [ -n "${OUT:-}" ]; then
		exec {OUT}<&-
	fi
}

# nobody_pid1: set NOBODY_PID1 to $PID1, or, when uid 65534 cannot reach it
# (a clone under /root, say), to a copy in a directory it can (same basename:
# the name selects the personality). NOBODY_DIR is then that directory.
nobody_pid1() {
	NOBODY_PID1=$PID1
	NOBODY_DIR=
	setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$PID1" && return 0
	NOBODY_DIR=$(mktemp -d /tmp/pid1-nobody.XXXXXX)
	chmod 0755 "$NOBODY_DIR"
	NOBODY_PID1="$NOBODY_DIR/$(basename "$PID1")"
	install -m 0755 "$PID1" "$NOBODY_PID1"
}
