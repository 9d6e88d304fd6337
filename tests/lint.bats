#!/usr/bin/env bats
# tests/lint-formats.py, the `make lint` step that keeps every format string
# within what fmt.c implements: it passes on pid1's sources and fails, naming
# the file, the line and the conversion, on one that fmt.c would refuse.

load helpers

LINT="$REPO/tests/lint-formats.py"

setup() {
	require_cmd python3
}

@test "lint-formats passes on pid1's sources" {
	cd "$REPO"
	run -0 "$LINT"
	assert_output ""
}

@test "lint-formats names the file, the line and the conversion fmt.c does not implement" {
	local src="$BATS_TEST_TMPDIR/bad.c"
	cat >"$src" <<-'EOF'
		void f(void)
		{
			log_info("fd %d: %s", 7, "ok");
			fmt_snprintf(buf, sizeof(buf), "fd %zu: %s", (size_t)7, "closed");
		}
	EOF
	run -1 "$LINT" "$src"
	assert_output "$src:4: '%zu': not a conversion fmt.c implements (%s %.Ns %.*s %d %ld %lld %u %lu %llu %c %%; see fmt.h)"
}

@test "lint-formats joins adjacent literals and refuses flags, widths, precisions on numbers and a trailing %" {
	local src="$BATS_TEST_TMPDIR/joined.c"
	cat >"$src" <<-'EOF'
		static const char *a = "%-s %5d %.3d %.*u %x %p %ls";
		static const char *b = "a %" "lld is fine, %l"
		                       "x is not";
		static const char *c = "ends in %";
	EOF
	run -1 "$LINT" "$src"
	assert_line --index 0 --partial "joined.c:1: '%-s'"
	assert_line --index 1 --partial "joined.c:1: '%5d'"
	assert_line --index 2 --partial "joined.c:1: '%.3d'"
	assert_line --index 3 --partial "joined.c:1: '%.*u'"
	assert_line --index 4 --partial "joined.c:1: '%x'"
	assert_line --index 5 --partial "joined.c:1: '%p'"
	assert_line --index 6 --partial "joined.c:1: '%ls'"
	assert_line --index 7 --partial "joined.c:2: '%lx'"
	assert_line --index 8 --partial "joined.c:4: a '%' at the end of the string"
	[ "${#lines[@]}" -eq 9 ] || fail "expected 9 problems, got ${#lines[@]}"
}

@test "lint-formats ignores comments, character literals and literals marked as not a format" {
	local src="$BATS_TEST_TMPDIR/good.c"
	cat >"$src" <<-'EOF'
		/* "%zu" in a comment */
		// and "%x" here
		static const char q = '"', p = '%';
		static const char *s = "%s %.3s %.*s %.s %d %ld %lld %u %lu %llu %c 100%%";
		static const char *m = "%?"; /* lint-formats: not a format */
	EOF
	run -0 "$LINT" "$src"
	assert_output ""
}
