#!/usr/bin/env bats
# The guides and the engine tests stay in step: every block of docs/*.md
# tagged engine:NAME is run by a test in tests/engines/, which reads it from
# the guide (run_block FILE's NAME, or guide_block_tag ... engine:NAME).

load ../helpers
source "$REPO/tests/helpers/engines.bash"

@test "guides: every block tagged engine:NAME is run by an engine test" {
	local file name suite missing=
	while read -r file name; do
		# docs/docker.md is run by tests/engines/docker.bats, and so on.
		suite="$BATS_TEST_DIRNAME/$(basename "$file" .md).bats"
		grep -Eq "(run_block( [a-z]+)? $name([ )]|\$)|engine:$name([ \"]|\$))" "$suite" 2>/dev/null ||
			missing+=" ${file##*/}:$name"
	done < <(guide_tags engine "$ENG_DOCS"/*.md)
	assert_equal "untested blocks:$missing" "untested blocks:"
	run -0 guide_tags engine "$ENG_DOCS"/*.md
	[ "${#lines[@]}" -ge 6 ] || fail "only ${#lines[@]} engine blocks found"
}

@test "guides: every engine:NAME block can be read by itself" {
	local file name
	while read -r file name; do
		guide_block_tag "$file" "engine:$name" >/dev/null
	done < <(guide_tags engine "$ENG_DOCS"/*.md)
}
