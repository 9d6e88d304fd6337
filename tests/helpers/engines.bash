# shellcheck shell=bash
# Shared by tests/engines/*.bats: pid1 under real container engines from
# Debian's packages (dockerd, podman, containerd), no registry, no mocks.
#
# Hygiene, because other suites run on the same machine at the same time:
# - everything a suite creates is under one directory, ENG (mktemp);
# - the engines run in a mount namespace of their own (ENG_NS, held open by
#   a pid1 --pause), private, with a tmpfs on the system directories that
#   they write to whatever their flags say (/run: containerd's shim sockets
#   and fifos, runc's and crun's state, /run/netns; /opt: containerd's opt
#   plugin; /var/lib: Podman's blob-info cache; /etc/docker: dockerd's
#   key.json; /usr/local: where the guides install pid1). Every mount an
#   engine makes lives and dies with that namespace, so the host's mount
#   table never sees one;
# - daemons are stopped by the PID they were started with, containers are
#   removed by the names the test gave them; nothing is ever found by name.

# shellcheck source=/dev/null # linted on its own
source "$REPO/tests/helpers/oci-lib.sh"
# shellcheck source=/dev/null
source "$REPO/tests/helpers/oci-guide.sh"

ENG_DOCS="$REPO/docs"

# eng_log TEXT: a `# TEXT` line in the test output (bats prints fd 3), for
# figures such as stop times, which are reported, never asserted.
eng_log() {
	echo "# $*" >&3
}

# eng_now_ms: the time in milliseconds.
eng_now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# eng_setup_file: for setup_file. Sets ENG (the suite's directory), ENG_PID1
# (the static pid1 images carry: they have no C library), ENG_ROOTFS and
# ENG_ROOTFS_TAR (Debian's static busybox, one link per applet, and pid1 at
# /pid1). On a machine where this cannot be done, ENG_SKIP says why.
eng_setup_file() {
	local bin rc=0
	ENG_SKIP=
	if [ "$(id -u)" != 0 ]; then
		ENG_SKIP="needs root: the engines run as root (make check-engines as root; CI does)"
		export ENG_SKIP
		return 0
	fi
	# Short, because unix socket paths are limited to 107 bytes.
	ENG=$(mktemp -d /tmp/pid1-eng.XXXXXX)
	export ENG
	bin=$(oci_static_pid1 2>"$ENG/static.err") || rc=$?
	if [ "$rc" != 0 ]; then
		ENG_SKIP="no static pid1: $(tail -n 3 "$ENG/static.err")"
		export ENG_SKIP
		return 0
	fi
	ENG_PID1="$ENG/pid1-static"
	install -m 0755 "$bin" "$ENG_PID1"
	if ! oci_static_busybox >/dev/null; then
		ENG_SKIP="needs a static busybox for the images (apt-get install busybox-static)"
		export ENG_SKIP
		return 0
	fi
	ENG_ROOTFS="$ENG/rootfs"
	oci_make_rootfs "$ENG_ROOTFS"
	# oci_make_rootfs leaves empty mount points; an image carries the binary.
	install -m 0755 "$ENG_PID1" "$ENG_ROOTFS/pid1"
	rm -f "$ENG_ROOTFS/sbin/docker-init" "$ENG_ROOTFS/run/podman-init"
	ENG_ROOTFS_TAR="$ENG/rootfs.tar"
	tar -C "$ENG_ROOTFS" -cf "$ENG_ROOTFS_TAR" .
	export ENG_PID1 ENG_ROOTFS ENG_ROOTFS_TAR
}

# eng_skip_all REASON: every test of the file skips with REASON.
eng_skip_all() {
	ENG_SKIP=$1
	export ENG_SKIP
}

# eng_setup: for setup. Skips with the reason setup_file found.
eng_setup() {
	[ -z "${ENG_SKIP:-}" ] || skip "$ENG_SKIP"
}

# eng_require_cmd CMD PACKAGE: skip unless CMD is installed.
eng_require_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		skip "needs $1 (apt-get install $2; make check-engines installs it)"
}

# ---- the private mount namespace ----

# eng_ns_start: start the holder of the engines' mount namespace; ENG_NS is
# its pid. A tmpfs goes on each of the directories named above that exists.
eng_ns_start() {
	local d dirs=() script
	for d in /run /opt /var/lib /etc/docker /usr/local; do
		[ -d "$d" ] && dirs+=("$d")
	done
	# shellcheck disable=SC2016 # expanded by the inner sh
	script='pid1=$1; shift
		mount --make-rprivate / || exit 1
		for d; do mount -t tmpfs -o mode=0755 tmpfs "$d" || exit 1; done
		exec "$pid1" --pause'
	(
		for fd in /proc/"$BASHPID"/fd/*; do
			fd=${fd##*/}
			[ "$fd" -gt 2 ] && eval "exec $fd>&-"
		done
		exec unshare -m sh -c "$script" sh "$ENG_PID1" "${dirs[@]}" </dev/null >"$ENG/ns.log" 2>&1
	) &
	ENG_NS=$!
	export ENG_NS
	# It is ready once the sh has set up the mounts and become pid1.
	wait_for 10 eng_ns_ready || {
		ENG_SKIP="cannot make a private mount namespace: $(cat "$ENG/ns.log")"
		export ENG_SKIP
		return 0
	}
	eng_ns_id >"$ENG/ns.id"
}

eng_ns_ready() {
	[ "$(readlink "/proc/$ENG_NS/exe" 2>/dev/null)" = "$ENG_PID1" ]
}

# eng_ns_start_with INSTALL CMD...: for setup_file, after eng_setup_file:
# every test skips unless each CMD is installed (INSTALL, the apt-get
# command, says how), then eng_ns_start. Returns 1 if the tests are to skip.
eng_ns_start_with() {
	local install=$1 c
	shift
	for c; do
		command -v "$c" >/dev/null 2>&1 || {
			eng_skip_all "needs $c ($install; make check-engines installs what is missing)"
			return 1
		}
	done
	eng_ns_start
	[ -z "$ENG_SKIP" ]
}

# in_ns CMD...: run CMD in the engines' mount namespace, in the current
# directory (entering a mount namespace moves to its root otherwise).
in_ns() {
	nsenter -t "$ENG_NS" -m --wd="$PWD" -- "$@"
}

# eng_spawn LOG CMD...: start CMD in the engines' namespace in the
# background, its output in LOG, stdin /dev/null, with none of the suite's
# descriptors (bats waits for its pipes to close); ENG_SPAWNED is its pid.
eng_spawn() {
	local log=$1
	shift
	(
		for fd in /proc/"$BASHPID"/fd/*; do
			fd=${fd##*/}
			[ "$fd" -gt 2 ] && eval "exec $fd>&-"
		done
		exec nsenter -t "$ENG_NS" -m --wd="$PWD" -- "$@" </dev/null >"$log" 2>&1
	) &
	ENG_SPAWNED=$!
}

# eng_ns_id: the engines' mount namespace (as /proc/PID/ns/mnt reads).
eng_ns_id() {
	readlink "/proc/$ENG_NS/ns/mnt"
}

# eng_ns_procs: the processes in the engines' namespace other than its
# holder; every one of them was started by this suite. One find, no fork per
# process: /proc may list thousands (other suites' process storms).
eng_ns_procs() {
	local id inode
	id=$(cat "$ENG/ns.id" 2>/dev/null) || return 0
	# "mnt:[4026532123]": the brackets would be a pattern for -lname.
	inode=${id//[^0-9]/}
	find /proc -mindepth 3 -maxdepth 3 -path '/proc/[0-9]*/ns/mnt' -lname "mnt:?$inode?" 2>/dev/null |
		awk -F/ -v holder="$ENG_NS" '$3 != holder { print $3 }'
	return 0
}

# eng_stop_pid PID [SECONDS]: SIGTERM to PID (a daemon this suite started),
# wait for it to end, SIGKILL after SECONDS (default 30).
eng_stop_pid() {
	local pid=$1
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	wait_for "${2:-30}" ended "$pid" || kill -KILL "$pid" 2>/dev/null || true
	wait_for 10 ended "$pid" || true
}

# eng_mounts_under DIR: the mount points under DIR, in the host's namespace
# and in the engines' one.
eng_mounts_under() {
	local f
	for f in /proc/self/mountinfo ${ENG_NS:+/proc/$ENG_NS/mountinfo}; do
		awk -v d="$1/" 'index($5, d) == 1 { print $5 }' "$f" 2>/dev/null
	done
}

# eng_teardown_file: SIGKILL what a failed test left in the engines'
# namespace, stop its holder, undo any mount left under ENG, remove ENG.
eng_teardown_file() {
	local m p
	[ -n "${ENG:-}" ] && [ -d "$ENG" ] || return 0
	for p in $(eng_ns_procs); do
		kill -KILL "$p" 2>/dev/null || true
	done
	if [ -n "${ENG_NS:-}" ]; then
		eng_stop_pid "$ENG_NS" 10
	fi
	for m in $(eng_mounts_under "$ENG" | sort -r); do
		umount -l "$m" 2>/dev/null || true
	done
	rm -rf "$ENG"
}

# ---- images ----

# eng_entrypoint: the ENTRYPOINT line of docs/docker.md's Dockerfile, as the
# JSON array the guide writes, so the images here run what the guide says.
eng_entrypoint() {
	guide_block "$ENG_DOCS/docker.md" dockerfile | sed -n 's/^ENTRYPOINT //p'
}

# ---- docker ----

# The Debian package's client, which matches its daemon (another docker CLI
# may come first on PATH).
DOCKER=/usr/bin/docker

# shellcheck disable=SC2034 # ENG_WHY is for the callers
# dockerd_start NAME [DOCKERD-ARG...]: a private dockerd in the engines'
# namespace, its files in $ENG/NAME: data and exec roots, socket, pidfile,
# daemon.json (NAME/daemon.json if the caller wrote one, else {}), log.
# No iptables rules, no bridge. Returns 1 with the reason in ENG_WHY if it
# does not answer within 60 s.
dockerd_start() {
	local name=$1 dir="$ENG/$1" pid
	shift
	mkdir -p "$dir/data" "$dir/exec"
	[ -f "$dir/daemon.json" ] || echo '{}' >"$dir/daemon.json"
	eng_spawn "$dir/log" dockerd --config-file "$dir/daemon.json" --data-root "$dir/data" \
		--exec-root "$dir/exec" -H "unix://$dir/sock" --pidfile "$dir/pid" \
		--iptables=false --ip-masq=false --bridge=none "$@"
	pid=$ENG_SPAWNED
	echo "$pid" >"$dir/started-pid"
	if ! wait_for 60 dockerd_answers "$name" "$pid"; then
		ENG_WHY="dockerd did not start: $(grep -E 'level=(error|fatal)|^failed' "$dir/log" | tail -n 2)"
		eng_stop_pid "$pid" 10
		return 1
	fi
	running "$pid" || {
		ENG_WHY="dockerd exited: $(tail -n 2 "$dir/log")"
		return 1
	}
}

dockerd_answers() {
	dk_at "$1" version >/dev/null 2>&1 || ended "$2"
}

# dockerd_stop NAME: stop it by the PID it was started with.
dockerd_stop() {
	local f="$ENG/$1/started-pid"
	[ -f "$f" ] || return 0
	eng_stop_pid "$(cat "$f")" 30
	rm -f "$f"
}

# dk_at NAME ARG...: the docker client, talking to dockerd NAME.
dk_at() {
	local name=$1
	shift
	"$DOCKER" -H "unix://$ENG/$name/sock" "$@"
}

# ---- podman ----

# podman_ulimits: the default_ulimits this host allows. Podman asks for
# nofile and nproc of 1048576 unless told; a root without CAP_SYS_RESOURCE
# (this machine's bounding set lacks it) cannot raise a hard limit, so the
# runtime's setrlimit fails. Podman also lowers its own RLIMIT_NPROC to
# 32768 before it starts the runtime, so nproc must not exceed that either.
podman_ulimits() {
	local nofile nproc
	nofile=$(ulimit -Hn)
	nproc=$(ulimit -Hu)
	[ "$nofile" = unlimited ] && nofile=1048576
	if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then
		nproc=32768
	fi
	echo "\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\""
}

# podman_conf_host: the settings this host needs (see docs/podman.md):
# no network (nothing on the host's bridges or firewall), runc (crun 1.8
# refuses hybrid cgroup hierarchies), cgroupfs and a file for the events
# (no systemd, no journald), the ulimits above.
podman_conf_host() {
	cat <<EOF
[containers]
netns = "none"
default_ulimits = [$(podman_ulimits)]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
}

# podman_conf_merge FILE: FILE (a guide's containers.conf, TOML) with the
# host's settings added to its tables, on stdout (TOML allows a table only
# once; a key the guide sets is left as the guide has it).
podman_conf_merge() {
	python3 - "$1" <(podman_conf_host) <<'EOF'
import re, sys
def tables(path):
    out, name = {}, None
    for line in open(path).read().splitlines():
        m = re.match(r"\s*\[([^\]]+)\]\s*$", line)
        if m:
            name = m.group(1)
            out.setdefault(name, [])
        elif name and line.strip() and not line.lstrip().startswith("#"):
            out[name].append(line)
    return out
g, h = tables(sys.argv[1]), tables(sys.argv[2])
for name, lines in h.items():
    g.setdefault(name, [])
    keys = {l.split("=")[0].strip() for l in g[name]}
    g[name] += [l for l in lines if l.split("=")[0].strip() not in keys]
print("\n\n".join("[%s]\n%s" % (n, "\n".join(ls)) for n, ls in g.items()))
EOF
}

# pm_setup_file [CMD...]: for a Podman suite's setup_file, after
# eng_setup_file: podman, conmon, runc, nsenter and each CMD (a package of
# the same name) installed, the engines' namespace, the private storage and
# containers.conf (PM_CONF), and $ENG/bin/podman, which runs this podman
# (for the guides' commands, timeout, pty_run.py). Returns 1 if the tests
# are to skip (ENG_SKIP says why).
pm_setup_file() {
	eng_ns_start_with "apt-get install podman runc${*:+ $*}" podman conmon runc nsenter "$@" || return 1
	mkdir -p "$ENG/podman/root" "$ENG/podman/runroot" "$ENG/podman/tmp" "$ENG/bin"
	export PM_CONF="$ENG/podman/containers.conf"
	podman_conf_host >"$PM_CONF"
	# shellcheck disable=SC2016 # expanded by the wrapper
	printf '#!/bin/sh\nexec nsenter -t %s -m --wd="$PWD" -- env CONTAINERS_CONF="${CONTAINERS_CONF:-%s}" %s --root %s --runroot %s --tmpdir %s "$@"\n' \
		"$ENG_NS" "$PM_CONF" "$(command -v podman)" "$ENG/podman/root" "$ENG/podman/runroot" "$ENG/podman/tmp" >"$ENG/bin/podman"
	chmod 0755 "$ENG/bin/podman"
}

# pm ARG...: podman with the suite's private storage, run and temporary
# directories and containers.conf (PM_CONF), in the engines' namespace.
pm() {
	in_ns env CONTAINERS_CONF="$PM_CONF" podman --root "$ENG/podman/root" \
		--runroot "$ENG/podman/runroot" --tmpdir "$ENG/podman/tmp" "$@"
}

# ---- checks shared by docker and podman (E is a function: dk, pm...) ----

# eng_wait_logs E CONTAINER REGEX [N]: wait (bounded, 20 s) until N (default
# 1) lines of the container's output match REGEX.
eng_wait_logs() {
	wait_for 20 eng_logs_have "$@" ||
		fail "no $4 line(s) /$3/ in the logs of $2: $("$1" logs "$2" 2>&1 | tail -n 20)"
}

eng_logs_have() {
	[ "$("$1" logs "$2" 2>&1 | grep -cE -- "$3")" -ge "${4:-1}" ]
}

# eng_exit_code E CONTAINER: the container's exit code.
eng_exit_code() {
	"$1" inspect --format '{{.State.ExitCode}}' "$2"
}

# eng_stop_ms E CONTAINER [TIMEOUT]: `stop -t TIMEOUT` (default 10); prints
# how long it took, in ms.
eng_stop_ms() {
	local t0 t1
	t0=$(eng_now_ms)
	"$1" stop -t "${3:-10}" "$2" >/dev/null
	t1=$(eng_now_ms)
	echo $((t1 - t0))
}

# eng_start_ready E NAME RUN-ARG...: `run -d`, then wait until the command
# has printed "ready" (it runs, so pid1 has set its signals up).
eng_start_ready() {
	local e=$1 n=$2
	shift 2
	"$e" run -d --name "$n" "$@" >/dev/null
	eng_wait_logs "$e" "$n" '^ready$'
}

# A shell loop that leaves $1 orphans: each subshell exits at once, and its
# `sleep 0` is re-parented to the nearest subreaper or PID 1.
# shellcheck disable=SC2016,SC2034 # expanded by the shell it is given to
ENG_ORPHANS='i=0; while [ $i -lt $1 ]; do (sleep 0 &); i=$((i + 1)); done'

# The -v line of one reaped orphan.
# shellcheck disable=SC2034
ENG_REAPED='^pid1: info: reaped orphan [0-9]+ \(exit 0\)$'

# eng_check_orphans E NAME RUN-ARG...: the command leaves 50 orphans, then
# `E exec` leaves 50 more (its process's parent is outside the container, so
# they go to PID 1 of the namespace). PID1_VERBOSITY=1 logs each orphan
# reaped, so the count is the wait; then ps shows no zombie, and nothing
# but PID 1, the command and ps.
eng_check_orphans() {
	local e=$1 n=$2
	shift 2
	eng_start_ready "$e" "$n" -e PID1_VERBOSITY=1 "$@" sh -c "$ENG_ORPHANS"'; echo ready; exec sleep 1000' sh 50
	eng_wait_logs "$e" "$n" "$ENG_REAPED" 50
	run -0 "$e" exec "$n" sh -c "$ENG_ORPHANS" sh 50
	eng_wait_logs "$e" "$n" "$ENG_REAPED" 100
	run -0 "$e" exec "$n" ps -o stat,comm
	refute_line --regexp '^Z'
	assert_equal "${#lines[@]}" 4
}

# eng_check_usr1 E NAME RUN-ARG...: `E kill -s USR1` reaches the command,
# which goes on running. `wait` returns when a trapped signal arrives, so the
# trap runs at once.
eng_check_usr1() {
	local e=$1 n=$2
	shift 2
	eng_start_ready "$e" "$n" "$@" sh -c 'trap "echo got USR1" USR1; echo ready
		while :; do sleep 1 & wait $!; done'
	run -0 "$e" kill -s USR1 "$n"
	eng_wait_logs "$e" "$n" '^got USR1$'
	run -0 "$e" inspect --format '{{.State.Running}}' "$n"
	assert_output true
}

# eng_job_control CMD...: drive an interactive busybox sh run by CMD on a
# pseudo-terminal: ^Z stops a job, fg resumes it, ^C ends it ($? = 130),
# exit 5. The terminal echoes what is typed, so the job prints "started"
# from "sta""rted" and the echo cannot match; the job reads a line only once
# it is back in the foreground (from the background it would stop again on
# SIGTTIN), so "got hello" proves fg. A terminal may end a line with more
# than one CR, so the rc line is matched in the output, not with assert_line.
eng_job_control() {
	run python3 "$REPO/tests/helpers/pty_run.py" -t 20 \
		-e '# ' -s "PS1='PRO''MPT> '\n" -e 'PROMPT> ' \
		-s "sh -c 'echo \"sta\"\"rted\"; read x; echo \"got \$x\"; exec sleep 1000'\n" -e 'started' \
		-s '\x1a' -e 'Stopped' -e 'PROMPT> ' \
		-s 'fg\n' -s 'hello\n' -e 'got hello' \
		-s '\x03' -e 'PROMPT> ' -s 'echo "rc=$?"\n' -e 'rc=[0-9]+' \
		-s 'exit 5\n' \
		-- "$@"
	assert_equal "$status" 5
	assert_output --partial $'\nrc=130'
}

# A command for a second container in a shared PID namespace: it leaves an
# orphan (re-parented once the subshell that started it has exited), then
# says whose child the orphan is, what PID 1 is and what its own parent
# (pid1) is, and exits 3.
# shellcheck disable=SC2016,SC2034 # expanded in the container; used by the suites
ENG_SHARED='o=$( (sleep 1000 >/dev/null 2>&1 & echo $!) )
	read -r pid comm state ppid rest </proc/$o/stat; echo "orphan $ppid"
	read -r pid comm state ppid rest </proc/1/stat; echo "one $comm"
	echo "pid1 $PPID"; exit 3'

# eng_check_shared: after `run -3 --separate-stderr ... sh -c "$ENG_SHARED"`:
# pid1 said nothing (not PID 1 is no news), PID 1 is the first container's
# pid1, and the orphan went to the second pid1, a subreaper.
eng_check_shared() {
	assert_equal "$stderr" ""
	[[ $output =~ pid1\ ([0-9]+) ]] || fail "no pid1 line: $output"
	local me=${BASH_REMATCH[1]}
	[ "$me" != 1 ] || fail "pid1 is PID 1"
	assert_line "one (pid1)"
	assert_line "orphan $me"
}

# eng_run_block GUIDE NAME BINDIR [VAR=VALUE...]: run the block of
# docs/GUIDE tagged engine:NAME with bash -e, as written, in a directory
# holding pid1-static, with BINDIR (the suite's engine client) first on
# PATH and the environment VAR=VALUE...; all of it in the engines'
# namespace, so what the block installs lands in its /usr/local.
eng_run_block() {
	local script="$BATS_TEST_TMPDIR/block-$2.sh" bindir=$3
	guide_block_tag "$ENG_DOCS/$1" "engine:$2" >"$script" || return 1
	shift 3
	(cd "$ENG" && in_ns env PATH="$bindir:$PATH" "$@" bash -e "$script")
}
