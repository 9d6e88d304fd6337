#!/bin/sh
# oci-run.sh RUNTIME BUNDLE ID: `RUNTIME run` the bundle in the foreground,
# exiting with the container's status. Run as `sh oci-run.sh ...` (a script,
# not a function, so `timeout` can bound it).
#
# crun refuses hybrid cgroup hierarchies ("cgroups in hybrid mode not
# supported"), so it runs in a private mount namespace without the cgroup2
# mount at /sys/fs/cgroup/unified and with cgroups disabled. Only that private
# copy of the mount table changes, never the host's.
set -eu
rt=$1 bundle=$2 id=$3
case $rt in
runc) exec runc run --bundle "$bundle" "$id" ;;
crun)
	# shellcheck disable=SC2016 # expanded by the inner shell
	exec unshare -m sh -c 'mount --make-rprivate / || exit 125
		umount /sys/fs/cgroup/unified 2>/dev/null || :
		exec crun --cgroup-manager=disabled run --bundle "$1" "$2"' sh "$bundle" "$id"
	;;
*)
	echo "oci-run.sh: unknown runtime '$rt'" >&2
	exit 125
	;;
esac
