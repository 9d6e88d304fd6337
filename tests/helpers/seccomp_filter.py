#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""seccomp_filter.py - one system call refused or held, for pid1's black-box tests.

    seccomp_filter.py no-close-range COMMAND [ARG...]
    seccomp_filter.py no-unshare COMMAND [ARG...]

exec COMMAND with close_range(2) failing with ENOSYS, as on a kernel older
than 5.9, so that pid1 has to list /proc/self/fd to close what it inherited;
or with unshare(2) failing with EPERM, as a container runtime's profile
does to a process that has every capability. Exits 77 if the filter cannot
be set up here.

As a module (compat-pdeath.py --while-arming): hold_pdeathsig() makes the
kernel hold prctl(PR_SET_PDEATHSIG, ...) at its entry and hand it to whoever
has the listener; wait_held() and let_go() are that side.
"""
import ctypes
import fcntl
import os
import platform
import select
import struct
import sys

PR_SET_NO_NEW_PRIVS = 38
PR_SET_PDEATHSIG = 1
SECCOMP_SET_MODE_FILTER = 1
SECCOMP_FILTER_FLAG_NEW_LISTENER = 1 << 3
SECCOMP_RET_ERRNO = 0x00050000
SECCOMP_RET_USER_NOTIF = 0x7FC00000
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_USER_NOTIF_FLAG_CONTINUE = 1
# struct seccomp_notif is 80 bytes, struct seccomp_notif_resp 24: _IOWR('!', 0/1, ...).
NOTIF_SIZE, RESP_SIZE = 80, 24
SECCOMP_IOCTL_NOTIF_RECV = (3 << 30) | (NOTIF_SIZE << 16) | (ord("!") << 8) | 0
SECCOMP_IOCTL_NOTIF_SEND = (3 << 30) | (RESP_SIZE << 16) | (ord("!") << 8) | 1
# machine: (AUDIT_ARCH_*, __NR_prctl, __NR_seccomp); close_range is 436 everywhere.
ARCHES = {
    "x86_64": (0xC000003E, 157, 317),
    "aarch64": (0xC00000B7, 167, 277),
}
NR_CLOSE_RANGE = 436
NR_UNSHARE = {"x86_64": 272, "aarch64": 97}
EPERM, ENOSYS = 1, 38
BPF_LD_ABS, BPF_JEQ, BPF_RET = 0x20, 0x15, 0x06  # |BPF_W, |BPF_JMP|BPF_K, |BPF_K
UNSUPPORTED = 77


class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]


def install(nr_of, arg0, action, flags):
    """For the system call nr_of(arch) (with args[0] == arg0 unless None): action.

    Everything else runs. Returns what seccomp(2) returns (the listener with
    NEW_LISTENER, else 0), or -1 where no filter can be set up."""
    arch = ARCHES.get(platform.machine())
    if arch is None:
        return -1
    audit_arch, _, nr_seccomp = arch
    # (offset in struct seccomp_data, value): the arch, the number, the low half of args[0].
    checks = [(4, audit_arch), (0, nr_of(arch))]
    if arg0 is not None:
        checks.append((16 if sys.byteorder == "little" else 20, arg0))
    prog = []
    for i, (offset, value) in enumerate(checks):
        # On a mismatch, jump over the later checks and the action, to "allow".
        prog += [(BPF_LD_ABS, 0, 0, offset), (BPF_JEQ, 0, 2 * (len(checks) - i - 1) + 1, value)]
    prog += [(BPF_RET, 0, 0, action), (BPF_RET, 0, 0, SECCOMP_RET_ALLOW)]
    filt = (SockFilter * len(prog))(*[SockFilter(*i) for i in prog])
    fprog = SockFprog(len(filt), filt)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return -1
    return libc.syscall(nr_seccomp, SECCOMP_SET_MODE_FILTER, flags, ctypes.byref(fprog))


def hold_pdeathsig():
    """Hold this process's (and its descendants') prctl(PR_SET_PDEATHSIG); the listener, or -1."""
    return install(lambda arch: arch[1], PR_SET_PDEATHSIG, SECCOMP_RET_USER_NOTIF,
                   SECCOMP_FILTER_FLAG_NEW_LISTENER)


def wait_held(listener, timeout):
    """(id, pid) of the next held call, or None after timeout seconds."""
    if not select.select([listener], [], [], timeout)[0]:
        return None
    notif = bytearray(NOTIF_SIZE)
    fcntl.ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, notif, True)
    return struct.unpack_from("=QI", notif, 0)


def let_go(listener, notif_id):
    """The held call goes on as if nothing had held it."""
    resp = bytearray(struct.pack("=QqiI", notif_id, 0, 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE))
    fcntl.ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, resp, True)


def main():
    refusals = {
        "no-close-range": (lambda arch: NR_CLOSE_RANGE, ENOSYS),
        "no-unshare": (lambda arch: NR_UNSHARE[platform.machine()], EPERM),
    }
    if len(sys.argv) < 3 or sys.argv[1] not in refusals:
        sys.stderr.write("usage: seccomp_filter.py no-close-range|no-unshare COMMAND [ARG...]\n")
        return 2
    nr_of, err = refusals[sys.argv[1]]
    if install(nr_of, None, SECCOMP_RET_ERRNO | err, 0) != 0:
        print("seccomp_filter: no filter here (%s)" % platform.machine(), flush=True)
        return UNSUPPORTED
    os.execvp(sys.argv[2], sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
