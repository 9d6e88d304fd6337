#!/usr/bin/env bash
# make deb: deb.sh VERSION. Packages ./pid1 (make's hardened build) as
# build/pid1_VERSION_ARCH.deb with dpkg-deb alone: /usr/bin/pid1, the manual
# page, the guides, the copyright, changelog and lintian overrides from
# packaging/. Then shows
# what it holds, runs lintian (any error, warning or info tag fails), and,
# as root on a system without a pid1 of its own, installs it, runs it,
# purges it and checks that nothing of it is left.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 022

version=$1
# The changelog is the package's version: it must not drift from make's.
logversion=$(dpkg-parsechangelog -l packaging/changelog -S Version)
if [ "$logversion" != "$version" ]; then
	echo "deb.sh: packaging/changelog is at $logversion, the Makefile at $version: add a changelog entry" >&2
	exit 1
fi
arch=$(dpkg --print-architecture)
deb=build/pid1_${version}_$arch.deb
# dpkg-shlibdeps wants the debian/PACKAGE layout and a debian/control.
work=build/deb
root=$work/debian/pid1
doc=$root/usr/share/doc/pid1
rm -rf "$work" "$deb"
mkdir -p "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" "$doc"
printf 'Source: pid1\n\nPackage: pid1\nArchitecture: any\n' >"$work/debian/control"

install -m 0755 pid1 "$root/usr/bin/pid1"
# As dh_strip does: no debug information, no build notes.
strip --remove-section=.comment --remove-section=.note "$root/usr/bin/pid1"
gzip -9n <docs/pid1.1 >"$root/usr/share/man/man1/pid1.1.gz"
install -m 0644 packaging/copyright "$doc/copyright"
install -D -m 0644 packaging/lintian-overrides "$root/usr/share/lintian/overrides/pid1"
gzip -9n <packaging/changelog >"$doc/changelog.gz"
# The guides, compressed above 4 kB as dh_compress does.
for f in README.md docs/design.md docs/docker.md docs/kubernetes.md docs/migration.md docs/podman.md; do
	if [ "$(stat -c %s "$f")" -gt 4096 ]; then
		out="$doc/${f##*/}.gz"
		gzip -9n <"$f" >"$out"
	else
		install -m 0644 "$f" "$doc/"
	fi
done
find "$root" -type f -not -path "$root/DEBIAN/*" -exec chmod 0644 {} +
chmod 0755 "$root/usr/bin/pid1"

depends=$(cd "$work" && dpkg-shlibdeps -O -edebian/pid1/usr/bin/pid1)
depends=${depends#shlibs:Depends=}
cat >"$root/DEBIAN/control" <<EOF
Package: pid1
Version: $version
Architecture: $arch
Maintainer: $(dpkg-parsechangelog -l packaging/changelog -S Maintainer)
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Section: admin
Priority: optional
Description: minimal init for containers that forwards signals and reaps zombies
 pid1 runs one command as its child, passes on the signals it receives,
 collects every process that exits below it, and exits with the command's
 status. It can create the PID namespace it is PID 1 of (--pid,
 --mount-proc, --user), follow a daemon through its pidfile, and stop
 leftover processes after a grace period.
 .
 It accepts the options and environment variables of tini, dumb-init and
 catatonit, and takes on their behaviour when run under their names, so it
 can replace any of them as the init of Docker, Podman or Kubernetes
 containers.
EOF
(cd "$root" && find usr -type f -printf '%P\n' | sort | sed 's|^|usr/|' | xargs md5sum >DEBIAN/md5sums)
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb"

dpkg-deb --info "$deb"
dpkg-deb --contents "$deb"
# Every tag down to info fails the build; pedantic ones are shown.
lintian --fail-on error,warning,info --display-info --pedantic "$deb"
echo "deb.sh: lintian is clean"

if [ "$(id -u)" != 0 ]; then
	echo "deb.sh: not root: the install and removal of $deb are not tried"
	exit 0
fi
# Never replace a pid1 this system already has (a package or make install).
if dpkg-query -W -f='${Status}' pid1 2>/dev/null | grep -q 'installed' || [ -e /usr/bin/pid1 ]; then
	echo "deb.sh: this system has a pid1 already: the install and removal of $deb are not tried"
	exit 0
fi
dpkg -i "$deb"
mapfile -t files < <(dpkg-query -L pid1)
set +e
/usr/bin/pid1 -- sh -c 'exit 7'
code=$?
set -e
dpkg --purge pid1
[ "$code" = 7 ] || {
	echo "deb.sh: the installed pid1 exited $code for a command that exits 7" >&2
	exit 1
}
# Gone: the package's record and every file and directory of its own (the
# directories it shares with the system, /usr/bin and the like, stay).
if dpkg-query -W -f='${Status}' pid1 2>/dev/null | grep -q 'installed'; then
	echo "deb.sh: pid1 is still installed after the purge" >&2
	exit 1
fi
left=()
for f in "${files[@]}"; do
	case "$f" in
	/usr/bin/pid1 | /usr/share/man/man1/pid1.1.gz | /usr/share/doc/pid1 | /usr/share/doc/pid1/* | \
		/usr/share/lintian/overrides/pid1)
		[ ! -e "$f" ] || left+=("$f")
		;;
	esac
done
if [ "${#left[@]}" -gt 0 ]; then
	echo "deb.sh: left after the purge: ${left[*]}" >&2
	exit 1
fi
echo "deb.sh: $deb installed, ran (exit 7 passed through), and was purged without a trace"
