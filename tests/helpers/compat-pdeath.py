#!/usr/bin/env python3
"""compat-pdeath.py - watch pid1 get its parent-death signal.

Usage: compat-pdeath.py INIT [OPTION...]

This process becomes a child subreaper and forks a "parent". The parent starts
INIT OPTION... -- PROBE signals 1, with the probe's stdout on a pipe, and then
waits forever. Once the probe says "ready" (so pid1 has set its parent-death
signal and started the child), the parent is SIGKILLed. pid1 is re-parented to
this process, which reaps it and so learns its exit status.

Prints, one per line: "ready", each further line the probe wrote, then
"exit N" (pid1's exit code) or "signal N" (the signal that killed it).
Exits 0 if all of that happened, 1 on a timeout.
"""
import ctypes
import os
import select
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
TIMEOUT = 10.0


def die(msg, *pids):
    """Fail, leaving nothing behind: the probe holds our stderr open."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    print("compat-pdeath: " + msg, flush=True)
    sys.exit(1)


def main():
    init_argv = sys.argv[1:]
    probe = os.environ["PROBE"]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        die("prctl: " + os.strerror(ctypes.get_errno()))

    out_r, out_w = os.pipe()
    pid_r, pid_w = os.pipe()
    parent = os.fork()
    if parent == 0:
        os.close(out_r)
        os.close(pid_r)
        init = os.fork()
        if init == 0:
            os.dup2(out_w, 1)
            os.close(out_w)
            os.close(pid_w)
            argv = init_argv + ["--", probe, "signals", "1"]
            os.execv(argv[0], argv)
        os.close(out_w)
        os.write(pid_w, b"%d\n" % init)
        os.close(pid_w)
        while True:
            signal.pause()
    os.close(out_w)
    os.close(pid_w)
    init = int(os.read(pid_r, 64).decode())
    os.close(pid_r)

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
