#!/bin/sh
# Install what `make check` needs on Debian 12, only when something is missing.
# As a non-root user nothing is installed: the missing tools are named instead.
# `install-deps.sh lint`, `install-deps.sh fuzz` and `install-deps.sh engines`
# install what `make lint`, `make fuzz` and `make check-engines` need instead.
set -eu
what=${1:-check}

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
	;;
fuzz)
	want clang clang
	ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
		need_pkgs="$need_pkgs libclang-rt-14-dev"
	;;
esac
if [ "$what" = check ]; then
	want bats bats
	want /usr/lib/bats/bats-assert/load.bash bats-assert
	want /usr/lib/bats/bats-support/load.bash bats-support
	want /usr/include/cmocka.h libcmocka-dev
	want musl-gcc musl-tools
	want ps procps
	want unshare util-linux
	want setpriv util-linux
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

[ -n "$need_pkgs" ] || exit 0
if [ "$(id -u)" != 0 ]; then
	echo "tests/install-deps.sh: missing packages:$need_pkgs (run as root to install them)" >&2
	exit 0
fi
echo "tests/install-deps.sh: installing$need_pkgs"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086 # the list is meant to split
apt-get install -y -qq --no-install-recommends $need_pkgs >/dev/null
# nginx's package starts a service where it can; the tests run their own.
if command -v nginx >/dev/null 2>&1 && pgrep -x nginx >/dev/null 2>&1; then
	nginx -s quit 2>/dev/null || true
fi
