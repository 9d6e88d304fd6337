#!/bin/bash
# Build the libFuzzer target over pid1's parsers and run it for SECONDS
# (default 60) over a copy of the seed corpus in tests/fuzz/corpus.
# Exits non-zero if the build fails or the fuzzer finds a crash, a leak, a
# timeout or a sanitizer report; the input that did it is kept in
# build/fuzz-artifacts/. Needs clang and libclang-rt-14-dev (libFuzzer).
#
# Usage: tests/fuzz/run.sh [SECONDS]
# Environment: CLANG (default clang).
set -euo pipefail

secs=${1:-60}
case "$secs" in '' | *[!0-9]*)
	echo "usage: $0 [SECONDS]" >&2
	exit 2
	;;
esac
cd "$(dirname "$0")/../.."

bin=build/fuzz_parsers
artifacts=build/fuzz-artifacts
mkdir -p build "$artifacts"
"${CLANG:-clang}" -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -std=gnu11 -Wall -Wextra -D_GNU_SOURCE -I. \
	tests/fuzz/fuzz_parsers.c options.c signals.c parse.c fmt.c pidfile.c procfs.c errtext.c -o "$bin"

work=$(mktemp -d "${TMPDIR:-/tmp}/pid1-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
cp tests/fuzz/corpus/* "$work/corpus/"
seeds=$(find "$work/corpus" -type f | wc -l)

status=0
"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-dict=tests/fuzz/parsers.dict -artifact_prefix="$artifacts/" "$work/corpus" \
	>"$work/log" 2>&1 || status=$?

# libFuzzer's own summary: its last status line and the final statistics.
grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$work/log" | tail -n 1 || true
grep -E '^stat::' "$work/log" || true
crashes=$(find "$artifacts" -type f -newer "$work/corpus" | wc -l)
echo "fuzz: ${secs}s, seeds $seeds, corpus now $(find "$work/corpus" -type f | wc -l) files, new artifacts $crashes, exit $status"
if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
	echo "fuzz: FAILED; the log follows, the inputs are in $artifacts/" >&2
	tail -n 60 "$work/log" >&2
	exit 1
fi
