#!/usr/bin/env bats
# valgrind memcheck over a representative run: start-up, a forwarded signal,
# reaped orphans, a leftover terminated, the exit status passed on.

load helpers

@test "valgrind memcheck finds no error in a representative run" {
	require_cmd valgrind
	if readelf -d "$PID1" 2>/dev/null | grep -q 'libasan'; then
		skip "an AddressSanitizer build cannot run under valgrind"
	fi
	# The command makes orphans, asks pid1 (its parent) to forward USR1 back
	# to it, leaves a process behind and exits 3.
	run -3 --separate-stderr timeout 60 valgrind -q --error-exitcode=99 --child-silent-after-fork=yes \
		"$PID1" -v --grace 5s -- sh -c '
			got=
			trap "got=1" USR1
			for i in 1 2 3; do (true &); done
			kill -USR1 $PPID
			i=0
			while [ -z "$got" ] && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done
			[ -n "$got" ] && echo "got USR1"
			sleep 30 &
			exit 3'
	assert_output "got USR1"
	[[ $stderr == *"pid1: info: forwarded SIGUSR1 to process group "* ]] || fail "no forwarding: $stderr"
	[[ $stderr == *"pid1: info: reaped orphan "* ]] || fail "no orphan reaped: $stderr"
	[[ $stderr == *"pid1: info: sent SIGTERM and SIGCONT to the leftover processes"* ]] || fail "leftover not signalled: $stderr"
	[[ $stderr != *"=="* ]] || fail "valgrind reported: $stderr"
}
