#!/usr/bin/env python3
"""Differential test of deploylint's Python tokenizer (include/deploylint/
pytok.h) against Python's tokenize module on generated snippets.

usage: pytok_diff.py PYTOK_DUMP [COUNT [SEED]]

Generates COUNT random, valid Python snippets (names, numbers, strings of
every prefix and quote form with escapes and line breaks, f-strings,
operators, comments, brackets across lines, backslash continuations, \\n
and \\r\\n line breaks), tokenizes each with tokenize.generate_tokens and
with PYTOK_DUMP, and compares kind, text and start position of every
token, and the end position of every token but the final zero-length
NEWLINE or NL and ENDMARKER (tokenize puts those on a line after the last).
ENCODING, INDENT and DEDENT, which deploylint does not produce, are left
out. The last line is "pytok-diff: N passed, N failed".
"""
import io
import json
import random
import subprocess
import sys
import tokenize

NAMES = ["x", "revision", "down_revision", "_a1", "os", "environ", "getenv",
         "None", "def", "r", "b", "f", "rb", "u", "br", "bf", "ur", "café"]
NUMBERS = ["0", "1", "42", "1_000", "3.14", ".5", "1e-5", "2E+10", "0x1f",
           "0o17", "0b101", "1j", "1.5e3j"]
OPS = ["=", "==", "!=", "+", "-", "*", "**", "/", "//", "%", "@", "<<",
       ">>", "&", "|", "^", "~", "<", ">", "<=", ">=", ":", ".", ",", ";",
       "->", ":=", "+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=",
       "^=", ">>=", "<<=", "**=", "..."]
PREFIXES = ["", "", "", "r", "b", "f", "u", "R", "B", "F", "U", "rb", "bR",
            "Rb", "br", "fr", "rF", "FR"]
BODY = ["a", "b c", "#", "\\\\", "\\n", "{x}", "'", '"', " ", "é"]


def string(rng, nl):
    prefix = rng.choice(PREFIXES)
    q = rng.choice(["'", '"'])
    triple = rng.random() < 0.3
    parts = []
    for _ in range(rng.randint(0, 4)):
        b = rng.choice(BODY)
        if b == q or (b in ("'", '"') and triple):
            b = "\\" + b
        if "f" in prefix.lower() and b == "{x}":
            b = "{{x}}"
        if triple and rng.random() < 0.2:
            b += nl
        elif not triple and rng.random() < 0.1 and "r" not in prefix.lower():
            b += "\\" + nl
        parts.append(b)
    body = "".join(parts)
    if body.endswith("\\") and not body.endswith("\\\\"):
        body += "x"
    if triple and body.endswith(q):
        body += "x"
    return prefix + (q * 3 if triple else q) + body + (q * 3 if triple else q)


def snippet(rng):
    nl = "\r\n" if rng.random() < 0.2 else "\n"
    out = []
    for _ in range(rng.randint(1, 6)):
        depth = 0
        line = [rng.choice(NAMES[:8])]
        for _ in range(rng.randint(0, 10)):
            r = rng.random()
            sep = rng.choice(["", " ", "  ", "\t"])
            if r < 0.25:
                tok = rng.choice(NAMES)
                sep = " "
            elif r < 0.4:
                tok = rng.choice(NUMBERS)
                sep = " "
            elif r < 0.55:
                tok = string(rng, nl)
                sep = " "
            elif r < 0.75:
                tok = rng.choice(OPS)
                sep = " "
            elif r < 0.85:
                tok = rng.choice("([{")
                depth += 1
            elif r < 0.92 and depth:
                tok = ")"
                depth -= 1
            elif depth:
                tok = nl + rng.choice(["", "  ", "# in" + nl])
            else:
                tok = " \\" + nl + "  "
            line.append(sep + tok)
        line.append(")" * depth)
        if rng.random() < 0.3:
            line.append("  # comment " + rng.choice(["", "'", "\\"]))
        out.append("".join(line))
        if rng.random() < 0.2:
            out.append("# only a comment" if rng.random() < 0.5 else "")
    text = nl.join(out)
    if rng.random() < 0.7:
        text += nl
    return text


def python_tokens(text):
    toks = []
    for t in tokenize.generate_tokens(io.StringIO(text, newline="").readline):
        name = tokenize.tok_name[t.type]
        if name in ("INDENT", "DEDENT", "ENCODING"):
            continue
        toks.append([name, t.string, t.start[0], t.start[1], t.end[0], t.end[1]])
    return toks


def comparable(toks):
    out = []
    for t in toks:
        if t[0] == "ENDMARKER" or (t[0] in ("NEWLINE", "NL") and t[1] == ""):
            out.append(t[:2])
        else:
            out.append(t)
    return out


def main():
    dump = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    rng = random.Random(seed)
    cases = []
    while len(cases) < count:
        text = snippet(rng)
        try:
            want = python_tokens(text)
        except (tokenize.TokenError, SyntaxError):
            continue
        if any(t[0] == "ERRORTOKEN" for t in want):
            continue
        cases.append((text, want))
    payload = b"".join(str(len(t.encode())).encode() + b"\n" + t.encode() for t, _ in cases)
    res = subprocess.run([dump], input=payload, stdout=subprocess.PIPE, check=True)
    got_lines = res.stdout.decode().splitlines()
    passed = failed = 0
    for (text, want), line in zip(cases, got_lines):
        got = json.loads(line)
        # columns: tokenize counts characters, pytok bytes
        if all(ord(c) < 128 for c in text):
            ok = comparable(got) == comparable(want)
        else:
            ok = [t[:2] for t in got] == [t[:2] for t in want]
        if ok:
            passed += 1
        else:
            failed += 1
            if failed <= 5:
                print("MISMATCH for %r" % text)
                for a, b in zip(comparable(want), comparable(got)):
                    mark = "  " if a == b else "!!"
                    print(mark, a, b)
    if len(got_lines) != len(cases):
        failed += 1
        print("pytok_dump printed %d lines for %d cases" % (len(got_lines), len(cases)))
    print("pytok-diff: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
