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

With --pack SECTION:MAX it first packs SECTION (pid1's messages, gathered by
fmt.h's TEXT()) in place, in the format of tests/pack-text.py. The section
must end the file bytes of its segment, which then holds the packed bytes
only: the kernel fills the rest of the segment with zeros, as for .bss, so
every message keeps its address, and fmt_text() (fmt.c) unpacks them all
the first time one is formatted, into a buffer of MAX bytes (more is refused).

Usage: trim-elf.py [--pack SECTION:MAX] FILE
Exit status: 0 done (or nothing to cut), 1 refused, 2 usage/IO error.
"""
import importlib.util
import os
import struct
import sys

PT_NULL, PT_LOAD = 0, 1


def pack_text_module():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pack-text.py")
    spec = importlib.util.spec_from_file_location("pack_text", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pack_section(data, wide, end, name, limit):
    """Pack section NAME of the ELF image DATA (a bytearray) in place; None, or why not."""
    off_fmt, phoff_at, sizes_at = ("Q", 0x20, 0x36) if wide else ("I", 0x1C, 0x2A)
    phoff, shoff = struct.unpack_from(end + off_fmt * 2, data, phoff_at)
    phentsize, phnum, shentsize, shnum, shstrndx = struct.unpack_from(end + "HHHHH", data, sizes_at)
    sh_fmt = end + ("IIQQQQIIQQ" if wide else "IIIIIIIIII")
    ph_fmt = end + ("IIQQQQQQ" if wide else "IIIIIIII")
    if shoff == 0 or shnum == 0:
        return "no section headers"
    sections = [struct.unpack_from(sh_fmt, data, shoff + i * shentsize) for i in range(shnum)]
    names_at = sections[shstrndx][4]
    found = None
    for sh in sections:
        start = names_at + sh[0]
        if data[start:data.index(b"\0", start)].decode() == name:
            found = sh
    if found is None:
        return f"no section {name}"
    sh_offset, sh_size = found[4], found[5]
    if sh_size > limit:
        return f"section {name} holds {sh_size} bytes, more than the {limit} the program unpacks"
    for i in range(phnum):
        at = phoff + i * phentsize
        fields = list(struct.unpack_from(ph_fmt, data, at))
        p_offset, p_filesz = (fields[2], fields[5]) if wide else (fields[1], fields[4])
        if fields[0] != PT_LOAD or not p_offset <= sh_offset < p_offset + p_filesz:
            continue
        if sh_offset + sh_size != p_offset + p_filesz:
            return f"section {name} does not end the file bytes of its segment"
        tool = pack_text_module()
        text = bytes(data[sh_offset:sh_offset + sh_size])
        packed = tool.pack(text)
        if len(packed) > sh_size:
            return f"section {name} would grow packed"
        if tool.unpack(packed, sh_size) != (text, len(packed)):
            return f"section {name} does not unpack to itself"
        data[sh_offset:sh_offset + len(packed)] = packed
        fields[5 if wide else 4] = sh_offset + len(packed) - p_offset
        struct.pack_into(ph_fmt, data, at, *fields)
        return None
    return f"section {name} lies in no loaded segment"


def trim(path, pack=None):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if data[:4] != b"\x7fELF" or data[4] not in (1, 2) or data[5] not in (1, 2):
        return "not an ELF file"
    wide = data[4] == 2
    end = "<" if data[5] == 1 else ">"
    if pack is not None:
        why = pack_section(data, wide, end, *pack)
        if why is not None:
            return why
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
    if cut >= len(data) and pack is None:
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
    pack = None
    if len(argv) == 4 and argv[1] == "--pack" and ":" in argv[2]:
        name, limit = argv[2].rsplit(":", 1)
        if not limit.isdigit():
            print("usage: trim-elf.py [--pack SECTION:MAX] FILE", file=sys.stderr)
            return 2
        pack, argv = (name, int(limit)), argv[:1] + argv[3:]
    if len(argv) != 2:
        print("usage: trim-elf.py [--pack SECTION:MAX] FILE", file=sys.stderr)
        return 2
    try:
        why = trim(argv[1], pack)
    except OSError as e:
        print(f"trim-elf.py: {argv[1]}: {e.strerror}", file=sys.stderr)
        return 2
    if why is not None:
        print(f"trim-elf.py: {argv[1]}: {why}; left as it is", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
