#!/usr/bin/env bats
# Namespace mode: --pid, --mount-proc[=DIR], --user, --map-auto, --hostname,
# --uts, --ipc, --net, --cgroup. The outer pid1 stays in
# the caller's namespaces; the inner pid1 is PID 1 of a new PID namespace and
# COMMAND is PID 2 there.
# SC2016: the sh -c scripts expand their own "$1". SC2154: run sets $stderr.
# shellcheck disable=SC2016,SC2154

load helpers

NOBODY=("${AS_NOBODY[@]}")

setup() {
	MARKER=
	NOBODY_DIR=
	CHROOT_PROC=
}

teardown() {
	local pid
	kill_started
	restore_subids
	if [ -n "$CHROOT_PROC" ]; then
		umount "$CHROOT_PROC"
	fi
	if [ -n "$NOBODY_DIR" ]; then
		rm -rf "$NOBODY_DIR"
	fi
	# What runs inside a PID namespace has no pid the test registered.
	if [ -n "$MARKER" ]; then
		for pid in $(pgrep -f -- "$MARKER"); do
			kill -9 "$pid" 2>/dev/null || true
		done
	fi
}

# "MOUNTPOINT FSTYPE" for each line of a mountinfo file, sorted. Mount IDs
# differ between mount namespaces, so only these fields are compared.
mount_summary() {
	awk '{ for (i = 7; i <= NF; i++) if ($i == "-") { print $5, $(i + 1); break } }' "$1" | sort
}

# The per-mount options (field 6) of the last mount on $2 in mountinfo file $1.
mount_options() {
	awk -v mp="$2" '$5 == mp { o = $6 } END { print o }' "$1"
}

# PIDs (host view) of every process in the PID namespace $1 (an ns/pid link).
pids_in_ns() {
	find /proc/[0-9]*/ns -maxdepth 1 -name pid -printf '%h %l\n' 2>/dev/null |
		awk -v ns="$1" '$2 == ns { split($1, p, "/"); print p[3] }'
}

# Zombies (host PIDs) among all descendants of $1, from one read of /proc/*/stat.
zombies_under() {
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v root="$1" '
		{
			# comm may hold spaces and parentheses: split after the last ") ".
			match($0, /\) [^)]*$/)
			split(substr($0, RSTART + 2), f, " ")
			parent[$1] = f[2]
			state[$1] = f[1]
		}
		END {
			for (pid in state) {
				if (state[pid] != "Z")
					continue
				for (p = parent[pid]; p > 1; p = parent[p])
					if (p == root) {
						print pid
						break
					}
			}
		}'
}

no_zombies_under() { [ -z "$(zombies_under "$1")" ]; }
ns_has_n_processes() { [ "$(pids_in_ns "$1" | wc -l)" = "$2" ]; }
gone() { [ -z "$(pgrep -f -- "$1"; pids_in_ns "$2")" ]; }

@test "--pid --mount-proc: COMMAND is PID 2, pid1 is PID 1, and ps sees nothing else" {
	require_root
	run -0 --separate-stderr "$PID1" --pid --mount-proc -- sh -c 'echo $$; ps -e -o pid=,comm='
	assert_equal "$stderr" ""
	assert_equal "${lines[0]}" "2"
	# ps itself is PID 3: sh forks it, nothing else runs in the namespace.
	assert_equal "$(printf '%s\n' "${lines[@]:1}" | awk '{ print $1, $2 }')" \
		"$(printf '1 %s\n2 sh\n3 ps' "$(pid1_comm)")"
}

@test "COMMAND runs in a new PID namespace; a new mount namespace only with --mount-proc" {
	require_root
	local pidns mntns
	pidns=$(readlink /proc/self/ns/pid)
	mntns=$(readlink /proc/self/ns/mnt)

	run -0 "$PID1" --pid -- sh -c 'readlink /proc/self/ns/pid /proc/self/ns/mnt'
	assert_equal "${#lines[@]}" 2
	assert_regex "${lines[0]}" '^pid:\[[0-9]+\]$'
	[ "${lines[0]}" != "$pidns" ] || fail "--pid: same PID namespace as the caller: ${lines[0]}"
	assert_equal "${lines[1]}" "$mntns"

	run -0 "$PID1" --mount-proc -- sh -c 'readlink /proc/self/ns/pid /proc/self/ns/mnt'
	assert_equal "${#lines[@]}" 2
	assert_regex "${lines[0]}" '^pid:\[[0-9]+\]$'
	assert_regex "${lines[1]}" '^mnt:\[[0-9]+\]$'
	[ "${lines[0]}" != "$pidns" ] || fail "--mount-proc: same PID namespace as the caller: ${lines[0]}"
	[ "${lines[1]}" != "$mntns" ] || fail "--mount-proc: same mount namespace as the caller: ${lines[1]}"
}

@test "--mount-proc: the new proc is mounted nosuid,nodev,noexec; the host's mounts and ps are untouched" {
	require_root
	local before="$BATS_TEST_TMPDIR/before" after="$BATS_TEST_TMPDIR/after" inside="$BATS_TEST_TMPDIR/inside"
	cat /proc/self/mountinfo >"$before"

	run -0 "$PID1" --mount-proc -- sh -c 'cat /proc/self/mountinfo >"$1"' sh "$inside"
	cat /proc/self/mountinfo >"$after"
	assert_equal "$(cat "$after")" "$(cat "$before")"

	# Inside: exactly one mount more than the host, a proc on /proc, with the flags.
	assert_equal "$(comm -13 <(mount_summary "$before") <(mount_summary "$inside"))" "/proc proc"
	assert_equal "$(comm -23 <(mount_summary "$before") <(mount_summary "$inside"))" ""
	assert_regex "$(mount_options "$inside" /proc)" '(^|,)nosuid(,|$)'
	assert_regex "$(mount_options "$inside" /proc)" '(^|,)nodev(,|$)'
	assert_regex "$(mount_options "$inside" /proc)" '(^|,)noexec(,|$)'

	# The host's /proc still shows the host's processes, this test among them.
	run -0 ps -e -o pid=
	assert_line --regexp "^ *$$\$"
	assert_line --regexp "^ *1\$"
}

@test "--mount-proc makes / rprivate: nothing propagates back even where / is shared" {
	require_root
	require_cmd unshare
	local dir="$BATS_TEST_TMPDIR/procdir"
	mkdir "$dir"
	# A throw-away mount namespace whose mounts are all shared: a proc mount
	# made without MS_PRIVATE first would propagate back into it.
	run -0 --separate-stderr unshare --mount --propagation shared -- sh -c '
		pid1=$1 dir=$2
		before=$(cat /proc/self/mountinfo)
		"$pid1" --mount-proc -- true || echo "pid1 --mount-proc failed: $?"
		"$pid1" --mount-proc="$dir" -- true || echo "pid1 --mount-proc=DIR failed: $?"
		after=$(cat /proc/self/mountinfo)
		[ "$before" = "$after" ] && echo same || printf "changed:\n%s\n" "$after"
		ls -A "$dir"
		ps -e -o pid= | grep -c .' sh "$PID1" "$dir"
	assert_equal "$stderr" ""
	assert_equal "${lines[0]}" "same"
	assert_equal "${#lines[@]}" 2
	# The host's proc: more than the handful a fresh namespace would hold.
	[ "${lines[1]}" -gt 3 ] || fail "ps -e saw ${lines[1]} processes: /proc is no longer the host's"
}

@test "--mount-proc=DIR mounts the namespace's proc on DIR only" {
	require_root
	local dir="$BATS_TEST_TMPDIR/procdir" before="$BATS_TEST_TMPDIR/before" inside="$BATS_TEST_TMPDIR/inside"
	mkdir "$dir"
	cat /proc/self/mountinfo >"$before"

	run -0 --separate-stderr "$PID1" --mount-proc="$dir" -- \
		sh -c 'cat "$1/1/comm" "$1/2/comm"; cat /proc/self/mountinfo >"$2"' sh "$dir" "$inside"
	assert_equal "$stderr" ""
	assert_equal "$output" "$(printf '%s\nsh' "$(pid1_comm)")"
	assert_equal "$(comm -13 <(mount_summary "$before") <(mount_summary "$inside"))" "$dir proc"
	assert_equal "$(comm -23 <(mount_summary "$before") <(mount_summary "$inside"))" ""
	assert_regex "$(mount_options "$inside" "$dir")" '(^|,)nosuid(,|$)'
	assert_regex "$(mount_options "$inside" "$dir")" '(^|,)nodev(,|$)'
	assert_regex "$(mount_options "$inside" "$dir")" '(^|,)noexec(,|$)'

	# Afterwards the host's DIR is an empty directory again and nothing is mounted.
	assert_equal "$(ls -A "$dir")" ""
	assert_equal "$(cat /proc/self/mountinfo)" "$(cat "$before")"
}

@test "--mount-proc=/nonexistent: exit 112, says why, mounts nothing" {
	require_root
	local before
	before=$(cat /proc/self/mountinfo)
	run -112 --separate-stderr "$PID1" --mount-proc=/nonexistent -- echo ran
	assert_equal "$stderr" "pid1: cannot use /nonexistent for --mount-proc: No such file or directory"
	assert_equal "$output" ""
	assert_equal "$(cat /proc/self/mountinfo)" "$before"
}

@test "exit codes 0, 3, 255 and 128+N pass through both pid1s" {
	require_root
	local mode code sig
	for mode in --pid --mount-proc; do
		for code in 0 3 255; do
			run -"$code" "$PID1" "$mode" -- sh -c "exit $code"
		done
		for sig in TERM KILL; do
			run -$((128 + $(kill -l "$sig"))) "$PID1" "$mode" -- sh -c "kill -$sig \$\$"
		done
	done
}

@test "TERM, USR1 and RTMIN+2 sent to the outer pid1 reach COMMAND" {
	require_root
	local mode sig
	for mode in --pid --mount-proc; do
		start_pid1 "$mode" -- "$PROBE" signals 3
		# PID 2 and its own group, inside the namespace (not read_ready: these
		# pids are not the host's, teardown must not kill them).
		expect_line "$OUT" "ready 2 2"
		for sig in USR1 RTMIN+2 TERM; do
			kill -s "$sig" "$P1"
			expect_got "$sig"
		done
		pid1_exits 0
	done
}

@test "--pid -v: the inner pid1's lines read 'pid1: inner: ...', the outer's 'pid1: ...'" {
	require_root
	local inner
	start_pid1 -v --pid -- "$PROBE" signals 1
	expect_line "$OUT" "ready 2 2"
	wait_inner
	inner=$INNER
	kill -TERM "$P1"
	expect_got TERM
	pid1_exits 0
	# The outer passes it to the inner pid1 alone, the inner to COMMAND's
	# group; each writes after its kill(), so either line may come first.
	assert_equal "$(sort "$ERR")" "$(printf '%s\n' \
		"pid1: info: forwarded SIGTERM to $inner" \
		"pid1: inner: info: forwarded SIGTERM to process group 2" | sort)"
}

@test "--pid: COMMAND's exec failure is reported from inside, as the inner pid1's line" {
	require_root
	run -127 --separate-stderr "$PID1" --pid -- /nonexistent/cmd
	assert_equal "$stderr" "pid1: inner: cannot execute /nonexistent/cmd: No such file or directory; command not found"
	assert_equal "$output" ""
}

@test "orphans made inside the namespace are reaped by the inner pid1" {
	require_root
	require_pids 1000
	local inner
	# The main command stays alive (reading stdin) while the orphans come and go.
	start_pid1 -v --pid -- sh -c '"$1" orphans 1000 && read -r _' sh "$PROBE"
	# 1000 forks may take longer than read_line's usual 10 s.
	read_line "$OUT" 30 || fail "the probe did not finish making orphans"
	assert_equal "$REPLY" "done 1000"
	wait_inner
	inner=$INNER

	# Bounded wait until no process under the outer pid1 is a zombie.
	wait_for 10 no_zombies_under "$P1" || true
	assert_equal "$(zombies_of "$inner")" 0
	assert_equal "$(zombies_under "$P1" | wc -l)" 0

	echo bye >&"$IN"
	# EOF for sh's read.
	close_in
	pid1_exits 0
	# Every one of them was re-parented to, and reaped by, the inner pid1.
	assert_equal "$(count_matches "$ERR" '^pid1: inner: info: reaped orphan [0-9]+ \(exit 0\)$')" 1000
}

@test "SIGKILL to the outer pid1 tears the whole namespace down" {
	require_root
	local inner ns
	MARKER="pid1-ns-marker-$$-$RANDOM$RANDOM"
	# The marker is in the command line of both pid1s, sh and its child sh.
	start_pid1 --pid -- sh -c 'sh -c "sleep 1000; :" "$0" & echo ready; wait' "$MARKER"
	expect_line "$OUT" ready
	wait_inner
	inner=$INNER
	ns=$(readlink "/proc/$inner/ns/pid")
	[ "$ns" != "$(readlink /proc/self/ns/pid)" ] || fail "the inner pid1 is not in a new PID namespace"
	# Bounded wait for the sleep: then 3 in the namespace (pid1, sh, sh) + sleep.
	wait_for 10 ns_has_n_processes "$ns" 4 || true
	assert_equal "$(pids_in_ns "$ns" | wc -l)" 4
	assert_equal "$(pgrep -f -- "$MARKER" | wc -l)" 4

	kill -9 "$P1"
	pid1_exits 137

	wait_for 10 gone "$MARKER" "$ns" || true
	assert_equal "$(pgrep -f -- "$MARKER"; pids_in_ns "$ns")" ""
}

@test "rootless --user --mount-proc: COMMAND is PID 2 and root in its namespace" {
	require_userns
	run -0 --separate-stderr "${NOBODY[@]}" "$NOBODY_PID1" --user --mount-proc -- sh -c 'echo $$; id -u; id -g; cat /proc/1/comm'
	assert_equal "$stderr" ""
	assert_equal "$output" "$(printf '2\n0\n0\n%s' "$(pid1_comm)")"
}

@test "rootless --pid without --user: exit 112 and says what to do" {
	require_nobody_pid1
	run -112 --separate-stderr "${NOBODY[@]}" "$NOBODY_PID1" --pid -- echo ran
	assert_equal "$stderr" "pid1: cannot create a PID namespace: Operation not permitted; run as root or add --user"
	assert_equal "$output" ""
	run -112 --separate-stderr "${NOBODY[@]}" "$NOBODY_PID1" --mount-proc -- echo ran
	assert_equal "$stderr" "pid1: cannot create a PID namespace: Operation not permitted; run as root or add --user"
	assert_equal "$output" ""
}

@test "--mount-proc on / or inside a proc mount is refused (112): the command would get no usable /proc" {
	local d why
	for d in / /proc/self /proc/sys; do
		why="it lies inside a proc mount, where a new proc leaves the command no usable /proc"
		[ "$d" = / ] && why="it is the root directory, and a proc over it would hide every other file"
		run -112 --separate-stderr "$PID1" --mount-proc="$d" -- echo ran
		assert_equal "$stderr" "pid1: cannot use $d for --mount-proc: $why; use /proc, or an empty directory"
		assert_equal "$output" ""
	done
}

# in_own_userns CMD...: run CMD as root of a user namespace of its own, where the
# namespace limits (/proc/sys/user/*) are its own to lower.
in_own_userns() {
	unshare --user --map-root-user true 2>/dev/null || skip "user namespaces are not available here"
	unshare --user --map-root-user --pid --fork --mount-proc "$@"
}

@test "a namespace limit of 0 names its sysctl, also to root" {
	run -112 --separate-stderr in_own_userns sh -c 'echo 0 >/proc/sys/user/max_pid_namespaces; exec "$1" --pid -- echo ran' sh "$PID1"
	assert_equal "$stderr" "pid1: cannot create a PID namespace: No space left on device; the limit is reached or the sysctl user.max_pid_namespaces is 0"
	run -112 --separate-stderr in_own_userns sh -c 'echo 0 >/proc/sys/user/max_mnt_namespaces; exec "$1" --mount-proc -- echo ran' sh "$PID1"
	assert_equal "$stderr" "pid1: inner: cannot create a mount namespace: No space left on device; the limit is reached or the sysctl user.max_mnt_namespaces is 0"
	assert_equal "$output" ""
}

@test "--user in a chroot says that the chroot is why" {
	require_root
	require_cmd chroot
	local root=$BATS_TEST_TMPDIR/chroot lib
	mkdir -p "$root/proc" "$root/bin"
	cp "$PID1" "$root/bin/pid1"
	# A dynamic pid1 takes its loader and libc along.
	for lib in $(ldd "$PID1" 2>/dev/null | grep -o '/[^ ]*'); do
		cp --parents "$lib" "$root"
	done
	# With proc mounted inside, pid1 can see that no mount is at its "/".
	mount -t proc proc "$root/proc"
	CHROOT_PROC=$root/proc
	run -112 --separate-stderr chroot "$root" /bin/pid1 --user -- /bin/pid1 --version
	assert_equal "$stderr" "pid1: cannot create a user namespace: Operation not permitted; pid1 runs in a chroot, where the kernel refuses new user namespaces"
	umount "$root/proc"
	CHROOT_PROC=
	skip_if_asan "its runtime needs /proc/self, which the chroot now lacks"
	# Without it, pid1 says what it cannot tell.
	run -112 --separate-stderr chroot "$root" /bin/pid1 --user -- /bin/pid1 --version
	assert_equal "$stderr" "pid1: cannot create a user namespace: Operation not permitted; pid1 may run in a chroot, where the kernel refuses them, or something else forbids them (a seccomp filter, a security module)"
}

# The namespaces of COMMAND that differ from the caller's, as "ipc net uts".
new_namespaces() {
	local ns out=()
	for ns in cgroup ipc mnt net pid user uts; do
		[ "$(readlink "/proc/self/ns/$ns")" = "$(sed -n "s/^$ns //p" <<<"$1")" ] || out+=("$ns")
	done
	echo "${out[*]}"
}

# What COMMAND sees of its namespaces, as "NAME LINK" lines, for new_namespaces.
NS_OF_COMMAND='for n in cgroup ipc mnt net pid user uts; do echo "$n $(readlink /proc/self/ns/$n)"; done'

@test "--hostname, --uts, --ipc, --net, --cgroup: each a new namespace of its own, and --pid with it" {
	require_root
	local opt want
	for opt in --uts:"pid uts" --hostname=box:"pid uts" --ipc:"ipc pid" --net:"net pid" --cgroup:"cgroup pid"; do
		want=${opt#*:}
		run -0 --separate-stderr "$PID1" "${opt%%:*}" -- sh -c "$NS_OF_COMMAND"
		assert_equal "$stderr" ""
		assert_equal "$(new_namespaces "$output")" "$want"
	done
}

@test "--hostname NAME: the command sees NAME, the host keeps its own; --uts alone keeps the name" {
	require_root
	local host
	host=$(hostname)
	run -0 --separate-stderr "$PID1" --hostname sandbox-1 -- sh -c 'hostname; cat /proc/sys/kernel/hostname'
	assert_equal "$output" "$(printf 'sandbox-1\nsandbox-1')"
	assert_equal "$(hostname)" "$host"
	# A name set inside --uts stays inside.
	run -0 --separate-stderr "$PID1" --uts -- sh -c 'hostname; hostname changed-inside; hostname'
	assert_equal "$output" "$(printf '%s\nchanged-inside' "$host")"
	assert_equal "$(hostname)" "$host"
}

@test "--net: the command sees lo alone, and it is up (127.0.0.1 answers)" {
	require_root
	require_cmd ip
	run -0 --separate-stderr "$PID1" --net -- sh -c 'ip -o link | cut -d" " -f2,3; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "'
	assert_equal "$stderr" ""
	assert_equal "${lines[0]%%,*}" "lo: <LOOPBACK"
	assert_regex "${lines[0]}" ',UP[,>]'
	assert_equal "${lines[1]}" "lo"
	assert_equal "${#lines[@]}" 2
	# Up for real: a socket on 127.0.0.1 can be bound and reached.
	run -0 "$PID1" --net -- python3 -c '
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
c = socket.create_connection(s.getsockname()); print("connected")'
	assert_output "connected"
}

@test "--cgroup: the command's cgroup is the root of its view" {
	require_root
	run -0 --separate-stderr "$PID1" --cgroup -- cat /proc/self/cgroup
	assert_equal "$stderr" ""
	assert_equal "$(grep -v ':/$' <<<"$output")" ""
}

@test "rootless --user with --hostname, --ipc, --net, --cgroup: every namespace is made, lo is up" {
	require_userns
	run -0 --separate-stderr "${NOBODY[@]}" "$NOBODY_PID1" --user --mount-proc --hostname rootless --ipc --net --cgroup -- \
		sh -c 'hostname; id -u; ip -o link | cut -d" " -f2; '"$NS_OF_COMMAND"
	assert_equal "$stderr" ""
	assert_equal "${lines[0]}" "rootless"
	assert_equal "${lines[1]}" "0"
	assert_equal "${lines[2]}" "lo:"
	assert_equal "$(new_namespaces "$(printf '%s\n' "${lines[@]:3}")")" "cgroup ipc mnt net pid user uts"
}

@test "a limit of 0 on UTS, IPC, network or cgroup namespaces names the namespace and its sysctl" {
	local kind opt
	for kind in uts:--uts:UTS ipc:--ipc:IPC net:--net:network cgroup:--cgroup:cgroup; do
		IFS=: read -r sysctl opt name <<<"$kind"
		local article=a
		[ "$name" = IPC ] && article=an
		run -112 --separate-stderr in_own_userns sh -c 'echo 0 >/proc/sys/user/max_'"$sysctl"'_namespaces; exec "$1" "$2" -- echo ran' sh "$PID1" "$opt"
		assert_equal "$stderr" "pid1: inner: cannot create $article $name namespace: No space left on device; the limit is reached or the sysctl user.max_${sysctl}_namespaces is 0"
		assert_equal "$output" ""
	done
}

@test "--map-auto as root: the caller is root inside, the /etc/subuid range follows, chown to another uid works" {
	add_subids root 400000 65536
	run -0 --separate-stderr "$PID1" --map-auto -- sh -c 'cat /proc/self/uid_map /proc/self/gid_map | tr -s " "; touch "$1" && chown 1000:1000 "$1" && id -u' sh "$BATS_TEST_TMPDIR/f"
	assert_equal "$stderr" ""
	assert_equal "$output" "$(printf ' 0 0 1\n 1 400000 65536\n 0 0 1\n 1 400000 65536\n0')"
	# uid 1000 inside is 400000 + 999 outside.
	assert_equal "$(stat -c '%u %g' "$BATS_TEST_TMPDIR/f")" "400999 400999"
}

@test "rootless --map-auto --mount-proc: 65536 ids more, and ps shows the namespace" {
	require_userns
	add_subids nobody 300000 65536
	run -0 --separate-stderr "${NOBODY[@]}" "$NOBODY_PID1" --map-auto --mount-proc -- \
		sh -c 'cat /proc/self/uid_map /proc/self/gid_map | tr -s " "; echo $$; id -u'
	assert_equal "$stderr" ""
	assert_equal "$output" "$(printf ' 0 65534 1\n 1 300000 65536\n 0 65534 1\n 1 300000 65536\n2\n0')"
}

@test "--map-auto without a range, without newuidmap, or refused by it: exit 112 and what to do" {
	require_nobody_pid1
	require_cmd newuidmap
	run -112 --separate-stderr "${NOBODY[@]}" "$NOBODY_PID1" --map-auto -- echo ran
	assert_equal "$output" ""
	assert_equal "$stderr" "pid1: cannot map the subordinate ids of nobody for --map-auto from /etc/subuid: it lists no range for this user; ask an administrator to add one (usermod --add-subuids 100000-165535 --add-subgids 100000-165535 nobody)"
	add_subids root 400000 65536
	sed -i '$d' /etc/subgid
	run -112 --separate-stderr "$PID1" --map-auto -- echo ran
	assert_equal "$stderr" "pid1: cannot map the subordinate ids of root for --map-auto from /etc/subgid: it lists no range for this user; add one: usermod --add-subuids 100000-165535 --add-subgids 100000-165535 root"
	run -112 --separate-stderr env PATH=/nonexistent "$PID1" --map-auto -- /bin/echo ran
	assert_equal "$stderr" "pid1: cannot run newuidmap for --map-auto: it is not in PATH; install it (Debian: apt-get install uidmap)"
	# A newuidmap that refuses: its first line is the reason.
	mkdir "$BATS_TEST_TMPDIR/bin"
	printf '#!/bin/sh\necho "newuidmap: uid range not allowed" >&2\nexit 1\n' >"$BATS_TEST_TMPDIR/bin/newuidmap"
	ln -s "$(command -v newgidmap)" "$BATS_TEST_TMPDIR/bin/newgidmap"
	chmod +x "$BATS_TEST_TMPDIR/bin/newuidmap"
	add_subids root 400000 65536
	run -112 --separate-stderr env PATH="$BATS_TEST_TMPDIR/bin:$PATH" "$PID1" --map-auto -- echo ran
	assert_equal "$output" ""
	assert_equal "$stderr" "pid1: cannot map the subordinate ids for --map-auto: newuidmap: uid range not allowed"
}
