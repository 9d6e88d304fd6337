#!/usr/bin/env bash
# make check's driver: check.sh 'STAGE COMMAND' ... runs each stage's command
# (words split on blanks, leading VAR=VALUE words go to the environment),
# carries on after a stage fails, and ends with a list of the failed stages
# and their failing tests. One run then shows every failure: a red unit test
# must not hide what the black-box suite says of the static build. The exit
# status is 1 if any stage failed, for CI.
set -uo pipefail
cd "$(dirname "$0")/.." || exit

logdir=build/check
rm -rf "$logdir"
mkdir -p "$logdir"
failed=()
for stage in "$@"; do
	read -r name cmd <<<"$stage"
	read -ra words <<<"$cmd"
	echo "==== make check: $name: $cmd"
	# pipefail: the stage's status, not tee's. The log is for the summary.
	if ! env "${words[@]}" 2>&1 | tee "$logdir/$name.log"; then
		failed+=("$name")
	fi
done

echo "==== make check: ${#failed[@]} of $# stages failed${failed[*]:+: ${failed[*]}}"
for name in "${failed[@]}"; do
	echo "-- $name ($logdir/$name.log):"
	# bats' and cmocka's lines for a failed test; a stage that failed
	# otherwise (a build) shows its last lines.
	grep -E '^not ok |\[  FAILED  \] |^make(\[[0-9]+\])?: \*\*\*' "$logdir/$name.log" ||
		tail -n 5 "$logdir/$name.log"
done
[ "${#failed[@]}" = 0 ]
