#!/usr/bin/env bash
# Benchmark, not a test: how long a whole namespace run of `true` takes with
#   pid1 --pid --mount-proc -- true
# against util-linux's
#   unshare --pid --fork --mount-proc true
# Both run N times (default 200), interleaved in one loop so that drift in the
# machine's load hits both alike. Prints the medians in microseconds and the
# ratio pid1/unshare. Needs root (both create PID and mount namespaces).
#
# With FLAG... (--mount-proc, --uts, --ipc, --net, --cgroup), each is given
# to both instead of --mount-proc alone: the cost of one more namespace is
# then the difference to a run with --pid only (FLAG --pid).
#
# Usage: bench/namespace.sh [N [FLAG...]]   PID1=path/to/pid1 selects the binary.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
pid1=${PID1:-$repo/pid1}
runs=${1:-200}
shift || true
flags=("${@:---mount-proc}")
# --pid is unshare's --pid --fork; the other flags are spelled alike.
pid1_cmd=("$pid1" "${flags[@]}" -- true)
unshare_cmd=(unshare --pid --fork)
for f in "${flags[@]}"; do
	[ "$f" = --pid ] || unshare_cmd+=("$f")
done
unshare_cmd+=(true)

die() {
	echo "bench/namespace.sh: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "must run as root (PID and mount namespaces)"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, not '$runs'"
[ -x "$pid1" ] || die "$pid1 is not an executable (run make pid1, or set PID1)"
command -v unshare >/dev/null || die "unshare (util-linux) is not installed"

# Both must work before anything is timed.
"${pid1_cmd[@]}" || die "${pid1_cmd[*]} failed"
"${unshare_cmd[@]}" || die "${unshare_cmd[*]} failed"

# Microseconds since the epoch: bash 5's EPOCHREALTIME costs no fork; older
# bash falls back to date(1), whose fork then adds the same to both sides.
now_us() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		now=${EPOCHREALTIME/[.,]/}
	else
		now=$(($(date +%s%N) / 1000))
	fi
}

# Run "$@" and append its elapsed microseconds to the array named $1.
time_into() {
	local -n into=$1
	local t0 now
	shift
	now_us
	t0=$now
	"$@" || return 1
	now_us
	into+=($((now - t0)))
}

# Median of the numbers on stdin, one per line.
median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]
		else printf "%d\n", (v[NR / 2] + v[NR / 2 + 1]) / 2
	}'
}

pid1_times=()
unshare_times=()
for ((i = 0; i < runs; i++)); do
	# Alternate which goes first, so neither always runs on a warmer cache.
	if ((i % 2)); then
		time_into pid1_times "${pid1_cmd[@]}" || die "pid1 run $i failed"
		time_into unshare_times "${unshare_cmd[@]}" || die "unshare run $i failed"
	else
		time_into unshare_times "${unshare_cmd[@]}" || die "unshare run $i failed"
		time_into pid1_times "${pid1_cmd[@]}" || die "pid1 run $i failed"
	fi
done

pid1_median=$(printf '%s\n' "${pid1_times[@]}" | median)
unshare_median=$(printf '%s\n' "${unshare_times[@]}" | median)

printf 'runs:                                 %d each, interleaved\n' "$runs"
printf '%s: median %d us\n' "${pid1_cmd[*]#"$repo"/}" "$pid1_median"
printf '%s: median %d us\n' "${unshare_cmd[*]}" "$unshare_median"
awk -v a="$pid1_median" -v b="$unshare_median" \
	'BEGIN { if (b > 0) printf "ratio pid1/unshare: %.2f\n", a / b }'
