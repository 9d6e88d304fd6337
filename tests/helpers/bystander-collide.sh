#!/bin/bash
# shellcheck disable=SC2016 # the sh -c script expands its own $1 and $2
# bystander-collide.sh PID1 PROBE DIR: run as PID 1 of a new PID namespace
# whose /proc is still the parent's (unshare --pid --fork, no --mount-proc).
# pid1 runs here as a subreaper; its leftover learns its own pid in the
# parent namespace (H) from that /proc, and a bystander that pid1 never
# started is then made to have pid H in this namespace (ns_last_pid), so an
# init that took /proc's numbers for its own would signal the bystander.
# Prints one line per step for the test to compare.
set -eu
PID1=$1 PROBE=$2 D=$3
mkfifo "$D/main" "$D/by" "$D/go"
# The leftover reads /proc/self/stat with a shell builtin, so the pid it
# reads is its own, then becomes the probe (same pid).
# The main command ignores USR1 (the probe blocks it, so still takes it) and
# exits 3 when told to.
"$PID1" -v --forward-all --grace 10s -- sh -c '
	trap "" USR1
	(read -r h _ </proc/self/stat; echo "host $h"; exec "$1" signals 2) &
	read -r _ <"$2"
	exit 3' sh "$PROBE" "$D/go" >"$D/main" 2>"$D/err" &
p1=$!
exec {m}<"$D/main"
read -r -t 10 -u "$m" _ h
read -r -t 10 -u "$m" _ left _
echo "$((h - 1))" >/proc/sys/kernel/ns_last_pid
"$PROBE" signals 2 >"$D/by" &
by=$!
exec {b}<"$D/by"
read -r -t 10 -u "$b" _ byp _
[ "$byp" = "$h" ] && echo "bystander has the leftover's parent-namespace pid" || echo "no collision: $byp != $h"
# What a bystander got first, proved by a WINCH sent to it after.
bystander() {
	kill -WINCH "$by"
	read -r -t 10 -u "$b" line || line="(nothing)"
	echo "bystander: $line"
}
kill -USR1 "$p1"
read -r -t 10 -u "$m" line || line="(nothing)"
echo "leftover: $line"
bystander
# The main command ends: the leftover gets SIGTERM, the bystander nothing.
echo >"$D/go"
read -r -t 10 -u "$m" line || line="(nothing)"
echo "leftover: $line"
code=0
wait "$p1" || code=$?
echo "pid1 exit $code"
bystander
[ "$left" -gt 0 ]
