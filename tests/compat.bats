#!/usr/bin/env bats
# Drop-in compatibility with tini, dumb-init and catatonit, and signal control:
# every flag and variable under each program name pid1 answers to (tini,
# docker-init, tini-static, dumb-init, catatonit, pid1 and any other name).

load helpers

setup() {
	BIN="$BATS_TEST_TMPDIR/bin"
	mkdir -p "$BIN"
	local name
	for name in tini docker-init tini-static dumb-init catatonit myinit; do
		ln -s "$PID1" "$BIN/$name"
	done
	CATATONIT="$BIN/catatonit"
	TINI="$BIN/tini"
	DOCKER_INIT="$BIN/docker-init"
	DUMB_INIT="$BIN/dumb-init"
	VERSION=$(sed -n 's/^VERSION *:= *//p' "$REPO/Makefile")
	[ -n "$VERSION" ]
}

teardown() {
	kill_started
}

# True once the init $1, started with -vv, says it received a SIGWINCH: send it
# one (harmless before exec too: its default action is to ignore it) and look.
winch_seen() {
	kill -WINCH "$1" 2>/dev/null || true
	has_match "$ERR" '^pid1: debug: received SIGWINCH from '
}

# Wait (bounded) until the init $1, started with -vv, is in its signal loop.
wait_init_loop() {
	wait_for 10 winch_seen "$1" ||
		fail "init $1 never reached its signal loop; stderr: $(cat "$ERR")"
}

# forward SIGS INIT [ARG...]: run INIT ARG... "$PROBE" signals N (so INIT must end
# with --), send it each signal of the space-separated list SIGS in turn, check
# that the child (CHILD) got each one as the signal named in EXPECT (a list as
# long), and that the init then exits 0; afterwards "$ERR" can be checked.
forward() {
	local sigs want i
	read -ra sigs <<<"$1"
	read -ra want <<<"$EXPECT"
	shift
	start_init "$@" "$PROBE" signals "${#sigs[@]}"
	read_ready
	for i in "${!sigs[@]}"; do
		kill -"${sigs[$i]}" "$P1"
		expect_got "${want[$i]}"
	done
	pid1_exits 0
}

# signal_target SIG INIT [ARG...]: INIT (ending with --) runs a child probe that
# starts a grandchild probe in the child's process group; SIG goes to the init.
# Sets TARGET to "group" if the grandchild got SIG too, "child" if only the
# child did. The init must then exit 0.
signal_target() {
	local sig=$1 num gc gc_pgid gfifo gfd
	shift
	num=$(kill -l "$sig")
	gfifo=$(mktemp -u "$BATS_TEST_TMPDIR/gc.XXXXXX")
	mkfifo "$gfifo"
	start_init "$@" sh -c '"$PROBE" signals 1 >"$1" & exec "$PROBE" signals 2' sh "$gfifo"
	exec {gfd}<>"$gfifo"
	# The grandchild first, so that CHILD is the child's in the end.
	read_ready "$gfd"
	gc=$CHILD
	gc_pgid=$CHILD_PGID
	read_ready
	# Otherwise the test says nothing: the grandchild must share the child's group.
	assert_equal "$gc_pgid" "$CHILD"
	kill -"$sig" "$P1"
	expect_got "$sig"
	# Had the init signalled the group, the grandchild got SIG before this
	# WINCH (a higher number, so SIG would also be taken first if both wait).
	kill -WINCH "$gc" 2>/dev/null || true
	read_line "$gfd" || fail "the grandchild said nothing"
	case "$REPLY" in
	"got $num") TARGET=group ;;
	"got $(kill -l WINCH)") TARGET=child ;;
	*) fail "the grandchild said '$REPLY'" ;;
	esac
	exec {gfd}<&-
	kill -WINCH "$CHILD"
	expect_got WINCH
	pid1_exits 0
}

# child_session INIT [ARG...]: run INIT ARG... (ending with --) with a child that
# reports its pid, session and process group into C_PID, C_SID, C_PGID.
child_session() {
	run -0 --separate-stderr "$@" sh -c 'echo $$ $(ps -o sid= -o pgid= -p $$)'
	assert_equal "$stderr" ""
	read -r C_PID C_SID C_PGID <<<"$output"
	[[ $C_PID =~ ^[0-9]+$ && $C_SID =~ ^[0-9]+$ && $C_PGID =~ ^[0-9]+$ ]] || fail "bad ids: '$output'"
}

# ---- version, help, licence ----

@test "tini, docker-init and tini-static print tini's version line" {
	local name
	for name in tini docker-init tini-static; do
		run -0 --separate-stderr "$BIN/$name" --version
		assert_equal "$output" "tini version ${VERSION}_pid1"
		assert_equal "$stderr" ""
		run -0 --separate-stderr "$BIN/$name" -V
		assert_equal "$output" "tini version ${VERSION}_pid1"
	done
	# Found on PATH, argv[0] has no slash.
	run -0 env PATH="$BIN:$PATH" tini --version
	assert_equal "$output" "tini version ${VERSION}_pid1"
}

# prints_version INIT LINE: INIT -V and INIT --version print LINE on stdout, nothing on stderr.
prints_version() {
	local how
	for how in -V --version; do
		run -0 --separate-stderr "$1" "$how"
		assert_equal "$output" "$2"
		assert_equal "$stderr" ""
	done
}

@test "dumb-init -V and --version print dumb-init's version line" {
	prints_version "$DUMB_INIT" "dumb-init v${VERSION} (pid1)"
}

@test "under its own name or any other, the version line is 'pid1 VERSION'" {
	run -0 --separate-stderr "$PID1" --version
	assert_equal "$output" "pid1 ${VERSION}"
	assert_equal "$stderr" ""
	run -0 --separate-stderr "$BIN/myinit" -V
	assert_equal "$output" "pid1 ${VERSION}"
}

@test "-h/--help and -l/--license print on stdout and exit 0 under every name" {
	local init
	for init in "$PID1" "$TINI" "$DOCKER_INIT" "$DUMB_INIT"; do
		run -0 --separate-stderr "$init" -h
		assert_equal "${lines[0]}" "Usage: pid1 [OPTIONS] [--] COMMAND [ARG...]"
		assert_equal "$stderr" ""
		run -0 --separate-stderr "$init" --help
		assert_equal "${lines[0]}" "Usage: pid1 [OPTIONS] [--] COMMAND [ARG...]"
		run -0 --separate-stderr "$init" -l
		assert_equal "${lines[0]}" "pid1 is released under the MIT licence."
		assert_output --partial "Permission is hereby granted, free of charge"
		assert_equal "$stderr" ""
		run -0 --separate-stderr "$init" --license
		assert_output --partial "MIT"
	done
}

@test "without a command every name is a usage error" {
	local init
	for init in "$PID1" "$TINI" "$DOCKER_INIT" "$DUMB_INIT"; do
		run -100 --separate-stderr "$init"
		assert_usage_error "no command given"
		run -100 --separate-stderr "$init" -s -g --
		assert_usage_error "no command given"
	done
}

# ---- where signals go ----

@test "tini and docker-init forward signals to the child only, not its group" {
	signal_target TERM "$TINI" --
	assert_equal "$TARGET" child
	signal_target USR1 "$TINI" --
	assert_equal "$TARGET" child
	signal_target TERM "$DOCKER_INIT" --
	assert_equal "$TARGET" child
	signal_target HUP "$BIN/tini-static" --
	assert_equal "$TARGET" child
}

@test "tini -g, --process-group and TINI_KILL_PROCESS_GROUP=1 forward to the child's group" {
	signal_target TERM "$TINI" -g --
	assert_equal "$TARGET" group
	signal_target USR1 "$TINI" --process-group --
	assert_equal "$TARGET" group
	signal_target TERM env TINI_KILL_PROCESS_GROUP=1 "$TINI" --
	assert_equal "$TARGET" group
	signal_target TERM "$DOCKER_INIT" -g --
	assert_equal "$TARGET" group
	signal_target TERM env TINI_KILL_PROCESS_GROUP=1 "$DOCKER_INIT" --
	assert_equal "$TARGET" group
}

@test "pid1 (and any other name) forwards to the group; -c and DUMB_INIT_SETSID=0 to the child only" {
	signal_target TERM "$PID1" --
	assert_equal "$TARGET" group
	signal_target USR1 "$BIN/myinit" --
	assert_equal "$TARGET" group
	signal_target TERM "$PID1" -c --
	assert_equal "$TARGET" child
	signal_target USR1 "$PID1" --single-child --
	assert_equal "$TARGET" child
	signal_target TERM env DUMB_INIT_SETSID=0 "$PID1" --
	assert_equal "$TARGET" child
	# The flag wins over the variable.
	signal_target TERM env TINI_KILL_PROCESS_GROUP=1 "$PID1" -c --
	assert_equal "$TARGET" child
}

@test "dumb-init forwards to the group; -c, --single-child and DUMB_INIT_SETSID=0 to the child only" {
	signal_target TERM "$DUMB_INIT" --
	assert_equal "$TARGET" group
	signal_target USR1 env DUMB_INIT_SETSID=1 "$DUMB_INIT" --
	assert_equal "$TARGET" group
	signal_target TERM "$DUMB_INIT" -c --
	assert_equal "$TARGET" child
	signal_target USR1 "$DUMB_INIT" --single-child --
	assert_equal "$TARGET" child
	signal_target TERM env DUMB_INIT_SETSID=0 "$DUMB_INIT" --
	assert_equal "$TARGET" child
}

# ---- sessions and process groups ----

@test "dumb-init gives the child its own session; -c and DUMB_INIT_SETSID=0 do not" {
	local my_sid
	my_sid=$(ps -o sid= -p "$BASHPID" | tr -d ' ')
	child_session "$DUMB_INIT" --
	assert_equal "$C_SID" "$C_PID"
	assert_equal "$C_PGID" "$C_PID"
	child_session env DUMB_INIT_SETSID=1 "$DUMB_INIT" --
	assert_equal "$C_SID" "$C_PID"
	local how
	for how in -c --single-child; do
		child_session "$DUMB_INIT" "$how" --
		assert_equal "$C_SID" "$my_sid"
		assert_equal "$C_PGID" "$C_PID"
	done
	child_session env DUMB_INIT_SETSID=0 "$DUMB_INIT" --
	assert_equal "$C_SID" "$my_sid"
	assert_equal "$C_PGID" "$C_PID"
}

@test "pid1, tini and docker-init give the child its own process group in the caller's session" {
	local my_sid init
	my_sid=$(ps -o sid= -p "$BASHPID" | tr -d ' ')
	# 0 when our session leader is outside this PID namespace, as under CI.
	[[ $my_sid =~ ^[0-9]+$ ]] || fail "bad session id: '$my_sid'"
	for init in "$PID1" "$TINI" "$DOCKER_INIT" "$BIN/myinit"; do
		child_session "$init" --
		assert_equal "$C_SID" "$my_sid"
		assert_equal "$C_PGID" "$C_PID"
		[ "$C_SID" != "$C_PID" ]
	done
}

# ---- -s, -e, -v, -w ----

@test "-s, --subreaper and TINI_SUBREAPER=1 are accepted and the exit status still passes" {
	local init
	for init in "$PID1" "$TINI" "$DOCKER_INIT" "$DUMB_INIT"; do
		run -3 --separate-stderr "$init" -s -- sh -c 'exit 3'
		assert_equal "$stderr" ""
		run -4 --separate-stderr "$init" --subreaper -- sh -c 'exit 4'
		assert_equal "$stderr" ""
		run -5 --separate-stderr env TINI_SUBREAPER=1 "$init" -- sh -c 'exit 5'
		assert_equal "$stderr" ""
	done
}

@test "tini -e 143 turns a child killed by a forwarded SIGTERM into exit 0" {
	start_init "$TINI" -e 143 -- sh -c 'echo ready; exec sleep 60'
	expect_line "$OUT" ready
	kill -TERM "$P1"
	pid1_exits 0
	# Without -e the same is 143.
	start_init "$TINI" -- sh -c 'echo ready; exec sleep 60'
	expect_line "$OUT" ready
	kill -TERM "$P1"
	pid1_exits 143
}

@test "-e/--expect-exit is repeatable and maps only the codes given, under every name" {
	local init
	for init in "$PID1" "$TINI" "$DOCKER_INIT" "$DUMB_INIT"; do
		run -0 "$init" -e 3 --expect-exit 4 -e 143 -- sh -c 'exit 3'
		run -0 "$init" -e 3 --expect-exit 4 -e 143 -- sh -c 'exit 4'
		run -0 "$init" -e 3 --expect-exit 4 -e 143 -- sh -c 'kill -TERM $$'
		run -5 "$init" -e 3 --expect-exit 4 -e 143 -- sh -c 'exit 5'
		run -0 "$init" --expect-exit=0 -- true
		run -0 "$init" -e 255 -- sh -c 'exit 255'
	done
}

@test "-e 256 and -e x are usage errors" {
	run -100 --separate-stderr "$TINI" -e 256 -- true
	assert_usage_error "--expect-exit: '256' is not an exit code (0..255)"
	run -100 --separate-stderr "$TINI" -e x -- true
	assert_usage_error "--expect-exit: 'x' is not an exit code (0..255)"
	run -100 --separate-stderr "$DUMB_INIT" --expect-exit=-1 -- true
	assert_usage_error "--expect-exit: '-1' is not an exit code (0..255)"
}

@test "tini -v and TINI_VERBOSITY=2 log forwarded signals; TINI_VERBOSITY=1 does not" {
	EXPECT=USR1 forward USR1 "$TINI" -v --
	wait_for_line "$ERR" "pid1: info: forwarded SIGUSR1 to $CHILD"

	EXPECT=USR1 forward USR1 env TINI_VERBOSITY=2 "$TINI" --
	wait_for_line "$ERR" "pid1: info: forwarded SIGUSR1 to $CHILD"

	EXPECT=USR2 forward USR2 "$TINI" -g --verbose --
	wait_for_line "$ERR" "pid1: info: forwarded SIGUSR2 to process group $CHILD"

	EXPECT=USR1 forward USR1 env TINI_VERBOSITY=1 "$TINI" --
	assert_equal "$(cat "$ERR")" ""

	EXPECT=USR1 forward USR1 "$TINI" --
	assert_equal "$(cat "$ERR")" ""
}

@test "DUMB_INIT_DEBUG=1 logs forwarded signals; DUMB_INIT_DEBUG=0 does not" {
	EXPECT=USR1 forward USR1 env DUMB_INIT_DEBUG=1 "$DUMB_INIT" --
	wait_for_line "$ERR" "pid1: info: forwarded SIGUSR1 to process group $CHILD"

	EXPECT=USR1 forward USR1 "$DUMB_INIT" -v --
	wait_for_line "$ERR" "pid1: info: forwarded SIGUSR1 to process group $CHILD"

	EXPECT=USR1 forward USR1 env DUMB_INIT_DEBUG=0 "$DUMB_INIT" --
	assert_equal "$(cat "$ERR")" ""
	EXPECT=USR1 forward USR1 "$DUMB_INIT" --
	assert_equal "$(cat "$ERR")" ""
}

@test "-w logs each orphan it reaps, even without -v; without -w nothing is logged" {
	local init
	for init in "$TINI" "$DUMB_INIT" "$PID1"; do
		run -0 --separate-stderr "$init" -w -- "$PROBE" zombies 2
		assert_equal "$output" "done 2"
		assert_equal "${#stderr_lines[@]}" 2
		[[ ${stderr_lines[0]} =~ ^pid1:\ warning:\ reaped\ orphan\ [0-9]+\ \(exit\ 0\)$ ]] || fail "${stderr_lines[0]}"
		[[ ${stderr_lines[1]} =~ ^pid1:\ warning:\ reaped\ orphan\ [0-9]+\ \(exit\ 0\)$ ]] || fail "${stderr_lines[1]}"
		[ "${stderr_lines[0]}" != "${stderr_lines[1]}" ]

		run -0 --separate-stderr "$init" --warn-orphans -s -- "$PROBE" zombies 1
		[[ $stderr =~ ^pid1:\ warning:\ reaped\ orphan\ [0-9]+\ \(exit\ 0\)$ ]] || fail "$stderr"

		run -0 --separate-stderr "$init" -- "$PROBE" zombies 2
		assert_equal "$stderr" ""
	done
}

@test "TINI_VERBOSITY=0 hides even -w warnings; TINI_VERBOSITY=3 shows debug lines; junk is a usage error" {
	run -0 --separate-stderr env TINI_VERBOSITY=0 "$TINI" -w -- "$PROBE" zombies 1
	assert_equal "$output" "done 1"
	assert_equal "$stderr" ""
	EXPECT=USR1 forward USR1 env TINI_VERBOSITY=3 "$TINI" --
	wait_for_line "$ERR" "pid1: debug: received SIGUSR1 from $BASHPID"
	wait_for_line "$ERR" "pid1: info: forwarded SIGUSR1 to $CHILD"
	run -100 --separate-stderr env TINI_VERBOSITY=x "$TINI" -- true
	assert_usage_error "TINI_VERBOSITY='x' is not a verbosity (0..9)"
}

@test "tini, docker-init, dumb-init -c and catatonit exit with the child at once; pid1 first stops what is left" {
	local init left fifo="$BATS_TEST_TMPDIR/left" lfd
	mkfifo "$fifo"
	exec {lfd}<>"$fifo"
	for init in "$TINI" "$DOCKER_INIT" "$DUMB_INIT -c" "$CATATONIT"; do
		# shellcheck disable=SC2086 # the init with its option, split on purpose
		run -3 --separate-stderr $init -- sh -c '"$PROBE" signals 1 >"$0" 2>/dev/null & exit 3' "$fifo"
		assert_equal "$stderr" ""
		# Nobody signalled the leftover: the first signal it sees is this WINCH.
		read_ready "$lfd"
		kill -WINCH "$CHILD"
		expect_got WINCH "$lfd"
	done
	run -3 --separate-stderr "$PID1" -v -- sh -c 'sleep 60 >/dev/null 2>&1 & echo $!; exit 3'
	left=$output
	CLEANUP+=("$left")
	# It got SIGTERM from pid1, which reaped it (the exact wording is lifecycle.bats' business).
	assert_equal "${#stderr_lines[@]}" 2
	[[ ${stderr_lines[0]} == "pid1: info: sent SIGTERM "* ]] || fail "${stderr_lines[0]}"
	assert_equal "${stderr_lines[1]}" "pid1: info: reaped orphan $left (signal TERM)"
	assert_equal "$(proc_state "$left")" ""
}

@test "dumb-init (session mode): when the command exits, its process group gets SIGTERM and pid1 exits at once" {
	# The helper stays in the command's group and blocks TERM, so it reports
	# it; the command exits only once the helper is ready.
	start_init "$DUMB_INIT" -v -- sh -c '"$PROBE" signals 2 & read -r _; exit 3'
	read_ready
	echo go >&"$IN"
	expect_got TERM
	pid1_exits 3
	assert_equal "$(cat "$ERR")" "pid1: info: sent SIGTERM to process group $CHILD_PGID (dumb-init's session mode)"
	kill -WINCH "$CHILD"
	expect_got WINCH
}

# ---- --rewrite ----

@test "dumb-init -r/--rewrite changes the signal the child gets (numbers, names, mixed)" {
	local spec
	for spec in 15:3 TERM:QUIT SIGTERM:3 15:SIGQUIT term:quit; do
		EXPECT="USR1 QUIT" forward "USR1 TERM" "$DUMB_INIT" -r "$spec" --
	done
	EXPECT=QUIT forward TERM "$DUMB_INIT" --rewrite TERM:QUIT --
	EXPECT=QUIT forward TERM "$DUMB_INIT" --rewrite=15:SIGQUIT --
	# Repeatable, and the last one for a signal wins.
	EXPECT="USR2 QUIT" forward "USR1 TERM" "$DUMB_INIT" -r USR1:HUP -r TERM:QUIT -r USR1:USR2 --
	# Under the other names too.
	EXPECT=QUIT forward TERM "$TINI" -r 15:3 --
	EXPECT=QUIT forward TERM "$PID1" --rewrite TERM:QUIT --
}

@test "-r USR1:0 drops USR1: the USR2 sent after it is the first signal the child gets" {
	local init
	for init in "$DUMB_INIT" "$TINI" "$PID1"; do
		start_init env DUMB_INIT_DEBUG=1 "$init" -v -r USR1:0 -- "$PROBE" signals 1
		read_ready
		kill -USR1 "$P1"
		wait_for_line "$ERR" "pid1: info: dropped SIGUSR1 (rewritten to 0)"
		kill -USR2 "$P1"
		# A forwarded USR1 would be taken first: it came first and has the lower number.
		expect_got USR2
		pid1_exits 0
	done
}

@test "-r USR1:RTMIN+2 sends SIGRTMIN+2 as kill -l numbers it" {
	EXPECT=RTMIN+2 forward USR1 "$DUMB_INIT" -r USR1:RTMIN+2 --
	EXPECT=RTMIN+2 forward USR1 "$PID1" -r 10:SIGRTMIN+2 --
	EXPECT=RTMAX forward USR2 "$TINI" -r USR2:RTMAX --
}

@test "bad --rewrite specs are usage errors with exact messages" {
	local -A bad=(
		[FOO:1]="'FOO:1': 'FOO' is not a signal"
		[9:TERM]="'9:TERM': 9 cannot be caught, so it cannot be rewritten"
		[KILL:TERM]="'KILL:TERM': KILL cannot be caught, so it cannot be rewritten"
		[STOP:TERM]="'STOP:TERM': STOP cannot be caught, so it cannot be rewritten"
		[1ABC:2]="'1ABC:2': '1ABC' is not a signal"
		[TERM:99]="'TERM:99': '99' is not a signal (0 drops it)"
		[TERM:]="'TERM:': '' is not a signal (0 drops it)"
		[TERM]="'TERM' is not FROM:TO"
		[:TERM]="':TERM': missing or too long FROM signal"
	)
	local spec
	for spec in "${!bad[@]}"; do
		run -100 --separate-stderr "$DUMB_INIT" -r "$spec" -- true
		assert_usage_error "--rewrite: ${bad[$spec]}"
		run -100 --separate-stderr "$PID1" --rewrite="$spec" -- true
		assert_usage_error "--rewrite: ${bad[$spec]}"
	done
	run -100 --separate-stderr "$TINI" -r
	assert_usage_error "option '-r' needs a value"
}

# ---- TSTP, TTIN, TTOU ----

@test "dumb-init: TSTP stops the child with SIGSTOP, the init keeps running, CONT resumes it" {
	start_init env DUMB_INIT_DEBUG=1 "$DUMB_INIT" -- "$PROBE" signals 2
	read_ready
	kill -TSTP "$P1"
	wait_state "$CHILD" T
	wait_for_line "$ERR" "pid1: info: forwarded SIGSTOP to process group $CHILD"
	# The init still works: a stopped init would never handle this WINCH.
	kill -WINCH "$P1"
	wait_for_line "$ERR" "pid1: info: forwarded SIGWINCH to process group $CHILD"
	[ "$(proc_state "$P1")" != T ]
	assert_equal "$(proc_state "$CHILD")" T
	kill -CONT "$P1"
	# CONT first, then the WINCH that waited; a forwarded TSTP (20) would come between.
	expect_got CONT
	expect_got WINCH
	pid1_exits 0
}

@test "dumb-init: TTIN and TTOU stop the child too" {
	local sig
	for sig in TTIN TTOU; do
		start_init "$DUMB_INIT" -- "$PROBE" signals 1
		read_ready
		kill -"$sig" "$P1"
		wait_state "$CHILD" T
		kill -CONT "$P1"
		expect_got CONT
		pid1_exits 0
	done
}

@test "TSTP is forwarded as TSTP by dumb-init -r TSTP:TSTP, dumb-init -c, tini and pid1" {
	EXPECT=TSTP forward TSTP "$DUMB_INIT" -r TSTP:TSTP --
	EXPECT=TSTP forward TSTP "$DUMB_INIT" -c --
	EXPECT=TSTP forward TSTP env DUMB_INIT_SETSID=0 "$DUMB_INIT" --
	EXPECT=TSTP forward TSTP "$TINI" --
	EXPECT=TSTP forward TSTP "$PID1" --
	EXPECT="TTIN TTOU" forward "TTIN TTOU" "$PID1" --
	# dumb-init with TSTP overridden still stops on TTIN.
	start_init "$DUMB_INIT" -r TSTP:TSTP -- "$PROBE" signals 1
	read_ready
	kill -TTIN "$P1"
	wait_state "$CHILD" T
	kill -CONT "$P1"
	expect_got CONT
	pid1_exits 0
}

# ---- -p / --pdeath-signal ----

@test "-p SIGUSR1: when pid1's parent dies, pid1 gets USR1 and forwards it to the child" {
	local usr1
	usr1=$(kill -l USR1)
	run -0 python3 "$BATS_TEST_DIRNAME/helpers/compat-pdeath.py" "$TINI" -p SIGUSR1
	assert_equal "$output" "ready
got $usr1
exit 0"
	run -0 python3 "$BATS_TEST_DIRNAME/helpers/compat-pdeath.py" "$PID1" --pdeath-signal=USR1
	assert_equal "$output" "ready
got $usr1
exit 0"
	run -0 python3 "$BATS_TEST_DIRNAME/helpers/compat-pdeath.py" "$DUMB_INIT" --pdeath-signal "$usr1"
	assert_equal "$output" "ready
got $usr1
exit 0"
	# A parent-death TERM is a stop request like any other: forwarded, child gone, exit 0.
	run -0 python3 "$BATS_TEST_DIRNAME/helpers/compat-pdeath.py" "$DOCKER_INIT" -p SIGTERM
	assert_equal "$output" "ready
got $(kill -l TERM)
exit 0"
}

@test "-p with something that is not a signal is a usage error" {
	run -100 --separate-stderr "$TINI" -p FOO -- true
	assert_usage_error "--pdeath-signal: 'FOO' is not a signal"
	run -100 --separate-stderr "$PID1" --pdeath-signal=SIGNOPE -- true
	assert_usage_error "--pdeath-signal: 'SIGNOPE' is not a signal"
}

# ---- socket activation ----

@test "LISTEN_PID naming pid1 is rewritten to the child's pid, under every name" {
	local init
	for init in "$PID1" "$TINI" "$DOCKER_INIT" "$DUMB_INIT"; do
		run -0 --separate-stderr sh -c 'echo $$; exec env LISTEN_PID=$$ LISTEN_FDS=1 "$0" -- sh -c "echo \$LISTEN_PID \$\$ \$LISTEN_FDS"' "$init"
		assert_equal "${#lines[@]}" 2
		local init_pid=${lines[0]} listen child fds
		read -r listen child fds <<<"${lines[1]}"
		assert_equal "$listen" "$child"
		assert_equal "$fds" 1
		[ "$child" != "$init_pid" ]
	done
}

@test "LISTEN_PID naming another process is left alone" {
	run -0 --separate-stderr env LISTEN_PID=1 LISTEN_FDS=1 "$PID1" -- sh -c 'echo "$LISTEN_PID"'
	assert_equal "$output" 1
	run -0 --separate-stderr env LISTEN_PID=junk "$DUMB_INIT" -- sh -c 'echo "$LISTEN_PID"'
	assert_equal "$output" junk
	# The usual mistake to guard against: it names pid1's parent, not pid1.
	run -0 --separate-stderr sh -c 'echo $$; LISTEN_PID=$$ LISTEN_FDS=1 "$0" -- sh -c "echo \$LISTEN_PID"; exit $?' "$TINI"
	assert_equal "${#lines[@]}" 2
	assert_equal "${lines[1]}" "${lines[0]}"
}

# ---- --pause ----

@test "--pause with a command, or with --pidfile, is a usage error" {
	run -100 --separate-stderr "$PID1" --pause -- true
	assert_usage_error "--pause takes no command, but got 'true'"
	run -100 --separate-stderr "$TINI" --pause sleep 1
	assert_usage_error "--pause takes no command, but got 'sleep'"
	run -100 --separate-stderr "$PID1" --pause --pidfile "$BATS_TEST_TMPDIR/p"
	assert_usage_error "--pause and --pidfile do not go together"
}

@test "--pause runs until SIGTERM or SIGINT (exit 0); USR1 does not end it" {
	local init sig
	for init in "$PID1" "$TINI" "$DUMB_INIT"; do
		for sig in TERM INT; do
			start_init "$init" -vv --pause
			wait_init_loop "$P1"
			kill -USR1 "$P1"
			wait_for_line "$ERR" "pid1: debug: received SIGUSR1 from $BASHPID"
			running "$P1" || fail "--pause ended on USR1"
			kill -"$sig" "$P1"
			pid1_exits 0
		done
	done
}

@test "--pause as PID 1 of a new namespace reaps the zombies handed to it" {
	require_root
	require_cmd unshare
	require_cmd nsenter
	start_init unshare --pid --fork "$PID1" -vv --pause
	wait_inner
	local inner=$INNER
	wait_init_loop "$inner"
	# The probe runs in the namespace; its exited children stay zombies until it
	# exits, and then the namespace's PID 1 inherits them.
	run -0 nsenter -t "$inner" -p "$PROBE" zombies 3
	assert_equal "$output" "done 3"
	wait_for_match "$ERR" "$REAPED_RE" 3
	assert_equal "$(zombies_of "$inner")" 0
	running "$inner" || fail "pid1 --pause ended early"
	kill -TERM "$inner"
	pid1_exits 0
}

# ---- catatonit ----

@test "catatonit -V and --version print catatonit's tini-like version line" {
	prints_version "$CATATONIT" "tini version ${VERSION}-pid1_catatonit"
}

@test "catatonit -L prints the licence, -h the help" {
	run -0 --separate-stderr "$CATATONIT" -L
	assert_output --partial "MIT"
	assert_equal "$stderr" ""
	run -0 --separate-stderr "$CATATONIT" -h
	assert_output --partial "Usage: pid1"
}

@test "catatonit -P (podman's pause process) runs no command, reaps, and exits 0 on TERM or INT" {
	local sig
	for sig in TERM INT; do
		start_init env CATATONIT_DEBUG=1 "$CATATONIT" -P
		wait_init_loop "$P1"
		kill -"$sig" "$P1"
		pid1_exits 0
	done
	# A command after -P is refused, as after --pause.
	run -100 --separate-stderr "$CATATONIT" -P -- true
}

@test "catatonit forwards to the child only; -g to its group" {
	signal_target TERM "$CATATONIT" --
	assert_equal "$TARGET" child
	signal_target USR1 "$CATATONIT" -g --
	assert_equal "$TARGET" group
}

@test "catatonit drops TSTP, TTIN and TTOU sent to it (the terminal sends them itself); -r brings one back" {
	start_init "$CATATONIT" -- "$PROBE" signals 1
	read_ready
	kill -TSTP "$P1"
	kill -TTIN "$P1"
	kill -TTOU "$P1"
	# Sent after them, with a higher number than all three: had one been
	# forwarded, the probe would report it first.
	kill -WINCH "$P1"
	expect_got WINCH
	pid1_exits 0
	EXPECT=TSTP forward TSTP "$CATATONIT" -r TSTP:TSTP --
}

@test "catatonit: CATATONIT_DEBUG (any value) turns on debug messages" {
	run -0 --separate-stderr env CATATONIT_DEBUG=0 "$CATATONIT" -- true
	assert_regex "$stderr" "main process [0-9]+ ended \\(exit 0\\)"
	run -0 --separate-stderr "$CATATONIT" -- true
	assert_equal "$stderr" ""
}
