#!/bin/sh
# Install what `make check` needs on Debian 12, only when something is missing.
# As a non-root user nothing is installed: the missing tools are named instead.
# `install-deps.sh lint`, `install-deps.sh fuzz` and `install-deps.sh engines`
# install what `make lint`, `make fuzz` and `make check-engines` need instead;
# `install-deps.sh deb` what `make deb` needs.
# `install-deps.sh release TARGET...` installs what `make release` needs: each
# TARGET is DEBIAN-ARCH:GCC-TRIPLET:MUSL-DIR:QEMU (the Makefile's
# RELEASE_TARGETS); a foreign one needs Debian's cross gcc, that
# architecture's musl-dev through dpkg multiarch, and qemu-user.
set -eu
what=${1:-check}
[ "$#" = 0 ] || shift

need_pkgs=""
want() { # want COMMAND-OR-PATH PACKAGE
	case "$1" in
	/*) [ -e "$1" ] || need_pkgs="$need_pkgs $2" ;;
	*) command -v "$1" >/dev/null 2>&1 || need_pkgs="$need_pkgs $2" ;;
	esac
}

want cc gcc
want /usr/include/stdio.h libc6-dev
want make make
case "$what" in
lint)
	want clang-tidy clang-tidy
	want clang-format clang-format
	want cppcheck cppcheck
	want shellcheck shellcheck
	want hardening-check devscripts
	;;
engines)
	want musl-gcc musl-tools
	want bats bats
	want /usr/lib/bats/bats-assert/load.bash bats-assert
	want /usr/lib/bats/bats-support/load.bash bats-support
	want python3 python3
	want readelf binutils
	want nsenter util-linux
	want busybox busybox-static
	want runc runc
	want dockerd docker.io
	want podman podman
	want containerd containerd
	# Podman's default init and pause binary, for comparison.
	want catatonit catatonit
	want newuidmap uidmap
	# tests/engines/selfcheck.bats: a fresh Debian 12 root filesystem, and
	# the snapshot of the tree under test that its container clones.
	want debootstrap debootstrap
	want wget wget
	want git git
	;;
fuzz)
	want clang clang
	ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
		need_pkgs="$need_pkgs libclang-rt-14-dev"
	;;
deb)
	want dpkg-deb dpkg
	want dpkg-shlibdeps dpkg-dev
	want strip binutils
	want lintian lintian
	;;
release)
	want musl-gcc musl-tools
	want readelf binutils
	want sha256sum coreutils
	want bats bats
	want /usr/lib/bats/bats-assert/load.bash bats-assert
	want /usr/lib/bats/bats-support/load.bash bats-support
	;;
esac
# The foreign release targets whose cross gcc or musl is missing: their
# packages are looked up only once their architecture is known to apt.
missing_targets=""
native=$(dpkg --print-architecture)
if [ "$what" = release ]; then
	for t in "$@"; do
		arch=${t%%:*}
		rest=${t#*:}
		triplet=${rest%%:*}
		rest=${rest#*:}
		musl=${rest%%:*}
		qemu=${rest#*:}
		[ "$arch" != "$native" ] || continue
		want "qemu-$qemu-static" qemu-user-static
		if ! command -v "$triplet-gcc" >/dev/null 2>&1 || [ ! -e "/usr/lib/$musl/musl-gcc.specs" ]; then
			missing_targets="$missing_targets $arch:$triplet"
		fi
	done
fi
if [ "$what" = check ]; then
	want bats bats
	want /usr/lib/bats/bats-assert/load.bash bats-assert
	want /usr/lib/bats/bats-support/load.bash bats-support
	want /usr/include/cmocka.h libcmocka-dev
	want musl-gcc musl-tools
	want ps procps
	want unshare util-linux
	want setpriv util-linux
	want newuidmap uidmap
	want ip iproute2
	want python3 python3
	want readelf binutils
	want mandoc mandoc
	want nginx nginx-light
	want busybox busybox-static
	want runc runc
	want crun crun
	want tini tini
	want dumb-init dumb-init
	want valgrind valgrind
fi

[ -n "$need_pkgs$missing_targets" ] || exit 0
if [ "$(id -u)" != 0 ]; then
	echo "tests/install-deps.sh: missing packages:$need_pkgs${missing_targets:+ and the cross compilers and musl for$missing_targets} (run as root to install them)" >&2
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
added_arches=""
for t in $missing_targets; do
	arch=${t%%:*}
	if ! dpkg --print-foreign-architectures | grep -qx "$arch"; then
		dpkg --add-architecture "$arch"
		added_arches="$added_arches $arch"
	fi
done
apt-get update -qq
for t in $missing_targets; do
	arch=${t%%:*}
	triplet=${t#*:}
	# An architecture Debian does not release (riscv64 before Debian 13)
	# has no musl-dev: that target is left out, and make release says so.
	if [ -n "$(apt-cache madison "musl-dev:$arch" 2>/dev/null)" ] &&
		[ -n "$(apt-cache madison "gcc-$triplet" 2>/dev/null)" ]; then
		need_pkgs="$need_pkgs gcc-$triplet musl-dev:$arch"
	else
		echo "tests/install-deps.sh: no gcc-$triplet or musl-dev:$arch in this Debian release: $arch cannot be built" >&2
		case " $added_arches " in
		*" $arch "*) dpkg --remove-architecture "$arch" ;;
		esac
	fi
done
[ -n "$need_pkgs" ] || exit 0
echo "tests/install-deps.sh: installing$need_pkgs"
# shellcheck disable=SC2086 # the list is meant to split
apt-get install -y -qq --no-install-recommends $need_pkgs >/dev/null
# nginx's package starts a service where it can; the tests run their own.
if command -v nginx >/dev/null 2>&1 && pgrep -x nginx >/dev/null 2>&1; then
	nginx -s quit 2>/dev/null || true
fi
