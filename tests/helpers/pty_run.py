#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pty_run.py - run a command on a new pseudo-terminal and drive it with a script.

usage: pty_run.py [-t SECONDS] [STEP...] -- COMMAND [ARG...]

COMMAND starts as the leader of a new session whose controlling terminal is
the pty (stdin, stdout and stderr are the pty's slave side). The steps run in
order, each bounded by the timeout (-t, default 10 s):

  -e REGEX   expect: wait until the output not yet consumed matches REGEX
             (Python re on bytes, MULTILINE); consumption moves past the match
  -s TEXT    send TEXT to the terminal, as typed; backslash escapes such as
             \\n, \\r and \\x03 (^C) are decoded
  -f NAME    wait until the terminal's foreground process group is led by a
             process whose name (/proc/PID/comm) is NAME, i.e. NAME has been
             exec'd and owns the terminal; NAME may list names with | ("a|b")
  -c SHELL   run SHELL with sh -c, off the terminal (stdin /dev/null, its
             output to pty_run's stderr), with PTY_RUN_PID set to COMMAND's
             pid; the step fails if SHELL does

Then it waits for COMMAND to exit and the terminal to close.

Output: the whole transcript on stdout (CR LF turned into LF).
Exit status: COMMAND's exit code, 128+N if signal N killed it; 124 if a step
or the final wait timed out, 125 if the terminal closed while a step still
waited, 123 if a -c step failed (a message on stderr says which step; every
process of the session gets SIGKILL); 2 for bad usage.
"""
import codecs
import errno
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time


class StepFailed(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class Session:
    def __init__(self, argv):
        self.buf = b""
        self.pos = 0  # bytes of buf consumed by -e
        self.closed = False
        self.status = None
        pid, fd = pty.fork()
        if pid == 0:
            # Python ignores SIGPIPE and SIGXFSZ; the command gets defaults.
            for sig in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT):
                signal.signal(sig, signal.SIG_DFL)
            try:
                os.execvp(argv[0], argv)
            except OSError as e:
                os.write(2, ("pty_run: %s: %s\n" % (argv[0], e.strerror)).encode())
            os._exit(127)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

    def pump(self, timeout):
        """Read what is there (waiting at most timeout seconds). False once closed."""
        if self.closed:
            return False
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError as e:
            if e.errno != errno.EIO:
                raise
            data = b""
        if not data:  # every slave descriptor is closed
            self.closed = True
            return False
        self.buf += data
        return True

    def reap(self, block=False):
        if self.status is None:
            pid, st = os.waitpid(self.pid, 0 if block else os.WNOHANG)
            if pid == self.pid:
                code = os.waitstatus_to_exitcode(st)
                self.status = 128 - code if code < 0 else code
        return self.status

    def expect(self, pattern, deadline, what):
        rx = re.compile(pattern.encode(), re.MULTILINE)
        while True:
            m = rx.search(self.buf, self.pos)
            if m:
                self.pos = m.end()
                return
            left = deadline - time.monotonic()
            if left <= 0:
                raise StepFailed(124, "timed out in %s" % what)
            if not self.pump(left):
                raise StepFailed(125, "terminal closed in %s" % what)

    def send(self, text):
        data = codecs.escape_decode(text.encode())[0]
        while data:
            data = data[os.write(self.fd, data):]

    def foreground_is(self, name):
        try:
            raw = fcntl.ioctl(self.fd, termios.TIOCGPGRP, struct.pack("i", 0))
        except OSError:
            return False
        pgrp = struct.unpack("i", raw)[0]
        try:
            with open("/proc/%d/comm" % pgrp) as f:
                return f.read().rstrip("\n") in name.split("|")
        except OSError:
            return False

    def wait_foreground(self, name, deadline, what):
        while not self.foreground_is(name):
            if time.monotonic() >= deadline:
                raise StepFailed(124, "timed out in %s" % what)
            # Keep reading meanwhile; poll the group every 10 ms.
            if not self.pump(0.01):
                raise StepFailed(125, "terminal closed in %s" % what)

    def check(self, command, deadline, what):
        env = dict(os.environ, PTY_RUN_PID=str(self.pid))
        try:
            code = subprocess.run(["sh", "-c", command], stdin=subprocess.DEVNULL, stdout=sys.stderr,
                                  env=env, timeout=max(deadline - time.monotonic(), 0)).returncode
        except subprocess.TimeoutExpired:
            raise StepFailed(124, "timed out in %s" % what)
        if code != 0:
            raise StepFailed(123, "%s failed with status %d" % (what, code))

    def finish(self, deadline):
        while self.pump(deadline - time.monotonic()):
            if time.monotonic() >= deadline:
                break
        if not self.closed and self.reap() is None:
            raise StepFailed(124, "timed out waiting for the command to exit")
        # The terminal is closed (or only strays hold it): the command is done or about to be.
        while self.reap() is None:
            if time.monotonic() >= deadline:
                raise StepFailed(124, "timed out waiting for the command to exit")
            time.sleep(0.01)
        return self.status

    def kill_all(self):
        """SIGKILL the session and every descendant of the command, then reap it."""
        victims = set()
        children = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % entry) as f:
                    stat = f.read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            ppid, sid = int(fields[1]), int(fields[3])
            children.setdefault(ppid, []).append(int(entry))
            if sid == self.pid:
                victims.add(int(entry))
        todo = [self.pid]
        while todo:
            p = todo.pop()
            victims.add(p)
            todo.extend(children.get(p, []))
        for p in victims:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        self.reap(block=True)


def usage(msg):
    sys.stderr.write("pty_run: %s\nusage: pty_run.py [-t SECONDS] [-e REGEX|-s TEXT|-f NAME|-c SHELL]... -- COMMAND [ARG...]\n" % msg)
    sys.exit(2)


def parse(args):
    timeout = 10.0
    steps = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            break
        if a not in ("-t", "-e", "-s", "-f", "-c") or i + 1 >= len(args):
            usage("bad argument %r" % a)
        if a == "-t":
            timeout = float(args[i + 1])
        else:
            steps.append((a, args[i + 1]))
        i += 2
    if i + 1 >= len(args):
        usage("no command")
    return timeout, steps, args[i + 1:]


def main():
    timeout, steps, argv = parse(sys.argv[1:])
    s = Session(argv)
    code = 0
    try:
        for n, (kind, arg) in enumerate(steps, 1):
            what = "step %d (%s %r)" % (n, kind, arg)
            deadline = time.monotonic() + timeout
            if kind == "-e":
                s.expect(arg, deadline, what)
            elif kind == "-s":
                s.send(arg)
            elif kind == "-c":
                s.check(arg, deadline, what)
            else:
                s.wait_foreground(arg, deadline, what)
        code = s.finish(time.monotonic() + timeout)
    except StepFailed as e:
        s.kill_all()
        sys.stderr.write("pty_run: %s; transcript below\n" % e)
        code = e.code
    os.close(s.fd)
    sys.stdout.buffer.write(s.buf.replace(b"\r\n", b"\n"))
    sys.stdout.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
