#!/usr/bin/env bats
# Never touch a stranger: every path that signals "every descendant"
# (--forward-all, the SIGTERM and SIGKILL for leftovers, the grace period)
# runs here beside bystanders that pid1 did not start, and each bystander
# must get nothing: one beside pid1 in the same namespace, one in a
# namespace whose /proc numbers collide with pid1's descendants, and one
# that joined pid1's namespace with setns (nsenter, as docker exec does, or
# pid1 --join).
# A bystander is a probe that blocks every signal and reports each one; a
# WINCH the test sends it afterwards must be the first thing it reports.
# shellcheck disable=SC2016

load helpers

setup() {
	BY_FD=
	OTHER_PROC=
}

teardown() {
	kill_started
	if [ -n "$BY_FD" ]; then
		exec {BY_FD}<&-
	fi
	if [ -n "$OTHER_PROC" ]; then
		umount "$OTHER_PROC"
	fi
}

# start_bystander [CMD...]: start a probe (under CMD, e.g. nsenter ...) that
# pid1 never started, holding none of the test's pipes to pid1; its pid as
# the test sees it goes to BY, its report lines to fd BY_FD.
start_bystander() {
	local fifo launcher
	fifo=$(mktemp -u "$BATS_TEST_TMPDIR/by.XXXXXX")
	mkfifo "$fifo"
	(
		if [ -n "${IN:-}" ]; then exec {IN}>&-; fi
		if [ -n "${OUT:-}" ]; then exec {OUT}<&-; fi
		exec "$@" "$PROBE" signals 10
	) >"$fifo" 3>&- &
	launcher=$!
	CLEANUP+=("$launcher")
	exec {BY_FD}<"$fifo"
	read_line "$BY_FD" || fail "no ready line from the bystander"
	[[ $REPLY =~ ^ready\ [0-9]+\ [0-9]+$ ]] || fail "not a ready line: '$REPLY'"
	# Under nsenter the probe is the launcher's child, and its own pid is
	# the namespace's number for it: the test's is the one it can signal.
	BY=$(pgrep -P "$launcher") || BY=$launcher
	CLEANUP+=("$BY")
}

# bystander_got_nothing: the bystander (pid BY, as the test sees it) reports
# the WINCH sent now as the first signal it ever got.
bystander_got_nothing() {
	kill -WINCH "$BY"
	read_line "$BY_FD" || fail "the bystander said nothing"
	assert_equal "$REPLY" "got $(kill -l WINCH)"
}

@test "beside pid1: --forward-all, the leftovers' SIGTERM and SIGKILL reach pid1's descendants only" {
	start_bystander
	# The main command leaves a probe that only SIGKILL ends, then exits 4.
	start_pid1 -v --forward-all --grace 200ms -- sh -c 'trap "" USR1; "$1" signals 100 & read -r _; exit 4' sh "$PROBE"
	read_ready
	kill -USR1 "$P1"
	expect_got USR1
	bystander_got_nothing
	echo go >&"$IN"
	expect_got TERM
	pid1_exits 4
	refute running "$CHILD"
	bystander_got_nothing
}

@test "--wait-all beside a bystander: pid1 waits for its own descendants only" {
	start_bystander
	start_pid1 --wait-all -- sh -c '"$1" signals 1 & exit 5' sh "$PROBE"
	read_ready
	# pid1 is still waiting for its leftover, not for the bystander.
	running "$P1"
	kill -USR2 "$CHILD"
	expect_got USR2
	pid1_exits 5
	bystander_got_nothing
}

@test "in a namespace whose /proc is the parent's, a bystander with a colliding pid gets nothing" {
	require_root
	require_cmd unshare
	local d=$BATS_TEST_TMPDIR/collide
	mkdir "$d"
	run -0 timeout -k 1 60 unshare --pid --fork --kill-child \
		"$BATS_TEST_DIRNAME/helpers/bystander-collide.sh" "$PID1" "$PROBE" "$d"
	assert_equal "$output" "bystander has the leftover's parent-namespace pid
leftover: got $(kill -l USR1)
bystander: got $(kill -l WINCH)
leftover: got $(kill -l TERM)
pid1 exit 3
bystander: got $(kill -l WINCH)"
}

# A bystander that joins the inner pid1's namespaces with nsenter (or, with
# JOINER=pid1, with pid1 --join on the outer pid1), which forks it there: its
# parent stays outside, so it is nobody's descendant inside.
join_inner() {
	if [ "${JOINER:-}" = pid1 ]; then
		start_bystander "$PID1" --join "$P1" --
	else
		start_bystander nsenter --target "$INNER" --pid "$@" --
	fi
}

joined_bystander_gets_nothing() {
	require_root
	[ "${JOINER:-}" = pid1 ] || require_cmd nsenter
	start_pid1 -v --forward-all "$@" -- "$PROBE" signals 10
	read_ready
	wait_inner
	join_inner
	kill -USR1 "$P1"
	expect_got USR1
	kill -HUP "$P1"
	expect_got HUP
	bystander_got_nothing
	# The command ends on SIGTERM; the namespace ends with the inner pid1, and
	# the kernel kills the bystander then, but pid1 never signals it.
	kill -TERM "$P1"
	expect_got TERM
	# $CHILD is the probe's pid in the new namespace: in the test's own it
	# may be anyone (in a nested namespace, 2 is the test runner). The
	# inner pid1's child is the probe, by the number the test can use.
	kill -KILL "$(pgrep -P "$INNER")"
	pid1_exits 137
}

@test "as PID 1 (--pid --mount-proc): a process that joined with setns gets no forwarded signal" {
	joined_bystander_gets_nothing --pid --mount-proc
}

@test "as PID 1 (--pid --mount-proc): a process that joined with pid1 --join gets no forwarded signal" {
	JOINER=pid1 joined_bystander_gets_nothing --pid --mount-proc
}

@test "as PID 1 with the parent's /proc (--pid): a process that joined gets no forwarded signal" {
	joined_bystander_gets_nothing --pid
}

@test "as PID 1: leftovers get SIGTERM, a process that joined does not (and pid1 finds a leftover whose pid is 3)" {
	require_root
	require_cmd nsenter
	start_pid1 -v --pid --mount-proc --grace 200ms -- sh -c '"$1" signals 100 & read -r _; exit 6' sh "$PROBE"
	read_ready
	wait_inner
	join_inner --mount
	echo go >&"$IN"
	expect_got TERM
	# Had pid1 sent SIGTERM to the bystander, it would come before this WINCH.
	bystander_got_nothing
	pid1_exits 6
	wait_for 10 ended "$BY" || fail "the bystander outlived the namespace"
}

@test "as PID 1 with --wait-all: pid1 waits for its leftover, not for a process that joined" {
	require_root
	require_cmd nsenter
	start_pid1 --pid --mount-proc --wait-all -- sh -c 'trap "" USR2; "$1" signals 1 & read -r _; exit 7' sh "$PROBE"
	read_ready
	wait_inner
	join_inner --mount
	echo go >&"$IN"
	# The test knows the leftover by its namespace pid only: pid1 passes the
	# signal on (to the command's group, or to every descendant once the
	# command is gone; the command ignores it).
	kill -USR2 "$P1"
	expect_got USR2
	pid1_exits 7
	wait_for 10 ended "$BY" || fail "the bystander outlived the namespace"
}

@test "a /proc of a namespace pid1 is not in: one warning that says so, and the command's group still gets the signals" {
	require_root
	require_cmd unshare
	skip_if_asan "its runtime needs /proc/self, which this /proc lacks"
	local procdir=$BATS_TEST_TMPDIR/proc-other other
	mkdir "$procdir"
	# A proc mounted by a process of another PID namespace shows that one;
	# --kill-child: the sleep, PID 1 there, must not outlive the test.
	unshare --pid --fork --kill-child sh -c 'mount -t proc proc "$1" && exec sleep 1000' sh "$procdir" &
	other=$!
	CLEANUP+=("$other")
	OTHER_PROC=$procdir
	wait_for 10 mountpoint -q "$procdir" || fail "no proc of the other namespace"
	start_init unshare --mount --propagation private sh -c 'mount --bind "$1" /proc && shift && exec "$@"' sh \
		"$procdir" "$PID1" --forward-all -- "$PROBE" signals 2
	read_ready
	kill -USR1 "$P1"
	expect_got USR1
	kill -USR2 "$P1"
	expect_got USR2
	pid1_exits 0
	assert_equal "$(cat "$ERR")" "pid1: warning: cannot list the processes in /proc: it shows a PID namespace that pid1 is not in; sending SIGUSR1 to process group $CHILD_PGID only"
}
