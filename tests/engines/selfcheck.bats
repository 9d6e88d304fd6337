#!/usr/bin/env bats
# A newcomer's first run (issue 13): in a fresh Debian 12 container under
# Podman, the README's Quick start as written, from a system without git:
# apt-get install git, git clone, ./demo.sh, make check. The root filesystem
# is made here by debootstrap (--variant=minbase bookworm, what a debian:12
# image holds) and imported into the suite's private Podman (no registry).
# The container is --privileged (the tests make namespaces and mounts), on
# the host's network (apt-get installs the dependencies inside), under
# Podman's default pids limit (2048), so the tests that need more processes
# at once must skip, naming the limit, and make check must still run every
# stage and pass. URL is a git repository holding the tree under test.
#
# About 10 to 20 minutes: debootstrap (1 to 3), the packages, and a whole
# make check (18 in all on a loaded 2-core machine: debootstrap 3, the
# container 15). The container's output is kept in build/selfcheck.log.

load ../helpers
source "$REPO/tests/helpers/engines.bash"
source "$REPO/tests/helpers/selfcheck.bash"

SC_MIRROR=${PID1_SELFCHECK_MIRROR:-http://deb.debian.org/debian}
SC_SUITE=bookworm
SC_IMAGE=localhost/pid1-selfcheck-debian:12
# How long the container may take before it is stopped (seconds): well
# above the 15 minutes it took on a loaded machine, well within CI's 90.
SC_TIMEOUT=${PID1_SELFCHECK_TIMEOUT:-2400}

setup_file() {
	local t0
	eng_setup_file
	[ -z "$ENG_SKIP" ] || return 0
	pm_setup_file debootstrap wget git || return 0
	mkdir -p "$ENG/sc"

	if ! selfcheck_mirror_reachable "$SC_MIRROR" "$SC_SUITE" 2>"$ENG/mirror.err"; then
		eng_skip_all "debootstrap cannot reach the Debian mirror $SC_MIRROR: $(tail -n 1 "$ENG/mirror.err")"
		return 0
	fi
	# In the engines' namespace: the /proc and /sys debootstrap mounts in
	# the target go with it.
	t0=$SECONDS
	# Each step has a time limit: a mirror that stalls after its Release file
	# must not hold CI until its own limit.
	if ! in_ns timeout -k 10 900 debootstrap --variant=minbase "$SC_SUITE" "$ENG/rootfs-debian" "$SC_MIRROR" \
		>"$ENG/debootstrap.log" 2>&1; then
		if grep -Eq "Couldn't download|Failed getting release file|Couldn't retrieve|Temporary failure resolving" \
			"$ENG/debootstrap.log"; then
			eng_skip_all "debootstrap cannot reach the Debian mirror $SC_MIRROR: $(grep -E '^E:' "$ENG/debootstrap.log" | tail -n 1)"
			return 0
		fi
		echo "debootstrap failed: $(tail -n 5 "$ENG/debootstrap.log")" >"$ENG/setup.err"
		return 0
	fi
	echo "debootstrap $((SECONDS - t0))" >>"$ENG/times"
	t0=$SECONDS
	# The first podman command tells whether Podman works here at all.
	if ! tar -C "$ENG/rootfs-debian" -c . | timeout -k 10 300 "$ENG/bin/podman" import -q -c 'CMD ["bash"]' - "$SC_IMAGE" \
		>"$ENG/import.out" 2>&1; then
		eng_skip_all "podman cannot run here: $(tail -n 2 "$ENG/import.out")"
		return 0
	fi
	rm -rf "$ENG/rootfs-debian"
	if ! timeout -k 10 300 "$ENG/bin/podman" run --rm --privileged --network host "$SC_IMAGE" true >"$ENG/run.out" 2>&1; then
		eng_skip_all "podman cannot start a container here: $(tail -n 2 "$ENG/run.out")"
		return 0
	fi
	echo "import $((SECONDS - t0))" >>"$ENG/times"
}

teardown_file() {
	[ -n "${ENG:-}" ] || return 0
	if [ -n "${ENG_NS:-}" ] && [ -d "$ENG/podman/root" ]; then
		if [ -s "$ENG/sc/cid" ]; then
			pm rm -f -t 0 "$(cat "$ENG/sc/cid")" >/dev/null 2>&1 || true
		fi
		pm rmi -f "$SC_IMAGE" >/dev/null 2>&1 || true
	fi
	eng_teardown_file
}

setup() {
	eng_setup
	[ ! -s "$ENG/setup.err" ] || fail "$(cat "$ENG/setup.err")"
}

@test "selfcheck: the README's Quick start in a fresh Debian 12 container under Podman (no git, pids.max 2048): demo.sh and make check pass, every stage runs, the 10,000-process tests skip" {
	local t0 log="$REPO/build/selfcheck.log" rc=0 stages name p s f n max t
	local -a names=()
	# The Quick start as written, with URL the tree under test.
	selfcheck_snapshot "$ENG/sc/src" || fail "cannot make the snapshot of $REPO"
	guide_block_tag "$REPO/README.md" engine:quick-start >"$ENG/sc/quick-start.sh"
	grep -q '^git clone URL ' "$ENG/sc/quick-start.sh" || fail "no 'git clone URL' in the README's Quick start"
	sed -i 's|^git clone URL |git clone file:///selfcheck/src |' "$ENG/sc/quick-start.sh"
	# A fresh system: no git before the Quick start installs it. -x shows
	# which command of the block ran last.
	{
		echo 'if command -v git; then echo "selfcheck: git is already installed"; exit 99; fi'
		echo 'echo "selfcheck: no git"'
		echo 'export DEBIAN_FRONTEND=noninteractive'
		echo 'set -ex'
		cat "$ENG/sc/quick-start.sh"
	} >"$ENG/sc/run.sh"
	mkdir -p "$REPO/build"
	t0=$SECONDS
	timeout -k 30 "$SC_TIMEOUT" "$ENG/bin/podman" run --cidfile "$ENG/sc/cid" --privileged \
		--network host -w /root -v "$ENG/sc:/selfcheck:ro" "$SC_IMAGE" bash /selfcheck/run.sh \
		</dev/null >"$log" 2>&1 || rc=$?
	# bash, PID 1 in the container, ignores the TERM that podman passes on,
	# so a timeout ends in KILL (137): the container itself goes at once,
	# not only in teardown_file.
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		"$ENG/bin/podman" rm -f -t 0 "$(cat "$ENG/sc/cid")" >/dev/null 2>&1 || true
	fi
	eng_log "debootstrap and import: $(tr '\n' ' ' <"$ENG/times")s; the container: $((SECONDS - t0)) s; its output in $log"
	stages=$(selfcheck_stages "$log")
	while read -r name p s f; do
		[ -n "$name" ] || continue
		names+=("$name")
		eng_log "the container's make check, $name: $p passed, $s skipped, $f failed"
	done <<<"$stages"

	grep -qx 'selfcheck: no git' "$log" || fail "git was there before the Quick start: $(head -n 3 "$log")"
	[ "$rc" = 0 ] || fail "the Quick start exited $rc (124 or 137: timed out after $SC_TIMEOUT s); its last command and lines:
$(grep -E '^\+ ' "$log" | tail -n 1)
$(grep -E '^==== make check|^not ok |\[  FAILED  \] ' "$log")
$(tail -n 15 "$log")"
	# demo.sh ran, then make check, in the clone.
	run -0 grep -nE '^\+ (git clone|\./demo\.sh|make check)' "$log"
	assert_equal "${#lines[@]}" 3
	assert_line --index 1 --regexp ':\+ \./demo\.sh$'
	assert_line --index 2 --regexp ':\+ make check$'
	grep -qx '=== Done' "$log" || fail "demo.sh did not get to its end"

	# Every stage ran, and none failed: unit, bats, bats-static.
	[ "${#names[@]}" -ge 3 ] || fail "only ${#names[@]} stages in the log: ${names[*]}"
	assert_equal "${names[*]:0:3}" "unit bats bats-static"
	run -0 grep -E '^==== make check: [0-9]+ of [0-9]+ stages failed' "$log"
	assert_output "==== make check: 0 of ${#names[@]} stages failed"
	refute_output --partial $'\n'
	while read -r name p s f; do
		assert_equal "$name: $f failed" "$name: 0 failed"
		[ "$p" -gt 0 ] || fail "$name: no test passed"
	done <<<"$stages"

	# The 10,000-zombie bursts skipped in both black-box stages, naming the
	# container's pids.max, which is below what they need.
	for name in bats bats-static; do
		selfcheck_stage_log "$log" "$name" >"$ENG/sc/$name.log"
		for t in "a burst of 10000 zombies from a grandchild is reaped by pid1 as subreaper" \
			"a burst of 10000 zombies from a grandchild is reaped by pid1 as PID 1" \
			"a burst of 10000 zombies left by the exiting main child is reaped before pid1 exits"; do
			run -0 grep -F " $t # skip " "$ENG/sc/$name.log"
			assert_output --regexp "^ok [0-9]+ .* # skip needs 10016 processes at once, but /[^ ]*/pids\.max \([0-9]+, [0-9]+ in use\) leaves room for [0-9]+$"
			[[ $output =~ pids\.max\ \(([0-9]+), ]] && max=${BASH_REMATCH[1]}
			[ "$max" -lt 10016 ] || fail "$name: pids.max $max"
		done
		n=$(grep -cE ' # skip needs [0-9]+ processes at once, but ' "$ENG/sc/$name.log" || true)
		eng_log "$name: $n tests skipped for the container's pids.max ($max)"
	done
}
