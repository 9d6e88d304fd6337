#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/mutants/run.sh - how many plausible slips does the test suite catch?
# Applies each mutant of tests/mutants/list to a scratch copy of the tree,
# builds it, and runs the tests until one goes red. See tests/mutants/README.md.
set -u
# The replacement text is literal: no '&' for "the match" (bash 5.2).
shopt -u patsub_replacement 2>/dev/null || true

usage() {
	cat <<'EOF'
Usage: tests/mutants/run.sh [OPTION...]

For each mutant in the list: copy of the tree, the one change, build, then
`make unit`, the bats files the mutant names, and, only if all of those pass,
every other bats file. The first red one kills the mutant. One line per
mutant, then the score: killed / (killed + survived).

  -t, --threshold PERCENT  exit 1 if the score is below PERCENT (default 0)
  -o, --only ID[,ID...]    run these mutants only
  -l, --list FILE          the mutant list (default tests/mutants/list)
  -c, --check-list         only check that each mutant applies and builds
      --timeout SECONDS    give up on one bats file after this long, which
                           kills the mutant (default 900)
  -k, --keep               keep the scratch directory (its path is printed)
      --no-sandbox         run the tests outside a PID namespace of their own
  -h, --help               this help

Exit status: 0, or 1 below the threshold, 2 for a broken list or set-up.
EOF
}

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
LIST=$HERE/list
THRESHOLD=0
ONLY=
CHECK_ONLY=0
FILE_TIMEOUT=900
KEEP=0
SANDBOX=1

while [ $# -gt 0 ]; do
	case $1 in
	-t | --threshold) THRESHOLD=$2; shift ;;
	-o | --only) ONLY=",$2,"; shift ;;
	-l | --list) LIST=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift ;;
	-c | --check-list) CHECK_ONLY=1 ;;
	--timeout) FILE_TIMEOUT=$2; shift ;;
	-k | --keep) KEEP=1 ;;
	--no-sandbox) SANDBOX=0 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
	shift
done
case $THRESHOLD in *[!0-9]* | '') echo "run.sh: --threshold wants a whole percentage" >&2; exit 2 ;; esac

die() {
	echo "run.sh: $*" >&2
	exit 2
}

# ---- the list ----

# Parallel arrays, one entry per mutant.
IDS=() FILES=() FROMS=() TOS=() TESTS=() WHYS=()

# Blocks of "key: value" lines, separated by blank lines; '#' starts a comment line.
parse_list() {
	local line key value n=0 id='' file='' from='' to='' tests='' why='' have_from=0 have_to=0
	flush() {
		if [ -z "$id$file" ] && [ "$have_from$have_to" = 00 ]; then
			return
		fi
		if [ -z "$id" ] || [ -z "$file" ] || [ "$have_from$have_to" != 11 ]; then
			die "$LIST:$n: a mutant needs id, file, from and to (at '$id')"
		fi
		IDS+=("$id") FILES+=("$file") FROMS+=("$from") TOS+=("$to") TESTS+=("$tests") WHYS+=("$why")
		id='' file='' from='' to='' tests='' why='' have_from=0 have_to=0
	}
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		case $line in
		'#'*) continue ;;
		'') flush; continue ;;
		esac
		key=${line%%:*}
		value=${line#*:}
		value=${value# }
		case $key in
		id) id=$value ;;
		file) file=$value ;;
		from) from=$value have_from=1 ;;
		to) to=$value have_to=1 ;;
		tests) tests=$value ;;
		why) why=$value ;;
		*) die "$LIST:$n: unknown key '$key'" ;;
		esac
	done <"$LIST"
	flush
}

# ---- the scratch trees ----

WORK=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ -n "$WORK" ] && [ "$KEEP" = 0 ]; then
		rm -rf "$WORK"
	elif [ -n "$WORK" ]; then
		echo "scratch kept: $WORK"
	fi
}
trap cleanup EXIT

# copy_tree DEST: the working tree as it is now (uncommitted edits and new
# files too), without build products.
copy_tree() {
	mkdir -p "$1"
	# shellcheck disable=SC2016 # expanded by the inner sh
	(cd "$REPO" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -cf -) | tar -C "$1" -xf - || die "cannot copy the tree to $1"
}

build() {
	make -s -C "$1" WERROR=1 pid1 build/tests/probe >"$2" 2>&1
}

# In a PID namespace of its own, nothing a broken pid1 signals (kill(-1),
# a wrong group) reaches outside the tests; when the run ends, or is cut
# short, the kernel ends every process left in it. Its init is the
# unmutated pid1, which reaps and exits as soon as the command does.
SANDBOX_CMD=()
set_up_sandbox() {
	if [ "$SANDBOX" = 0 ]; then
		return
	fi
	local base=(unshare --pid --fork --mount-proc --kill-child)
	if "${base[@]}" true 2>/dev/null; then
		SANDBOX_CMD=("${base[@]}")
	elif "${base[@]}" --user --map-root-user true 2>/dev/null; then
		SANDBOX_CMD=("${base[@]}" --user --map-root-user)
	else
		die "cannot make a PID namespace (needs root or user namespaces); --no-sandbox runs without one, at your own risk"
	fi
	SANDBOX_CMD+=(-- "$WORK/base/pid1" --grace 0 --)
}

# in_tree TREE LOG CMD...: run CMD in TREE, in the sandbox, with a time limit
# (and a file size limit, against a mutant that logs without end); 0 if it
# passed. A bats run stops at its first "not ok": FIRST_FAILURE is that line.
FIRST_FAILURE=
in_tree() {
	local tree=$1 log=$2 pid status
	shift 2
	FIRST_FAILURE=
	(
		cd "$tree" || exit 1
		ulimit -f 4194304
		exec timeout -k 10 "$FILE_TIMEOUT" "${SANDBOX_CMD[@]}" env PID1=./pid1 "$@"
	) >"$log" 2>&1 </dev/null &
	pid=$!
	FIRST_FAILURE=$(tail -n +1 -f --pid="$pid" "$log" 2>/dev/null | while IFS= read -r line; do
		case $line in
		'not ok '*)
			echo "$line"
			kill "$pid" 2>/dev/null
			break
			;;
		esac
	done)
	wait "$pid"
	status=$?
	if [ "$status" = 124 ] && [ -z "$FIRST_FAILURE" ]; then
		FIRST_FAILURE="timed out after $FILE_TIMEOUT s"
	fi
	[ "$status" = 0 ] && [ -z "$FIRST_FAILURE" ]
}

run_bats() {
	in_tree "$1" "$2" bats --tap "$3"
}

# A file that is red on the unmutated tree kills nothing: checked once, when
# it would first be credited with a kill.
declare -A BASELINE=()
baseline_green() {
	local f=$1
	if [ -z "${BASELINE[$f]:-}" ]; then
		if run_bats "$WORK/base" "$WORK/logs/baseline-${f//\//_}.log" "$f"; then
			BASELINE[$f]=green
		else
			BASELINE[$f]=red
			echo "  (baseline: $f is red without any mutant: ${FIRST_FAILURE:-see $WORK/logs}; it kills nothing)"
		fi
	fi
	[ "${BASELINE[$f]}" = green ]
}

# apply I: the mutant's change in the mutant tree; 1 if the text is not there exactly once.
apply() {
	local i=$1 path="$WORK/tree/${FILES[$1]}" text rest count
	[ -f "$path" ] || return 1
	text=$(<"$path")
	rest=${text//"${FROMS[$i]}"/}
	count=$(((${#text} - ${#rest}) / ${#FROMS[$i]}))
	[ "$count" = 1 ] || return 1
	printf '%s\n' "${text/"${FROMS[$i]}"/"${TOS[$i]}"}" >"$path"
}

restore() {
	cp "$WORK/base/${FILES[$1]}" "$WORK/tree/${FILES[$1]}"
}

# try I: "killed by X", "survived", or "BROKEN: why" in VERDICT.
VERDICT=
try() {
	local i=$1 id=${IDS[$1]} f done=" " log
	log="$WORK/logs/$id"
	if ! apply "$i"; then
		VERDICT="BROKEN: the 'from' text is not in ${FILES[$i]} exactly once"
		return
	fi
	if ! build "$WORK/tree" "$log-build.log"; then
		VERDICT="BROKEN: does not build (see $log-build.log)"
		restore "$i"
		return
	fi
	if [ "$CHECK_ONLY" = 1 ]; then
		VERDICT="applies and builds"
		restore "$i"
		return
	fi
	VERDICT=survived
	if ! in_tree "$WORK/tree" "$log-unit.log" make -s unit; then
		VERDICT="killed by make unit"
	else
		# The named files first, then, for a survivor so far, all the others.
		for f in ${TESTS[$i]} $(cd "$WORK/tree" && ls tests/*.bats); do
			case $done in *" $f "*) continue ;; esac
			done="$done$f "
			if ! run_bats "$WORK/tree" "$log-$(basename "$f" .bats).log" "$f"; then
				local why=$FIRST_FAILURE
				if baseline_green "$f"; then
					VERDICT="killed by $f${why:+ ($why)}"
					break
				fi
			fi
		done
	fi
	restore "$i"
}

main() {
	local i n=0 killed=0 survived=0 broken=0 survivors=() start score
	parse_list
	[ "${#IDS[@]}" -gt 0 ] || die "no mutants in $LIST"
	WORK=$(mktemp -d /tmp/pid1-mutants.XXXXXX)
	mkdir -p "$WORK/logs"
	copy_tree "$WORK/base"
	copy_tree "$WORK/tree"
	build "$WORK/base" "$WORK/logs/base-build.log" || die "the unmutated tree does not build: $WORK/logs/base-build.log"
	build "$WORK/tree" "$WORK/logs/tree-build.log" || die "the scratch tree does not build"
	set_up_sandbox
	if [ "$CHECK_ONLY" = 0 ] && ! in_tree "$WORK/base" "$WORK/logs/baseline-unit.log" make -s unit; then
		KEEP=1
		die "make unit is red without any mutant: $WORK/logs/baseline-unit.log"
	fi
	for i in "${!IDS[@]}"; do
		if [ -n "$ONLY" ] && [[ $ONLY != *",${IDS[$i]},"* ]]; then
			continue
		fi
		n=$((n + 1))
		start=$SECONDS
		try "$i"
		printf '%-4s %-14s %s (%d s)\n' "$n" "${IDS[$i]}" "$VERDICT" $((SECONDS - start))
		case $VERDICT in
		killed*) killed=$((killed + 1)) ;;
		survived) survived=$((survived + 1)) survivors+=("${IDS[$i]} (${FILES[$i]}): ${WHYS[$i]}") ;;
		BROKEN*) broken=$((broken + 1)) ;;
		esac
	done
	[ "$n" -gt 0 ] || die "no mutant matches --only"
	if [ "$CHECK_ONLY" = 1 ]; then
		[ "$broken" = 0 ] || exit 2
		exit 0
	fi
	if [ $((killed + survived)) -gt 0 ]; then
		score=$((100 * killed / (killed + survived)))
	else
		score=0
	fi
	echo "score: $killed of $((killed + survived)) killed ($score %)$([ "$broken" = 0 ] || echo ", $broken broken")"
	for i in "${survivors[@]}"; do
		echo "survivor: $i"
	done
	[ "$broken" = 0 ] || exit 2
	[ "$score" -ge "$THRESHOLD" ] || exit 1
	exit 0
}

main
