#!/usr/bin/env python3
"""compat-pdeath.py - watch pid1 get its parent-death signal.

Usage: compat-pdeath.py [--while-arming] INIT [OPTION...]

This process becomes a child subreaper and forks a "parent". The parent starts
INIT OPTION... -- PROBE signals 1, with the probe's stdout on a pipe, and then
waits forever. Once the probe says "ready" (so pid1 has set its parent-death
signal and started the child), the parent is SIGKILLed. pid1 is re-parented to
this process, which reaps it and so learns its exit status.

--while-arming: the parent dies while pid1 is arming the signal instead, at a
point fixed by a seccomp filter (seccomp_filter.py): INIT's
prctl(PR_SET_PDEATHSIG, ...) is held at its entry, after pid1 has recorded
its parent. While it is held, this process kills the parent and reaps it, so
pid1 is re-parented here, and only then lets the prctl() go on. The kernel
sends no signal for a parent that was already gone: pid1 has to notice the
change itself. INIT starts with every signal blocked, and hands that mask on
to the probe, so a signal forwarded before the probe is ready waits for it.
Prints "armed" first. Exits 77 if the filter cannot be set up here.

Prints, one per line: "ready", each further line the probe wrote, then
"exit N" (pid1's exit code) or "signal N" (the signal that killed it).
Exits 0 if all of that happened, 1 on a timeout.
"""
import ctypes
import os
import select
import signal
import socket
import sys
import time

import seccomp_filter

PR_SET_CHILD_SUBREAPER = 36
TIMEOUT = 10.0


def die(msg, *pids, code=1):
    """Fail, leaving nothing behind: the probe holds our stderr open."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    print("compat-pdeath: " + msg, flush=True)
    sys.exit(code)


def exec_init(argv, sock):
    """In the process that becomes pid1; with sock (--while-arming), hold its prctl() first."""
    if sock is not None:
        listener = seccomp_filter.hold_pdeathsig()
        if listener < 0:
            os._exit(seccomp_filter.UNSUPPORTED)
        socket.send_fds(sock, [b"l"], [listener])
        os.close(listener)
        sock.close()
        signal.pthread_sigmask(signal.SIG_SETMASK, signal.valid_signals())
    os.execv(argv[0], argv)


def kill_parent_while_held(sock, init, parent):
    """--while-arming: the parent dies (and is reaped) while pid1's prctl() is held."""
    sock.settimeout(TIMEOUT)
    try:
        _, fds, _, _ = socket.recv_fds(sock, 16, 1)
    except OSError as e:
        fds = []
        print("compat-pdeath: %s" % e, flush=True)
    if not fds:
        die("no seccomp listener", init, parent, code=seccomp_filter.UNSUPPORTED)
    sock.close()
    held = seccomp_filter.wait_held(fds[0], TIMEOUT)
    if held is None:
        die("pid1 never set a parent-death signal", init, parent)
    if held[1] != init:
        die("the held prctl() came from %d, not pid1 (%d)" % (held[1], init), init, parent)
    os.kill(parent, signal.SIGKILL)
    os.waitpid(parent, 0)
    with open("/proc/%d/stat" % init) as f:
        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
    if ppid != os.getpid():
        die("pid1's parent is %d once its parent is gone, not %d" % (ppid, os.getpid()), init)
    seccomp_filter.let_go(fds[0], held[0])
    os.close(fds[0])
    print("armed", flush=True)


def main():
    while_arming = len(sys.argv) > 1 and sys.argv[1] == "--while-arming"
    init_argv = sys.argv[2:] if while_arming else sys.argv[1:]
    probe = os.environ["PROBE"]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        die("prctl: " + os.strerror(ctypes.get_errno()))

    out_r, out_w = os.pipe()
    pid_r, pid_w = os.pipe()
    ours, theirs = socket.socketpair() if while_arming else (None, None)
    parent = os.fork()
    if parent == 0:
        os.close(out_r)
        os.close(pid_r)
        init = os.fork()
        if init == 0:
            os.dup2(out_w, 1)
            os.close(out_w)
            os.close(pid_w)
            exec_init(init_argv + ["--", probe, "signals", "1"], theirs)
        os.close(out_w)
        os.write(pid_w, b"%d\n" % init)
        os.close(pid_w)
        while True:
            signal.pause()
    os.close(out_w)
    os.close(pid_w)
    init = int(os.read(pid_r, 64).decode())
    os.close(pid_r)
    if while_arming:
        theirs.close()
        kill_parent_while_held(ours, init, parent)

    deadline = time.monotonic() + TIMEOUT
    buf = b""

    def next_line():
        """The probe's next line; "" at EOF, None on timeout."""
        nonlocal buf
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([out_r], [], [], left)[0]:
                return None
            chunk = os.read(out_r, 4096)
            if not chunk:
                line, buf = buf, b""
                return line.decode()
            buf += chunk
        line, buf = buf.split(b"\n", 1)
        return line.decode() + "\n"

    line = next_line()
    if not line or not line.startswith("ready "):
        die("no ready line from the probe (got %r)" % line, init, parent)
    probe_pid = int(line.split()[1])
    print("ready", flush=True)
    if not while_arming:
        os.kill(parent, signal.SIGKILL)
        os.waitpid(parent, 0)
    while True:
        line = next_line()
        if line is None:
            die("timed out waiting for the probe", init, probe_pid)
        if line == "":
            break
        print(line.rstrip("\n"), flush=True)
    # The probe has exited; pid1 is now our child and ends right after it.
    while True:
        pid, status = os.waitpid(init, os.WNOHANG)
        if pid == init:
            break
        if time.monotonic() > deadline:
            die("pid1 did not exit", init, probe_pid)
        time.sleep(0.01)
    if os.WIFEXITED(status):
        print("exit %d" % os.WEXITSTATUS(status), flush=True)
    else:
        print("signal %d" % os.WTERMSIG(status), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
