#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""pack-text.py - the packing of the static build's texts (fmt.h's TEXT()).

The messages, the --help and the --license texts are a third of pid1-static,
plain ASCII. tests/trim-elf.py packs them after the link with pack() below,
to three eighths of their size, and fmt_unpack() (fmt.c) restores them the
first time pid1 formats one.

The packed stream is LZ77 with a Huffman code for its tokens, in four parts:
  1 byte            where the bits start: 1 + CODE_BITS + the symbols
  CODE_BITS bytes   how many codes there are of each length, 1 to CODE_BITS
  1 byte a code     the symbols, in the order of their codes (canonical
                    Huffman: shorter codes first, then by value): a byte
                    below 0x80 stands for itself (the texts are ASCII), 0x80
                    for a copy
  the bits          most significant first, the last byte filled with 0s: a
                    code per token; after a copy's, its length less 2 as a
                    number, then as a number its distance back plus
                    2**DISTANCE_BITS - 1.
A number is an Elias gamma code with its bits interleaved: from 1, while a 1
comes, the bit after it is taken in at the bottom; a 0 ends it. A distance's
first DISTANCE_BITS bits come without the 1, as every distance has that many.
Copies are 3 bytes or more, from any distance back, and may overlap what they
write. The unpacking stops at the size of the text. The parse is optimal for
the code it is written with (fewest bits), and the code is rebuilt from the
parse until the stream stops getting shorter.

Why: a third less than the byte tokens before it (1xxxxxxx a copy of 3 to 10
bytes up to 4 KB back, else a literal) for about 150 bytes more of decoder;
a little less than zlib -9. The literals are mostly lowercase letters and
spaces, and a copy, a one-bit code, takes about half the tokens.

Usage: pack-text.py < TEXT > PACKED   (to try the format on a text)
Exit status: 0 done, 1 the text is not ASCII, 2 usage/IO error.
"""
import sys

CODE_BITS = 12  # the longest code: fmt.c's PACK_CODE_BITS
DISTANCE_BITS = 8  # fmt.c's PACK_DISTANCE_BITS
COPY = 0x80
MIN_COPY, MAX_COPY = 3, 1024  # a longer copy would only slow the parse of a freak text


def number_bits(v, plain=0):
    return 2 * v.bit_length() - 1 - plain


def copy_bits(length, back):
    return number_bits(length - 2) + number_bits(back - 1 + (1 << DISTANCE_BITS), DISTANCE_BITS)


def code_lengths(freq):
    """Huffman code lengths of at most CODE_BITS for {symbol: count} (package-merge)."""
    leaves = sorted((f, [s]) for s, f in freq.items() if f > 0)
    if len(leaves) == 1:
        return {leaves[0][1][0]: 1}
    items = leaves
    for _ in range(CODE_BITS - 1):
        pairs = [(items[k][0] + items[k + 1][0], items[k][1] + items[k + 1][1]) for k in range(0, len(items) - 1, 2)]
        items = sorted(leaves + pairs, key=lambda item: item[0])
    lengths = {s: 0 for _, (s,) in leaves}
    for _, symbols in items[:2 * len(leaves) - 2]:
        for s in symbols:
            lengths[s] += 1
    return lengths


def copies(data):
    """For each position, (length, distance) pairs: the nearest copy of each greater length."""
    n, seen, found = len(data), {}, []
    for i in range(n):
        key, here, best = data[i:i + MIN_COPY], [], MIN_COPY - 1
        for j in reversed(seen.get(key, [])):
            length = 0
            while i + length < n and length < MAX_COPY and data[j + length] == data[i + length]:
                length += 1
            if length > best:
                here.append((length, i - j))
                best = length
                if length == MAX_COPY or i + length == n:
                    break
        found.append(here)
        if len(key) == MIN_COPY:
            seen.setdefault(key, []).append(i)
    return found


def parse(data, found, lengths):
    """The tokens, (byte, 0) or (length, distance), that take the fewest bits with these code lengths."""
    n = len(data)
    cost, step = [0] * (n + 1), [(1, 0)] * (n + 1)
    copy = lengths.get(COPY, CODE_BITS)
    for i in range(n - 1, -1, -1):
        cost[i], step[i] = lengths.get(data[i], CODE_BITS) + cost[i + 1], (1, 0)
        shortest = MIN_COPY
        for length, back in found[i]:
            for k in range(shortest, length + 1):
                c = copy + copy_bits(k, back) + cost[i + k]
                if c < cost[i]:
                    cost[i], step[i] = c, (k, back)
            shortest = length + 1
    tokens, i = [], 0
    while i < n:
        length, back = step[i]
        tokens.append((data[i], 0) if back == 0 else (length, back))
        i += length
    return tokens


def write(tokens):
    """The stream for these tokens, and the code lengths it used."""
    freq = {}
    for a, back in tokens:
        s = COPY if back else a
        freq[s] = freq.get(s, 0) + 1
    lengths = code_lengths(freq)
    symbols = sorted(lengths, key=lambda s: (lengths[s], s))
    counts, codes, code, prev = [0] * CODE_BITS, {}, 0, 1
    for s in symbols:
        code <<= lengths[s] - prev
        prev = lengths[s]
        codes[s] = (code, prev)
        counts[prev - 1] += 1
        code += 1
    bits = []

    def put(v, width):
        bits.extend(v >> k & 1 for k in range(width - 1, -1, -1))

    def put_number(v, plain=0):
        for k in range(v.bit_length() - 2, -1, -1):
            if k < v.bit_length() - 1 - plain:
                bits.append(1)
            bits.append(v >> k & 1)
        bits.append(0)

    for a, back in tokens:
        put(*codes[COPY if back else a])
        if back:
            put_number(a - 2)
            put_number(back - 1 + (1 << DISTANCE_BITS), DISTANCE_BITS)
    bits += [0] * (-len(bits) % 8)
    body = bytes(int("".join(map(str, bits[k:k + 8])), 2) for k in range(0, len(bits), 8))
    return bytes([1 + CODE_BITS + len(symbols)] + counts + symbols) + body, lengths


def pack(data):
    if not data:
        return bytes([1 + CODE_BITS] + [0] * CODE_BITS)
    found = copies(data)
    # Costs to start from; those of the text's own Huffman code lead to a
    # parse with too few copies, and from there to a stream 1% longer.
    best, lengths = None, dict.fromkeys(data, 6)
    lengths[COPY] = 3
    for _ in range(10):
        packed, lengths = write(parse(data, found, lengths))
        if best is not None and len(packed) >= len(best):
            break
        best = packed
    return best


def unpack(packed, size):
    """The reference for fmt_unpack(): the first SIZE bytes of the text, and how many bytes it read."""
    counts = packed[1:1 + CODE_BITS]
    at = packed[0] * 8
    out = bytearray()

    def bit():
        nonlocal at
        at += 1
        return packed[(at - 1) >> 3] >> (7 - (at - 1) % 8) & 1

    def number(plain=0):
        v = 1
        while plain > 0 or bit():
            plain -= 1
            v = v << 1 | bit()
        return v

    while len(out) < size:
        code = 0
        index = 1 + CODE_BITS
        for count in counts:
            code = code << 1 | bit()
            if code < count:
                break
            code -= count
            index += count
        s = packed[index + code]
        if s < COPY:
            out.append(s)
            continue
        length = number() + 2
        back = number(DISTANCE_BITS) - (1 << DISTANCE_BITS) + 1
        for _ in range(length):
            out.append(out[-back])
    return bytes(out[:size]), (at + 7) // 8


def main(argv):
    if len(argv) != 1:
        print("usage: pack-text.py < TEXT > PACKED", file=sys.stderr)
        return 2
    data = sys.stdin.buffer.read()
    if not data.isascii():
        print("pack-text.py: the text must be ASCII", file=sys.stderr)
        return 1
    packed = pack(data)
    assert unpack(packed, len(data)) == (data, len(packed))
    sys.stdout.buffer.write(packed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
