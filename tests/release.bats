#!/usr/bin/env bats
# Smoke test of one release binary (make release runs it once per
# architecture): RELEASE_BIN is build/release/pid1-static-RELEASE_ARCH,
# RELEASE_QEMU the qemu-user that runs it (empty for the host's own
# architecture), RELEASE_VERSION the version it must report.
#
# Only pid1 itself is emulated. qemu-user hands an execve() to the host
# kernel, so the command pid1 starts is a program of the host (its /bin/sh),
# which runs natively; a command of the foreign architecture would need
# binfmt_misc, which a build machine or container need not have. What is
# under test is pid1's own code for that architecture: its system calls, its
# signal handling, its wait statuses, as qemu translates them to the kernel.
#
# qemu-user 7.2 (Debian 12) cannot do two things pid1 does, and the tests
# below say so where it matters:
# - prctl(PR_SET_CHILD_SUBREAPER) fails with EINVAL (qemu passes no unknown
#   prctl on), so pid1 warns and, not being PID 1, reaps no orphan: orphans
#   are checked with pid1 as PID 1 of a new namespace (--pid), where the
#   kernel gives them to it.
# - unshare(CLONE_NEWUSER) fails with EINVAL, because qemu runs a thread of
#   its own and the kernel refuses a user namespace to a threaded process:
#   --user is not tested under qemu. --pid and --mount-proc work (as root).

load helpers

setup() {
	[ -n "${RELEASE_BIN:-}" ] || skip "run by make release, with RELEASE_BIN set"
	RUN=(${RELEASE_QEMU:+"$RELEASE_QEMU"} "$RELEASE_BIN")
}

teardown() {
	kill_started
}

# qemu's refused prctl, the one line pid1 is expected to add under qemu.
QEMU_SUBREAPER='pid1: warning: cannot become a child subreaper: Invalid argument; orphans will not be reaped'

# own_stderr TEXT: TEXT without that line when under qemu.
own_stderr() {
	if [ -n "${RELEASE_QEMU:-}" ]; then
		grep -vxF -- "$QEMU_SUBREAPER" <<<"$1" || true
	else
		printf '%s\n' "$1"
	fi
}

# elf_machine: readelf's name for RELEASE_ARCH's machine.
elf_machine() {
	case "$RELEASE_ARCH" in
	amd64) echo 'Advanced Micro Devices X86-64' ;;
	arm64) echo AArch64 ;;
	armhf) echo ARM ;;
	i386) echo 'Intel 80386' ;;
	ppc64el) echo PowerPC64 ;;
	s390x) echo 'IBM S/390' ;;
	riscv64) echo RISC-V ;;
	*) echo "unknown architecture $RELEASE_ARCH" ;;
	esac
}

@test "release ${RELEASE_ARCH:-binary}: a static executable for its machine, and it reports its version" {
	run -0 readelf -h "$RELEASE_BIN"
	assert_line --regexp "^ +Machine: +$(elf_machine)\$"
	run -0 readelf -l "$RELEASE_BIN"
	refute_output --partial 'program interpreter'
	refute_output --partial 'DYNAMIC'
	run -0 --separate-stderr "${RUN[@]}" --version
	assert_output "pid1 $RELEASE_VERSION"
}

@test "release ${RELEASE_ARCH:-binary}: the command's exit status and death by signal pass through; a missing command is 127" {
	run -7 --separate-stderr "${RUN[@]}" -- sh -c 'exit 7'
	assert_equal "$(own_stderr "$stderr")" ""
	run -138 --separate-stderr "${RUN[@]}" -- sh -c 'kill -USR1 $$'
	assert_equal "$(own_stderr "$stderr")" ""
	run -127 --separate-stderr "${RUN[@]}" -- /nonexistent/cmd
	assert_equal "$(own_stderr "$stderr")" "pid1: cannot execute /nonexistent/cmd: No such file or directory; command not found"
}

@test "release ${RELEASE_ARCH:-binary}: SIGTERM to pid1 is forwarded and the command's death by it gives 143" {
	start_init "${RUN[@]}" -v -- sh -c 'echo ready; exec sleep 1000'
	# pid1 blocks its signals before it forks: once the command speaks,
	# a SIGTERM is pid1's to forward.
	expect_line "$OUT" ready
	kill -TERM "$P1"
	pid1_exits 143
	run own_stderr "$(cat "$ERR")"
	assert_output --regexp '^pid1: info: forwarded SIGTERM to process group [0-9]+$'
}

# The command makes one orphan (its stdout is the pipe: the command
# substitution ends when the orphan has exited), waits until the orphan's
# PID is free (bounded poll: kill -0 succeeds on a zombie), and reports it.
ORPHAN_SCRIPT='pid=$( (sh -c "echo \$\$" &) )
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 1000 ]; do sleep 0.01; i=$((i + 1)); done
if kill -0 "$pid" 2>/dev/null; then echo "orphan $pid not reaped"; else echo "orphan $pid reaped"; fi'

@test "release ${RELEASE_ARCH:-binary}: an orphan is reaped by pid1 as PID 1 of its namespace (--pid)" {
	require_root
	run -0 --separate-stderr "${RUN[@]}" -v --pid -- sh -c "$ORPHAN_SCRIPT"
	assert_output --regexp '^orphan [0-9]+ reaped$'
	local pid=${output#orphan }
	pid=${pid% reaped}
	assert_equal "$(own_stderr "$stderr")" "pid1: inner: info: reaped orphan $pid (exit 0)"
}

@test "release ${RELEASE_ARCH:-binary}: an orphan is reaped by pid1 as a subreaper" {
	if [ -n "${RELEASE_QEMU:-}" ]; then
		run --separate-stderr "${RUN[@]}" -- true
		[ "$stderr" != "$QEMU_SUBREAPER" ] ||
			skip "$(basename "$RELEASE_QEMU") refuses prctl(PR_SET_CHILD_SUBREAPER): $stderr"
	fi
	run -0 --separate-stderr "${RUN[@]}" -v -- sh -c "$ORPHAN_SCRIPT"
	assert_output --regexp '^orphan [0-9]+ reaped$'
	local pid=${output#orphan }
	pid=${pid% reaped}
	assert_equal "$stderr" "pid1: info: reaped orphan $pid (exit 0)"
}

@test "release ${RELEASE_ARCH:-binary}: --pid --mount-proc: the command's parent is PID 1 and /proc is the new namespace's" {
	require_root
	# $$ is the shell's PID in the new namespace, so /proc/$$ is the shell
	# only in the new namespace's proc. NSpid lists the PIDs from the proc
	# mount's namespace down: one number means the mount is that namespace's.
	# shellcheck disable=SC2016 # expanded by the command's sh
	run -0 --separate-stderr "${RUN[@]}" --pid --mount-proc -- \
		sh -c 'echo "ppid $(cut -d" " -f4 /proc/$$/stat)"; grep "^NSpid:" /proc/$$/status'
	assert_line --index 0 "ppid 1"
	assert_line --index 1 --regexp $'^NSpid:\t[0-9]+$'
	assert_equal "$(own_stderr "$stderr")" ""
}
