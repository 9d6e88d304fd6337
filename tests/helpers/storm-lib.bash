# Shared by faults.bats, storm.bats and stress.bats (load after helpers).
# shellcheck shell=bash

# Build storm-child (tests/helpers/storm-child.c) into $BATS_FILE_TMPDIR:
# STORM_CHILD dynamic, STORM_CHILD_STATIC static (it must start with no
# descriptor free, when a dynamic loader could not open libc).
storm_build() {
	STORM_CHILD=$BATS_FILE_TMPDIR/storm-child
	STORM_CHILD_STATIC=$BATS_FILE_TMPDIR/storm-child-static
	cc -std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o "$STORM_CHILD" "$REPO/tests/helpers/storm-child.c"
	cc -std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static -o "$STORM_CHILD_STATIC" \
		"$REPO/tests/helpers/storm-child.c"
	chmod 0755 "$STORM_CHILD" "$STORM_CHILD_STATIC"
}

# Every process a test starts carries STORM_MARK=<unique> in its environment
# (pid1 passes the environment on, and so do setpriv, prlimit, python), so
# whatever outlives the test can be found, however it was re-parented.
storm_mark() {
	STORM_MARK="pid1-test-$$-$BATS_TEST_NUMBER-$RANDOM"
	export STORM_MARK
}

# The pids of processes carrying this test's mark. Pure bash: a program run
# here would carry the mark itself.
storm_marked() {
	local d e pids=()
	[ -n "${STORM_MARK:-}" ] || return 0
	for d in /proc/[0-9]*; do
		# The group's stderr takes the error when a process is gone or not ours to read.
		{
			while IFS= read -r -d '' e; do
				if [ "$e" = "STORM_MARK=$STORM_MARK" ]; then
					pids+=("${d#/proc/}")
					break
				fi
			done <"$d/environ"
		} 2>/dev/null
	done
	echo "${pids[*]}"
}

# Nothing the test started is still running (bounded wait: a process may be
# between its last write and its exit).
assert_no_leftovers() {
	local _ left
	for _ in $(seq 1 200); do
		left=$(storm_marked)
		[ -z "$left" ] && return 0
		sleep 0.01
	done
	echo "left running:" >&2
	# shellcheck disable=SC2086 # a list of pids
	ps -o pid,ppid,user,stat,args -p "${left// /,}" >&2 || true
	return 1
}

# For teardown: kill whatever the test left behind.
storm_kill_leftovers() {
	local pid
	for pid in $(storm_marked); do
		kill -KILL "$pid" 2>/dev/null || true
	done
}

# Read the key=value lines of storm-run.py's output ($output) into STORM[key].
storm_parse() {
	local line
	declare -gA STORM=()
	# shellcheck disable=SC2154 # $output is set by bats' run
	while IFS= read -r line; do
		case "$line" in *=*) STORM[${line%%=*}]=${line#*=} ;; esac
	done <<<"$output"
}

# The storm's verdict: every orphan reaped, no zombie, every RT signal
# exactly once, each standard kind at least once and at most as often as
# sent, nothing from anyone but pid1, pid1's RSS flat, exit 0.
# $1 orphans, $2 pid1's stderr file, $3 "-v" if pid1 ran with -v: then each
# orphan must be logged as reaped exactly once, else stderr must be empty.
storm_assert() {
	local orphans=$1 errfile=$2 verbose=${3:-} reaped
	storm_parse
	assert_equal "${STORM[stalled]}" no
	assert_equal "${STORM[exit]}" 0
	assert_equal "${STORM[worker]}" 0
	assert_equal "${STORM[zombies]}" 0
	assert_equal "${STORM[other_children]}" 0
	if [ "$verbose" = -v ]; then
		reaped=$(count_matches "$errfile" "$REAPED_RE")
		assert_equal "$reaped" "$orphans"
	fi
	assert_equal "${STORM[got_RT]}" "${STORM[sent_RT]}"
	[ "${STORM[sent_RT]}" -gt 0 ]
	local kind
	for kind in TERM USR1; do
		[ "${STORM[got_$kind]}" -ge 1 ] || fail "no SIG$kind reached the child (${STORM[sent_$kind]} sent)"
		[ "${STORM[got_$kind]}" -le "${STORM[sent_$kind]}" ] ||
			fail "the child got SIG$kind ${STORM[got_$kind]} times, but only ${STORM[sent_$kind]} were sent"
	done
	assert_equal "${STORM[foreign]}" 0
	assert_equal "${STORM[other]}" 0
	[ "${STORM[rss_end_kb]}" -gt 0 ] && [ "${STORM[rss_start_kb]}" -gt 0 ]
	[ "${STORM[rss_end_kb]}" -le $((STORM[rss_start_kb] + 64)) ] ||
		fail "pid1's VmRSS grew from ${STORM[rss_start_kb]} kB to ${STORM[rss_end_kb]} kB"
	# Nothing but the -v lines for reaping and forwarding, and no error.
	if [ "$verbose" = -v ]; then
		run grep -Ev -e "$REAPED_RE" \
			-e '^pid1: info: forwarded SIG(TERM|USR1|RTMIN\+1|RTMIN\+2) to process group [0-9]+$' "$errfile"
	else
		run cat "$errfile"
	fi
	assert_output ""
}

# One line of figures for the TAP stream (shown by bats as a comment).
storm_report() {
	echo "# storm: ${STORM[sent_TERM]}/${STORM[sent_USR1]}/${STORM[sent_RT]} TERM/USR1/RTMIN+1 sent," \
		"${STORM[got_TERM]}/${STORM[got_USR1]}/${STORM[got_RT]} received;" \
		"$1 orphans in ${STORM[elapsed_s]} s (${STORM[orphans_per_s]}/s);" \
		"VmRSS ${STORM[rss_ready_kb]} kB at start, ${STORM[rss_start_kb]} after batch 1, ${STORM[rss_end_kb]} at the end" >&3
}

# storm_run ORPHANS SIGNALS BATCH [-v]: one whole storm against "$PID1", judged
# and reported; with -v pid1 logs every orphan and signal, without it nothing.
storm_run() {
	local orphans=$1 err=$BATS_TEST_TMPDIR/pid1.err
	run -0 python3 "$REPO/tests/helpers/storm-run.py" "$PID1" "$STORM_CHILD" "$1" "$2" "$3" "$err" ${4:+"$4"}
	storm_assert "$orphans" "$err" ${4:+"$4"}
	storm_report "$orphans"
	assert_no_leftovers
}
