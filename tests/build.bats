#!/usr/bin/env bats
# The build and the documents: the static binary really is static and small,
# `make install` installs what it says, and every option is documented.

load helpers

OPTIONS_C="$REPO/options.c"

# The long options as options.c declares them.
long_options() {
	sed -n '/long_options\[\] = {/,/^};/p' "$OPTIONS_C" | grep -o '{ "[a-z-]*"' | sed 's/{ "//; s/"//'
}

@test "pid1-static has no program interpreter and no dynamic section, and is at most 42 KB" {
	require_cmd musl-gcc
	require_cmd readelf
	make -s -C "$REPO" static >/dev/null
	local bin="$REPO/pid1-static"
	run -0 readelf -lW "$bin"
	refute_output --partial "INTERP"
	refute_output --partial "DYNAMIC"
	run -0 readelf -d "$bin"
	assert_output --partial "There is no dynamic section in this file."
	local size
	size=$(stat -c %s "$bin")
	# 32 KB before job control, --join, --map-auto and four namespaces; 32 KB again is the aim.
	[ "$size" -le 43008 ] || fail "pid1-static is $size bytes"
}

@test "pid1-static, which carries them packed, prints the same --help and --license as pid1" {
	require_cmd musl-gcc
	make -s -C "$REPO" pid1 static >/dev/null
	local opt
	for opt in --help --license -L; do
		run -0 --separate-stderr "$REPO/pid1" "$opt"
		local want=$output
		run -0 --separate-stderr "$REPO/pid1-static" "$opt"
		assert_equal "$output" "$want"
		assert_equal "$stderr" ""
	done
	# The same bytes, to the last newline (the comparison above drops it).
	cmp <("$REPO/pid1" --help) <("$REPO/pid1-static" --help)
	cmp <("$REPO/pid1" --license) <("$REPO/pid1-static" --license)
}

@test "make install PREFIX=... DESTDIR=... installs the binary and the man page" {
	local dest="$BATS_TEST_TMPDIR/dest"
	run -0 make -s -C "$REPO" install PREFIX=/opt/pid1 DESTDIR="$dest"
	[ -x "$dest/opt/pid1/bin/pid1" ] || fail "no binary"
	[ -f "$dest/opt/pid1/share/man/man1/pid1.1" ] || fail "no man page"
	run -0 "$dest/opt/pid1/bin/pid1" --version
	assert_output --regexp '^pid1 [0-9]'
	run -0 make -s -C "$REPO" uninstall PREFIX=/opt/pid1 DESTDIR="$dest"
	[ ! -e "$dest/opt/pid1/bin/pid1" ] || fail "uninstall left the binary"
}

@test "the man page is clean under mandoc -Tlint" {
	require_cmd mandoc
	run -0 mandoc -Tlint "$REPO/docs/pid1.1"
	assert_output ""
}

@test "every long option is in --help, the man page and the README" {
	local opt help man readme missing=()
	help=$("$PID1" --help)
	man=$(sed 's/\\-/-/g' "$REPO/docs/pid1.1")
	readme=$(cat "$REPO/README.md")
	# Whole words: --pid must not count as written because --pidfile is.
	for opt in $(long_options); do
		[[ $help =~ --$opt([^a-z-]|$) ]] || missing+=("--help: --$opt")
		[[ $man =~ --$opt([^a-z-]|$) ]] || missing+=("pid1.1: --$opt")
		[[ $readme =~ --$opt([^a-z-]|$) ]] || missing+=("README.md: --$opt")
	done
	[ "${#missing[@]}" -eq 0 ] || fail "undocumented: ${missing[*]}"
}

@test "every environment variable pid1 reads is in the man page and the README" {
	local var man readme missing=()
	man=$(cat "$REPO/docs/pid1.1")
	readme=$(cat "$REPO/README.md")
	# options.c lists them in one string, each name ended by its '='.
	for var in $(grep -oh '\(PID1\|TINI\|DUMB_INIT\|CATATONIT\)_[A-Z_]*=' "$REPO"/options.c | tr -d '=' | sort -u); do
		[[ $man =~ $var([^A-Z_]|$) ]] || missing+=("pid1.1: $var")
		[[ $readme =~ $var([^A-Z_]|$) ]] || missing+=("README.md: $var")
	done
	[ "${#missing[@]}" -eq 0 ] || fail "undocumented: ${missing[*]}"
}
