#!/usr/bin/env bats
# Legacy daemons and clean shutdown: --wait-all, --pidfile (with a real
# nginx), --forward-all, --grace and what happens to leftovers, and the
# PID1_* variables that stand for those options. Where `run` waits for pid1,
# it runs under `timeout 20`, so a hang fails (124) instead of stalling.

load helpers

LEFTOVER="$BATS_TEST_DIRNAME/helpers/lifecycle-leftover.py"

setup() {
	T=$BATS_TEST_TMPDIR
}

# Every descendant of process $1, from /proc.
descendants() {
	local c
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		echo "$c"
		descendants "$c"
	done
}

# Kill what a test left behind (after a failure): kill_started's pids and
# groups, and also every descendant of those pids (daemons, nginx workers),
# found before any of them dies and is reparented.
teardown() {
	local p more=()
	for p in "${CLEANUP[@]}"; do
		[[ $p == -* ]] || mapfile -t -O "${#more[@]}" more < <(descendants "$p")
	done
	CLEANUP+=("${more[@]}")
	kill_started
}

# Milliseconds on a clock that only orders events (for loose bounds).
now_ms() {
	local t=${EPOCHREALTIME//[.,]/}
	echo $((10#$t / 1000))
}

# True if process $1's parent is $2.
child_of() {
	[ "$(procfs_ppid "$1")" = "$2" ]
}

# The pid in the "ready PID" line the leftover helper wrote to $1.
leftover_pid() {
	sed -n 's/^ready //p' "$1"
}

# ---- --wait-all ----

# $@: pid1 and its options, up to (not including) "--".
check_wait_all() {
	local main
	mkfifo "$T/fifo"
	start_init "$@" -- sh -c 'echo $$ >"$1/main.pid"
		(read x <"$1/fifo"; echo late >>"$1/file") &
		exit 3' sh "$T"
	wait_for_match "$T/main.pid" '^[0-9]+$'
	main=$(cat "$T/main.pid")
	# The main process is gone (reaped by pid1), pid1 waits on.
	wait_gone "$main"
	running "$P1"
	[ ! -e "$T/file" ]
	timeout 10 sh -c 'echo go >"$1"' sh "$T/fifo"
	pid1_exits 3
	assert_equal "$(cat "$T/file")" late
	assert_equal "$(cat "$ERR")" ""
}

@test "--wait-all: pid1 outlives the main process until the last descendant exits, then gives the main's status" {
	check_wait_all "$PID1" --wait-all
}

@test "PID1_WAIT_ALL=1 works like --wait-all" {
	check_wait_all env PID1_WAIT_ALL=1 "$PID1"
}

# ---- --pidfile with a real daemon: nginx ----

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Writes $T/nginx.conf: one server on 127.0.0.1:$PORT, everything in $T.
write_nginx_conf() {
	PORT=$(free_port)
	{
		# As root, the workers would switch to nobody:nobody, which Debian lacks.
		[ "$(id -u)" != 0 ] || echo 'user root;'
		cat <<-EOF
			worker_processes 2;
			pid $T/nginx.pid;
			error_log $T/error.log notice;
			events { worker_connections 64; }
			http {
			    access_log $T/access.log;
			    client_body_temp_path $T/body;
			    proxy_temp_path $T/proxy;
			    fastcgi_temp_path $T/fastcgi;
			    uwsgi_temp_path $T/uwsgi;
			    scgi_temp_path $T/scgi;
			    server {
			        listen 127.0.0.1:$PORT;
			        location / { return 200 "hello from nginx\n"; }
			    }
			}
		EOF
	} >"$T/nginx.conf"
}

# One GET of URL $1; the body in $REPLY. Fails while nothing answers.
http_get() {
	REPLY=$(python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=2).read().decode(), end="")' "$1" 2>/dev/null)
}

# $1: the signal pid1 sends nginx on SIGTERM; $2: nginx's log line for it.
# $3...: extra pid1 options.
check_nginx() {
	local sig=$1 logged=$2 master workers w
	shift 2
	require_cmd nginx
	write_nginx_conf
	start_pid1 -v --pidfile "$T/nginx.pid" "$@" -- \
		nginx -c "$T/nginx.conf" -p "$T/" -e "$T/error.log"
	wait_for_match "$ERR" '^pid1: info: following daemon '
	master=$(cat "$T/nginx.pid")
	CLEANUP+=("-$master")
	assert_equal "$(cat "$ERR")" "pid1: info: following daemon $master from $T/nginx.pid"
	# The launcher has exited: the master is pid1's own child now.
	assert_equal "$(procfs_ppid "$master")" "$P1"
	wait_for 10 http_get "http://127.0.0.1:$PORT/" || fail "nginx never answered on port $PORT"
	assert_equal "$REPLY" "hello from nginx"
	running "$P1"
	workers=$(cat "/proc/$master/task/$master/children")
	[ -n "$workers" ]

	kill -TERM "$P1"
	pid1_exits 0
	refute running "$master"
	for w in $workers; do
		refute running "$w"
	done
	assert_equal "$(cat "$ERR")" "pid1: info: following daemon $master from $T/nginx.pid
pid1: info: forwarded $sig to process group $master"
	grep -q "$master#$master: $logged" "$T/error.log"
}

@test "--pidfile follows nginx after its launcher exits; SIGTERM stops it and pid1 exits 0" {
	check_nginx SIGTERM 'signal 15 (SIGTERM) received from [0-9]*, exiting'
}

@test "--pidfile with --rewrite TERM:QUIT stops nginx gracefully" {
	check_nginx SIGQUIT 'signal 3 (SIGQUIT) received from [0-9]*, shutting down' --rewrite TERM:QUIT
}

@test "--pidfile: a daemon that leaves its launcher's group after the pidfile was written still gets signals as a group" {
	local master m worker
	mkfifo "$T/go"
	start_pid1 -v --grace 2s --pidfile "$T/d.pid" -- \
		python3 "$BATS_TEST_DIRNAME/helpers/lifecycle-late-setsid.py" "$T/d.pid" "$T/log" "$T/go"
	wait_for_match "$ERR" '^pid1: info: following daemon '
	master=$(cat "$T/d.pid")
	CLEANUP+=("$master")
	# Followed while still in the launcher's group; now it makes a group of its own.
	timeout 10 sh -c 'echo go >"$1"' sh "$T/go"
	wait_for_match "$T/log" '^ready '
	read -r _ m worker <"$T/log"
	assert_equal "$m" "$master"
	assert_equal "$(ps -o pgid= -p "$worker" | tr -d ' ')" "$master"
	kill -TERM "$P1"
	pid1_exits 0
	assert_equal "$(cat "$ERR")" "pid1: info: following daemon $master from $T/d.pid
pid1: info: forwarded SIGTERM to process group $master"
	grep -qx "TERM $worker" "$T/log"
	grep -qx "TERM $master" "$T/log"
	refute running "$master"
	refute running "$worker"
}

# ---- --pidfile: no daemon to follow ----

# $1: the pidfile; $2: what pid1 should say about it; $3...: the main command.
check_no_daemon() {
	local pidfile=$1 why=$2 t0 t1
	shift 2
	t0=$(now_ms)
	run -113 --separate-stderr timeout 20 "$PID1" --pidfile "$pidfile" -- "$@"
	t1=$(now_ms)
	assert_equal "$stderr" "pid1: cannot follow the daemon in --pidfile $pidfile: $why"
	assert_equal "$output" ""
	# Nobody is left who could write it: no waiting for the 10 s timeout.
	[ $((t1 - t0)) -lt 5000 ]
}

@test "--pidfile: the main exits 0 without writing the file and nothing is left: 113" {
	check_no_daemon "$T/none.pid" "No such file or directory" true
}

@test "--pidfile: an empty pidfile: 113" {
	check_no_daemon "$T/d.pid" "it is empty" sh -c ': >"$1"' sh "$T/d.pid"
}

@test "--pidfile: a pidfile holding garbage: 113" {
	check_no_daemon "$T/d.pid" "'abc' is not a pid" sh -c 'echo abc >"$1"' sh "$T/d.pid"
}

@test "--pidfile: a pidfile naming a process pid1 did not start: 113" {
	running $$
	check_no_daemon "$T/d.pid" "it names $$, which is not a process started by pid1" \
		sh -c 'echo "$2" >"$1"' sh "$T/d.pid" "$$"
}

@test "--pidfile: a daemon that died at once: 113" {
	local script='sh -c "echo \$\$ >\"\$1\"; exit 3" sh "$1" & wait; exit 0'
	run -113 --separate-stderr timeout 20 "$PID1" --pidfile "$T/d.pid" -- sh -c "$script" sh "$T/d.pid"
	local dead
	dead=$(cat "$T/d.pid")
	[[ $dead =~ ^[0-9]+$ ]]
	assert_equal "$stderr" \
		"pid1: cannot follow the daemon in --pidfile $T/d.pid: it names $dead, which is not running; did the daemon die at start?"
}

@test "--pidfile-timeout: a descendant that never writes the file: 113 after the timeout, and it gets SIGTERM" {
	local t0 t1 left
	t0=$(now_ms)
	run -113 --separate-stderr timeout 20 "$PID1" --pidfile "$T/never.pid" --pidfile-timeout 300ms -- \
		python3 "$LEFTOVER" "$T/rec"
	t1=$(now_ms)
	left=$(leftover_pid "$T/rec")
	CLEANUP+=("$left")
	assert_equal "$stderr" "pid1: cannot follow the daemon in --pidfile $T/never.pid: no daemon wrote it within 300 ms"
	[ $((t1 - t0)) -ge 300 ]
	# It went at SIGTERM, long before the 8 s grace period would end.
	[ $((t1 - t0)) -lt 5000 ]
	assert_equal "$(cat "$T/rec")" "ready $left
TERM"
	refute running "$left"
}

@test "--pidfile: a main process that fails gives its status at once, no daemon is followed" {
	run -4 --separate-stderr timeout 20 "$PID1" --pidfile "$T/none.pid" -- sh -c 'exit 4'
	assert_equal "$stderr" ""

	# Even when it did start a daemon that wrote the pidfile first.
	local t0 t1 daemon
	t0=$(now_ms)
	run -5 --separate-stderr timeout 20 "$PID1" -v --pidfile "$T/d.pid" -- sh -c '"$1" daemon "$2"
		i=0
		until grep -q "^ready" "$2.log" 2>/dev/null || [ $i -ge 1000 ]; do sleep 0.01; i=$((i + 1)); done
		exit 5' sh "$PROBE" "$T/d.pid"
	t1=$(now_ms)
	daemon=$(cat "$T/d.pid")
	CLEANUP+=("$daemon")
	# Not followed: treated as a leftover, which goes at SIGTERM.
	assert_equal "$stderr" "pid1: info: sent SIGTERM and SIGCONT to the leftover processes; SIGKILL in 8000 ms
pid1: info: reaped orphan $daemon (exit 0)"
	assert_equal "$(cat "$T/d.pid.log")" "ready $daemon
got 15"
	[ $((t1 - t0)) -lt 5000 ]
}

@test "--pidfile: pid1 exits with the status of the daemon it follows" {
	local daemon
	start_pid1 --pidfile "$T/d.pid" -- "$PROBE" daemon "$T/d.pid"
	wait_for_match "$T/d.pid.log" '^ready '
	daemon=$(cat "$T/d.pid")
	CLEANUP+=("$daemon")
	# Followed, not a leftover: wait until pid1 is its parent, then it gets no SIGTERM.
	wait_for 10 child_of "$daemon" "$P1" ||
		fail "the daemon's parent is '$(procfs_ppid "$daemon")', not pid1 ($P1)"
	kill -KILL "$daemon"
	pid1_exits 137
	assert_equal "$(cat "$T/d.pid.log")" "ready $daemon"
	assert_equal "$(cat "$ERR")" ""
}

@test "PID1_PIDFILE=PATH follows the daemon like --pidfile" {
	local daemon
	start_init env PID1_PIDFILE="$T/d.pid" "$PID1" -v -- "$PROBE" daemon "$T/d.pid"
	wait_for_match "$ERR" '^pid1: info: following daemon '
	daemon=$(cat "$T/d.pid")
	CLEANUP+=("$daemon")
	assert_equal "$(cat "$ERR")" "pid1: info: following daemon $daemon from $T/d.pid"
	assert_equal "$(procfs_ppid "$daemon")" "$P1"
	running "$P1"
	kill -TERM "$P1"
	pid1_exits 0
	assert_equal "$(cat "$T/d.pid.log")" "ready $daemon
got 15"
}

@test "--pid --pidfile without --mount-proc follows the daemon, though /proc shows the host's pids" {
	require_root
	local daemon
	start_pid1 -v --pid --pidfile "$T/d.pid" -- "$PROBE" daemon "$T/d.pid"
	wait_for_match "$ERR" '^pid1: inner: info: following daemon '
	# The pid the daemon wrote is its pid in the new namespace.
	daemon=$(cat "$T/d.pid")
	has_match "$ERR" "^pid1: inner: info: following daemon $daemon from $T/d.pid\$"
	kill -TERM "$P1"
	pid1_exits 0
	assert_equal "$(cat "$T/d.pid.log")" "ready $daemon
got 15"
}

@test "--pidfile at -vv with its log in the pidfile's directory: only the pidfile wakes pid1" {
	local n
	# start_pid1 puts pid1's stderr in $T, beside the pidfile.
	start_pid1 -vv --pidfile "$T/d.pid" --grace 300ms -- python3 "$LEFTOVER" "$T/rec"
	wait_for_match "$ERR" "^pid1: debug: cannot follow the daemon in --pidfile $T/d.pid yet: No such file or directory\$"
	# Another file in the directory changes: not the pidfile, nothing to read.
	echo noise >"$T/other"
	echo abc >"$T/d.pid"
	wait_for_match "$ERR" "^pid1: debug: cannot follow the daemon in --pidfile $T/d.pid yet: 'abc' is not a pid\$"
	# Each of pid1's own log lines lands in the directory too; had that woken
	# it, it would have read the missing file again and again.
	n=$(grep -c "No such file or directory" "$ERR")
	[ "$n" -le 2 ] || fail "pid1 looked at the missing pidfile $n times"
	# The main process's status, 0: no daemon was followed.
	kill -TERM "$P1"
	pid1_exits 0
}

@test "--pidfile: SIGTERM while waiting for the daemon reaches a leftover once, not twice" {
	local left
	start_pid1 -vv --pidfile "$T/d.pid" --grace 300ms -- python3 "$LEFTOVER" --ignore-term "$T/rec"
	wait_for_match "$ERR" "^pid1: debug: cannot follow the daemon in --pidfile $T/d.pid yet: No such file or directory\$"
	left=$(leftover_pid "$T/rec")
	CLEANUP+=("$left")
	kill -TERM "$P1"
	pid1_exits 0
	wait_gone "$left"
	assert_equal "$(cat "$T/rec")" "ready $left
TERM"
	has_match "$ERR" '^pid1: info: sent SIGTERM and SIGCONT to the leftover processes; SIGKILL in 300 ms$'
}

# ---- --forward-all ----

# $1: the daemon's expected log; $2...: pid1 and its options.
check_forward_all() {
	local expect=$1 daemon
	shift
	start_init "$@" -- sh -c '"$1" daemon "$2"; exec "$1" signals 1' sh "$PROBE" "$T/d.pid"
	read_ready
	wait_for_match "$T/d.pid.log" '^ready '
	daemon=$(cat "$T/d.pid")
	CLEANUP+=("$daemon")
	# The daemon is in another session and group: no group signal reaches it.
	[ "$(ps -o pgid= -p "$daemon" | tr -d ' ')" != "$CHILD_PGID" ]
	[ "$(ps -o sid= -p "$daemon" | tr -d ' ')" != "$(ps -o sid= -p "$CHILD" | tr -d ' ')" ]
	kill -USR1 "$P1"
	expect_got USR1
	pid1_exits 0
	# When the main process is gone, the daemon is a leftover and gets SIGTERM.
	refute running "$daemon"
	assert_equal "$(cat "$T/d.pid.log")" "$(printf "$expect" "$daemon")"
}

@test "without --forward-all a signal does not reach a daemon outside the child's group" {
	check_forward_all 'ready %s\ngot 15' "$PID1"
}

@test "--forward-all: a signal reaches a double-forked setsid daemon too" {
	check_forward_all 'ready %s\ngot 10\ngot 15' "$PID1" --forward-all
}

@test "PID1_FORWARD_ALL=1 works like --forward-all" {
	check_forward_all 'ready %s\ngot 10\ngot 15' env PID1_FORWARD_ALL=1 "$PID1"
}

# ---- --grace ----

# $1: the grace period in ms pid1 should use; $2: upper bound on the time to
# exit in ms; $3...: pid1 and its options.
check_grace() {
	local ms=$1 max=$2 t0 t1
	shift 2
	# The probe blocks every signal: SIGTERM arrives but does not end it.
	start_init "$@" -- "$PROBE" signals 100
	read_ready
	t0=$(now_ms)
	kill -TERM "$P1"
	expect_got TERM
	pid1_exits 137
	t1=$(now_ms)
	refute running "$CHILD"
	assert_equal "$(cat "$ERR")" "pid1: warning: process $CHILD still running $ms ms after SIGTERM; sending SIGKILL"
	[ $((t1 - t0)) -ge "$ms" ]
	[ $((t1 - t0)) -lt "$max" ]
}

@test "--grace 500ms: a child that ignores SIGTERM is killed after the grace period (137)" {
	check_grace 500 5000 "$PID1" --grace 500ms
}

@test "--grace 0.0001 is 1 ms, not 0: a positive grace period never turns SIGKILL off" {
	# The probe blocks SIGTERM; SIGKILL may come before it can say it got it.
	start_init "$PID1" --grace 0.0001 -- "$PROBE" signals 100
	read_ready
	kill -TERM "$P1"
	pid1_exits 137
	refute running "$CHILD"
	assert_equal "$(cat "$ERR")" "pid1: warning: process $CHILD still running 1 ms after SIGTERM; sending SIGKILL"
}

@test "PID1_GRACE=500ms works like --grace 500ms" {
	check_grace 500 5000 env PID1_GRACE=500ms "$PID1"
}

@test "--grace on the command line wins over PID1_GRACE" {
	check_grace 300 4000 env PID1_GRACE=5s "$PID1" --grace 300ms
}

@test "leftovers get SIGTERM, then SIGKILL when the grace period ends; pid1 gives the main's status" {
	local t0 t1 left
	t0=$(now_ms)
	# The leftover is in a session of its own and ignores SIGTERM.
	run -6 --separate-stderr timeout 20 "$PID1" -v --grace 500ms -- \
		sh -c 'python3 "$1" --setsid --ignore-term "$2" || exit 99; exit 6' sh "$LEFTOVER" "$T/rec"
	t1=$(now_ms)
	left=$(leftover_pid "$T/rec")
	CLEANUP+=("$left")
	refute running "$left"
	assert_equal "$(cat "$T/rec")" "ready $left
TERM"
	assert_equal "$stderr" "pid1: info: sent SIGTERM and SIGCONT to the leftover processes; SIGKILL in 500 ms
pid1: info: sent SIGKILL to the leftover processes
pid1: info: reaped orphan $left (signal KILL)"
	[ $((t1 - t0)) -ge 500 ]
	[ $((t1 - t0)) -lt 5000 ]
}

@test "a stopped leftover gets SIGCONT after its SIGTERM, so it acts on it before the grace period ends" {
	# The probe reports every signal once it runs again; it ends after two.
	start_pid1 -v --grace 60s -- sh -c '"$1" signals 2 & read -r _; exit 3' sh "$PROBE"
	read_ready
	kill -STOP "$CHILD"
	wait_state "$CHILD" T
	echo go >&"$IN"
	expect_got TERM
	expect_got CONT
	pid1_exits 3
	has_match "$ERR" '^pid1: info: sent SIGTERM and SIGCONT to the leftover processes; SIGKILL in 60000 ms$'
}

@test "after a stop request, the leftovers' line says how much of the grace period is left" {
	local left t
	# The command ignores SIGTERM and leaves when told; its helper blocks it.
	start_pid1 -v --grace 60s -- sh -c 'trap "" TERM; "$1" signals 2 & read -r _; exit 3' sh "$PROBE"
	read_ready
	kill -TERM "$P1"
	expect_got TERM
	# pid1 took the stop request before the helper reported it; the command
	# leaves at least 3 ms later, by the clock, not by a sleep.
	t=$(now_ms)
	while [ $(($(now_ms) - t)) -lt 3 ]; do :; done
	echo go >&"$IN"
	expect_got TERM
	pid1_exits 3
	left=$(sed -n 's/^pid1: info: sent SIGTERM and SIGCONT to the leftover processes; SIGKILL in \([0-9]*\) ms$/\1/p' "$ERR")
	[ -n "$left" ] || fail "no leftover line$(init_stderr)"
	[ "$left" -lt 60000 ] || fail "SIGKILL in $left ms: the whole grace period, not what is left"
	[ "$left" -gt 0 ]
}

@test "--grace 0: pid1 exits as soon as the main process does and leaves leftovers alone" {
	local t0 t1 left
	t0=$(now_ms)
	run -0 --separate-stderr timeout 20 "$PID1" -v --grace 0 -- python3 "$LEFTOVER" "$T/rec"
	t1=$(now_ms)
	left=$(leftover_pid "$T/rec")
	CLEANUP+=("$left")
	running "$left"
	assert_equal "$(cat "$T/rec")" "ready $left"
	assert_equal "$stderr" ""
	[ $((t1 - t0)) -lt 5000 ]
}
