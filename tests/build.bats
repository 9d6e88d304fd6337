#!/usr/bin/env bats
# The build and the documents: the static binary really is static and small,
# `make install` installs what it says, and every option is documented.

load helpers

OPTIONS_C="$REPO/options.c"

# The long options as options.c declares them: one string, a line for each name, ended by its \0.
# A name that no document has if none is found, so that a change of form cannot pass unseen.
long_options() {
	local names
	names=$(sed -n '/long_options\[\] =$/,/;$/p' "$OPTIONS_C" | grep -o '^\s*"[a-z-]*\\0"' | sed 's/^\s*"//; s/\\0"//')
	echo "${names:-no-long-option-found-in-options.c}"
}

@test "pid1-static has no program interpreter and no dynamic section, and is at most 32 KB" {
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
	[ "$size" -le 32768 ] || fail "pid1-static is $size bytes"
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

@test "pid1-static, which carries its messages packed, writes the same lines as pid1" {
	require_cmd musl-gcc
	make -s -C "$REPO" pid1 static >/dev/null
	# One of each kind of packed text: a usage error (options.c), a reason of
	# pid1's own with a hint, errtext()'s reason with a hint, a reason that is
	# a packed format filled in (pidfile.c), a rewrite error (signals.c),
	# verbose lines.
	local cases=(
		"--grace=x -- true"
		"-r KILL:TERM -- true"
		"-r CHLD:TERM -- true"
		"--join 1 --pid -- true"
		"--pid --mount-proc=/ -- true"
		"--pidfile / -- true"
		"-- /"
		"-vv -- true"
	) args bin want
	for args in "${cases[@]}"; do
		read -ra args <<<"$args"
		for bin in pid1 pid1-static; do
			run --separate-stderr "$REPO/$bin" "${args[@]}"
			# PIDs differ from run to run.
			stderr=$(sed 's/[0-9][0-9]*/N/g' <<<"$stderr")
			[ "$bin" = pid1 ] && want="$status $stderr"
		done
		[ -n "$stderr" ] || fail "pid1 ${args[*]} wrote nothing"
		assert_equal "$status $stderr" "$want"
	done
}

@test "trim-elf.py --pack packs a section that ends its segment, and refuses what it cannot" {
	require_cmd musl-gcc
	cd "$BATS_TEST_TMPDIR"
	cat >packed.c <<-'EOF'
		#include <unistd.h>
		static char text[] __attribute__((section("pid1_text"))) = "packed packed packed packed packed!";
		int main(void) { return write(1, text, sizeof(text) - 1) < 0; }
	EOF
	musl-gcc -static -no-pie -Os -o packed packed.c
	cp packed whole
	run -1 "$REPO/tests/trim-elf.py" --pack pid1_text:10 packed
	assert_output "trim-elf.py: packed: section pid1_text holds 36 bytes, more than the 10 the program unpacks; left as it is"
	run -1 "$REPO/tests/trim-elf.py" --pack no_such:100 packed
	assert_output "trim-elf.py: packed: no section no_such; left as it is"
	cmp packed whole
	run -2 "$REPO/tests/trim-elf.py" --pack pid1_text packed
	run -0 "$REPO/tests/trim-elf.py" --pack pid1_text:100 packed
	# The text is now the packed stream, what pack-text.py makes of it, then zeros.
	printf 'packed packed packed packed packed!\0' | "$REPO/tests/pack-text.py" >want
	./packed >got
	[ "$(stat -c %s want)" -lt 35 ]
	{ cat want && head -c $((35 - $(stat -c %s want))) /dev/zero; } | cmp - got
	[ "$(stat -c %s packed)" -lt "$(stat -c %s whole)" ]
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
