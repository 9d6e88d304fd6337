#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""lifecycle-late-setsid.py - a daemon whose launcher writes its pidfile, for tests/lifecycle.bats.

    lifecycle-late-setsid.py PIDFILE LOG GO

As Debian's nginx does: the launcher forks, writes the child's pid to
PIDFILE and exits 0, before the child has left the launcher's process group.
The child waits until the fifo GO is written to, then calls setsid() and
forks a worker into its new group, and appends "ready MASTER WORKER" to LOG.
On SIGTERM each of them appends "TERM PID" to LOG; the worker exits, the
master reaps the worker, then exits 0.
"""
import os
import signal
import sys


def append(path, line):
    with open(path, "a") as f:
        f.write(line + "\n")


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("usage: lifecycle-late-setsid.py PIDFILE LOG GO\n")
        return 2
    pidfile, logpath, go = (os.path.abspath(a) for a in sys.argv[1:])
    child = os.fork()
    if child > 0:
        with open(pidfile, "w") as f:
            f.write("%d\n" % child)
        return 0

    master = os.getpid()
    worker = 0

    def on_term(signo, frame):
        append(logpath, "TERM %d" % os.getpid())
        if os.getpid() == master and worker:
            os.waitpid(worker, 0)
        os._exit(0)

    signal.signal(signal.SIGTERM, on_term)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM])
    # Hold none of the test's pipes (bats waits for them to close).
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, 65536)
    with open(go) as f:
        f.read()
    os.setsid()
    worker = os.fork()
    if worker == 0:
        while True:
            signal.pause()
    append(logpath, "ready %d %d" % (master, worker))
    while True:
        signal.pause()


if __name__ == "__main__":
    sys.exit(main())
