# shellcheck shell=bash
# Helpers for tests/oci.bats and tests/guides.bats: the static pid1, a busybox
# root filesystem, OCI bundles, and running them with runc or crun.
# Sourced after tests/helpers.bash (needs REPO, PID1, skip).

# The static pid1 a container can run (no libc inside). If $PID1 is static it
# is the binary under test; otherwise pid1-static is (re)built with make.
# Prints its path. Returns 1 (a reason on stderr) when it cannot be built here
# (no musl-gcc), 2 when the build fails.
oci_static_pid1() {
	local cc=${MUSL_CC:-musl-gcc}
	if [ -x "$PID1" ] && ! readelf -l "$PID1" 2>/dev/null | grep -q 'program interpreter'; then
		echo "$PID1"
		return 0
	fi
	if command -v "$cc" >/dev/null 2>&1; then
		make -s -C "$REPO" pid1-static >&2 || return 2
	elif [ ! -x "$REPO/pid1-static" ]; then
		echo "needs $cc to build pid1-static (tests/install-deps.sh installs musl-tools)" >&2
		return 1
	fi
	if readelf -l "$REPO/pid1-static" | grep -q 'program interpreter'; then
		echo "$REPO/pid1-static is not statically linked" >&2
		return 2
	fi
	echo "$REPO/pid1-static"
}

# A static busybox for the root filesystem (Debian's busybox-static), or fail.
oci_static_busybox() {
	local bb
	bb=$(command -v busybox) || return 1
	readelf -l "$bb" 2>/dev/null | grep -q 'program interpreter' && return 1
	echo "$bb"
}

# oci_make_rootfs DIR: Debian's static busybox and one symlink per applet.
# Nothing is downloaded. The files the bundles bind-mount over exist already,
# so the runtime never has to create them in the shared, read-only root.
oci_make_rootfs() {
	local root=$1 bb applet
	bb=$(oci_static_busybox) || return 1
	mkdir -p "$root"/bin "$root"/sbin "$root"/proc "$root"/dev "$root"/sys "$root"/tmp "$root"/run
	cp "$bb" "$root/bin/busybox"
	for applet in $("$root/bin/busybox" --list); do
		[ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
	done
	: >"$root/pid1"
	: >"$root/sbin/docker-init"
	: >"$root/run/podman-init"
}

# oci_make_bundle BUNDLE ROOTFS INIT [-t] -- ARG...
# Writes BUNDLE/config.json from `runc spec`: read-only root ROOTFS, process
# ARG..., no terminal (-t: a terminal), and INIT (the static pid1) bind-mounted
# read-only at /pid1, /sbin/docker-init (as `docker run --init` does) and
# /run/podman-init (as `podman run --init` does).
oci_make_bundle() {
	local bundle=$1 rootfs=$2 init=$3 terminal=false
	shift 3
	if [ "${1:-}" = -t ]; then
		terminal=true
		shift
	fi
	[ "${1:-}" = -- ] && shift
	mkdir -p "$bundle"
	rm -f "$bundle/config.json"
	(cd "$bundle" && runc spec) || return 1
	python3 - "$bundle/config.json" "$rootfs" "$init" "$terminal" "$@" <<'EOF'
import json, sys
path, rootfs, init, terminal, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
with open(path) as f:
    c = json.load(f)
c["process"]["terminal"] = terminal == "true"
c["process"]["args"] = args
c["root"] = {"path": rootfs, "readonly": True}
for dest in ("/pid1", "/sbin/docker-init", "/run/podman-init"):
    c["mounts"].append({"destination": dest, "type": "bind", "source": init, "options": ["bind", "ro"]})
with open(path, "w") as f:
    json.dump(c, f, indent=1)
EOF
}

# `sh "$OCI_RUN" RUNTIME BUNDLE ID` runs a bundle; see oci-run.sh.
# shellcheck disable=SC2034 # used by the .bats files
OCI_RUN="$REPO/tests/helpers/oci-run.sh"

oci_kill() { # oci_kill RUNTIME ID SIGNAL
	"$1" kill "$2" "$3"
}

oci_delete() { # oci_delete RUNTIME ID (quiet; for teardown)
	"$1" delete -f "$2" >/dev/null 2>&1 || true
}

oci_require_runtime() { # oci_require_runtime RUNTIME
	require_root
	command -v "$1" >/dev/null 2>&1 ||
		skip "needs $1 (apt-get install $1; tests/install-deps.sh installs it)"
	oci_static_busybox >/dev/null ||
		skip "needs a static busybox (apt-get install busybox-static) for the container's root filesystem"
	[ -n "${OCI_PID1_STATIC:-}" ] || skip "${OCI_NO_STATIC:-no static pid1}"
}
