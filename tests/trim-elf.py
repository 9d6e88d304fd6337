#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""trim-elf.py - cut a linked executable down to what the kernel loads.

`ld -s` keeps the section headers, their name table and .comment: about
1.1 KB at the end of pid1-static that neither the kernel nor the program ever
reads (execve() looks at the ELF header and the program headers only). No
linker option drops them, so this cuts the file after the last byte that a
program header covers, and clears the header fields that pointed past it.
Tools that read sections (objdump, size) then see none; readelf -l still works.

It refuses, and leaves the file alone, unless everything it cuts lies after
every segment, and the program headers lie before the cut.

Usage: trim-elf.py FILE
Exit status: 0 done (or nothing to cut), 1 refused, 2 usage/IO error.
"""
import os
import struct
import sys

PT_NULL = 0


def trim(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF" or data[4] not in (1, 2) or data[5] not in (1, 2):
        return "not an ELF file"
    wide = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    # e_phoff, e_shoff; then e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx.
    off_fmt, phoff_at, sizes_at = ("Q", 0x20, 0x36) if wide else ("I", 0x1C, 0x2A)
    phoff, shoff = struct.unpack_from(end + off_fmt * 2, data, phoff_at)
    phentsize, phnum = struct.unpack_from(end + "HH", data, sizes_at)
    ph_fmt = end + ("IIQQQQQQ" if wide else "IIIIIIII")
    if phnum == 0 or phentsize < struct.calcsize(ph_fmt):
        return "no program headers"
    cut = phoff + phnum * phentsize
    for i in range(phnum):
        fields = struct.unpack_from(ph_fmt, data, phoff + i * phentsize)
        p_type = fields[0]
        p_offset, p_filesz = (fields[2], fields[5]) if wide else (fields[1], fields[4])
        if p_type != PT_NULL:
            cut = max(cut, p_offset + p_filesz)
    if cut >= len(data):
        return None
    if shoff != 0 and shoff < cut:
        return "the section headers lie inside what is loaded"
    out = bytearray(data[:cut])
    struct.pack_into(end + off_fmt, out, phoff_at + struct.calcsize(off_fmt), 0)  # e_shoff
    struct.pack_into(end + "HH", out, sizes_at + 6, 0, 0)  # e_shnum, e_shstrndx
    tmp = path + ".trim"
    with open(tmp, "wb") as f:
        f.write(out)
    os.chmod(tmp, os.stat(path).st_mode & 0o7777)
    os.replace(tmp, path)
    return None


def main(argv):
    if len(argv) != 2:
        print("usage: trim-elf.py FILE", file=sys.stderr)
        return 2
    try:
        why = trim(argv[1])
    except OSError as e:
        print(f"trim-elf.py: {argv[1]}: {e.strerror}", file=sys.stderr)
        return 2
    if why is not None:
        print(f"trim-elf.py: {argv[1]}: {why}; left as it is", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
