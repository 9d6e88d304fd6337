#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""storm-run.py - orphans and signals at pid1 at the same time, and what came of it.

Usage: storm-run.py PID1 CHILD ORPHANS SIGNALS BATCHES STDERR_FILE [PID1_OPTION...]

Starts `PID1 --grace 10m [PID1_OPTION...] -- CHILD count RT END ORPHANS BATCHES`
(CHILD is storm-child) with pid1's stderr in STDERR_FILE. For each of BATCHES
batches it lets the child's worker make its share of the ORPHANS (which pid1
must reap) and meanwhile sends pid1 its share of SIGNALS, a mix of TERM, USR1
and RTMIN+1 (half of them RT). RT signals queue, so each must reach the child
exactly once; the sender keeps at most WINDOW of them unacknowledged so no
queue overflows. Then it waits (bounded) until every orphan is reaped, reads
pid1's VmRSS (the baseline is taken after the first batch, once every code
path has run: first use of a page of code or stack is not growth), sends RTMIN+2 (the end marker: it outranks every signal sent
before it, so they are all forwarded first) and collects the child's counts
and pid1's exit status.

It judges nothing: it prints key=value lines for the test to assert on.
"""
import os
import selectors
import signal
import subprocess
import sys
import time

RT = signal.SIGRTMIN + 1  # RTMIN+1 as glibc and pid1 number it (35)
END = signal.SIGRTMIN + 2
ACK_EVERY = 16  # storm-child prints "rt N" at each 16th RT signal
WINDOW = 64  # RT signals in flight at most
TIMEOUT = 30  # seconds any one wait may take
MIX = [RT, signal.SIGUSR1, RT, signal.SIGTERM]


def rss_kb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def children_of(ppid):
    """(zombies, alive) among the processes whose parent is ppid, read from /proc."""
    zombies = alive = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[1]) != ppid:
            continue
        if fields[0] == "Z":
            zombies += 1
        else:
            alive += 1
    return zombies, alive


def wait_reaped(pid):
    """Wait (bounded) until pid's only child is the main one; (zombies, alive) then."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        zombies, alive = children_of(pid)
        if (zombies == 0 and alive <= 1) or time.monotonic() > deadline:
            return zombies, alive
        time.sleep(0.01)


class Lines:
    """Lines from the child's stdout, read as they come, with a deadline."""

    def __init__(self, f):
        self.fd = f.fileno()
        self.buf = b""
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.fd, selectors.EVENT_READ)
        self.eof = False

    def get(self, timeout):
        """The next line, or None on timeout or end of file."""
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if self.eof or left <= 0 or not self.sel.select(left):
                return None
            data = os.read(self.fd, 65536)
            if not data:
                self.eof = True
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()


def main():
    pid1, child, orphans, nsignals, batches, errfile = sys.argv[1:7]
    orphans, nsignals, batches = int(orphans), int(nsignals), int(batches)
    extra = sys.argv[7:]
    out = {}
    stalled = []

    cmd = [pid1, "--grace", "10m", *extra, "--",
           child, "count", str(int(RT)), str(int(END)), str(orphans), str(batches)]
    with open(errfile, "wb") as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)
    lines = Lines(proc.stdout)
    sent = {signal.SIGTERM: 0, signal.SIGUSR1: 0, RT: 0}
    acked = 0

    def take(line):
        nonlocal acked
        if line.startswith("rt "):
            acked = int(line.split()[1])
        return line

    ready = lines.get(TIMEOUT)
    out["ready"] = ready
    if ready is None or not ready.startswith("ready "):
        stalled.append("no ready line")
    else:
        out["rss_ready_kb"] = rss_kb(proc.pid)
        out["anon_ready_kb"] = rss_kb(proc.pid, "RssAnon")
        start = time.monotonic()
        k = 0
        for b in range(1, batches + 1):
            proc.stdin.write(b"go\n")
            proc.stdin.flush()
            share = nsignals // batches + (1 if b <= nsignals % batches else 0)
            for _ in range(share):
                sig = MIX[k % len(MIX)]
                k += 1
                while sig == RT and sent[RT] - acked >= WINDOW:
                    line = lines.get(TIMEOUT)
                    if line is None:
                        stalled.append(f"RT ack stuck at {acked} of {sent[RT]} sent")
                        break
                    take(line)
                if stalled:
                    break
                os.kill(proc.pid, sig)
                sent[sig] += 1
            while not stalled:
                line = lines.get(TIMEOUT)
                if line is None:
                    stalled.append(f"no 'batch {b}' line")
                elif take(line) == f"batch {b}":
                    break
            if stalled:
                break
            if b == 1:
                # The baseline: after one batch, when every path of the
                # loop (reaping, forwarding, logging) has run once.
                wait_reaped(proc.pid)
                out["rss_start_kb"] = rss_kb(proc.pid)
        # Every orphan reaped: pid1 has no child left but the main one.
        zombies, alive = wait_reaped(proc.pid)
        elapsed = time.monotonic() - start
        out["zombies"] = zombies
        out["other_children"] = alive - 1
        out["elapsed_s"] = f"{elapsed:.2f}"
        out["orphans_per_s"] = int(orphans / elapsed) if elapsed > 0 else 0
        out["rss_end_kb"] = rss_kb(proc.pid)
        out["anon_end_kb"] = rss_kb(proc.pid, "RssAnon")

    os.kill(proc.pid, END)
    final = None
    while True:
        line = lines.get(TIMEOUT)
        if line is None:
            stalled.append("no final line")
            break
        if take(line).startswith("final "):
            final = line
            break
    try:
        out["exit"] = proc.wait(TIMEOUT)
    except subprocess.TimeoutExpired:
        stalled.append("pid1 did not exit")
        proc.kill()
        out["exit"] = proc.wait()

    names = {signal.SIGTERM: "TERM", signal.SIGUSR1: "USR1", RT: "RT"}
    got = {}
    if final is not None:
        words = final.split()
        for w in words[1:]:
            if "=" in w and not w[0].isdigit():
                key, val = w.split("=")
                out[key] = int(val)
        for i, w in enumerate(words):
            if w == "sig":
                num, count = words[i + 1].split("=")
                got[int(num)] = int(count)
    for sig, name in names.items():
        out[f"sent_{name}"] = sent[sig]
        out[f"got_{name}"] = got.get(int(sig), 0)
    out["stalled"] = "; ".join(stalled) if stalled else "no"
    for key, val in out.items():
        print(f"{key}={val}")


if __name__ == "__main__":
    main()
