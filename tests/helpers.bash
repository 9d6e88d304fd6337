# shellcheck shell=bash
# Shared set-up for pid1's black-box tests (bats-core).
# PID1 selects the binary under test (default: ./pid1 in the repository).

bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load.bash'
load '/usr/lib/bats/bats-assert/load.bash'

# The repository is found from this file, so suites in subdirectories
# (tests/engines/) can load it too.
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
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

# wait_for SECONDS CMD...: run CMD until it succeeds, for at most SECONDS
# (a bounded poll, for what no pipe or wait can tell); fails on timeout.
wait_for() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.01
	done
}

# field N of /proc/PID/stat, counted after the command name (1 = state, 2 = ppid).
stat_field() {
	local stat rest
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	rest=${stat##*) }
	echo "$rest" | cut -d' ' -f"$2"
}

# sig_mask FIELD TEXT: the hex mask on the FIELD line (SigBlk, SigIgn...) of
# TEXT, a copy of a /proc/PID/status.
sig_mask() {
	sed -n "s/^$1:[[:space:]]*//p" <<<"$2"
}

# has_signal HEXMASK SIGNAL: the /proc mask has SIGNAL's bit set.
has_signal() {
	local n
	n=$(kill -l "$2")
	(((16#$1 >> (n - 1)) & 1))
}

# The parent pid of process $1, from /proc (fails if it is gone).
procfs_ppid() {
	stat_field "$1" 2
}

# The state letter of process $1 (R, S, T, Z...), empty if it is gone.
proc_state() {
	stat_field "$1" 1 || true
}

# True if process $1 exists and is not a zombie.
running() {
	local state
	state=$(proc_state "$1")
	[ -n "$state" ] && [ "$state" != Z ]
}

# True if process $1 is a zombie or gone: it has ended.
ended() {
	! running "$1"
}

# True once nothing, not even a zombie, has pid $1: it has been reaped.
reaped() {
	! kill -0 "$1" 2>/dev/null
}

# True if process $1 is in state $2.
state_is() {
	[ "$(proc_state "$1")" = "$2" ]
}

# True if file $1 has exactly $3 lines equal to $2.
has_lines() {
	[ "$(grep -cxF -- "$2" "$1" 2>/dev/null)" = "$3" ]
}

# How many lines of file $1 match the extended regex $2.
count_matches() {
	grep -cE -- "$2" "$1" 2>/dev/null || true
}

# True if at least $3 lines (default 1) of file $1 match the extended regex $2.
has_match() {
	[ "$(count_matches "$1" "$2")" -ge "${3:-1}" ]
}

# The -v line for one orphan reaped that exited 0.
# shellcheck disable=SC2034 # used by the test files that load this one
REAPED_RE='^pid1: info: reaped orphan [0-9]+ \(exit 0\)$'

# The descriptors process $1 holds, as "0 1 2 ".
fds_of() {
	find "/proc/$1/fd" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -n | tr '\n' ' '
}

# True if process $1 holds only fds 0, 1 and 2.
holds_only_std_fds() {
	[ "$(fds_of "$1")" = "0 1 2 " ]
}

# Wait (bounded, 5 s) until process $1 has been reaped.
wait_gone() {
	wait_for 5 reaped "$1"
}

# Wait (bounded, 10 s) until process $1 is in state $2.
wait_state() {
	wait_for 10 state_is "$1" "$2" ||
		fail "process $1 never reached state $2 (it is '$(proc_state "$1")')"
}

# Wait (bounded, 10 s) until file $1 has exactly $3 lines (default 1) equal to $2.
wait_for_line() {
	wait_for 10 has_lines "$1" "$2" "${3:-1}" ||
		fail "expected ${3:-1} line(s) '$2' in $1, which has: $(cat "$1" 2>/dev/null)"
}

# wait_for_match FILE REGEX [N [SECONDS]]: wait (bounded, default 10 s) until a
# line of FILE matches the extended REGEX; with N, until N lines do, and then
# no more than N.
wait_for_match() {
	wait_for "${4:-10}" has_match "$1" "$2" "${3:-1}" ||
		fail "expected ${3:-some} line(s) matching /$2/ in $1, which has $(count_matches "$1" "$2"): $(head -c 2000 "$1" 2>/dev/null)"
	if [ -n "${3:-}" ]; then
		assert_equal "$(count_matches "$1" "$2")" "$3"
	fi
}

# assert_usage_error MESSAGE: after run --separate-stderr, stdout is empty and
# stderr holds exactly "pid1: MESSAGE" and the hint.
assert_usage_error() {
	assert_equal "$output" ""
	assert_equal "$stderr" "pid1: $1
pid1: try 'pid1 --help' for more information"
}

# ---- an init in the background, talking to the test through pipes ----
CLEANUP=()

# start_init CMD...: run CMD (an init under some name, with its arguments) as a
# coproc, without bats' fd 3. Sets P1 (its pid), IN and OUT (fds that write its
# stdin and read its stdout; both outlive the coproc) and ERR (a file, new for
# each init, that receives its stderr). One init at a time: the pipes of the
# one before are closed.
start_init() {
	close_pipes
	ERR=$(mktemp "$BATS_TEST_TMPDIR/err.XXXXXX")
	coproc INIT_CO { exec "$@" 2>"$ERR" 3>&-; }
	P1=$INIT_CO_PID
	CLEANUP+=("$P1")
	exec {OUT}<&"${INIT_CO[0]}" {IN}>&"${INIT_CO[1]}"
}

# start_pid1 ARG...: start_init "$PID1" ARG...
start_pid1() {
	start_init "$PID1" "$@"
}

# close_in: give the init end of file on its stdin.
close_in() {
	if [ -n "${IN:-}" ]; then
		exec {IN}>&-
	fi
	# Cleared, so nothing closes the number again once bash reuses it.
	IN=
}

# close_pipes: close both pipes to the init.
close_pipes() {
	close_in
	if [ -n "${OUT:-}" ]; then
		exec {OUT}<&-
	fi
	OUT=
}

# The init's stderr so far, for failure messages.
init_stderr() {
	printf '; stderr: %s' "$(head -c 2000 "${ERR:-/dev/null}" 2>/dev/null)"
}

# read_ready [FD]: read one "ready PID PGID" line from a probe on FD (default
# $OUT) into CHILD and CHILD_PGID.
read_ready() {
	read_line "${1:-$OUT}" || fail "no ready line from the probe$(init_stderr)"
	[[ $REPLY =~ ^ready\ ([0-9]+)\ ([0-9]+)$ ]] || fail "not a ready line: '$REPLY'"
	CHILD=${BASH_REMATCH[1]}
	CHILD_PGID=${BASH_REMATCH[2]}
	CLEANUP+=("$CHILD")
	# Only ever kill a group that is the probe's own, never the test's.
	if [ "$CHILD_PGID" = "$CHILD" ]; then
		CLEANUP+=("-$CHILD_PGID")
	fi
}

# expect_line FD TEXT: the next line on FD is TEXT.
expect_line() {
	read_line "$1" || fail "timed out waiting for '$2'$(init_stderr)"
	assert_equal "$REPLY" "$2"
}

# expect_got SIGNAME [FD]: the next line from the probe on FD (default $OUT)
# is "got N" for that signal. SIGNAME is a name (USR1, RTMIN+2), not a number.
expect_got() {
	local want
	want="got $(kill -l "$1")"
	read_line "${2:-$OUT}" || fail "SIG$1: no '$want' line (the signal never reached the probe)$(init_stderr)"
	assert_equal "$REPLY" "$want"
}

# True once the init has forked its one child (unshare --fork's, or an outer
# pid1's inner one), whose pid is then in INNER.
has_inner() {
	local kids
	kids=$(pgrep -P "$P1") && [ "$(wc -l <<<"$kids")" = 1 ] && INNER=$kids
}

# wait_inner: wait (bounded, 10 s) for that child, in INNER; teardown kills it,
# and with it a PID namespace it is PID 1 of.
wait_inner() {
	wait_for 10 has_inner || fail "$P1 has not one child: '$(pgrep -P "$P1" | tr '\n' ' ')'$(init_stderr)"
	CLEANUP+=("$INNER")
}

# pid1_exits STATUS: the init from start_init ends (bounded, 10 s) with exit status STATUS.
pid1_exits() {
	local code=0
	wait_for 10 ended "$P1" || fail "pid1 ($P1) is still running$(init_stderr)"
	wait "$P1" || code=$?
	forget_pid "$P1"
	assert_equal "$code" "$1"
}

# forget_pid PID: PID has been collected; teardown must not kill whoever gets the number next.
forget_pid() {
	local p kept=()
	for p in "${CLEANUP[@]}"; do
		[ "$p" = "$1" ] || kept+=("$p")
	done
	CLEANUP=("${kept[@]}")
}

# kill_started: kill what start_init and read_ready recorded; close the pipes.
kill_started() {
	local p
	for p in "${CLEANUP[@]}"; do
		kill -KILL -- "$p" 2>/dev/null || true
	done
	# Collect the init here, or bash reports it "Killed" in the test's output.
	if [ -n "${P1:-}" ]; then
		wait "$P1" 2>/dev/null || true
	fi
	close_pipes
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
