#!/usr/bin/env bash
# make release: release.sh DIR VERSION 'REQUIRED-ARCH...' TARGET...
# Builds DIR/pid1-static-ARCH for each TARGET (DEBIAN-ARCH:GCC-TRIPLET:
# MUSL-DIR:QEMU, the Makefile's RELEASE_TARGETS) whose cross gcc and musl are
# installed, smoke-tests each one (tests/release.bats: under qemu-user when
# foreign), adds the .deb that make deb built and a source tarball, and writes
# DIR/SHA256SUMS. A target that cannot be built is left out with the reason,
# unless it is required. Exits 1 if a required target is missing or any
# build or smoke test fails; the summary comes last.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=$1 version=$2 required=" $3 "
shift 3
make=${MAKE:-make}
native=$(dpkg --print-architecture)
# The amd64 target is make static's binary, built by the host's musl-gcc.
if [ "$native" != amd64 ]; then
	echo "release.sh: make release runs on x86-64 (amd64), not $native" >&2
	exit 1
fi

rm -rf "$dir"
mkdir -p "$dir"
built=() left_out=() failed=()
for t in "$@"; do
	IFS=: read -r arch triplet musl qemu <<<"$t"
	runner=
	if [ "$arch" != "$native" ]; then
		runner=qemu-$qemu-static
		why=()
		command -v "$triplet-gcc" >/dev/null || why+=("no $triplet-gcc (gcc-$triplet)")
		[ -e "/usr/lib/$musl/musl-gcc.specs" ] || why+=("no /usr/lib/$musl/musl-gcc.specs (musl-dev:$arch)")
		command -v "$runner" >/dev/null || why+=("no $runner (qemu-user-static)")
		if [ "${#why[@]}" -gt 0 ]; then
			reason="$arch: $(printf '%s; ' "${why[@]}")"
			reason=${reason%; }
			case "$required" in
			*" $arch "*) failed+=("$reason") ;;
			*) left_out+=("$reason") ;;
			esac
			continue
		fi
	fi
	echo "==== release: $arch"
	if ! "$make" --no-print-directory "$dir/pid1-static-$arch"; then
		failed+=("$arch: the build failed")
		continue
	fi
	if ! RELEASE_ARCH=$arch RELEASE_BIN=$dir/pid1-static-$arch RELEASE_QEMU=$runner \
		RELEASE_VERSION=$version bats --print-output-on-failure tests/release.bats; then
		failed+=("$arch: the smoke test failed")
	fi
	built+=("$arch${runner:+ (under $runner)}")
done

# The source, for a machine without git: the committed tree only.
if git rev-parse --git-dir >/dev/null 2>&1; then
	git archive --format=tar.gz --prefix="pid1-$version/" -o "$dir/pid1-$version.tar.gz" HEAD
	echo "release: pid1-$version.tar.gz is commit $(git rev-parse --short HEAD)"
	git diff --quiet HEAD || echo "release: warning: uncommitted changes are not in the tarball" >&2
fi
cp build/pid1_"$version"_*.deb "$dir/"

(
	cd "$dir"
	sha256sum -- * >SHA256SUMS
	sha256sum --quiet -c SHA256SUMS
)

echo "==== release: $dir"
ls -l "$dir"
echo "built and smoke-tested: ${built[*]:-none}"
for r in "${left_out[@]}"; do
	echo "left out: $r"
done
for r in "${failed[@]}"; do
	echo "FAILED: $r"
done
[ "${#failed[@]}" = 0 ]
