#!/usr/bin/python3
"""Differential test of deploylint's Poetry constraint conversion
(dl_poetry_constraint, src/parse/poetry.c) against poetry-core itself.

usage: poetry_diff.py POETRY_CONSTRAINT [COUNT] [SEED]

Generates COUNT (default 3000) constraints as people write them in
[tool.poetry.dependencies] (caret, tilde, ~=, wildcards, comparisons, bare
versions, several joined by "," or white space, unions with "||", a leading
"v", broken ones), converts each with POETRY_CONSTRAINT
(tests/tools/poetry_constraint.c) and with poetry-core's parse_constraint,
and compares: both reject, or deploylint says "union" for a constraint
with '|' (which no PEP 440 specifier set can say), or the PEP 440
specifier set deploylint wrote admits exactly the final releases
poetry-core's constraint allows, over a grid of versions around every
bound (packaging.specifiers.SpecifierSet, the library pip uses).

Prints one line per mismatch (at most 20) and ends with
"poetry-diff: N passed, N failed". Exit 0 when all pass, 1 when some
fail, 2 when poetry-core or packaging is missing or the tool cannot run.
"""

import random
import subprocess
import sys

try:
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import Version as PVersion
    from poetry.core import __version__ as POETRY_CORE_VERSION
    from poetry.core.constraints.version import Version, parse_constraint
except ImportError as exc:
    print("poetry-diff: %s (apt-get install python3-poetry-core "
          "python3-packaging)" % exc)
    print("poetry-diff: 0 passed, 1 failed")
    sys.exit(2)

OPS = ["", "", "^", "^", "~", "~=", "==", "=", ">=", "<=", ">", "<", "!="]
# Not generated: four-component bounds and "~=X" with one component,
# where poetry-core's precision-keeping comparison and PEP 440 part ways
# ("^1.2.3.4" allows "2" in poetry-core 1.4; "~=1" is not PEP 440, and
# deploylint refuses it).
VERSIONS = ["1", "1.2", "1.2.3", "0", "0.0", "0.2", "0.2.3", "0.0.3",
            "2.0.0", "2.0.20", "3.10", "3.11.4", "23.1", "v1.2", "1.2.*",
            "1.*", "1.2.x", "0.0.0", "10.4.1"]
BROKEN = ["^^1", "latest", ">>1", "^", "~", "1.2.3-", "==", "1..2", "a.b",
          "^1.2 ||", ">=1 <", "=>1.0"]
GRID = sorted({"0", "0.0.1", "0.0.3", "0.0.4", "0.1", "0.2", "0.2.3",
               "0.2.9", "0.3", "0.3.0", "1", "1.0.1", "1.1", "1.2", "1.2.2",
               "1.2.3", "1.2.4", "1.2.9", "1.3", "1.3.0", "1.9", "2", "2.0.1",
               "2.0.20", "2.0.21", "2.1", "3", "3.9", "3.10", "3.10.1", "3.11",
               "3.11.4", "3.11.5", "3.12", "4", "10.4.1", "10.5", "11",
               "23.1", "23.1.1", "23.2", "24", "1.2.3.4", "1.2.3.5"},
              key=PVersion)
# Not in the grid: versions that differ from a bound only by trailing
# zeros ("2.0.0.0" against "==2.0.0"), where poetry-core compares the
# written precision and PEP 440 (pip, which installs) pads with zeros.


def one(rng):
    if rng.random() < 0.05:
        return rng.choice(BROKEN)
    if rng.random() < 0.05:
        return rng.choice(["*", "", "x", "X"])
    op = rng.choice(OPS)
    v = rng.choice(VERSIONS)
    while op == "~=" and "." not in v.rstrip(".*x"):
        v = rng.choice(VERSIONS)
    sep = rng.choice(["", "", " "]) if op else ""
    return op + sep + v


def constraint(rng):
    r = rng.random()
    if r < 0.55:
        return one(rng)
    if r < 0.9:
        join = rng.choice([",", ", ", " ", " , "])
        return join.join(one(rng) for _ in range(rng.randint(2, 3)))
    return rng.choice([" || ", "||", " | "]).join(
        one(rng) for _ in range(2))


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    tool = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 3000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261206
    rng = random.Random(seed)
    cases = [constraint(rng) for _ in range(count)]
    cases += ["^3.0", "^0.0.3", "~1", "~=1.4", ">=3.10,<3.12", "2.0.20", "*",
              "1.2.*", "^1.0 || ^2.0", ">= 1.12, < 2.0", ">=3.10 <3.12"]
    try:
        proc = subprocess.run([tool], input="".join(c + "\n" for c in cases),
                              stdout=subprocess.PIPE, check=True, text=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print("poetry-diff: cannot run %s: %s" % (tool, exc))
        print("poetry-diff: 0 passed, %d failed" % len(cases))
        return 2
    outs = proc.stdout.splitlines()
    if len(outs) != len(cases):
        print("poetry-diff: %d results for %d inputs" % (len(outs), len(cases)))
        print("poetry-diff: 0 passed, %d failed" % len(cases))
        return 2
    passed = failed = shown = 0
    for c, out in zip(cases, outs):
        try:
            want = parse_constraint(c)
        except Exception:  # poetry-core raises ValueError subclasses
            want = None
        problem = None
        if out == "union":
            if "|" not in c:
                problem = "union without '|'"
        elif want is None:
            if out != "invalid":
                problem = "poetry-core rejects it"
        elif out == "invalid":
            problem = "poetry-core reads it as %s" % want
        else:
            spec = out[3:]
            try:
                ours = SpecifierSet(spec)
            except InvalidSpecifier:
                problem = "not a PEP 440 specifier set: %r" % spec
            else:
                for v in GRID:
                    a = want.allows(Version.parse(v))
                    b = ours.contains(v, prereleases=True)
                    if a != b:
                        problem = "%s: poetry-core %s (%s), deploylint %s (%r)" % (
                            v, a, want, b, spec)
                        break
        if problem is None:
            passed += 1
            continue
        failed += 1
        if shown < 20:
            shown += 1
            print("MISMATCH %r: %s" % (c, problem))
    print("poetry-diff: poetry-core %s, %d constraints"
          % (POETRY_CORE_VERSION, len(cases)))
    print("poetry-diff: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
