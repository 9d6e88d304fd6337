#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""edges-group.py - pid1 in a process group its command (or a daemon) joins.

    edges-group.py INIT [ARG...]        start INIT ARG... in a new group
    edges-group.py --join COMMAND...    (run by INIT's command) join that group

This process leads a new process group, exports its number as EDGES_GROUP and
starts INIT ARG... in it, with stdin from /dev/null and an empty signal mask.
It stays in the group as a bystander with every signal blocked, so a signal
sent to the group waits here, pending, where the test can look for it.

--join: move into the group named by EDGES_GROUP (pid1's own), then exec
COMMAND: a command that does this is a main process whose group is pid1's.

Prints "pid1 PID" first. Each "pending" line on stdin is answered with
"pending:" and the numbers of the signals pending here, in order. At a
"wait" line (or end of file) on stdin it waits for INIT, prints "exit N" and
exits with INIT's status N (128+S for signal S).
"""
import os
import signal
import sys


def join(argv):
    os.setpgid(0, int(os.environ["EDGES_GROUP"]))
    os.execvp(argv[0], argv)


def main():
    if len(sys.argv) < 2:
        sys.stderr.write("usage: edges-group.py INIT [ARG...] | --join COMMAND...\n")
        return 2
    if sys.argv[1] == "--join":
        join(sys.argv[2:])
    os.setpgid(0, 0)
    os.environ["EDGES_GROUP"] = str(os.getpgrp())
    everything = set(signal.valid_signals())
    # Blocked before the fork, so the bystander never misses one.
    signal.pthread_sigmask(signal.SIG_SETMASK, everything)
    go_r, go_w = os.pipe()
    init = os.fork()
    if init == 0:
        # Not before the "pid1" line is out: it comes first on the shared stdout.
        os.close(go_w)
        os.read(go_r, 1)
        os.close(go_r)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
        os.execv(sys.argv[1], sys.argv[1:])
    os.close(go_r)
    print("pid1 %d" % init, flush=True)
    os.close(go_w)
    for line in sys.stdin:
        if line.strip() == "wait":
            break
        if line.strip() == "pending":
            got = sorted(int(s) for s in signal.sigpending())
            print(" ".join(["pending:"] + [str(s) for s in got]), flush=True)
    _, status = os.waitpid(init, 0)
    code = os.waitstatus_to_exitcode(status)
    code = code if code >= 0 else 128 - code
    print("exit %d" % code, flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
