#!/usr/bin/env bats
# Drop-in compatibility with tini and dumb-init, and signal control: every flag
# and variable under each program name pid1 answers to (tini, docker-init,
# tini-static, dumb-init, pid1 and any other name).

load helpers

setup() {
	BIN="$BATS_TEST_TMPDIR/bin"
	mkdir -p "$BIN"
	local name
	for name in tini docker-init tini-static dumb-init myinit; do
		ln -s "$PID1" "$BIN/$name"
	done
	TINI="$BIN/tini"
	DOCKER_INIT="$BIN/docker-init"
	DUMB_INIT="$BIN/dumb-init"
	VERSION=$(sed -n 's/^VERSION *:= *//p' "$REPO/Makefile")
	[ -n "$VERSION" ]
	PIDS=()
}

teardown() {
	local p
	for p in "${PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
	done
}

# The state letter of process $1 (R, S, T, Z...), empty if it is gone.
proc_state() {
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
	stat=${stat##*) }
	echo "${stat%% *}"
}

# Wait (bounded) until process $1 is in state $2.
wait_state() {
	local i
	for i in $(seq 1 1000); do
		[ "$(proc_state "$1")" = "$2" ] && return 0
		sleep 0.01
	done
	echo "process $1 never reached state $2 (it is '$(proc_state "$1")')" >&2
	return 1
}

# Wait (bounded) until file $1 has exactly $3 lines (default 1) equal to $2.
wait_for_line() {
	local file=$1 line=$2 want=${3:-1} i
	for i in $(seq 1 1000); do
		[ "$(grep -cxF -- "$line" "$file")" = "$want" ] && return 0
		sleep 0.01
	done
	echo "expected $want line(s) '$line' in $file, which has:" >&2
	cat "$file" >&2
	return 1
}

# Wait (bounded) until the init $1, started with -vv, is in its signal loop: send
# WINCH (harmless before exec too: its default action is to ignore it) until
# the init says it received one.
wait_init_loop() {
	local i
	for i in $(seq 1 500); do
		kill -WINCH "$1" 2>/dev/null || true
		grep -q '^pid1: received SIGWINCH from ' "$ERR_FILE" && return 0
		sleep 0.02
	done
	echo "init $1 never reached its signal loop; stderr:" >&2
	cat "$ERR_FILE" >&2
	return 1
}

# start_init CMD...: run CMD in the background; its stdout is read on $OUT_FD,
# its stderr goes to $ERR_FILE, its pid is $INIT_PID.
start_init() {
	local fifo
	fifo=$(mktemp -u "$BATS_TEST_TMPDIR/out.XXXXXX")
	mkfifo "$fifo"
	ERR_FILE="$fifo.err"
	"$@" >"$fifo" 2>"$ERR_FILE" 3>&- &
	INIT_PID=$!
	PIDS+=("$INIT_PID")
	exec {OUT_FD}<>"$fifo"
}

# Wait (bounded) for the init started by start_init to end; its status in INIT_STATUS.
finish_init() {
	local i state
	for i in $(seq 1 1000); do
		state=$(proc_state "$INIT_PID")
		if [ -z "$state" ] || [ "$state" = Z ]; then
			INIT_STATUS=0
			wait "$INIT_PID" || INIT_STATUS=$?
			return 0
		fi
		sleep 0.01
	done
	echo "init $INIT_PID still running (state $state); stderr:" >&2
	cat "$ERR_FILE" >&2
	return 1
}

# Read a probe's "ready PID PGID" line from fd $1 into READY_PID and READY_PGID.
read_ready() {
	read_line "$1" || fail "no ready line from the probe"
	[[ $REPLY =~ ^ready\ ([0-9]+)\ ([0-9]+)$ ]] || fail "not a ready line: '$REPLY'"
	READY_PID=${BASH_REMATCH[1]}
	READY_PGID=${BASH_REMATCH[2]}
	PIDS+=("$READY_PID")
}

# expect_line FD TEXT: the next line on FD is TEXT.
expect_line() {
	read_line "$1" || fail "timed out waiting for '$2'"
	assert_equal "$REPLY" "$2"
}

# forward SIGS INIT [ARG...]: run INIT ARG... "$PROBE" signals N (so INIT must end
# with --), send it each signal of the space-separated list SIGS in turn, and
# check that the child got each one as the number in EXPECT (a list as long).
# The child is CHILD_PID; afterwards INIT_STATUS and ERR_FILE can be checked.
forward() {
	local sigs want i
	read -ra sigs <<<"$1"
	read -ra want <<<"$EXPECT"
	shift
	start_init "$@" "$PROBE" signals "${#sigs[@]}"
	read_ready "$OUT_FD"
	CHILD_PID=$READY_PID
	for i in "${!sigs[@]}"; do
		kill -"${sigs[$i]}" "$INIT_PID"
		expect_line "$OUT_FD" "got ${want[$i]}"
	done
	finish_init
}

# signal_target SIG INIT [ARG...]: INIT (ending with --) runs a child probe that
# starts a grandchild probe in the child's process group; SIG goes to the init.
# Sets TARGET to "group" if the grandchild got SIG too, "child" if only the
# child did. The init must then exit 0.
signal_target() {
	local sig=$1 num winch gfifo gfd
	shift
	num=$(kill -l "$sig")
	winch=$(kill -l WINCH)
	gfifo=$(mktemp -u "$BATS_TEST_TMPDIR/gc.XXXXXX")
	mkfifo "$gfifo"
	start_init "$@" sh -c '"$PROBE" signals 1 >"$1" & exec "$PROBE" signals 2' sh "$gfifo"
	exec {gfd}<>"$gfifo"
	read_ready "$OUT_FD"
	CHILD_PID=$READY_PID
	read_ready "$gfd"
	GC_PID=$READY_PID
	# Otherwise the test says nothing: the grandchild must share the child's group.
	assert_equal "$READY_PGID" "$CHILD_PID"
	kill -"$sig" "$INIT_PID"
	expect_line "$OUT_FD" "got $num"
	# Had the init signalled the group, the grandchild got SIG before this
	# WINCH (a higher number, so SIG would also be taken first if both wait).
	kill -WINCH "$GC_PID" 2>/dev/null || true
	read_line "$gfd" || fail "the grandchild said nothing"
	case "$REPLY" in
	"got $num") TARGET=group ;;
	"got $winch") TARGET=child ;;
	*) fail "the grandchild said '$REPLY'" ;;
	esac
	kill -WINCH "$CHILD_PID"
	expect_line "$OUT_FD" "got $winch"
	finish_init
	assert_equal "$INIT_STATUS" 0
}

# child_session INIT [ARG...]: run INIT ARG... (ending with --) with a child that
# reports its pid, session and process group into C_PID, C_SID, C_PGID.
child_session() {
	run -0 --separate-stderr "$@" sh -c 'echo $$ $(ps -o sid= -o pgid= -p $$)'
	assert_equal "$stderr" ""
	read -r C_PID C_SID C_PGID <<<"$output"
	[[ $C_PID =~ ^[0-9]+$ && $C_SID =~ ^[0-9]+$ && $C_PGID =~ ^[0-9]+$ ]] || fail "bad ids: '$output'"
}

# Both lines of a usage error.
assert_usage_error() {
	assert_equal "$output" ""
	assert_equal "$stderr" "pid1: $1
pid1: try 'pid1 --help' for more information"
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

@test "dumb-init -V and --version print dumb-init's version line" {
	run -0 --separate-stderr "$DUMB_INIT" -V
	assert_equal "$output" "dumb-init v${VERSION} (pid1)"
	assert_equal "$stderr" ""
	run -0 --separate-stderr "$DUMB_INIT" --version
	assert_equal "$output" "dumb-init v${VERSION} (pid1)"
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
	expect_line "$OUT_FD" ready
	kill -TERM "$INIT_PID"
	finish_init
	assert_equal "$INIT_STATUS" 0
	# Without -e the same is 143.
	start_init "$TINI" -- sh -c 'echo ready; exec sleep 60'
	expect_line "$OUT_FD" ready
	kill -TERM "$INIT_PID"
	finish_init
	assert_equal "$INIT_STATUS" 143
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
	EXPECT=10 forward USR1 "$TINI" -v --
	assert_equal "$INIT_STATUS" 0
	wait_for_line "$ERR_FILE" "pid1: forwarded SIGUSR1 to $CHILD_PID"

	EXPECT=10 forward USR1 env TINI_VERBOSITY=2 "$TINI" --
	assert_equal "$INIT_STATUS" 0
	wait_for_line "$ERR_FILE" "pid1: forwarded SIGUSR1 to $CHILD_PID"

	EXPECT=12 forward USR2 "$TINI" -g --verbose --
	wait_for_line "$ERR_FILE" "pid1: forwarded SIGUSR2 to process group $CHILD_PID"

	EXPECT=10 forward USR1 env TINI_VERBOSITY=1 "$TINI" --
	assert_equal "$INIT_STATUS" 0
	assert_equal "$(cat "$ERR_FILE")" ""

	EXPECT=10 forward USR1 "$TINI" --
	assert_equal "$(cat "$ERR_FILE")" ""
}

@test "DUMB_INIT_DEBUG=1 logs forwarded signals; DUMB_INIT_DEBUG=0 does not" {
	EXPECT=10 forward USR1 env DUMB_INIT_DEBUG=1 "$DUMB_INIT" --
	assert_equal "$INIT_STATUS" 0
	wait_for_line "$ERR_FILE" "pid1: forwarded SIGUSR1 to process group $CHILD_PID"

	EXPECT=10 forward USR1 "$DUMB_INIT" -v --
	wait_for_line "$ERR_FILE" "pid1: forwarded SIGUSR1 to process group $CHILD_PID"

	EXPECT=10 forward USR1 env DUMB_INIT_DEBUG=0 "$DUMB_INIT" --
	assert_equal "$(cat "$ERR_FILE")" ""
	EXPECT=10 forward USR1 "$DUMB_INIT" --
	assert_equal "$(cat "$ERR_FILE")" ""
}

@test "-w logs each orphan it reaps, even without -v; without -w nothing is logged" {
	local init
	for init in "$TINI" "$DUMB_INIT" "$PID1"; do
		run -0 --separate-stderr "$init" -w -- "$PROBE" zombies 2
		assert_equal "$output" "done 2"
		assert_equal "${#stderr_lines[@]}" 2
		[[ ${stderr_lines[0]} =~ ^pid1:\ reaped\ orphan\ [0-9]+\ \(exit\ 0\)$ ]] || fail "${stderr_lines[0]}"
		[[ ${stderr_lines[1]} =~ ^pid1:\ reaped\ orphan\ [0-9]+\ \(exit\ 0\)$ ]] || fail "${stderr_lines[1]}"
		[ "${stderr_lines[0]}" != "${stderr_lines[1]}" ]

		run -0 --separate-stderr "$init" --warn-orphans -s -- "$PROBE" zombies 1
		[[ $stderr =~ ^pid1:\ reaped\ orphan\ [0-9]+\ \(exit\ 0\)$ ]] || fail "$stderr"

		run -0 --separate-stderr "$init" -- "$PROBE" zombies 2
		assert_equal "$stderr" ""
	done
}

@test "TINI_VERBOSITY=0 hides even -w warnings; TINI_VERBOSITY=3 shows debug lines; junk is a usage error" {
	run -0 --separate-stderr env TINI_VERBOSITY=0 "$TINI" -w -- "$PROBE" zombies 1
	assert_equal "$output" "done 1"
	assert_equal "$stderr" ""
	EXPECT=10 forward USR1 env TINI_VERBOSITY=3 "$TINI" --
	wait_for_line "$ERR_FILE" "pid1: received SIGUSR1 from $BASHPID"
	wait_for_line "$ERR_FILE" "pid1: forwarded SIGUSR1 to $CHILD_PID"
	run -100 --separate-stderr env TINI_VERBOSITY=x "$TINI" -- true
	assert_usage_error "TINI_VERBOSITY='x' is not a verbosity (0..9)"
}

@test "tini, docker-init and dumb-init exit with the child at once; pid1 first stops what is left" {
	local init left fifo="$BATS_TEST_TMPDIR/left" lfd
	mkfifo "$fifo"
	exec {lfd}<>"$fifo"
	for init in "$TINI" "$DOCKER_INIT" "$DUMB_INIT"; do
		run -3 --separate-stderr "$init" -- sh -c '"$PROBE" signals 1 >"$0" 2>/dev/null & exit 3' "$fifo"
		assert_equal "$stderr" ""
		# Nobody signalled the leftover: the first signal it sees is this WINCH.
		read_ready "$lfd"
		kill -WINCH "$READY_PID"
		expect_line "$lfd" "got $(kill -l WINCH)"
	done
	run -3 --separate-stderr "$PID1" -v -- sh -c 'sleep 60 >/dev/null 2>&1 & echo $!; exit 3'
	left=$output
	PIDS+=("$left")
	# It got SIGTERM from pid1, which reaped it (the exact wording is lifecycle.bats' business).
	assert_equal "${#stderr_lines[@]}" 2
	[[ ${stderr_lines[0]} == "pid1: sent SIGTERM to "* ]] || fail "${stderr_lines[0]}"
	assert_equal "${stderr_lines[1]}" "pid1: reaped orphan $left (signal TERM)"
	assert_equal "$(proc_state "$left")" ""
}

# ---- --rewrite ----

@test "dumb-init -r/--rewrite changes the signal the child gets (numbers, names, mixed)" {
	local spec
	for spec in 15:3 TERM:QUIT SIGTERM:3 15:SIGQUIT term:quit; do
		EXPECT="10 3" forward "USR1 TERM" "$DUMB_INIT" -r "$spec" --
		assert_equal "$INIT_STATUS" 0
	done
	EXPECT=3 forward TERM "$DUMB_INIT" --rewrite TERM:QUIT --
	EXPECT=3 forward TERM "$DUMB_INIT" --rewrite=15:SIGQUIT --
	# Repeatable, and the last one for a signal wins.
	EXPECT="12 3" forward "USR1 TERM" "$DUMB_INIT" -r USR1:HUP -r TERM:QUIT -r USR1:USR2 --
	# Under the other names too.
	EXPECT=3 forward TERM "$TINI" -r 15:3 --
	EXPECT=3 forward TERM "$PID1" --rewrite TERM:QUIT --
}

@test "-r USR1:0 drops USR1: the USR2 sent after it is the first signal the child gets" {
	local init
	for init in "$DUMB_INIT" "$TINI" "$PID1"; do
		start_init env DUMB_INIT_DEBUG=1 "$init" -v -r USR1:0 -- "$PROBE" signals 1
		read_ready "$OUT_FD"
		kill -USR1 "$INIT_PID"
		wait_for_line "$ERR_FILE" "pid1: dropped SIGUSR1 (rewritten to 0)"
		kill -USR2 "$INIT_PID"
		# A forwarded USR1 would be taken first: it came first and has the lower number.
		expect_line "$OUT_FD" "got $(kill -l USR2)"
		finish_init
		assert_equal "$INIT_STATUS" 0
	done
}

@test "-r USR1:RTMIN+2 sends SIGRTMIN+2 as kill -l numbers it" {
	local want
	want=$(kill -l RTMIN+2)
	EXPECT=$want forward USR1 "$DUMB_INIT" -r USR1:RTMIN+2 --
	assert_equal "$INIT_STATUS" 0
	EXPECT=$want forward USR1 "$PID1" -r 10:SIGRTMIN+2 --
	EXPECT=$(kill -l RTMAX) forward USR2 "$TINI" -r USR2:RTMAX --
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
	read_ready "$OUT_FD"
	CHILD_PID=$READY_PID
	kill -TSTP "$INIT_PID"
	wait_state "$CHILD_PID" T
	wait_for_line "$ERR_FILE" "pid1: forwarded SIGSTOP to process group $CHILD_PID"
	# The init still works: a stopped init would never handle this WINCH.
	kill -WINCH "$INIT_PID"
	wait_for_line "$ERR_FILE" "pid1: forwarded SIGWINCH to process group $CHILD_PID"
	[ "$(proc_state "$INIT_PID")" != T ]
	assert_equal "$(proc_state "$CHILD_PID")" T
	kill -CONT "$INIT_PID"
	# CONT first, then the WINCH that waited; a forwarded TSTP (20) would come between.
	expect_line "$OUT_FD" "got $(kill -l CONT)"
	expect_line "$OUT_FD" "got $(kill -l WINCH)"
	finish_init
	assert_equal "$INIT_STATUS" 0
}

@test "dumb-init: TTIN and TTOU stop the child too" {
	local sig
	for sig in TTIN TTOU; do
		start_init "$DUMB_INIT" -- "$PROBE" signals 1
		read_ready "$OUT_FD"
		kill -"$sig" "$INIT_PID"
		wait_state "$READY_PID" T
		kill -CONT "$INIT_PID"
		expect_line "$OUT_FD" "got $(kill -l CONT)"
		finish_init
		assert_equal "$INIT_STATUS" 0
	done
}

@test "TSTP is forwarded as TSTP by dumb-init -r TSTP:TSTP, dumb-init -c, tini and pid1" {
	local tstp
	tstp=$(kill -l TSTP)
	EXPECT=$tstp forward TSTP "$DUMB_INIT" -r TSTP:TSTP --
	assert_equal "$INIT_STATUS" 0
	EXPECT=$tstp forward TSTP "$DUMB_INIT" -c --
	EXPECT=$tstp forward TSTP env DUMB_INIT_SETSID=0 "$DUMB_INIT" --
	EXPECT=$tstp forward TSTP "$TINI" --
	EXPECT=$tstp forward TSTP "$PID1" --
	EXPECT="$(kill -l TTIN) $(kill -l TTOU)" forward "TTIN TTOU" "$PID1" --
	# dumb-init with TSTP overridden still stops on TTIN.
	start_init "$DUMB_INIT" -r TSTP:TSTP -- "$PROBE" signals 1
	read_ready "$OUT_FD"
	kill -TTIN "$INIT_PID"
	wait_state "$READY_PID" T
	kill -CONT "$INIT_PID"
	expect_line "$OUT_FD" "got $(kill -l CONT)"
	finish_init
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
			wait_init_loop "$INIT_PID"
			kill -USR1 "$INIT_PID"
			wait_for_line "$ERR_FILE" "pid1: received SIGUSR1 from $BASHPID"
			local state
			state=$(proc_state "$INIT_PID")
			[ -n "$state" ] && [ "$state" != Z ] || fail "--pause ended on USR1"
			kill -"$sig" "$INIT_PID"
			finish_init
			assert_equal "$INIT_STATUS" 0
		done
	done
}

@test "--pause as PID 1 of a new namespace reaps the zombies handed to it" {
	require_root
	require_cmd unshare
	require_cmd nsenter
	start_init unshare --pid --fork "$PID1" -vv --pause
	local inner="" i state
	for i in $(seq 1 1000); do
		inner=$(ps -o pid= --ppid "$INIT_PID" | tr -d ' ')
		[ -n "$inner" ] && break
		sleep 0.01
	done
	[ -n "$inner" ] || fail "unshare started no child"
	PIDS+=("$inner")
	wait_init_loop "$inner"
	# The probe runs in the namespace; its exited children stay zombies until it
	# exits, and then the namespace's PID 1 inherits them.
	run -0 nsenter -t "$inner" -p "$PROBE" zombies 3
	assert_equal "$output" "done 3"
	for i in $(seq 1 1000); do
		[ "$(grep -cE '^pid1: reaped orphan [0-9]+ \(exit 0\)$' "$ERR_FILE")" = 3 ] && break
		sleep 0.01
	done
	assert_equal "$(grep -cE '^pid1: reaped orphan [0-9]+ \(exit 0\)$' "$ERR_FILE")" 3
	assert_equal "$(zombies_of "$inner")" 0
	state=$(proc_state "$inner")
	[ -n "$state" ] && [ "$state" != Z ] || fail "pid1 --pause ended early"
	kill -TERM "$inner"
	finish_init
	assert_equal "$INIT_STATUS" 0
}
