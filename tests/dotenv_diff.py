#!/usr/bin/python3
"""Differential test of deploylint's .env parser against python-dotenv.

usage: dotenv_diff.py DOTENV_DUMP [COUNT] [SEED]

Generates COUNT (default 5000) random .env texts from the shapes real files
hold and a few hostile ones (export, quotes of both kinds, escapes,
multi-line quoted values, " #" comments, '#' inside values, ${VAR} and
${VAR:-default}, CRLF/CR line ends, a BOM, spaces around '=', keys without
'=', broken lines, unterminated quotes, Unicode white space and letters),
parses each with python-dotenv's dotenv.parser.parse_stream() and with
DOTENV_DUMP (tests/tools/dotenv_dump.c, which prints what dl_dotenv_parse
found as JSON), and compares, binding by binding: key, value (None for a
key without '='), the error flag, python-dotenv's original line number, and
the ${VAR} expansion of each value (python-dotenv's resolve_variables loop
over parse_variables atoms, in an empty environment) with dl_dotenv_expand.

python-dotenv before 1.2.3 keeps a leading BOM in the first key; deploylint
strips it as 1.2.3 does (#640, Reader.__init__ removeprefix("\\ufeff")), so
for those versions the BOM is removed from the text before python-dotenv
reads it, which is exactly that change.

Prints one line per mismatch (at most 20, with the input) and ends with
"dotenv-diff: N passed, N failed". Exit status 0 when all pass, 1 when some
fail, 2 when python-dotenv is missing or the dump tool cannot run.
"""

import io
import json
import os
import random
import subprocess
import sys

try:
    from dotenv import parser as dparser
    from dotenv import variables as dvariables
except ImportError:
    print("dotenv-diff: python-dotenv is not installed "
          "(apt-get install python3-dotenv); this test needs it")
    print("dotenv-diff: 0 passed, 1 failed")
    sys.exit(2)

try:
    from dotenv.version import __version__ as DOTENV_VERSION
except ImportError:  # pragma: no cover
    DOTENV_VERSION = "unknown"


def strips_bom():
    """Whether this python-dotenv strips a leading BOM itself (>= 1.2.3)."""
    got = list(dparser.parse_stream(io.StringIO("\ufeffA=1")))
    return bool(got) and got[0].key == "A"


KEYS = ["DATABASE_URL", "SECRET_KEY", "A", "b", "_X1", "PORT", "CORS_ORIGINS",
        "export", "exportX", "K.EY", "KEY-2", "k\u00e9y", "\u0434\u0431",
        "X$Y", "KEY\"Q", "KEY'Q", "K\\Y"]
WORDS = ["value", "postgresql://u:p@h:5432/db", "a b", "x#y", "x #y",
         "43200", "", " ", "\t", "${A}", "${A:-d}", "${MISSING:-def}",
         "${}", "${A:x}", "${A", "$A", "a\\b", "a\\'b", 'a\\"b', "\\n",
         "\u00e9\u00e8", "\u2028", "\u00a0", "\u3000x", "#", "=", "==",
         "'", '"', "a'b", 'a"b', "\\", "\\\\", "http://x.app/", "\x0b",
         "\x0c", "\x1c", "\u0085", "${A}${b}", "${PORT:-8000}"]
NL = ["\n", "\r\n", "\r"]
HWS = ["", " ", "  ", "\t", " \t", "\u00a0", "\u2003", "\x0b", "\x0c"]


def word(rng):
    if rng.random() < 0.7:
        return rng.choice(WORDS)
    alphabet = "abcXYZ019 _-=#'\"\\$.{}:/@\t\u00e9\u2028"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))


def value(rng, nl):
    r = rng.random()
    if r < 0.35:
        return word(rng) + (rng.choice(WORDS) if rng.random() < 0.3 else "")
    if r < 0.55:
        q = rng.choice(["'", '"'])
        body = word(rng)
        if rng.random() < 0.25:
            body += nl + word(rng)
        if rng.random() < 0.15:
            body += "\\" + q + word(rng)
        if rng.random() < 0.12:
            return q + body  # unterminated
        tail = rng.choice(["", "", " # c", "#c", " x", "\t#\t", " "])
        return q + body + q + tail
    if r < 0.75:
        return word(rng) + rng.choice(HWS) + "#" + rng.choice(["", " c", "#", " 30 days"])
    return word(rng) + rng.choice(HWS) + word(rng)


def statement(rng, nl):
    r = rng.random()
    if r < 0.08:
        return ""
    if r < 0.16:
        return rng.choice(HWS) + "#" + word(rng)
    if r < 0.22:
        # broken lines
        return rng.choice(["KEY value", "=x", " = y", "export", "export ",
                           "export =1", "''=x", "'unterminated=1",
                           "'k'=v", "'k' = 'v'", "KEY  # only a comment",
                           "KEY: value", "a='b',c", "KEY=\"x\"y",
                           "KEY=" + nl + "X=1", "K=  # c", "K=#c"])
    key = rng.choice(KEYS)
    if rng.random() < 0.1:
        key = "'" + key.replace("'", "") + "'"
    s = rng.choice(["", "", "", " ", "\t"])
    if rng.random() < 0.15:
        s += "export" + rng.choice([" ", "  ", "\t"])
    s += key
    if rng.random() < 0.1:
        return s + rng.choice(HWS) + rng.choice(["", "# c", " x"])
    s += rng.choice(HWS[:4]) + "=" + rng.choice(HWS[:4])
    return s + value(rng, nl)


def document(rng):
    nl = rng.choice(NL) if rng.random() < 0.3 else "\n"
    parts = []
    for _ in range(rng.randint(0, 7)):
        parts.append(statement(rng, nl))
        parts.append(rng.choice(NL) if rng.random() < 0.1 else nl)
    text = "".join(parts)
    if rng.random() < 0.3:
        text = text.rstrip("\r\n")
    if rng.random() < 0.08:
        text = "\ufeff" + text
    return text


def python_view(text, bom_native):
    src = text if bom_native or not text.startswith("\ufeff") else text[1:]
    out = []
    for b in dparser.parse_stream(io.StringIO(src)):
        if b.key is None and not b.error:
            continue
        out.append({"key": b.key, "value": b.value, "error": b.error,
                    "line": b.original.line})
    # resolve_variables(override=True) with os.environ empty, one result
    # per binding (the dict keeps only the last one per key)
    new_values = {}
    for item in out:
        if item["error"]:
            continue
        if item["value"] is None:
            result = None
        else:
            atoms = dvariables.parse_variables(item["value"])
            result = "".join(atom.resolve(dict(new_values)) for atom in atoms)
        item["expanded"] = result
        new_values[item["key"]] = result
    return out


def merge(dump):
    items = []
    for b in dump["bindings"]:
        items.append((b["order"], {"key": b["key"], "value": b["value"],
                                   "error": False, "line": b["line"],
                                   "expanded": b["expanded"]}))
    for e in dump["errors"]:
        items.append((e["order"], {"key": None, "value": None,
                                   "error": True, "line": e["line"]}))
    items.sort(key=lambda t: tuple(t[0]))
    return [t[1] for t in items]


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    tool = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20240517
    rng = random.Random(seed)
    child_env = dict(os.environ)
    os.environ.clear()  # expansion must see an empty environment
    bom_native = strips_bom()

    texts = [document(rng) for _ in range(count)]
    # a few fixed cases the random shapes may miss
    texts += ["", "\ufeff", "\ufeffA=1\nB=2\n", "A=1\r\nB\r\n'x\r\nC=3\r\n",
              "A='x\\'\nB='y'\n", "A=\"x\\\"\nB=1\n", "A=\"abc\nB=1\nC=\"\n",
              "A=\"abc\nB=1\nC=\"x\n", "export \nA=1\n", "\u2028A=1\u2029B=2",
              "A=1 \u00a0#c\n", "A=x\x0b#c", "\x1cA=1", "A=\"\\\\\"\"",
              "K=\\'a'\n", "a b=c\n", "A=1\rB=2\rC\r"]

    failed = passed = 0
    shown = 0
    # one dump process for every input: records "<byte count>\n<bytes>"
    batch = b"".join(b"%d\n%s" % (len(t.encode("utf-8")), t.encode("utf-8"))
                     for t in texts)
    try:
        proc = subprocess.run([tool, "--batch"], input=batch,
                              stdout=subprocess.PIPE, check=True,
                              env=child_env)
        dumps = [json.loads(line) for line in
                 proc.stdout.decode("ascii").splitlines()]
    except (OSError, subprocess.CalledProcessError, ValueError) as exc:
        print("dotenv-diff: cannot run %s: %s" % (tool, exc))
        print("dotenv-diff: 0 passed, %d failed" % len(texts))
        return 2
    if len(dumps) != len(texts):
        print("dotenv-diff: %s printed %d results for %d inputs"
              % (tool, len(dumps), len(texts)))
        print("dotenv-diff: 0 passed, %d failed" % len(texts))
        return 2
    for text, dump in zip(texts, dumps):
        want = python_view(text, bom_native)
        got = merge(dump)
        if got == want:
            passed += 1
            continue
        failed += 1
        if shown < 20:
            shown += 1
            print("MISMATCH input=%r" % text)
            print("  python-dotenv: %r" % want)
            print("  deploylint:    %r" % got)
    print("dotenv-diff: python-dotenv %s, BOM %s, %d inputs"
          % (DOTENV_VERSION, "stripped by it" if bom_native
             else "removed before it reads (as >= 1.2.3)", len(texts)))
    print("dotenv-diff: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
