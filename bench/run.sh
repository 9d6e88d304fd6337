#!/usr/bin/env bash
# bench/run.sh - `make bench`: pid1 side by side with Debian's tini,
# tini-static, dumb-init and catatonit, and with no init at all.
#
# Every init runs as PID 1 of a fresh PID namespace made by the driver
# (bench/spawn.c: clone(CLONE_NEWPID), i.e. `unshare --pid --fork` without
# the exec of unshare itself); the "none" row runs the command itself there.
# Within each figure the commands are interleaved round by round, and the
# figures are medians over the rounds.
#
# BENCH_QUICK=1   a short run (under half a minute) whose report goes to
#                 build/bench/ instead of docs/
# BENCH_OUT=DIR   where benchmarks.md and benchmarks.png go
#                 (default docs/, or build/bench/ for a quick run)
# BENCH_CPU=N     the CPU that the driver and everything it starts are pinned
#                 to (default: the last one); BENCH_CPU=none pins nothing.
#                 Either way they run at nice -20.
# BENCH_REPORT_ONLY=1  measure nothing: rewrite benchmarks.md and the chart
#                 from the last run's build/bench/results/ (after editing
#                 bench/notes.md, say)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=$ROOT/build/bench
QUICK=${BENCH_QUICK:-0}
[ "$QUICK" = 0 ] || QUICK=1
if [ "$QUICK" = 1 ]; then
	STARTUP_ROUNDS=100 ORPHANS=2000 ORPHAN_REPS=2 ZOMBIES=2000 ZOMBIE_REPS=3
	SIG_ROUNDS=1000 IDLE_SECONDS=2 NS_ROUNDS=60
else
	STARTUP_ROUNDS=2000 ORPHANS=20000 ORPHAN_REPS=7 ZOMBIES=10000 ZOMBIE_REPS=15
	SIG_ROUNDS=20000 IDLE_SECONDS=5 NS_ROUNDS=500
fi

say() { printf 'bench: %s\n' "$*" >&2; }
die() {
	say "$*"
	exit 1
}

RES=$BUILD/results

# What a page fault costs here, in microseconds: the mean over 16 MB of fresh
# memory. fork() and exec() are mostly page faults, so the start-up and
# reaping figures scale with it; on a virtual machine it depends on the host.
fault_cost() {
	python3 -c '
import mmap, time
size = 16 << 20
t = time.perf_counter()
m = mmap.mmap(-1, size)
for i in range(0, size, 4096):
    m[i] = 1
print("%.2f" % ((time.perf_counter() - t) * 1e6 / (size // 4096)))
' 2>/dev/null || echo '?'
}

# The machine and the run, for the report; written at the end of measure().
machine() {
	local cpu
	cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
	echo "- kernel: \`$(uname -r)\` ($(uname -m))"
	echo "- CPU: $cpu, $(nproc) CPUs (nproc)"
	echo "- OS: $(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release)"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average at start: $LOAD, at the end: $LOAD_END (other work on the machine shows here); the run took ${elapsed}s"
	echo "- a page fault (first touch of fresh memory) cost $FAULT_US µs at the start, $FAULT_US_END µs at the end: fork and exec are mostly page faults, so start-up and reaping times scale with it"
	echo "- signal forwarding ran in $CGROUP_NAME"
	if [ "$CPU" = none ]; then
		echo "- not pinned: the scheduler placed the processes (BENCH_CPU=none); nice -20"
	else
		echo "- everything measured ran pinned to CPU $CPU (BENCH_CPU), at nice -20"
	fi
	echo "- peers: $(dpkg-query -W -f '${Package} ${Version}, ' tini dumb-init catatonit util-linux | sed 's/, $//')"
	echo "- pid1: $("$ROOT/pid1" --version | head -1) at \`$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')\`$(git -C "$ROOT" diff --quiet HEAD -- '*.c' '*.h' 2>/dev/null || echo ' (with uncommitted changes)'); pid1-static built by musl-gcc"
	[ "$QUICK" = 0 ] || echo "- **BENCH_QUICK=1**: a short run, figures are rough"
}

measure() {
	[ "$(id -u)" = 0 ] || die "run as root: PID namespaces and the private /proc need it"

	# ---- what it needs, from Debian, only when missing ----
	need=()
	want() { # want COMMAND-OR-PATH PACKAGE
		case $1 in
		/*) [ -e "$1" ] || need+=("$2") ;;
		*) command -v "$1" >/dev/null 2>&1 || need+=("$2") ;;
		esac
	}
	want /usr/bin/tini tini
	want /usr/bin/tini-static tini
	want /usr/bin/dumb-init dumb-init
	want /usr/bin/catatonit catatonit
	want gnuplot gnuplot-nox
	want cc gcc
	want musl-gcc musl-tools
	want unshare util-linux
	want strip binutils
	if [ ${#need[@]} -gt 0 ]; then
		say "installing ${need[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
	fi

	# ---- build ----
	make -s pid1 pid1-static
	mkdir -p "$BUILD"
	cc -std=gnu11 -O2 -Wall -Wextra -o "$BUILD/spawn" bench/spawn.c
	# Static, so that fork() in the reaping workload costs as little as it can.
	musl-gcc -std=gnu11 -static -O2 -Wall -Wextra -o "$BUILD/workload" bench/workload.c
	# The floor, built as pid1-static is: musl, static, size first.
	musl-gcc -std=gnu11 -static -Os -s -Wall -Wextra -o "$BUILD/floor" bench/floor.c

	CPU=${BENCH_CPU:-$(($(nproc) - 1))}
	# At nice -20 whatever else runs on the machine takes little of the pinned
	# CPU; among themselves the measured processes share it as usual.
	if [ "$CPU" = none ]; then
		SPAWN=(nice -n -20 "$BUILD/spawn")
	else
		SPAWN=(nice -n -20 "$BUILD/spawn" -a "$CPU")
	fi
	W=$BUILD/workload
	rm -rf "$RES"
	mkdir -p "$RES"

	# None of the inits may pick up settings from the caller's environment.
	unset PID1_VERBOSITY PID1_GRACE PID1_WAIT_ALL PID1_FORWARD_ALL PID1_PIDFILE \
		TINI_SUBREAPER TINI_VERBOSITY TINI_KILL_PROCESS_GROUP DUMB_INIT_SETSID DUMB_INIT_DEBUG

	LABELS=(pid1-static pid1 tini tini-static dumb-init catatonit)
	declare -gA INIT=(
		[pid1-static]="$ROOT/pid1-static --"
		[pid1]="$ROOT/pid1 --"
		[tini]="/usr/bin/tini --"
		[tini-static]="/usr/bin/tini-static --"
		[dumb-init]="/usr/bin/dumb-init --"
		[catatonit]="/usr/bin/catatonit --"
	)
	TRUE=/bin/true
	[ -x "$TRUE" ] || die "$TRUE is missing"
	UNSHARE=$(command -v unshare)

	# specs PROGRAM... : "LABEL:INIT -- PROGRAM..." for every init
	specs() {
		local l
		for l in "${LABELS[@]}"; do
			printf '%s\n' "$l:${INIT[$l]} $*"
		done
	}
	FLOOR="$BUILD/floor --"
	mapfile -t S_TRUE < <(specs "$TRUE")
	mapfile -t S_ORPHANS < <(specs "$W" orphans "$ORPHANS")
	mapfile -t S_ZOMBIES < <(specs "$W" zombies "$ZOMBIES")
	mapfile -t S_TARGET < <(specs "$W" target)
	mapfile -t S_SLEEP < <(specs "$W" sleep)

	# Containers run in a cpu cgroup (Docker, Podman, Kubernetes). Outside one,
	# the scheduler's autogroup gives each session a task group of its own,
	# which favours an init whose child calls setsid(): forwarding is measured
	# in a cpu cgroup of its own, as a container would have.
	CGROUP=
	if [ -d /sys/fs/cgroup/cpu ] && [ "$(stat -fc %T /sys/fs/cgroup/cpu)" = cgroupfs ]; then
		CGROUP=$(mktemp -d /sys/fs/cgroup/cpu/pid1-bench.XXXXXX)
		# nice -20 counts only inside the group: against everything else
		# the group competes with its weight, so it gets the highest.
		echo 262144 >"$CGROUP/cpu.shares"
		CGROUP_NAME="a cgroup v1 cpu cgroup of its own (cpu.shares 262144)"
	elif grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
		echo +cpu >/sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true
		CGROUP=$(mktemp -d /sys/fs/cgroup/pid1-bench.XXXXXX)
		echo 10000 >"$CGROUP/cpu.weight"
		CGROUP_NAME="a cgroup v2 cgroup of its own with the cpu controller (cpu.weight 10000)"
	else
		CGROUP_NAME="no cpu cgroup (this machine has no cpu controller): autogroup applies"
	fi
	# in_cpu_cgroup COMMAND...: COMMAND, moved into $CGROUP first (when there is one).
	in_cpu_cgroup() {
		if [ -z "$CGROUP" ]; then
			"$@"
			return
		fi
		# shellcheck disable=SC2016 # expanded by the inner sh
		sh -c 'echo $$ >"$1/cgroup.procs" && shift && exec "$@"' sh "$CGROUP" "$@"
	}
	# Empty by then: every process of the figure has exited.
	trap '[ -z "$CGROUP" ] || rmdir "$CGROUP"' EXIT

	started=$(date +%s)
	LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
	FAULT_US=$(fault_cost)

	say "1/7 start-up and exit: $STARTUP_ROUNDS rounds of INIT -- true and true alone"
	"${SPAWN[@]}" -w pidns -n "$STARTUP_ROUNDS" time "none:$TRUE" "floor:$FLOOR $TRUE" "${S_TRUE[@]}" \
		>"$RES/startup.txt"

	say "2/7 reaping: $ORPHANS orphans x $ORPHAN_REPS, a burst of $ZOMBIES zombies x $ZOMBIE_REPS"
	"${SPAWN[@]}" -w proc -n "$ORPHAN_REPS" reap "none:$W orphans $ORPHANS" "floor:$FLOOR $W orphans $ORPHANS" "${S_ORPHANS[@]}" >"$RES/orphans.txt"
	"${SPAWN[@]}" -w proc -n "$ZOMBIE_REPS" reap "none:$W zombies $ZOMBIES" "floor:$FLOOR $W zombies $ZOMBIES" "${S_ZOMBIES[@]}" >"$RES/zombies.txt"

	say "3/7 signal forwarding: $SIG_ROUNDS rounds of kill(init, SIGUSR1) until the child has it, in $CGROUP_NAME"
	in_cpu_cgroup "${SPAWN[@]}" -w pidns -n "$SIG_ROUNDS" -k 200 siglat "none:$W target" "floor:$FLOOR $W target" \
		"floor-group:$BUILD/floor -g -- $W target" "pid1-static-c:$ROOT/pid1-static -c -- $W target" \
		"${S_TARGET[@]}" >"$RES/siglat.txt"

	say "4-5/7 idle wake-ups over ${IDLE_SECONDS}s and memory, child asleep"
	"${SPAWN[@]}" -w pidns -t "$IDLE_SECONDS" -c workload idle "floor:$FLOOR $W sleep" "${S_SLEEP[@]}" >"$RES/idle.txt"

	say "6/7 binary sizes"
	declare -gA BIN=(
		[pid1-static]=$ROOT/pid1-static [pid1]=$ROOT/pid1 [tini]=/usr/bin/tini
		[tini-static]=/usr/bin/tini-static [dumb-init]=/usr/bin/dumb-init [catatonit]=/usr/bin/catatonit
		[floor]=$BUILD/floor
	)
	for l in floor "${LABELS[@]}"; do
		# pid1-static has no section headers left for strip to read: it is
		# as stripped as it gets.
		strip -o "$BUILD/stripped" "${BIN[$l]}" 2>/dev/null || cp "${BIN[$l]}" "$BUILD/stripped"
		linkage=dynamic
		readelf -lW "${BIN[$l]}" | grep -q 'INTERP' || linkage=static
		echo "$l $(stat -c %s "${BIN[$l]}") $(stat -c %s "$BUILD/stripped") $linkage"
	done >"$RES/sizes.txt"
	rm -f "$BUILD/stripped"

	say "7/7 namespace mode: pid1 --pid [--mount-proc] against unshare --pid --fork [--mount-proc]"
	"${SPAWN[@]}" -w none -n "$NS_ROUNDS" time \
		"pid1-static --pid --mount-proc:$ROOT/pid1-static --pid --mount-proc -- $TRUE" \
		"unshare -pf --mount-proc:$UNSHARE --pid --fork --mount-proc $TRUE" \
		"unshare -pf --mount-proc tini:$UNSHARE --pid --fork --mount-proc /usr/bin/tini -- $TRUE" \
		"pid1 --pid --mount-proc:$ROOT/pid1 --pid --mount-proc -- $TRUE" \
		"pid1-static --pid:$ROOT/pid1-static --pid -- $TRUE" \
		"unshare -pf:$UNSHARE --pid --fork $TRUE" >"$RES/namespace.txt"
	# The labels above contain spaces: keep them, the numbers are the last 7 fields.

	# bench/namespace.sh (pid1 --pid --mount-proc against unshare, timed from bash)
	# is a second opinion on the same figure; its output goes in as it is.
	NS_SCRIPT_OUT="(bench/namespace.sh is not there)"
	if [ -x bench/namespace.sh ]; then
		pin=(nice -n -20)
		[ "$CPU" = none ] || pin+=(taskset -c "$CPU")
		if ! NS_SCRIPT_OUT=$(PID1=$ROOT/pid1-static "${pin[@]}" bench/namespace.sh "$NS_ROUNDS" 2>&1); then
			NS_SCRIPT_OUT="bench/namespace.sh failed: $NS_SCRIPT_OUT"
		fi
	fi

	elapsed=$(($(date +%s) - started))
	LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
	FAULT_US_END=$(fault_cost)

	# What the report needs from this run.
	{
		echo "QUICK=$QUICK ORPHANS=$ORPHANS ZOMBIES=$ZOMBIES NS_ROUNDS=$NS_ROUNDS"
	} >"$RES/params"
	printf '%s\n' "$NS_SCRIPT_OUT" >"$RES/namespace-sh.txt"
	machine >"$RES/machine.md"
}

if [ "${BENCH_REPORT_ONLY:-0}" = 0 ]; then
	measure
else
	[ -f "$RES/params" ] || die "no results in $RES to report on: run bench/run.sh first"
fi
# The figures' parameters as they were measured (BENCH_REPORT_ONLY may differ).
read -r QUICK ORPHANS ZOMBIES NS_ROUNDS < <(sed 's/[A-Z_]*=//g' "$RES/params")

# ---- report ----
if [ "$QUICK" = 1 ]; then
	OUT=${BENCH_OUT:-$BUILD}
else
	OUT=${BENCH_OUT:-$ROOT/docs}
fi
mkdir -p "$OUT"

awk -v out="$RES" -v quick="$QUICK" -v orphans="$ORPHANS" -v zombies="$ZOMBIES" \
	-f bench/report.awk "$RES/startup.txt" "$RES/orphans.txt" "$RES/zombies.txt" \
	"$RES/siglat.txt" "$RES/idle.txt" "$RES/sizes.txt" "$RES/namespace.txt"

gnuplot -e "datadir='$RES'; outfile='$OUT/benchmarks.png'" bench/chart.gp

{
	cat <<EOF
# Benchmarks: pid1 against tini, dumb-init and catatonit

Generated by \`make bench\` (\`bench/run.sh\`); do not edit by hand: the
commentary comes from \`bench/notes.md\`.

## Machine

$(cat "$RES/machine.md")

## How to reproduce

As root on Debian 12, from the top of the repository:

\`\`\`sh
make bench                  # builds pid1 and pid1-static, then runs bench/run.sh
BENCH_QUICK=1 bench/run.sh  # under half a minute; report in build/bench/, not docs/
BENCH_CPU=none bench/run.sh # let the scheduler place the processes
BENCH_REPORT_ONLY=1 bench/run.sh  # rewrite this file from the last results
\`\`\`

\`bench/run.sh\` installs what is missing with apt-get (tini, dumb-init,
catatonit, gnuplot-nox, gcc, musl-tools), builds \`build/bench/spawn\` and
\`build/bench/workload\`, runs every figure, and writes this file and
\`benchmarks.png\`. A full run takes a few minutes on 2 CPUs; the raw
results stay in \`build/bench/results/\`.

## Results

Every init runs as PID 1 of a fresh PID namespace; "none" runs the workload
itself as PID 1 there. Numbers are medians; "(N×)" is the ratio to the best of
the four peers (tini, tini-static, dumb-init, catatonit) for the same figure,
lower is better. pid1's entry is \`pid1-static\`; \`pid1\` is the dynamic,
hardened build.

$(cat "$RES/table.md")

### Targets (pid1-static)

$(cat "$RES/targets.md")

### Against the floor

\`bench/floor.c\` is the least an init can do (fork, exec, sigwaitinfo, kill,
waitpid), built as pid1-static is; its start-up and forwarding are measured
in the same runs.

$(cat "$RES/floor.md")

### Namespace mode

$(cat "$RES/namespace.md")

The same figure from \`PID1=./pid1-static bench/namespace.sh $NS_ROUNDS\`, which times
both from bash:

\`\`\`
$(cat "$RES/namespace-sh.txt")
\`\`\`

![start-up cost, forwarding latency, zombie burst and memory per init](benchmarks.png)

## What each figure is

$(cat bench/notes.md)

## Raw figures

Medians and spread as printed by \`build/bench/spawn\` (nanoseconds; kB for memory).

$(cat "$RES/details.md")
EOF
} >"$OUT/benchmarks.md"

echo
cat "$RES/table.md"
echo
cat "$RES/targets.md"
echo
cat "$RES/namespace.md"
echo
say "report: $OUT/benchmarks.md, chart: $OUT/benchmarks.png"
