#!/usr/bin/python3
"""Differential test of deploylint's TOML reader against Python's tomllib.

usage: toml_diff.py TOML_DUMP [COUNT] [SEED]

Generates COUNT (default 4000) random TOML documents from the shapes
pyproject.toml, poetry.lock, uv.lock and Pipfile hold and from the corners
of TOML 1.0.0 (bare, quoted and dotted keys; [tables], [[arrays of
tables]], inline tables and arrays over several lines; basic, literal and
multi-line strings with every escape; integers in four bases with '_';
floats with exponents, inf and nan; the four date/time types with
offsets and fractions; comments, CRLF), a third of them then damaged (a
byte deleted, inserted or replaced, a line repeated, a key redefined,
invalid UTF-8), plus fixed cases. Each is read by tomllib.loads (after a
strict UTF-8 decode, as tomllib.load does) and by TOML_DUMP
(tests/tools/toml_dump.c: dl_toml_parse, printed as toml-test's tagged
JSON), and the results must agree: both reject, or both accept with the
same tree, value types included (integer, float, boolean, string and the
four date/time types; floats compared as numbers, nan with nan; times to
the microsecond, which is what tomllib keeps). toml_dump also checks that
every key and value position points at its first byte (a failure here is
a mismatch too).

Known differences, asserted rather than skipped (include/deploylint/toml.h):
an integer outside the signed 64-bit range, which tomllib keeps, and a float
literal beyond a double ("1e400"), which tomllib reads as inf: deploylint
rejects both documents. Rejected by both: a leading byte order mark, and the
year 0 (toml++ alone would accept it; tomllib's datetime cannot hold it).

Prints one block per mismatch (at most 20, with the input) and ends with
"toml-diff: N passed, N failed". Exit status 0 when all pass, 1 when some
fail, 2 when the dump tool cannot run.
"""

import datetime
import json
import math
import re
import random
import subprocess
import sys

try:
    import tomllib
except ImportError:
    print("toml-diff: Python 3.11 or later is needed (tomllib)")
    print("toml-diff: 0 passed, 1 failed")
    sys.exit(2)

INT64 = (-(2 ** 63), 2 ** 63 - 1)

BARE = ["name", "version", "python", "requires-python", "dependencies",
        "dev", "a", "b", "_x", "x-1", "123", "1.5", "true", "inf", "nan",
        "SQLAlchemy", "markers", "optional", "extras", "group", "source",
        "Key_With-Both", "0", "-"]
QUOTED = ['"a b"', '"\\u00e9t\\u00e9"', '"\u00fcber"', "'lit.eral'",
          '"dot.ted"', '""', "''", '"tab\\t"', '"q\\"q"', '"\\U0001F600"',
          '"\u4e2d"', "'\u00e9'"]
STRINGS = ['"plain"', '">=3.10,<3.12"', '"^2.0.20"', "'C:\\path\\x'",
           '"esc \\b\\t\\n\\f\\r\\"\\\\ \\u00e9 \\U0001F600"',
           '"python_version < \\"3.11\\""', "''", '""', '"\u00e9\u4e2d"',
           '"""\nmulti\nline"""', '"""a\\\n    b"""', "'''\nraw\\n\n'''",
           '"""quote "" inside"""', "'''it''s'''", '"""\\"\\"\\""""',
           '"tab\tinside"', "'tab\tinside'", '"""a\r\nb"""',
           '"""four """"', "'''five'''''"]
BAD_STRINGS = ['"bad \\x escape"', '"bad \\u12 escape"', '"\\uD800"',
               '"\x7f"', '"ctl\x01"', '"open', "'open", '"""never closed',
               '"""six""""""']
INTS = ["0", "1", "-1", "+42", "1_000", "0xDEAD_beef", "0o755", "0b1101",
        "+0", "-0", "9223372036854775807", "-9223372036854775808",
        "0x7FFFFFFFFFFFFFFF"]
BAD_INTS = ["1__0", "_1", "1_", "0x_1", "0o8", "0b2", "0xG", "012",
            "9223372036854775808", "-9223372036854775809",
            "99999999999999999999", "0xFFFFFFFFFFFFFFFF", "+0x1", "0X1"]
FLOATS = ["1.0", "-3.14", "+0.5", "6.02e23", "6.02E+23", "1e-7", "1e06",
          "-0.0", "+0.0", "inf", "+inf", "-inf", "nan", "+nan", "-nan",
          "1_000.5", "3.1415926535897932384626", "5e+22", "1e-400", "0.1",
          "1_2.3_4e5_6", "1e308", "2.2250738585072014e-308", "4.9e-324",
          "0.30000000000000004", "123456789012345678.5"]
# 1e400: tomllib reads inf, toml++ rejects (asserted below)
BAD_FLOATS = ["1.", ".5", "1.e5", "1e", "1.2_", "Inf", "NaN", "1e1__0",
              "00.5", "1e400", "-1e400"]
DATES = ["1979-05-27T07:32:00Z", "1979-05-27T00:32:00-07:00",
         "1979-05-27T00:32:00.999999-07:00", "1979-05-27 07:32:00Z",
         "1979-05-27t07:32:00z", "1979-05-27T07:32:00", "1979-05-27",
         "07:32:00", "00:32:00.999999", "07:32:00.1234567891",
         "1979-05-27T07:32:00.5+05:30", "2000-02-29", "0001-01-01",
         "9999-12-31", "1979-05-27T07:32:00+00:00", "1979-05-27T07:32:00-00:00",
         "1979-05-27T23:59:59.123+23:59"]
BAD_DATES = ["2001-02-29", "1979-13-01", "1979-05-32", "24:00:00",
             "07:60:00", "07:32:60", "07:32", "1979-05-27T07:32",
             "1979-05-27T07:32:00+24:00", "1979-05-27T07:32:00+05",
             "1979-5-27", "0000-01-01", "1979-05-27T07:32:00.", "1979-04-31",
             "1979-05-27  07:32:00", "1900-02-29"]
SPACES = ["", " ", "  ", "\t"]
COMMENTS = ["", " # comment", "# c", " #\u00e9 \u4e2d", " #\t tab", "",
            "", ""]


def key(rng, fresh):
    r = rng.random()
    if r < 0.55:
        k = rng.choice(BARE) if rng.random() < 0.5 else "k%d" % next(fresh)
    elif r < 0.8:
        k = rng.choice(QUOTED)
    else:
        parts = [rng.choice(BARE[:12]) if rng.random() < 0.6 else
                 "k%d" % next(fresh) for _ in range(rng.randint(2, 3))]
        dots = [rng.choice([".", " . ", ".", ". "]) for _ in parts[1:]]
        k = parts[0] + "".join(d + p for d, p in zip(dots, parts[1:]))
    return k


def counter():
    n = 0
    while True:
        n += 1
        yield n


def scalar(rng):
    r = rng.random()
    bad = rng.random() < 0.04
    if r < 0.35:
        return rng.choice(BAD_STRINGS if bad else STRINGS)
    if r < 0.55:
        return rng.choice(BAD_INTS if bad else INTS)
    if r < 0.7:
        return rng.choice(BAD_FLOATS if bad else FLOATS)
    if r < 0.78:
        return rng.choice(["True", "FALSE"] if bad else ["true", "false"])
    return rng.choice(BAD_DATES if bad else DATES)


def value(rng, fresh, depth):
    r = rng.random()
    if depth < 4 and r < 0.15:
        nl = rng.random() < 0.3
        sep = ",\n  " if nl else rng.choice([",", ", ", " , "])
        items = [value(rng, fresh, depth + 1)
                 for _ in range(rng.randint(0, 4))]
        tail = rng.choice(["", ",", ", "]) if items else ""
        inner = sep.join(items) + tail
        if nl and rng.random() < 0.3:
            inner += " # in array\n"
        return "[" + inner + "]"
    if depth < 4 and r < 0.25:
        pairs = [key(rng, fresh) + rng.choice(SPACES) + "=" +
                 rng.choice(SPACES) + value(rng, fresh, depth + 1)
                 for _ in range(rng.randint(0, 3))]
        sep = rng.choice([",", ", "])
        tail = "," if pairs and rng.random() < 0.05 else ""
        return "{" + rng.choice(SPACES) + sep.join(pairs) + tail + \
            rng.choice(SPACES) + "}"
    return scalar(rng)


def header(rng, fresh):
    k = key(rng, fresh)
    if rng.random() < 0.3:
        return "[[" + rng.choice(SPACES) + k + rng.choice(SPACES) + "]]"
    return "[" + rng.choice(SPACES) + k + rng.choice(SPACES) + "]"


def document(rng):
    fresh = counter()
    nl = "\r\n" if rng.random() < 0.15 else "\n"
    lines = []
    for _ in range(rng.randint(0, 12)):
        r = rng.random()
        if r < 0.15:
            lines.append(header(rng, fresh) + rng.choice(COMMENTS))
        elif r < 0.22:
            lines.append(rng.choice(["", "# just a comment", "   ",
                                     "#" + "\u00e9" * 3]))
        else:
            lines.append(rng.choice(SPACES) + key(rng, fresh) +
                         rng.choice(SPACES) + "=" + rng.choice(SPACES) +
                         value(rng, fresh, 0) + rng.choice(COMMENTS))
    text = nl.join(lines) + (nl if rng.random() < 0.8 else "")
    return text.encode("utf-8")


def damage(rng, data):
    r = rng.random()
    if not data:
        return b"="
    i = rng.randrange(len(data))
    if r < 0.25:
        return data[:i] + data[i + 1:]
    if r < 0.5:
        c = rng.choice([b"=", b"[", b"]", b"{", b"}", b'"', b"'", b"#",
                        b",", b".", b"\n", b"\\", b" ", b"\t", b"\x00",
                        b"\x7f", b"\r", b"\xff", b"\xc3", b"\xed\xa0\x80",
                        b"\xef\xbb\xbf"])
        return data[:i] + c + data[i:]
    if r < 0.65:
        return data[:i] + bytes([rng.randrange(32, 127)]) + data[i + 1:]
    lines = data.split(b"\n")
    j = rng.randrange(len(lines))
    if r < 0.85:
        lines.insert(j, lines[j])
    else:
        lines.insert(j, rng.choice([b"[a]", b"[[a]]", b"a = 1", b"a.b = 1",
                                    b"[a.b]", b"a = {}", b"a = []"]))
    return b"\n".join(lines)


FIXED = [b"", b"\n", b"a = 1", b"\xef\xbb\xbfa = 1\n", b"a = 1\r\n",
         b"a = 1\rb = 2", b"[a]\n[a]\n", b"[a.b]\n[a]\n", b"[a]\nb.c = 1\n[a.b]\n",
         b"a.b = 1\n[a]\n", b"[[a]]\n[a]\n", b"a = [1]\n[[a]]\n",
         b"a = {b = 1}\na.c = 2\n", b"a = {b = 1}\n[a.c]\n",
         b"[a]\nb = {c = 1}\n[a.b.d]\n", b"x = 1\nx = 2\n",
         b"[tool.poetry.dependencies]\npython = \"^3.10\"\n"
         b"SQLAlchemy = {version = \"2.0.20\", extras = [\"asyncio\"]}\n",
         b"[[package]]\nname = \"a\"\nversion = \"1.0\"\n\n[[package]]\n"
         b"name = \"b\"\n", b"a = \"\\u0000\"\n\"\\u0000k\" = 1\n",
         b"\"\xc3\xa9\" = \"\xc3\xa9\"\nx = 1\n", b"a = 1979-05-27T07:32:00.1234567Z",
         b"a=[[1,2],[\"a\"]]", b"a = [ 1, \n # c\n 2, ]", b"a\n= 1",
         b"a = \n1", b"[a\n]", b"a = \"\"\"\n\"\"\"", b"[\"\"]\n\"\" = 1\n",
         b"a.\"b.c\".d = 1\n", b"# \xc3\xa9\na = 1 # \xe4\xb8\xad\n"]


def as_tagged(v):
    """tomllib's value in toml_dump's tagged form; None for a value
    deploylint is expected to reject."""
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            t = as_tagged(x)
            if t is None:
                return None
            out[k] = t
        return out
    if isinstance(v, list):
        out = []
        for x in v:
            t = as_tagged(x)
            if t is None:
                return None
            out.append(t)
        return out
    if isinstance(v, bool):
        return {"type": "boolean", "value": "true" if v else "false"}
    if isinstance(v, int):
        if not INT64[0] <= v <= INT64[1]:
            return None
        return {"type": "integer", "value": str(v)}
    if isinstance(v, float):
        return {"type": "float", "value": v}
    if isinstance(v, str):
        return {"type": "string", "value": v}
    if isinstance(v, datetime.datetime):
        s = "%04d-%02d-%02dT%02d:%02d:%02d.%06d" % (
            v.year, v.month, v.day, v.hour, v.minute, v.second,
            v.microsecond)
        if v.tzinfo is None:
            return {"type": "datetime-local", "value": s}
        off = int(v.utcoffset().total_seconds()) // 60
        return {"type": "datetime",
                "value": s + "%s%04d" % ("-" if off < 0 else "+", abs(off))}
    if isinstance(v, datetime.date):
        return {"type": "date-local",
                "value": "%04d-%02d-%02d" % (v.year, v.month, v.day)}
    if isinstance(v, datetime.time):
        return {"type": "time-local", "value": "%02d:%02d:%02d.%06d" % (
            v.hour, v.minute, v.second, v.microsecond)}
    raise TypeError(type(v))


def same(want, got):
    # a tagged value has a string "type"; a table's members are tagged
    # values, arrays or tables, never strings
    if isinstance(want, dict) and isinstance(want.get("type"), str):
        if not isinstance(got, dict) or got.get("type") != want["type"]:
            return False
        if want["type"] == "float":
            try:
                g = float(got["value"])
            except (TypeError, ValueError):
                return False
            w = want["value"]
            return (math.isnan(w) and math.isnan(g)) or w == g
        return want["value"] == got["value"]
    if isinstance(want, dict):
        return isinstance(got, dict) and set(want) == set(got) and \
            all(same(want[k], got[k]) for k in want)
    if isinstance(want, list):
        return isinstance(got, list) and len(want) == len(got) and \
            all(same(w, g) for w, g in zip(want, got))
    return want == got


# A float literal (not inf/nan) whose value overflows a double: tomllib
# reads inf, toml++ (and so deploylint) rejects the document.
FLOAT_LIT = re.compile(rb"(?<![\w.\"'])[+-]?[0-9][0-9_]*(?:\.[0-9_]+)?[eE][+-]?[0-9_]+")


def overflows(data):
    for m in FLOAT_LIT.finditer(data):
        try:
            if math.isinf(float(m.group(0).replace(b"_", b""))):
                return True
        except ValueError:
            pass
    return False


def reference(data):
    """(accepted, tagged tree or None, reason)"""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return False, None, "invalid UTF-8: %s" % exc
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return False, None, str(exc)
    tagged = as_tagged(doc)
    if tagged is None:
        return False, None, "integer outside 64 bits (deploylint rejects)"
    if overflows(data):
        return False, None, "float literal beyond a double (deploylint rejects)"
    return True, tagged, ""


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    tool = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261206
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        d = document(rng)
        if rng.random() < 0.33:
            d = damage(rng, d)
        docs.append(d)
    docs += FIXED
    batch = b"".join(b"%d\n%s" % (len(d), d) for d in docs)
    try:
        proc = subprocess.run([tool, "--batch"], input=batch,
                              stdout=subprocess.PIPE, check=True)
        dumps = [json.loads(line) for line in
                 proc.stdout.decode("ascii").splitlines()]
    except (OSError, subprocess.CalledProcessError, ValueError) as exc:
        print("toml-diff: cannot run %s: %s" % (tool, exc))
        print("toml-diff: 0 passed, %d failed" % len(docs))
        return 2
    if len(dumps) != len(docs):
        print("toml-diff: %s printed %d results for %d inputs"
              % (tool, len(dumps), len(docs)))
        print("toml-diff: 0 passed, %d failed" % len(docs))
        return 2
    passed = failed = shown = accepted = 0
    for data, dump in zip(docs, dumps):
        ok, want, reason = reference(data)
        if ok:
            accepted += 1
        good = ok == dump["ok"]
        if good and ok:
            good = same(want, dump["value"]) and not dump["posbad"]
        if good:
            passed += 1
            continue
        failed += 1
        if shown < 20:
            shown += 1
            print("MISMATCH input=%r" % data)
            print("  tomllib:    %s" % (json.dumps(want, default=repr)
                                        if ok else "rejects: " + reason))
            print("  deploylint: %s" % json.dumps(dump))
    print("toml-diff: Python %s tomllib, %d documents (%d valid for tomllib)"
          % (sys.version.split()[0], len(docs), accepted))
    print("toml-diff: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
