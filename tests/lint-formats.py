#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""lint-formats.py - reject printf conversions that fmt.c does not implement.

fmt.h declares the printf format attribute, so the compiler accepts %zu, %x,
%5d... which fmt_vsnprintf() refuses at run time (it stops and writes "%?").
This finds them at build time instead: every string literal in pid1's
sources (adjacent literals joined, as the compiler joins them) is checked, not
only the ones passed to fmt_snprintf(), log_*() or fail(), so no new wrapper
can slip past. A literal that is really not a format can say so with the
comment "lint-formats: not a format" on its first line.

Usage: lint-formats.py [FILE...]   (default: the top-level *.c and *.h)
Exit status: 0 clean, 1 some conversion is not implemented, 2 usage/IO error.
"""
import glob
import os
import re
import sys

# What fmt.c implements, after the '%': keep in step with parse_spec() there.
IMPLEMENTED = re.compile(r"%|(?:\.(?:\*|[0-9]*))?s|l{0,2}[du]|c")
# For the message only: roughly what printf would take as one conversion.
PRINTF_SPEC = re.compile(r"[-+ #0']*(?:[0-9]+|\*)?(?:\.(?:\*|[0-9]*))?(?:hh|h|ll|l|j|z|t|L|q)?\S?")
OPT_OUT = "lint-formats: not a format"
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
                  "\\": "\\", "'": "'", '"': '"', "?": "?"}
PREFIXES = ("L", "u", "U", "u8")
WORD = re.compile(r"[A-Za-z_0-9]+")
NUMERIC_ESCAPE = re.compile(r"x[0-9A-Fa-f]+|[0-7]{1,3}")


def literals(text):
    """Yields each run of adjacent string literals as a list of (char, line)."""
    i, n, line = 0, len(text), 1
    group = []
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c in " \t\r\f\v":
            i += 1
        elif c == "\\" and text.startswith("\n", i + 1):
            line += 1
            i += 2
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            i = j
        elif c == '"':
            i, line = read_literal(text, i + 1, line, '"', group)
        elif c == "'":
            if group:
                yield group
                group = []
            i, line = read_literal(text, i + 1, line, "'", [])
        else:
            m = WORD.match(text, i)
            if m and m.group(0) in PREFIXES and text.startswith('"', m.end()):
                i = m.end()
                continue
            if group:
                yield group
                group = []
            i = m.end() if m else i + 1
    if group:
        yield group


def read_literal(text, i, line, quote, out):
    """Decodes one literal from just after its opening quote into @out."""
    n = len(text)
    while i < n and text[i] != quote:
        c = text[i]
        if c == "\n":  # unterminated: stop at the end of the line, as the compiler would complain
            return i, line
        if c == "\\" and i + 1 < n:
            e = text[i + 1]
            if e == "\n":
                line += 1
                i += 2
                continue
            m = NUMERIC_ESCAPE.match(text, i + 1)
            if m:
                v = m.group(0)
                out.append((chr(int(v[1:], 16) if v[0] == "x" else int(v, 8)), line))
                i = m.end()
                continue
            out.append((SIMPLE_ESCAPES.get(e, e), line))
            i += 2
            continue
        out.append((c, line))
        i += 1
    return i + 1, line


def check(path):
    """Returns the problems in one file, as "file:line: message" strings."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    problems = []
    for group in literals(text):
        if OPT_OUT in lines[group[0][1] - 1]:
            continue
        s = "".join(c for c, _ in group)
        k = 0
        while True:
            k = s.find("%", k)
            if k < 0:
                break
            m = IMPLEMENTED.match(s, k + 1)
            if m:
                k = m.end()
                continue
            bad = "%" + PRINTF_SPEC.match(s, k + 1).group(0)
            what = "a '%' at the end of the string" if k + 1 == len(s) else repr(bad)
            problems.append(f"{path}:{group[k][1]}: {what}: not a conversion fmt.c implements "
                            "(%s %.Ns %.*s %d %ld %lld %u %lu %llu %c %%; see fmt.h)")
            k += len(bad)
    return problems


def main(argv):
    paths = argv[1:]
    if not paths:
        top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        paths = sorted(os.path.relpath(p) for p in glob.glob(os.path.join(top, "*.[ch]")))
    if not paths:
        print("lint-formats: no sources found", file=sys.stderr)
        return 2
    problems = []
    for p in paths:
        try:
            problems += check(p)
        except (OSError, UnicodeDecodeError) as e:
            print(f"lint-formats: {p}: {e}", file=sys.stderr)
            return 2
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
