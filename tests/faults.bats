#!/usr/bin/env bats
# Fault injection: fork fails, no descriptor is free, exec fails, the
# namespace or /proc cannot be set up, the pidfile cannot be read, signals
# arrive before the child exists, the child is gone before pid1 looks. Each
# test asserts the exact message and exit code, and that nothing the test
# started is still running afterwards.

load helpers
load helpers/storm-lib

NOBODY=65534

setup_file() {
	storm_build
	export STORM_CHILD STORM_CHILD_STATIC
}

setup() {
	storm_mark
	SHARED_DIR=
}

teardown() {
	kill_started
	storm_kill_leftovers
	if [ -n "$SHARED_DIR" ]; then rm -rf "$SHARED_DIR"; fi
	if [ -n "${NOBODY_DIR:-}" ]; then rm -rf "$NOBODY_DIR"; fi
}

# Run "$@" as uid and gid 65534, no supplementary groups; setuid away from
# root also clears every capability.
as_nobody() {
	setpriv --reuid="$NOBODY" --regid="$NOBODY" --clear-groups "$@"
}

# As as_nobody, running the copy of "$PID1" that nobody_pid1 (called first,
# outside `run`) made if need be.
pid1_as_nobody() {
	as_nobody "$NOBODY_PID1" "$@"
}

# How many tasks have real uid $1 (RLIMIT_NPROC counts threads too).
tasks_of_uid() {
	ps -eLo ruid= | grep -cx " *$1" || true
}

# A directory uid 65534 can reach ($BATS_TEST_TMPDIR's parents are 0700).
make_shared_dir() {
	SHARED_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pid1-faults.XXXXXX")
	chmod 0755 "$SHARED_DIR"
}

@test "fork fails (RLIMIT_NPROC, as uid 65534): pid1 says so and exits 111" {
	require_root
	require_cmd setpriv
	require_cmd prlimit
	local base
	nobody_pid1
	base=$(tasks_of_uid "$NOBODY")
	# Room for pid1 and its child: it runs, so the limit is what fails the fork below.
	run -0 --separate-stderr as_nobody prlimit --nproc=$((base + 2)) -- "$NOBODY_PID1" -- true
	assert_equal "$stderr" ""
	# Room for pid1 alone.
	run -111 --separate-stderr as_nobody prlimit --nproc=$((base + 1)) -- "$NOBODY_PID1" -- true
	assert_equal "$stderr" "pid1: cannot fork to start the command: Resource temporarily unavailable"
	assert_equal "$output" ""
	assert_no_leftovers
}

@test "no descriptor free from the start (RLIMIT_NOFILE 3): pid1 runs the child and passes its status" {
	require_cmd prlimit
	require_cmd readelf
	if readelf -l "$PID1" | grep -q 'program interpreter'; then
		skip "a dynamically linked pid1 cannot even be loaded with no descriptor free (ld.so opens libc); the static build runs this test"
	fi
	run -7 --separate-stderr prlimit --nofile=3:3 -- "$PID1" -- "$STORM_CHILD_STATIC" fdfull 7 </dev/null
	# The child really had no descriptor to spare: pid1 left it none.
	assert_equal "$output" "table full"
	assert_equal "$stderr" ""
	assert_no_leftovers
}

@test "a full descriptor table in steady state: pid1 holds none, and still forwards, reaps and exits with the status" {
	require_cmd prlimit
	start_pid1 -v -- "$STORM_CHILD" await 7 50
	read_line "$OUT" || fail "no ready line from the child"
	assert_regex "$REPLY" '^ready [0-9]+$'
	# Inherited descriptors are closed just after the fork: wait for that.
	wait_for 5 holds_only_std_fds "$P1" || fail "pid1 holds fds $(fds_of "$P1"), not just 0 1 2"
	# Now no descriptor can be opened at all.
	prlimit --pid "$P1" --nofile=3:3
	assert_equal "$(awk '/^Max open files/ { print $4, $5 }' "/proc/$P1/limits")" "3 3"
	kill -USR1 "$P1"
	expect_got USR1
	read_line "$OUT" 30 || fail "the child did not finish its orphans"
	assert_equal "$REPLY" "done 50"
	# Every orphan reaped (bounded poll), no zombie left.
	wait_for_match "$ERR" "$REAPED_RE" 50
	assert_equal "$(zombies_of "$P1")" 0
	# Only now the child ends, so no leftover needs a walk of /proc (which needs a descriptor).
	kill -USR2 "$P1"
	expect_got USR2
	pid1_exits 7
	run grep -Ev -e "$REAPED_RE" \
		-e '^pid1: info: forwarded SIGUSR[12] to process group [0-9]*$' "$ERR"
	assert_output ""
	assert_no_leftovers
}

@test "exec fails with ENOEXEC (garbage with the exec bit): 126 and the reason" {
	local f=$BATS_TEST_TMPDIR/garbage
	printf '\001\002\003 not a program\n\377\n' >"$f"
	chmod 0755 "$f"
	run -126 --separate-stderr "$PID1" -- "$f"
	assert_equal "$stderr" "pid1: cannot execute $f: Exec format error"
	assert_equal "$output" ""
	assert_no_leftovers
}

@test "the command is a directory: 126, given by path and found on PATH" {
	local d=$BATS_TEST_TMPDIR
	mkdir -p "$d/bin/dircmd"
	run -126 --separate-stderr "$PID1" -- "$d/bin/dircmd"
	assert_equal "$stderr" "pid1: cannot execute $d/bin/dircmd: Permission denied; it is a directory"
	run -126 --separate-stderr env PATH="$d/bin:/usr/bin:/bin" "$PID1" -- dircmd
	assert_equal "$stderr" "pid1: cannot execute dircmd: Permission denied"
	assert_no_leftovers
}

@test "with CAP_SYS_ADMIN but unshare refused by a seccomp filter, root is told that something above pid1 forbids it" {
	require_root
	local filter="$BATS_TEST_DIRNAME/helpers/seccomp_filter.py"
	run -0 --separate-stderr "$PID1" --pid -- true
	run --separate-stderr python3 "$filter" no-unshare "$PID1" --pid -- true
	[ "$status" -ne 77 ] || skip "no seccomp filter on this machine: $output"
	assert_equal "$status" 112
	# Neither "run as root" nor "lacks CAP_SYS_ADMIN": it has both.
	assert_equal "$stderr" "pid1: cannot create a PID namespace: Operation not permitted; pid1 has the privilege, so something above it forbids this (a seccomp filter, a security module or the container runtime)"
}

@test "without CAP_SYS_ADMIN, --pid --mount-proc is refused: 112 and the reason" {
	require_root
	require_cmd setpriv
	local drop=(setpriv --inh-caps=-sys_admin --bounding-set=-sys_admin) caps
	# With the capability it works, so the capability is what is missing below.
	run -0 --separate-stderr "$PID1" --pid --mount-proc -- true
	# And the capability really is gone (CAP_SYS_ADMIN is bit 21).
	caps=$("${drop[@]}" awk '/^CapEff:/ { print $2 }' /proc/self/status)
	assert_equal $(((16#$caps >> 21) & 1)) 0
	run -112 --separate-stderr "${drop[@]}" "$PID1" --pid --mount-proc -- true
	# Root is not told to run as root: what it lacks is the capability.
	assert_equal "$stderr" "pid1: cannot create a PID namespace: Operation not permitted; pid1 lacks CAP_SYS_ADMIN (a container without privileges, say); add --user"
	assert_equal "$output" ""
	assert_no_leftovers
}

@test "mounting proc itself is refused (/proc partly covered, in a user namespace): 112 and the reason" {
	require_root
	require_cmd setpriv
	require_cmd unshare
	nobody_pid1
	# Uncovered, uid 65534 may mount a proc of its own namespaces.
	run --separate-stderr pid1_as_nobody --user --mount-proc -- true
	[ "$status" -eq 0 ] || skip "unprivileged user namespaces are not usable here: $stderr"
	# With a tmpfs over /proc/sys the kernel refuses a new proc to anyone
	# without privilege over the host: so the mount itself fails.
	run -112 --separate-stderr unshare --mount --propagation private sh -c \
		'mount -t tmpfs none /proc/sys && exec setpriv --reuid="$0" --regid="$0" --clear-groups "$@"' \
		"$NOBODY" "$NOBODY_PID1" --user --mount-proc -- true
	assert_equal "$stderr" "pid1: inner: cannot mount proc on /proc: Operation not permitted; in a user namespace the kernel mounts a new proc only where /proc is fully visible, with nothing mounted over parts of it"
	assert_equal "$output" ""
	assert_no_leftovers
}

@test "the pidfile is a directory: 113 and the reason" {
	local p=$BATS_TEST_TMPDIR/pid.d
	mkdir "$p"
	run -113 --separate-stderr "$PID1" --pidfile "$p" -- true
	assert_equal "$stderr" "pid1: cannot follow the daemon in --pidfile $p: it is a directory, not a regular file"
	assert_equal "$output" ""
	assert_no_leftovers
}

@test "a 5000-byte --pidfile path: the line is cut in the path, never in the reason" {
	local name
	# ENAMETOOLONG reads differently in glibc and musl.
	local reason='(File name|Filename) too long'
	name=$(printf 'x%.0s' {1..5000})
	# Absolute: open() refuses the name, and nothing was started that could write it.
	run -113 --separate-stderr "$PID1" --pidfile "/$name" -- true
	assert_equal "${#stderr_lines[@]}" 1
	# 1024 bytes with the newline: the limit, filled.
	assert_equal "${#stderr}" 1023
	assert_regex "$stderr" "^pid1: cannot follow the daemon in --pidfile /x+\\.\\.\\.: $reason\$"
	# Relative: it cannot even be made absolute, a usage error.
	run -100 --separate-stderr "$PID1" --pidfile "$name" -- true
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "${#stderr}" 1023
	assert_regex "$stderr" "^pid1: cannot make --pidfile x+\\.\\.\\.: $reason\$"
	assert_equal "$output" ""
	assert_no_leftovers
}

@test "the pidfile is a FIFO with no writer: refused at once (113), pid1 never blocks opening it" {
	local p=$BATS_TEST_TMPDIR/pid.fifo
	mkfifo "$p"
	# A blocking open() would wait for a writer forever: timeout then says 124 or 137.
	run -113 --separate-stderr timeout -k 1 10 "$PID1" --pidfile "$p" --pidfile-timeout 1s -- true
	assert_equal "$stderr" "pid1: cannot follow the daemon in --pidfile $p: it is a FIFO, not a regular file"
	assert_no_leftovers
}

@test "--pidfile /dev/stdin on a pipe whose writer stays open: refused at once, the leftover still gets SIGTERM" {
	# The launcher leaves a sleep behind and exits 0; pid1's stdin is a pipe
	# the test keeps open, so a blocking read() would wait for ever.
	start_pid1 --pidfile /dev/stdin -- sh -c 'sleep 1000 & echo "$!"; exit 0'
	read_line "$OUT" || fail "no pid from the launcher$(init_stderr)"
	CLEANUP+=("$REPLY")
	pid1_exits 113
	refute running "$REPLY"
	assert_equal "$(cat "$ERR")" "pid1: cannot follow the daemon in --pidfile /dev/stdin: it is a FIFO, not a regular file"
}

@test "the pidfile cannot be read (mode 000, read as uid 65534): 113 and the reason" {
	require_root
	require_cmd setpriv
	nobody_pid1
	make_shared_dir
	local p=$SHARED_DIR/daemon.pid
	echo "$$" >"$p"
	chmod 0000 "$p"
	run -113 --separate-stderr pid1_as_nobody --pidfile "$p" -- true
	assert_equal "$stderr" "pid1: cannot follow the daemon in --pidfile $p: Permission denied"
	# Readable, the same file is read: it names a process pid1 did not start.
	chmod 0644 "$p"
	run -113 --separate-stderr pid1_as_nobody --pidfile "$p" -- true
	assert_equal "$stderr" "pid1: cannot follow the daemon in --pidfile $p: it names $$, which is not a process started by pid1"
	assert_no_leftovers
}

@test "signals pending before the child exists reach it once it does (RT ones each time)" {
	# python blocks USR1 and RTMIN+1, raises USR1 once and RTMIN+1 twice, so
	# they are pending, and execs pid1 with them still pending and blocked.
	# A pending signal is not inherited by fork: the child gets them only from pid1.
	start_init python3 -c '
import os, signal, sys
rt = signal.SIGRTMIN + 1
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, rt})
os.kill(os.getpid(), signal.SIGUSR1)
os.kill(os.getpid(), rt)
os.kill(os.getpid(), rt)
if not {signal.SIGUSR1, rt} <= signal.sigpending():
    sys.exit("the signals are not pending")
os.execv(sys.argv[1], sys.argv[1:])' "$PID1" -v -- "$PROBE" signals 3
	read_ready
	expect_got USR1
	expect_got RTMIN+1
	expect_got RTMIN+1
	pid1_exits 0
	# Those four lines are all the probe said.
	if read_line "$OUT" 1; then fail "one more line from the probe: $REPLY"; fi
	assert_equal "$(cat "$ERR")" "pid1: info: forwarded SIGUSR1 to process group $CHILD_PGID
pid1: info: forwarded SIGRTMIN+1 to process group $CHILD_PGID
pid1: info: forwarded SIGRTMIN+1 to process group $CHILD_PGID"
	assert_no_leftovers
}

@test "a child that exits before pid1 reaches its loop: 500 runs each of true (0) and false (1)" {
	local i rc bad=0 err=$BATS_TEST_TMPDIR/err
	for i in $(seq 1 500); do
		rc=0
		timeout -k 2 10 "$PID1" -- true 2>>"$err" || rc=$?
		[ "$rc" -eq 0 ] || { echo "run $i: pid1 -- true exited $rc" >&2; bad=$((bad + 1)); }
		rc=0
		timeout -k 2 10 "$PID1" -- false 2>>"$err" || rc=$?
		[ "$rc" -eq 1 ] || { echo "run $i: pid1 -- false exited $rc" >&2; bad=$((bad + 1)); }
	done
	assert_equal "$bad" 0
	assert_equal "$(cat "$err")" ""
	assert_no_leftovers
}

# fill_fifo FIFO: write to FIFO, which has a reader that never reads, until it is full to the brim.
fill_fifo() {
	python3 -c 'import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)
for size in (4096, 1):
    try:
        while True:
            os.write(fd, b"x" * size)
    except BlockingIOError:
        pass' "$1"
}

@test "stderr a full pipe that nobody reads: pid1 drops its lines and goes on forwarding" {
	local fifo=$BATS_TEST_TMPDIR/err.fifo keep
	mkfifo "$fifo"
	# The test holds the only reader and never reads.
	exec {keep}<>"$fifo"
	fill_fifo "$fifo"
	# -v: a line for every forwarded signal, which a blocking write would wait on for ever.
	start_init sh -c 'exec "$@" 2>"$0"' "$fifo" "$PID1" -v -- "$PROBE" signals 3
	read_ready
	kill -USR1 "$P1"
	expect_got USR1
	kill -USR2 "$P1"
	expect_got USR2
	kill -TERM "$P1"
	expect_got TERM
	pid1_exits 0
	exec {keep}<&-
}

@test "stderr a full pipe, the command cannot be executed: 127 at once, its line does not hold pid1" {
	local fifo=$BATS_TEST_TMPDIR/err.fifo keep
	mkfifo "$fifo"
	exec {keep}<>"$fifo"
	fill_fifo "$fifo"
	# pid1 waits in clone() until its child has exec'd or exited: a child
	# blocked on its error line would hold it until SIGKILL (137). Only the
	# test keeps the reader, so a child left blocked ends when it closes it.
	run -127 timeout -s KILL 20 bash -c "exec $keep<&- >/dev/null; exec \"\$@\" 2>\"\$0\"" "$fifo" "$PID1" -- /nonexistent/command
	exec {keep}<&-
}

@test "stderr a terminal that another process is writing: pid1's line waits for it, not dropped" {
	# The writer holds the terminal's write lock, which turns pid1's
	# non-blocking write away (EAGAIN), until the helper reads the terminal;
	# it does so only once pid1 is seen pausing for it.
	run -0 python3 "$BATS_TEST_DIRNAME/helpers/busy-tty.py" "$PID1"
	assert_output "busy-tty: pid1's lines came after the writer's 131072 bytes"
}

@test "stderr a file shared with the command: no line of either is overwritten" {
	local f=$BATS_TEST_TMPDIR/err.log
	# Not O_APPEND: a description of pid1's own would write from offset 0 again.
	"$PID1" -vv -- sh -c 'echo "the command writes a line of its own, longer than the first of pid1" >&2' 2>"$f"
	assert_equal "$(grep -c '^the command writes a line of its own' "$f")" 1
	assert_equal "$(grep -c '^pid1: debug: main process [0-9]* ended (exit 0)$' "$f")" 1
	assert_equal "$(grep -c '^pid1: debug: not PID 1' "$f")" 1
}
