#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pack-text.py - the packing of the static build's texts (fmt.h's TEXT()).

The messages, the --help and the --license texts are a third of pid1-static,
plain ASCII. tests/trim-elf.py packs them after the link with pack() below,
to a little over a third of their size, and fmt_unpack() (fmt.c), a dozen
instructions, restores them the first time pid1 formats one.

The packed stream is a sequence of tokens:
  0xxxxxxx             the byte x (the texts are ASCII)
  1LLLDDDD DDDDDDDD    copy L + 3 bytes from D + 1 bytes back (3 to 10
                       bytes, from 1 to 4096 back); copies may overlap
The parse is optimal for this format (fewest bytes), found backwards.

Usage: pack-text.py < TEXT > PACKED   (to try the format on a text)
Exit status: 0 done, 1 the text is not ASCII, 2 usage/IO error.
"""
import bisect
import sys

BACK_BITS = 12  # of a copy token's 15 bits; the rest is the length
MIN_COPY, MAX_COPY, MAX_BACK = 3, 3 + (1 << 15 - BACK_BITS) - 1, 1 << BACK_BITS


def pack(data):
    n = len(data)
    cost = [0] * (n + 1)  # cost[i]: fewest bytes for data[i:]
    step = [(1, 0)] * (n + 1)  # (length, distance); distance 0 is a literal
    earlier = {}  # the positions of each 3-byte string, in order
    for i in range(n - MIN_COPY + 1):
        earlier.setdefault(data[i:i + MIN_COPY], []).append(i)
    for i in range(n - 1, -1, -1):
        cost[i], step[i] = cost[i + 1] + 1, (1, 0)
        starts = earlier.get(data[i:i + MIN_COPY], [])
        for j in starts[bisect.bisect_left(starts, i - MAX_BACK):bisect.bisect_left(starts, i)]:
            length = MIN_COPY
            while length < MAX_COPY and i + length < n and data[j + length] == data[i + length]:
                length += 1
            for k in range(MIN_COPY, length + 1):
                if 2 + cost[i + k] < cost[i]:
                    cost[i], step[i] = 2 + cost[i + k], (k, i - j)
    out, i = bytearray(), 0
    while i < n:
        length, back = step[i]
        if back == 0:
            out.append(data[i])
        else:
            out += bytes([0x80 | (length - MIN_COPY) << BACK_BITS - 8 | (back - 1) >> 8, (back - 1) & 0xFF])
        i += length
    return bytes(out)


def unpack(packed):
    """The reference for fmt_unpack(), to check the packing before it is written."""
    out, i = bytearray(), 0
    while i < len(packed):
        c = packed[i]
        i += 1
        if c < 0x80:
            out.append(c)
            continue
        length = ((c & 0x7F) >> BACK_BITS - 8) + MIN_COPY
        back = (((c & (1 << BACK_BITS - 8) - 1) << 8) | packed[i]) + 1
        i += 1
        for _ in range(length):
            out.append(out[-back])
    return bytes(out)


def main(argv):
    if len(argv) != 1:
        print("usage: pack-text.py < TEXT > PACKED", file=sys.stderr)
        return 2
    data = sys.stdin.buffer.read()
    if not data.isascii():
        print("pack-text.py: the text must be ASCII", file=sys.stderr)
        return 1
    packed = pack(data)
    assert unpack(packed) == data
    sys.stdout.buffer.write(packed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
