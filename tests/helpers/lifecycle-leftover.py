#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""lifecycle-leftover.py - a process that outlives its parent, for tests/lifecycle.bats.

    lifecycle-leftover.py [--setsid] [--ignore-term] RECORD

Forks. The child (in a new session with --setsid) installs a SIGTERM
handler, lets go of every inherited descriptor, appends "ready PID" to
RECORD and waits. On each SIGTERM it appends "TERM" to RECORD, then exits 0,
or with --ignore-term keeps waiting (only SIGKILL ends it). The parent exits
0 once the child is ready, so a test can go on as soon as it returns.
"""
import os
import signal
import sys


def append(path, line):
    with open(path, "a") as f:
        f.write(line + "\n")


def main():
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    rest = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(rest) != 1 or set(flags) - {"--setsid", "--ignore-term"}:
        sys.stderr.write("usage: lifecycle-leftover.py [--setsid] [--ignore-term] RECORD\n")
        return 2
    record = os.path.abspath(rest[0])
    ignore = "--ignore-term" in flags
    r, w = os.pipe()
    if os.fork() > 0:
        os.close(w)
        return 0 if os.read(r, 16) == b"ready" else 1
    os.close(r)
    if "--setsid" in flags:
        os.setsid()

    def on_term(signo, frame):
        append(record, "TERM")
        if not ignore:
            os._exit(0)

    signal.signal(signal.SIGTERM, on_term)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
    # Hold none of the test's pipes (bats waits for them to close).
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, w)
    os.closerange(w + 1, 65536)
    append(record, "ready %d" % os.getpid())
    os.write(w, b"ready")
    os.close(w)
    while True:
        signal.pause()


if __name__ == "__main__":
    sys.exit(main())
