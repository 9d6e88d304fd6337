#!/usr/bin/env bats
# The command line: --help, --version, usage errors (exact messages, exit 100,
# nothing run), where options stop, and stdin/stdout belonging to the child.

load helpers

# usage_error MESSAGE COMMAND...: COMMAND exits 100 with the usage error MESSAGE
# (assert_usage_error) and runs no child (no $MARK file).
usage_error() {
	local msg=$1
	shift
	run -100 --separate-stderr "$@"
	assert_usage_error "$msg"
	[ ! -e "$MARK" ] || fail "the command ran despite the usage error"
}

setup() {
	MARK="$BATS_TEST_TMPDIR/ran"
}

@test "--help and -h print the usage on stdout, mention --pid, and exit 0" {
	local opt
	for opt in --help -h; do
		run -0 --separate-stderr "$PID1" "$opt"
		assert_equal "$stderr" ""
		assert_line --index 0 --regexp '^Usage: pid1 '
		assert_line --regexp '^ +--pid +[a-z]'
	done
}

@test "--version and -V print one line 'pid1 VERSION' on stdout and exit 0" {
	local opt
	for opt in --version -V; do
		run -0 --separate-stderr "$PID1" "$opt"
		assert_equal "$stderr" ""
		assert_equal "${#lines[@]}" 1
		assert_output --regexp '^pid1 [0-9]+\.[0-9]+'
	done
}

@test "--help and --version run no command" {
	run -0 "$PID1" --help -- touch "$MARK"
	run -0 "$PID1" --version -- touch "$MARK"
	[ ! -e "$MARK" ]
}

@test "--help, --version and --license that cannot be written: 111 and the reason" {
	local opt
	for opt in --help --version --license; do
		run -111 --separate-stderr sh -c '"$@" >/dev/full' sh "$PID1" "$opt"
		assert_equal "$stderr" "pid1: cannot write to standard output: No space left on device"
	done
}

@test "-e maps the command's status, never pid1's own codes" {
	run -0 --separate-stderr "$PID1" -e 3 -- sh -c 'exit 3'
	run -113 --separate-stderr "$PID1" -e 113 --pidfile "$BATS_TEST_TMPDIR/none.pid" -- true
	assert_equal "$stderr" "pid1: cannot follow the daemon in --pidfile $BATS_TEST_TMPDIR/none.pid: No such file or directory"
}

@test "no command: exit 100 and says so" {
	usage_error "no command given" "$PID1"
	usage_error "no command given" "$PID1" --
	usage_error "no command given" "$PID1" -v -c
}

@test "an unknown short or long option is named" {
	usage_error "unknown option '-x'" "$PID1" -x -- touch "$MARK"
	usage_error "unknown option '--bogus'" "$PID1" --bogus -- touch "$MARK"
	usage_error "unknown option '--bogus'" "$PID1" --bogus=3 -- touch "$MARK"
	usage_error "unknown option '-x'" "$PID1" -vx -- touch "$MARK"
}

@test "an abbreviation of several long options says which they are" {
	usage_error "option '--pi' is ambiguous: it could be --pidfile, --pidfile-timeout or --pid" "$PID1" --pi -- touch "$MARK"
	usage_error "option '--pidf' is ambiguous: it could be --pidfile or --pidfile-timeout" "$PID1" --pidf=x -- touch "$MARK"
	usage_error "option '--p' is ambiguous: it could be --process-group, --pdeath-signal, --pause, --pidfile, --pidfile-timeout or --pid" "$PID1" --p -- touch "$MARK"
	# An exact name and a unique abbreviation are not ambiguous.
	run -0 "$PID1" --wait -- true
}

@test "an option that needs a value but has none is named" {
	usage_error "option '-r' needs a value" "$PID1" -r
	usage_error "option '--rewrite' needs a value" "$PID1" --rewrite
	usage_error "option '-e' needs a value" "$PID1" -e
	usage_error "option '-p' needs a value" "$PID1" -p
	usage_error "option '--grace' needs a value" "$PID1" --grace
	usage_error "option '--pidfile' needs a value" "$PID1" --pidfile
}

@test "bad option values are refused with the value quoted" {
	usage_error "--grace: 'abc' is not a duration (try 10s or 500ms)" "$PID1" --grace abc -- touch "$MARK"
	usage_error "--grace: 'abc' is not a duration (try 10s or 500ms)" "$PID1" --grace=abc -- touch "$MARK"
	usage_error "--expect-exit: '300' is not an exit code (0..255)" "$PID1" -e 300 -- touch "$MARK"
	usage_error "--rewrite: 'FOO:1': 'FOO' is not a signal" "$PID1" -r FOO:1 -- touch "$MARK"
	usage_error "--rewrite: '9:TERM': 9 cannot be caught, so it cannot be rewritten" \
		"$PID1" -r 9:TERM -- touch "$MARK"
	usage_error "--rewrite: '1ABC:2': '1ABC' is not a signal" "$PID1" -r 1ABC:2 -- touch "$MARK"
	usage_error "--pdeath-signal: 'NOPE' is not a signal" "$PID1" -p NOPE -- touch "$MARK"
}

@test "bad values in the environment are refused with the variable named" {
	usage_error "PID1_VERBOSITY='x' is not a verbosity (0..9)" \
		env PID1_VERBOSITY=x "$PID1" -- touch "$MARK"
	usage_error "PID1_GRACE='zz' is not a duration (try 10s or 500ms)" \
		env PID1_GRACE=zz "$PID1" -- touch "$MARK"
	usage_error "PID1_WAIT_ALL='maybe' is not a boolean (use 1 or 0)" \
		env PID1_WAIT_ALL=maybe "$PID1" -- touch "$MARK"
}

@test "the command runs without --, and with --" {
	run -0 --separate-stderr "$PID1" sh -c 'echo hi'
	assert_equal "$output" "hi"
	assert_equal "$stderr" ""
	run -0 --separate-stderr "$PID1" -- sh -c 'echo hi'
	assert_equal "$output" "hi"
	assert_equal "$stderr" ""
}

@test "options stop at the command: what follows goes to it untouched" {
	run -0 --separate-stderr "$PID1" sh -c 'printf "<%s>\n" "$@"' sh -v --help -- -x --version
	assert_equal "$output" "$(printf '<%s>\n' -v --help -- -x --version)"
	assert_equal "$stderr" ""
	run -0 --separate-stderr "$PID1" -- sh -c 'printf "<%s>\n" "$@"' sh --bogus -c
	assert_equal "$output" "$(printf '<%s>\n' --bogus -c)"
	assert_equal "$stderr" ""
}

@test "stdin and stdout pass through pid1 to the child" {
	# shellcheck disable=SC2016 # expanded by the inner bash
	run -0 --separate-stderr bash -c 'printf "a\nb\n" | "$PID1" -- cat'
	assert_equal "$output" "$(printf 'a\nb')"
	assert_equal "$stderr" ""
}

@test "a 1 MiB stream passes through pid1 unchanged" {
	local in="$BATS_TEST_TMPDIR/in" out="$BATS_TEST_TMPDIR/out"
	head -c 1048576 /dev/urandom >"$in"
	# Through pipes on both sides, as in a container's log pipeline.
	# shellcheck disable=SC2002 # a pipe on purpose, not a file
	cat "$in" | "$PID1" -- cat | cat >"$out"
	assert_equal "$(stat -c %s "$out")" 1048576
	assert_equal "$(sha256sum <"$out")" "$(sha256sum <"$in")"
}

@test "pid1 writes nothing on stdout itself, even with -vv: its lines all go to stderr" {
	# The child makes orphans, and asks pid1 to forward it a HUP, which ends it.
	run -0 --separate-stderr "$PID1" -vv -- sh -c '
		trap "exit 0" HUP
		echo child-out
		"$0" orphans 2 >/dev/null
		sleep 10 >/dev/null &
		kill -HUP $PPID
		wait
		exit 1' "$PROBE"
	assert_equal "$output" "child-out"
	# There was something to say, and it all went to stderr, as "pid1: " lines.
	[[ $stderr == *"pid1: info: reaped orphan "* ]] || fail "no 'reaped orphan' line on stderr: $stderr"
	[[ $stderr == *"pid1: info: forwarded SIGHUP to process group "* ]] || fail "no 'forwarded' line: $stderr"
	local line
	while IFS= read -r line; do
		[[ $line == "pid1: "* ]] || fail "a stderr line not from pid1: '$line'"
	done <<<"$stderr"
}
