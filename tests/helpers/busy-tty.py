#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pid1 -v -- sleep 100 with stderr a terminal that is busy when pid1 writes.

usage: busy-tty.py PID1

A writer fills the terminal with one large write and stays blocked in it,
holding the kernel's tty write lock, because nobody reads the other side.
Then pid1 gets SIGWINCH and wants to log "forwarded SIGWINCH". Only once
pid1 is seen waiting in a pause (its wchan), the other side is read: the
writer's write ends, and pid1's line must come after it. A pid1 that drops
the line at the first EAGAIN never pauses: the helper says so and fails.
Exit 0 on success, 1 with the reason on stderr.
"""
import os
import pty
import select
import signal
import subprocess
import sys
import time

FILL = 128 * 1024  # more than a pty holds (about 64 KB each way)
BLOCKED = ("wait_woken", "n_tty_write")  # a writer asleep in a terminal write


def wchan(pid):
    try:
        with open(f"/proc/{pid}/wchan") as f:
            return f.read()
    except OSError:
        return ""


def read_until(master, want, seconds):
    got = b""
    end = time.monotonic() + seconds
    while want not in got and time.monotonic() < end:
        r, _, _ = select.select([master], [], [], 0.1)
        if r:
            try:
                got += os.read(master, 65536)
            except OSError:
                break
    return got


def main():
    master, slave = pty.openpty()
    # pid1 reports that it is up before it runs the command: wait for that line.
    init = subprocess.Popen([sys.argv[1], "-vv", "--", "sleep", "100"], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=slave)
    writer = None
    try:
        if b"debug:" not in read_until(master, b"debug:", 10):
            print("busy-tty: pid1 wrote nothing", file=sys.stderr)
            return 1
        # Wait until pid1 idles in its one wait, so its start-up lines are all out.
        end = time.monotonic() + 10
        while wchan(init.pid) != "do_sigtimedwait" and time.monotonic() < end:
            read_until(master, b"\0", 0.01)
        writer = subprocess.Popen([sys.executable, "-c", "import os, sys; os.write(2, b'w' * int(sys.argv[1]))",
                                   str(FILL)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        end = time.monotonic() + 10
        while wchan(writer.pid) not in BLOCKED and time.monotonic() < end:
            time.sleep(0.001)
        if wchan(writer.pid) not in BLOCKED:
            print(f"busy-tty: the writer never blocked in the terminal ({wchan(writer.pid)})", file=sys.stderr)
            return 1
        init.send_signal(signal.SIGWINCH)
        end = time.monotonic() + 3
        while wchan(init.pid) != "hrtimer_nanosleep" and time.monotonic() < end:
            pass
        if wchan(init.pid) != "hrtimer_nanosleep":
            print("busy-tty: pid1 never paused for the busy terminal; its line was dropped", file=sys.stderr)
            return 1
        out = read_until(master, b"forwarded SIGWINCH", 10)
        if b"forwarded SIGWINCH" not in out:
            print("busy-tty: pid1's line never came", file=sys.stderr)
            return 1
        before = out[:out.index(b"pid1: ")]
        if before != b"w" * FILL:
            print(f"busy-tty: {len(before)} bytes came before pid1's first line, not the writer's {FILL}",
                  file=sys.stderr)
            return 1
        print(f"busy-tty: pid1's lines came after the writer's {FILL} bytes")
        return 0
    finally:
        for p in (init, writer):
            if p is not None:
                p.kill()
                p.wait()


sys.exit(main())
