# shellcheck shell=bash
# For tests/engines/selfcheck.bats: a newcomer's first run of pid1 in a
# container (a fresh Debian 12 root filesystem under Podman). The snapshot of
# the tree under test, the root filesystem, and the reading of the
# container's log.

# selfcheck_snapshot DIR: a git repository in DIR whose one commit is the
# tree under test: in a git checkout the files git would commit (tracked and
# untracked, not ignored, as they are now, changes included), else the whole
# tree but its build products. What a newcomer clones, without touching
# REPO's own repository.
selfcheck_snapshot() {
	local dir=$1 f
	mkdir -p "$dir"
	# pipefail in a subshell: a failed step anywhere in a pipe, not only the
	# last tar, means an incomplete snapshot.
	(
		set -o pipefail
		if git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
			# A tracked file deleted in the working tree is listed too: left out.
			git -C "$REPO" ls-files -z -c -o --exclude-standard |
				while IFS= read -r -d '' f; do
					[ -e "$REPO/$f" ] || [ -L "$REPO/$f" ] || continue
					printf '%s\0' "$f"
				done |
				tar -C "$REPO" --null -T - -cf - | tar -C "$dir" -xf -
		else
			tar -C "$REPO" --exclude=./.git --exclude=./build --exclude=./pid1 \
				--exclude=./pid1-static --exclude=./pid1-static.tmp -cf - . | tar -C "$dir" -xf -
		fi
	) || return 1
	git -C "$dir" init -q -b main &&
		git -C "$dir" add -A &&
		git -C "$dir" -c user.name=selfcheck -c user.email=selfcheck@localhost \
			commit -q -m "the tree under test"
}

# selfcheck_mirror_reachable MIRROR SUITE: the mirror serves SUITE's Release
# file (what debootstrap fetches first); else wget's reason on stderr.
selfcheck_mirror_reachable() {
	local url="$1/dists/$2/Release" err
	err=$(wget -nv -T 30 -t 2 -O /dev/null "$url" 2>&1) || {
		echo "wget $url: ${err##*$'\n'}" >&2
		return 1
	}
}

# selfcheck_stages LOG: one line per stage of tests/check.sh in the
# container's LOG, in order: NAME PASSED SKIPPED FAILED. A bats stage counts
# its TAP lines (ok, ok ... # skip, not ok); the unit stage cmocka's
# [  PASSED  ] and [  FAILED  ] totals.
selfcheck_stages() {
	awk '
		function flush() {
			if (name != "") print name, pass + 0, skip + 0, fail + 0
			pass = skip = fail = 0
		}
		/^==== make check: [0-9]+ of [0-9]+ stages failed/ { flush(); name = ""; next }
		/^==== make check: [A-Za-z0-9_-]+: / {
			flush()
			name = $4
			sub(/:$/, "", name)
			next
		}
		name == "" { next }
		/^ok [0-9]+ .* # skip/ { skip++; next }
		/^ok [0-9]+ / { pass++; next }
		/^not ok [0-9]+ / { fail++; next }
		/^\[  PASSED  \] [0-9]+ test/ { pass += $4; next }
		/^\[  FAILED  \] [0-9]+ test/ { fail += $4; next }
		END { flush() }' "$1"
}

# selfcheck_stage_log LOG NAME: the lines of stage NAME in LOG.
selfcheck_stage_log() {
	awk -v want="$2" '
		/^==== make check: [0-9]+ of [0-9]+ stages failed/ { name = ""; next }
		/^==== make check: [A-Za-z0-9_-]+: / { name = $4; sub(/:$/, "", name); next }
		name == want' "$1"
}
