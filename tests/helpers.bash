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

# pids_room: print "ROOM DIR MAX CURRENT" for the tightest pids.max among the
# cgroups this shell is in and their ancestors, in cgroup v1's pids hierarchy
# and in v2's; print nothing when none sets a limit. The limit is
# hierarchical: a fork fails with EAGAIN as soon as any one of them is full,
# so the least room (max - current) is what a test can count on. Inside a
# container (Podman's default is 2048) that is the container's cgroup.
pids_room() {
	local _id ctrls path mnt_root mnt fstype type _src opts best='' dir max cur room line
	local -a f
	while IFS=: read -r _id ctrls path; do
		if [ -z "$ctrls" ]; then
			fstype=cgroup2
		elif [[ ,$ctrls, == *,pids,* ]]; then
			fstype=cgroup
		else
			continue
		fi
		# The hierarchy's mount: mountinfo's fields 4 and 5 (root, mount
		# point), then after " - " the type and the super options.
		mnt=
		while IFS= read -r line; do
			read -ra f <<<"${line%% - *}"
			read -r type _src opts <<<"${line#* - }"
			[ "$type" = "$fstype" ] || continue
			if [ "$fstype" = cgroup ] && [[ ,$opts, != *,pids,* ]]; then
				continue
			fi
			mnt_root=${f[3]}
			mnt=${f[4]}
			break
		done </proc/self/mountinfo
		[ -n "$mnt" ] || continue
		# A mount of a sub-tree (a container without a cgroup namespace)
		# starts at mnt_root: the path is relative to it.
		[ "$mnt_root" = / ] || path=${path#"$mnt_root"}
		dir=$mnt${path%/}
		while :; do
			if [ -r "$dir/pids.max" ] && [ -r "$dir/pids.current" ]; then
				max=$(<"$dir/pids.max")
				cur=$(<"$dir/pids.current")
				if [ "$max" != max ]; then
					room=$((max - cur))
					if [ -z "$best" ] || [ "$room" -lt "${best%% *}" ]; then
						best="$room $dir $max $cur"
					fi
				fi
			fi
			if [ "$dir" = "$mnt" ] || [ "$dir" = / ]; then
				break
			fi
			dir=${dir%/*}
		done
	done </proc/self/cgroup
	[ -z "$best" ] || echo "$best"
}

# require_pids N: skip unless N more processes can exist at once under the
# cgroups' pids.max. N counts what the test itself makes at its peak (the
# zombies of a burst, the orphans a lagging reaper could let pile up); 16 more
# are kept for pid1, its shells and bats' own subshells.
require_pids() {
	local need=$(($1 + 16)) room dir max cur
	read -r room dir max cur <<<"$(pids_room)"
	[ -z "$room" ] || [ "$room" -ge "$need" ] ||
		skip "needs $need processes at once, but $dir/pids.max ($max, $cur in use) leaves room for $room"
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
	local ours
	read_line "${1:-$OUT}" || fail "no ready line from the probe$(init_stderr)"
	[[ $REPLY =~ ^ready\ ([0-9]+)\ ([0-9]+)$ ]] || fail "not a ready line: '$REPLY'"
	CHILD=${BASH_REMATCH[1]}
	CHILD_PGID=${BASH_REMATCH[2]}
	# A probe in a PID namespace of pid1's reports its number there: in the
	# test's own namespace that number may be anyone (in a container, 2 is
	# the test runner). Teardown kills only the number the test can use.
	if ours=$(outer_pid "$CHILD"); then
		CLEANUP+=("$ours")
		# Only ever kill a group that is the probe's own, never the test's.
		if [ "$CHILD_PGID" = "$CHILD" ] && [ "$ours" = "$CHILD" ]; then
			CLEANUP+=("-$CHILD_PGID")
		fi
	fi
}

# skip_if_asan WHY: skip the (rest of the) test for the AddressSanitizer
# build of pid1 (make check SANITIZE=1), saying WHY it cannot run there.
skip_if_asan() {
	if grep -qa __asan_init "$PID1"; then
		skip "AddressSanitizer build: $1"
	fi
}

# descends PID ANCESTOR: PID is ANCESTOR or below it.
descends() {
	local pid=$1 stat
	while [ "$pid" -gt 1 ]; do
		[ "$pid" = "$2" ] && return 0
		stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
		stat=${stat##*) }
		read -r _ pid _ <<<"$stat"
	done
	[ "$pid" = "$2" ]
}

# outer_pid NSPID: the test's number for the descendant of the init ($P1)
# that NSPID names, in the test's namespace or the last one it is in.
outer_pid() {
	local status f
	if [ -z "${P1:-}" ] || descends "$1" "$P1"; then
		echo "$1"
		return 0
	fi
	for status in /proc/[0-9]*/status; do
		read -ra f < <(sed -n 's/^NSpid:[[:space:]]*//p' "$status" 2>/dev/null) || continue
		if [ "${#f[@]}" -gt 1 ] && [ "${f[-1]}" = "$1" ] && descends "${f[0]}" "$P1"; then
			echo "${f[0]}"
			return 0
		fi
	done
	return 1
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

# nobody_pid1: set NOBODY_PID1 to $PID1 and NOBODY_PROBE to $PROBE, or,
# when uid 65534 cannot reach one (a clone under /root, as the README's
# Quick start makes, say), to a copy in a directory it can (same basename:
# the name selects the personality). NOBODY_DIR is then that directory.
nobody_pid1() {
	local v f
	NOBODY_DIR=
	for v in PID1 PROBE; do
		f=${!v}
		if [ -e "$f" ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$f"; then
			if [ -z "$NOBODY_DIR" ]; then
				NOBODY_DIR=$(mktemp -d /tmp/pid1-nobody.XXXXXX)
				chmod 0755 "$NOBODY_DIR"
			fi
			f="$NOBODY_DIR/$(basename "$f")"
			install -m 0755 "${!v}" "$f"
		fi
		printf -v "NOBODY_$v" %s "$f"
	done
}

# ---- namespaces ----
AS_NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# comm of the pid1 binary (what ps and /proc/PID/comm show for it).
pid1_comm() {
	local name
	name=$(basename "$PID1")
	echo "${name:0:15}"
}

# nobody_pid1 (NOBODY_PID1 and NOBODY_PROBE, copies in NOBODY_DIR if need
# be), as root and checked: the copy must be within uid 65534's reach.
require_nobody_pid1() {
	require_root
	require_cmd setpriv
	nobody_pid1
	"${AS_NOBODY[@]}" test -x "$NOBODY_PID1" || fail "uid 65534 cannot run $NOBODY_PID1"
}

# uid 65534 must be able to create a user namespace (util-linux as the referee).
require_userns() {
	require_nobody_pid1
	"${AS_NOBODY[@]}" unshare --user --map-root-user true 2>/dev/null ||
		skip "unprivileged user namespaces are disabled here"
}

# add_subids USER START COUNT: a range for USER in /etc/subuid and
# /etc/subgid, which newuidmap reads itself; restore_subids (in teardown)
# puts both files back byte for byte, in place.
add_subids() {
	require_root
	require_cmd newuidmap
	require_cmd newgidmap
	local f
	for f in subuid subgid; do
		if [ ! -e "$BATS_TEST_TMPDIR/$f.saved" ]; then
			if [ -e "/etc/$f" ]; then cp -p "/etc/$f" "$BATS_TEST_TMPDIR/$f.saved"; else : >"$BATS_TEST_TMPDIR/$f.absent"; fi
		fi
		echo "$1:$2:$3" >>"/etc/$f"
	done
}

restore_subids() {
	local f
	for f in subuid subgid; do
		if [ -e "$BATS_TEST_TMPDIR/$f.saved" ]; then
			cat "$BATS_TEST_TMPDIR/$f.saved" >"/etc/$f"
			rm -f "$BATS_TEST_TMPDIR/$f.saved"
		elif [ -e "$BATS_TEST_TMPDIR/$f.absent" ]; then
			rm -f "/etc/$f" "$BATS_TEST_TMPDIR/$f.absent"
		fi
	done
}
