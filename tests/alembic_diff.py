#!/usr/bin/python3
"""Differential test: `deploylint heads PATH` against real Alembic.

Generates random repositories (alembic.ini + script location + versions/*.py
revision files) and compares, for each, the heads Alembic itself computes
(ScriptDirectory.from_config(Config(ini)).get_heads(), run in-process) with
the lines `deploylint heads REPO` prints (`<revision-id> <location>`, sorted
by location, then id).

Run with Debian's /usr/bin/python3 (python3-alembic):

    /usr/bin/python3 tests/alembic_diff.py --bin build/deploylint \
        --count 250 --seed 1

Every repository is reproducible from (seed, index): `--only INDEX` rebuilds
just that one and `--keep` keeps the generated trees; `--disable FEATURE`
turns off one kind of generated input to triage a disagreement. The first
--max-report mismatching repositories are kept on disk and printed with the
revision files behind each wrong line. Exit status: 0 when every repository
agrees, 1 on any disagreement, 2 on a setup error.

Graphs are generated in topological order (every reference names an earlier
revision), so they have no cycles and no dangling references; ids and branch
labels share one namespace. Trees Alembic rejects anyway are regenerated and
counted: with Alembic 1.8 that is every tree where a down_revision names a
branch label (its cycle check looks labels up in the id-only map), which the
generator makes on purpose in about 1 repository in 70.
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import warnings

sys.dont_write_bytecode = True  # no __pycache__ beside the revision files

try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import alembic
        import alembic.config
        import alembic.script
        import alembic.op  # noqa: F401  (revision files import it)
        import sqlalchemy  # noqa: F401
except ImportError as exc:  # pragma: no cover - environment problem
    sys.stderr.write(
        "alembic-diff: cannot import alembic with %s (%s); "
        "run `apt-get install python3-alembic`\n" % (sys.executable, exc))
    sys.exit(2)

HEX = "0123456789abcdef"
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
WORDS = [
    "users", "orders", "invoice", "auth", "billing", "core", "search",
    "audit", "tenant", "payments", "shipping", "catalog", "reports",
    "profile", "session", "token", "inventory", "notify", "geo", "media",
]
VERBS = ["add", "drop", "alter", "create", "rename", "index", "backfill"]
# Names Alembic gives a meaning to; never used as ids or labels.
RESERVED = {"head", "heads", "base", "current", "None"}
NON_ASCII_STEMS = [
    "ä_add_table", "añadir_tabla", "café_menu", "größe_spalte",
    "日本語_テーブル", "naïve_index", "ümlaut_fix", "données",
]
SCRIPT_LOCATIONS = ["alembic", "migrations", "db/migrations",
                    "%(here)s/alembic"]

# Generator features that can be turned off (--disable NAME) to triage a
# disagreement; all are on by default.
FEATURES = {
    # a parenthesised string as a tuple/list item: ("a", ("b"))
    "paren_item": "parenthesised string items inside a tuple or list",
    # down_revision naming a branch label: Alembic 1.8 rejects every such
    # graph (KeyError / "Dependency resolution failed; broken map" from its
    # cycle check), so these repositories are always discarded.
    "label_down": "down_revision naming a branch label (rare)",
    "crlf": "CRLF line endings and a UTF-8 BOM in a few files",
    "lookalikes": "look-alike assignments in docstrings, strings, blocks",
    "extras": "non-revision files in versions/ (__init__.py, README, ...)",
    "second_location": "a second script location (ini or Flask-Migrate)",
    # the scanned folder is itself the script folder: alembic.ini with
    # script_location = . / %(here)s, or env.py beside versions/, at the root
    "root_location": "the script location is the scanned folder itself",
    "escapes": "escape sequences (\\x61 \\141 \\u0061 \\N{...} \\<newline>) "
               "in a few literals",
    "semicolons": "two assignments on one line, joined by ';'",
    # a second file reusing a revision id, sorting before or after the
    # first: a plain copy, a copy on another parent, a copy whose parent
    # is a descendant (a cycle through the duplicate), rarely with the
    # same branch label (RevisionError)
    "duplicates": "files that reuse a revision id",
    # alembic.ini whose relative script_location is resolved from the
    # folder a Procfile or render.yaml command runs alembic in (-c, cd)
    "cwd_relative": "script_location relative to a command's folder",
}
ENABLED = set(FEATURES)


# --------------------------------------------------------------------------
# random revision graphs


class Rev:
    def __init__(self, rid):
        self.id = rid
        self.parents = []      # indices into the graph
        self.down_refs = []    # how each parent is named (id or label)
        self.dep_refs = []     # depends_on: ids or labels of earlier revs
        self.labels = []       # branch_labels
        self.legacy = False    # hex file name, no `revision` variable


class Names:
    """One namespace for ids and branch labels (Alembic maps both)."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set(RESERVED)

    def _take(self, make):
        while True:
            s = make()
            if s not in self.used:
                self.used.add(s)
                return s

    def rev_id(self):
        rng = self.rng

        def make():
            r = rng.random()
            if r < 0.82:
                return "".join(rng.choice(HEX) for _ in range(12))
            if r < 0.90:
                return "%04d_%s" % (rng.randrange(10000), rng.choice(WORDS))
            if r < 0.95:
                return "".join(rng.choice(HEX) for _ in range(
                    rng.choice([4, 8, 16, 32])))
            head = rng.choice(["r", "Rev", "mig_", "x", "A1_", "_"])
            return head + "".join(rng.choice(ALNUM + "_")
                                  for _ in range(rng.randrange(1, 11)))
        return self._take(make)

    def label(self):
        rng = self.rng

        def make():
            w = rng.choice(WORDS)
            r = rng.random()
            if r < 0.4:
                return w
            if r < 0.7:
                return "%s_%d" % (w, rng.randrange(100))
            return "%s_branch%s" % (w, rng.choice(["", "_v2", "X"]))
        return self._take(make)


def make_graph(rng, names, n, profile, label_down=False):
    """Revisions in topological order: every reference is to an earlier one,
    so no graph can have a cycle or a dangling reference."""
    p = {
        "linear": dict(newbase=0.0, merge=0.0, branch=0.0, deps=0.03,
                       label=0.02, bases=1),
        "branchy": dict(newbase=0.02, merge=0.18, branch=0.25, deps=0.08,
                        label=0.05, bases=1),
        "multibase": dict(newbase=0.06, merge=0.10, branch=0.15, deps=0.20,
                          label=0.05, bases=rng.randint(2, 5)),
        "big": dict(newbase=0.01, merge=0.08, branch=0.10, deps=0.05,
                    label=0.02, bases=rng.randint(1, 4)),
    }[profile]
    revs, heads = [], []
    for i in range(n):
        r = Rev(names.rev_id())
        base = i < p["bases"] or rng.random() < p["newbase"]
        if not base:
            x = rng.random()
            if x < p["merge"] and len(heads) >= 2:
                k = min(len(heads), rng.choice([2, 2, 2, 3, 4]))
                parents = rng.sample(heads, k)
                if rng.random() < 0.05:  # merge with a non-head, rarely
                    extra = rng.randrange(i)
                    if extra not in parents:
                        parents.append(extra)
                r.parents = parents
            elif x < p["merge"] + p["branch"]:
                r.parents = [rng.randrange(i)]   # any earlier: a branch
            else:
                r.parents = [heads[-1] if rng.random() < 0.6
                             else rng.choice(heads)]
        # branch labels: on (almost) every base of a multi-base graph
        if (base and p["bases"] > 1 and rng.random() < 0.9) or \
                rng.random() < p["label"]:
            r.labels = [names.label() for _ in range(
                1 if rng.random() < 0.75 else 2)]
        for q in r.parents:
            labels = revs[q].labels
            if labels and label_down:
                r.down_refs.append(rng.choice(labels))
            else:
                r.down_refs.append(revs[q].id)
        if len(r.down_refs) >= 2 and rng.random() < 0.02:
            r.down_refs.append(rng.choice(r.down_refs))  # ("a", "b", "a")
        if label_down and len(r.parents) >= 2 and rng.random() < 0.1 and \
                revs[r.parents[0]].labels:
            # the same parent named twice: by id and by its label
            q = r.parents[0]
            r.down_refs = [revs[q].id, revs[q].labels[0]] + r.down_refs[1:]
        if i and rng.random() < p["deps"]:
            for q in rng.sample(range(i), min(i, rng.choice([1, 1, 2]))):
                labels = revs[q].labels
                if labels and rng.random() < 0.5:
                    r.dep_refs.append(rng.choice(labels))
                else:
                    r.dep_refs.append(revs[q].id)
        if all(c in "0123456789abcdef" for c in r.id) and \
                rng.random() < 0.03:
            r.legacy = True
        for q in r.parents:
            if q in heads:
                heads.remove(q)
        heads.append(i)
        revs.append(r)
    return revs


def final_heads(revs):
    referenced = set()
    for r in revs:
        referenced.update(r.parents)
    return [r.id for i, r in enumerate(revs) if i not in referenced]


# --------------------------------------------------------------------------
# rendering Python source


LIT_FORMS = [  # (prefix, quote, weight)
    ("", '"', 45), ("", "'", 25), ("", '"""', 6), ("", "'''", 6),
    ("r", '"', 5), ("R", "'", 3), ("r", "'''", 3), ("R", '"', 2),
    ("u", '"', 3), ("U", "'", 2),
]


def escaped(rng, s):
    """s with one character written as an escape sequence (or a
    backslash-newline continuation inside the literal)."""
    i = rng.randrange(len(s))
    c = s[i]
    kind = rng.choice(["x", "o", "u", "U", "N", "nl"])
    if kind == "x":
        esc = "\\x%02x" % ord(c)
    elif kind == "o":
        esc = "\\%03o" % ord(c)
    elif kind == "u":
        esc = "\\u%04x" % ord(c)
    elif kind == "U":
        esc = "\\U%08X" % ord(c)
    elif kind == "N":
        esc = "\\N{%s}" % unicodedata.name(c)
    else:
        esc = "\\\n" + c
    return s[:i] + esc + s[i + 1:]


def simple_lit(rng, s):
    prefix, q = rng.choices([f[:2] for f in LIT_FORMS],
                            [f[2] for f in LIT_FORMS])[0]
    body = s
    if "escapes" in ENABLED and "r" not in prefix.lower() and \
            rng.random() < 0.015:
        body = escaped(rng, s)
    return prefix + q + body + q


def lit(rng, s, indent="    ", in_seq=False):
    """A string expression whose value is s (s never holds quotes or \\)."""
    r = rng.random()
    paren_ok = not in_seq or "paren_item" in ENABLED
    if len(s) >= 2 and r < 0.14:
        k = rng.randrange(1, len(s))
        a, b = simple_lit(rng, s[:k]), simple_lit(rng, s[k:])
        form = rng.random()
        if form < 0.45:
            return "%s %s" % (a, b)            # "ab" "cd"
        if form < 0.55:
            return "%s%s" % (a, b)             # "ab""cd"
        if form < 0.80 and paren_ok:            # parenthesised, split lines
            return "(\n%s%s\n%s%s\n)" % (indent, a, indent, b)
        if form < 0.90:
            return "%s \\\n%s%s" % (a, indent, b)  # backslash continuation
        if len(s) >= 3:                        # three pieces
            k2 = rng.randrange(k, len(s))
            if k2 > k:
                return "%s %s %s" % (simple_lit(rng, s[:k]),
                                     simple_lit(rng, s[k:k2]),
                                     simple_lit(rng, s[k2:]))
        return "%s %s" % (a, b)
    if r < 0.17 and paren_ok:
        return "(%s)" % simple_lit(rng, s)     # parenthesised: still a str
    return simple_lit(rng, s)


def seq(rng, items, allow_bare=True):
    """A tuple or list expression holding the strings `items`."""
    r = rng.random()
    if allow_bare and len(items) >= 1 and r < 0.05:
        body = ", ".join(lit(rng, s, in_seq=True) for s in items)
        return body + ("," if len(items) == 1 or rng.random() < 0.3 else "")
    if r < 0.35:
        body = ", ".join(lit(rng, s, in_seq=True) for s in items)
        trail = "," if len(items) == 1 or rng.random() < 0.3 else ""
        return "(%s%s)" % (body, trail)
    if r < 0.55:
        body = ", ".join(lit(rng, s, in_seq=True) for s in items)
        return "[%s%s]" % (body, "," if rng.random() < 0.3 else "")
    # multi-line with comments and (mostly) a trailing comma
    opener, closer = ("(", ")") if rng.random() < 0.7 else ("[", "]")
    lines = [opener]
    for j, s in enumerate(items):
        if rng.random() < 0.25:
            lines.append("    # parent %d" % j)
        comma = "," if j < len(items) - 1 or rng.random() < 0.8 else ""
        if len(items) == 1 and opener == "(":
            comma = ","
        cmt = "  # %s" % rng.choice(WORDS) if rng.random() < 0.4 else ""
        item = lit(rng, s, "        ", in_seq=True)
        lines.append("    %s%s%s" % (item, comma, cmt))
    if rng.random() < 0.15:
        lines.append("    # end")
    lines.append(closer)
    return "\n".join(lines)


def down_value(rng, refs):
    if not refs:
        r = rng.random()
        return "None" if r < 0.88 else ("()" if r < 0.95 else "[]")
    if len(refs) == 1:
        r = rng.random()
        if r < 0.85:
            return lit(rng, refs[0])
        return seq(rng, refs, allow_bare=True)
    return seq(rng, refs)


def labels_value(rng, items):
    if len(items) == 1 and rng.random() < 0.5:
        return lit(rng, items[0])
    return seq(rng, items)


ANNOT = {
    "revision": ["str"],
    "down_revision": ["Union[str, Sequence[str], None]", "Union[str, None]",
                      "Optional[Union[str, Sequence[str]]]",
                      '"Union[str, Sequence[str], None]"'],
    "branch_labels": ["Union[str, Sequence[str], None]",
                      "Optional[Sequence[str]]"],
    "depends_on": ["Union[str, Sequence[str], None]",
                   "Union[str, Sequence[str],\n                  None]"],
}


def assignment(rng, name, value, annotated):
    if annotated:
        return "%s: %s = %s" % (name, rng.choice(ANNOT[name]), value)
    return "%s = %s" % (name, value)


def fake_id(rng):
    return "zzz" + "".join(rng.choice(HEX) for _ in range(9))


def docstring(rng, rev, lookalike, target):
    msg = "%s %s" % (rng.choice(VERBS), rng.choice(WORDS))
    if rng.random() < 0.1:
        msg += " — añadir índice"
    q = '"""' if rng.random() < 0.8 else "'''"
    other = "'" if q == '"""' else '"'
    lines = [msg, "", "Revision ID: %s" % (rev.id,),
             "Revises: %s" % ", ".join(rev.down_refs),
             "Create Date: 2024-0%d-1%d 12:34:56.123456" % (
                 rng.randint(1, 9), rng.randint(0, 9))]
    if lookalike:
        lines += ["",
                  "revision = %szzz%s" % (other, other),
                  "down_revision = %s%s%s" % (other, target, other),
                  "branch_labels = %s%s%s" % (other, fake_id(rng), other)]
    prefix = "r" if rng.random() < 0.1 else ""
    return prefix + q + "\n".join(lines) + "\n\n" + q


def body_lookalikes(rng, target):
    """Module-level code that mentions the variables without binding them."""
    choices = [
        '_notes = """\nrevision = \'%s\'\ndown_revision = \'%s\'\n"""' % (
            fake_id(rng), target),
        "if False:\n    down_revision = %r\n    revision = %r" % (
            target, fake_id(rng)),
        "class _Meta:\n    revision = %r\n    down_revision = %r" % (
            fake_id(rng), target),
        "# down_revision = %r\n# revision = %r" % (target, fake_id(rng)),
        "_x = dict(\nrevision=%r,\ndown_revision=%r,\n)" % (
            fake_id(rng), target),
        "revision_id = %r\ndown_revisions = (%r,)\nmy_revision = %r" % (
            fake_id(rng), target, fake_id(rng)),
        "'''\ndown_revision = %r\n'''" % (target,),
        "_d = {\n    'down_revision': %r,\n}" % (target,),
    ]
    return rng.sample(choices, rng.randint(1, 3))


def func_lookalikes(rng, target):
    return [
        "    revision = %r" % fake_id(rng),
        "    down_revision = %r" % target,
        '    op.execute("""\ndown_revision = \'%s\'\n'
        'revision = \'%s\'\n""")' % (target, fake_id(rng)),
    ]


def render(rng, rev, heads):
    annotated = rng.random() < 0.35
    future = annotated and rng.random() < 0.3
    target = rng.choice(heads) if heads else fake_id(rng)
    out = []
    if rng.random() < 0.08:
        out.append("# -*- coding: utf-8 -*-")
    if rng.random() < 0.9:
        out.append(docstring(rng, rev, "lookalikes" in ENABLED and
                             rng.random() < 0.3, target))
    if future:
        out.append("from __future__ import annotations")
    if annotated and not future:
        out.append("from typing import Optional, Sequence, Union")
    out.append("")
    out.append("from alembic import op")
    out.append("import sqlalchemy as sa")
    out.append("")
    if rng.random() < 0.7:
        out.append("")
        out.append("# revision identifiers, used by Alembic.")

    stmts = []
    if not rev.legacy:
        stmts.append(assignment(rng, "revision", lit(rng, rev.id), annotated))
    stmts.append(assignment(rng, "down_revision",
                            down_value(rng, rev.down_refs), annotated))
    if rev.labels:
        stmts.append(assignment(rng, "branch_labels",
                                labels_value(rng, rev.labels), annotated))
    elif rng.random() < 0.7:
        stmts.append(assignment(rng, "branch_labels", "None", annotated))
    if rev.dep_refs:
        stmts.append(assignment(rng, "depends_on",
                                labels_value(rng, rev.dep_refs), annotated))
    elif rng.random() < 0.7:
        stmts.append(assignment(rng, "depends_on", "None", annotated))
    if rng.random() < 0.12:
        rng.shuffle(stmts)
    if "semicolons" in ENABLED and rng.random() < 0.03:
        # two statements on one line: revision = "a"; down_revision = "b"
        singles = [j for j in range(len(stmts) - 1) if "\n" not in stmts[j]]
        if singles:
            j = rng.choice(singles)
            stmts[j:j + 2] = ["%s;%s%s" % (stmts[j], rng.choice([" ", ""]),
                                           stmts[j + 1])]
    for s in stmts:
        if rng.random() < 0.1:
            s += "  # %s" % rng.choice(WORDS)
        out.append(s)
    out.append("")
    if "lookalikes" in ENABLED and rng.random() < 0.2:
        out.append("")
        out.extend(body_lookalikes(rng, target))
    out.append("")
    out.append("")
    out.append("def upgrade()%s:" % (" -> None" if annotated else ""))
    out.append("    # ### commands auto generated by Alembic - "
               "please adjust! ###")
    if "lookalikes" in ENABLED and rng.random() < 0.2:
        out.extend(func_lookalikes(rng, target))
    out.append("    op.create_table(%r, sa.Column('id', sa.Integer(), "
               "primary_key=True))" % rng.choice(WORDS))
    out.append("    # ### end Alembic commands ###")
    out.append("")
    out.append("")
    out.append("def downgrade()%s:" % (" -> None" if annotated else ""))
    out.append("    pass")
    out.append("")
    text = "\n".join(out)
    crlf = "crlf" in ENABLED
    if crlf and rng.random() < 0.03:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if crlf and rng.random() < 0.02:
        data = b"\xef\xbb\xbf" + data
    return data


def file_name(rng, rev, taken, k):
    if rev.legacy:
        name = rev.id + ".py"
    else:
        slug = "%s_%s" % (rng.choice(VERBS), rng.choice(WORDS))
        r = rng.random()
        if r < 0.50:
            name = "%s_%s.py" % (rev.id, slug)
        elif r < 0.68:
            name = "%04d_%s.py" % (k, slug)
        elif r < 0.78:
            name = "%s_%s.py" % (slug, rev.id)
        elif r < 0.88:
            name = "%s_%d.py" % (rng.choice(NON_ASCII_STEMS), k)
        elif r < 0.95:
            name = "2024_%02d_%02d_1530-%s_%s.py" % (
                rng.randint(1, 12), rng.randint(1, 28), rev.id, slug)
        else:
            name = "%s.py" % slug
    while name in taken:
        name = name[:-3] + "_%d.py" % rng.randrange(1000000)
    taken.add(name)
    return name


# --------------------------------------------------------------------------
# repositories


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)


ENV_PY = """from logging.config import fileConfig

from alembic import context

config = context.config
target_metadata = None


def run_migrations_online():
    raise SystemExit("not used by the test")


run_migrations_online()
"""

MAKO = '''"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

"""
revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}
'''


def write_versions_extras(rng, vdir, heads):
    """Files Alembic does not read as revisions."""
    target = rng.choice(heads) if heads else fake_id(rng)
    fake = ("revision = %r\ndown_revision = %r\n" % (fake_id(rng), target))
    r = rng.random()
    if r < 0.10:
        write(os.path.join(vdir, "__init__.py"),
              fake if rng.random() < 0.5 else "")
    if rng.random() < 0.08:
        write(os.path.join(vdir, "README"), "revision files\n" + fake)
    if rng.random() < 0.05:
        write(os.path.join(vdir, ".gitkeep"), "")
    if rng.random() < 0.04:
        write(os.path.join(vdir, "old.py.bak"), fake)
    if rng.random() < 0.04:
        write(os.path.join(vdir, ".#lock_%s.py" % rng.choice(WORDS)), fake)
    if rng.random() < 0.04:
        write(os.path.join(vdir, "archive", "%s_old.py" % fake_id(rng)),
              fake)


class Project:
    """One script location: where it is and how it is named."""

    def __init__(self, loc_dir, ini_dir=None, location=None,
                 flask_ini=False, cwd=None):
        self.loc_dir = loc_dir      # repo-relative folder, "." for the root
        self.ini_dir = ini_dir      # folder of the alembic.ini naming it
        self.location = location    # its script_location, as written
        self.flask_ini = flask_ini  # Flask-Migrate's ini (no location)
        self.cwd = cwd              # folder alembic runs in (None: ini_dir)
        self.revs = []
        self.files = {}             # revision id -> file name
        self.dups = 0               # files reusing an id


def location_dir(ini_dir, location):
    loc = location.strip()
    if loc.startswith("%(here)s"):
        loc = loc[len("%(here)s"):].lstrip("/")
    return os.path.normpath(os.path.join(ini_dir, loc) or ".")


def ini_project(ini_dir, location):
    return Project(location_dir(ini_dir, location), ini_dir, location)


def choose_profile(rng, index):
    if index % 50 == 7:
        return "big"
    if index % 40 == 3:
        return "empty"
    r = rng.random()
    if r < 0.03:
        return "empty"
    if r < 0.08:
        return "single"
    if r < 0.30:
        return "linear"
    if r < 0.62:
        return "branchy"
    if r < 0.97:
        return "multibase"
    return "big"


def graph_for(rng, names, profile):
    label_down = "label_down" in ENABLED and rng.random() < 0.015
    if profile == "empty":
        return []
    if profile == "single":
        return make_graph(rng, names, 1, "linear")
    if profile == "linear":
        n, kind = rng.randint(2, 30), "linear"
    elif profile == "branchy":
        n, kind = rng.randint(3, 40), "branchy"
    elif profile == "multibase":
        n, kind = rng.randint(4, 45), "multibase"
    else:
        n, kind = rng.randint(200, 320), "big"
    return make_graph(rng, names, n, kind, label_down)


def cwd_project(rng, root):
    """alembic.ini whose relative script_location only exists from the
    folder a deploy command runs alembic in."""
    if rng.random() < 0.5:
        # run from the root with -c: the location is root-relative
        loc = "backend/%s" % rng.choice(["migrations", "alembic"])
        proj = Project(loc, "backend", loc, cwd="")
        cmd = "alembic -c backend/alembic.ini upgrade heads"
    else:
        # cd into app/, the ini one folder up
        loc = rng.choice(["migrations", "alembic"])
        proj = Project("app/" + loc, "", loc, cwd="app")
        cmd = "cd app && alembic -c ../alembic.ini upgrade heads"
    if rng.random() < 0.5:
        write(os.path.join(root, "Procfile"),
              "release: %s\nweb: gunicorn app:app\n" % cmd)
    else:
        write(os.path.join(root, "render.yaml"),
              "services:\n  - type: web\n    name: api\n"
              "    runtime: python\n    buildCommand: pip install -r "
              "requirements.txt\n    preDeployCommand: %s\n"
              "    startCommand: gunicorn app:app\n" % cmd)
    return proj


def layout(rng, root):
    """The script locations of one repository."""
    projects = []
    if "cwd_relative" in ENABLED and rng.random() < 0.06:
        projects.append(cwd_project(rng, root))
    elif "root_location" in ENABLED and rng.random() < 0.04:
        if rng.random() < 0.75:
            projects.append(ini_project("", rng.choice(
                [".", "%(here)s", "%(here)s/", "./"])))
        else:  # env.py beside versions/, named by no alembic.ini
            projects.append(Project(".", flask_ini=rng.random() < 0.5))
    else:
        projects.append(ini_project("", rng.choice(SCRIPT_LOCATIONS)))
    r = rng.random() if "second_location" in ENABLED else 1.0
    if r < 0.08:
        projects.append(ini_project("services/%s" % rng.choice(WORDS),
                                    rng.choice(SCRIPT_LOCATIONS)))
    elif r < 0.12:
        projects.append(Project("apps/%s/migrations" % rng.choice(WORDS),
                                flask_ini=rng.random() < 0.7))
    return projects


def build_repo(rng, root, index):
    profile = choose_profile(rng, index)
    projects = layout(rng, root)
    for pi, proj in enumerate(projects):
        names = Names(rng)  # ids may repeat across locations: that is fine
        proj.revs = graph_for(rng, names, profile if pi == 0 else
                              rng.choice(["empty", "single", "linear",
                                          "branchy", "multibase"]))
        heads = final_heads(proj.revs)
        ldir = os.path.join(root, proj.loc_dir)
        if proj.ini_dir is not None:
            ini = ["# alembic config %d" % index, "[alembic]",
                   "script_location = %s" % proj.location]
            if rng.random() < 0.5:
                ini.append("prepend_sys_path = .")
            if rng.random() < 0.5:
                ini.append("sqlalchemy.url = "
                           "postgresql://u:p@localhost/%s" % rng.choice(WORDS))
            ini += ["", "[loggers]", "keys = root,sqlalchemy,alembic", ""]
            write(os.path.join(root, proj.ini_dir, "alembic.ini"),
                  "\n".join(ini))
        elif proj.flask_ini:
            write(os.path.join(ldir, "alembic.ini"),
                  "# A generic, single database configuration.\n\n"
                  "[alembic]\n# template used to generate migration files\n"
                  "# file_template = %%(rev)s_%%(slug)s\n\n"
                  "[loggers]\nkeys = root\n")
        write(os.path.join(ldir, "env.py"), ENV_PY)
        write(os.path.join(ldir, "script.py.mako"), MAKO)
        vdir = os.path.join(ldir, "versions")
        os.makedirs(vdir, exist_ok=True)
        taken = set()
        order = list(range(len(proj.revs)))
        rng.shuffle(order)  # file order says nothing about the graph
        for k in order:
            rev = proj.revs[k]
            name = file_name(rng, rev, taken, k)
            proj.files[rev.id] = os.path.join(proj.loc_dir, "versions", name)
            write(os.path.join(root, proj.files[rev.id]),
                  render(rng, rev, heads))
        if "duplicates" in ENABLED and len(proj.revs) >= 2 and \
                rng.random() < 0.2:
            write_duplicate(rng, root, proj, heads, taken)
        if "extras" in ENABLED:
            write_versions_extras(rng, vdir, heads)
    return profile, projects


def write_duplicate(rng, root, proj, heads, taken):
    """A second file with the id of revision k, sorting before or after
    the first one, so either may be the one Alembic keeps."""
    k = rng.randrange(len(proj.revs))
    orig = proj.revs[k]
    dup = Rev(orig.id)
    r = rng.random()
    if r < 0.45 or k == 0:
        dup.down_refs = list(orig.down_refs)
    elif r < 0.75:
        dup.down_refs = [proj.revs[rng.randrange(k)].id]
    else:  # a later revision: often a descendant, so a loop
        dup.down_refs = [proj.revs[rng.randrange(k, len(proj.revs))].id]
        if dup.down_refs == [orig.id]:
            dup.down_refs = [proj.revs[-1].id] if k != len(proj.revs) - 1 \
                else list(orig.down_refs)
    if orig.labels and rng.random() < 0.1:
        dup.labels = list(orig.labels)
    name = "%s_dup%d_%s.py" % (rng.choice(["0000", "zzzz"]), k,
                               rng.choice(WORDS))
    while name in taken:
        name = name[:-3] + "_%d.py" % rng.randrange(1000000)
    taken.add(name)
    write(os.path.join(root, proj.loc_dir, "versions", name),
          render(rng, dup, heads))
    proj.dups += 1


def names_label_in_down_revision(projects):
    for proj in projects:
        ids = {r.id for r in proj.revs}
        if any(ref not in ids for r in proj.revs for ref in r.down_refs):
            return True
    return False


# --------------------------------------------------------------------------
# the two oracles


# Alembic 1.8 reads a version folder in os.listdir() order, which depends
# on the file system; Alembic 1.10 and later sort the names (os.walk with
# sorted files and folders). deploylint models the sorted order, so the
# oracle reads folders sorted too: only the order of files sharing an id
# (which one Alembic keeps) depends on it.
_list_py_dir = alembic.script.base.Script._list_py_dir.__func__
alembic.script.base.Script._list_py_dir = classmethod(
    lambda cls, sd, path: sorted(_list_py_dir(cls, sd, path)))


class Rejected(Exception):
    """Alembic cannot build the revision map: `deploylint heads` must say
    so on stderr (`expect`, the start of its message) and exit 1."""

    def __init__(self, expect):
        Exception.__init__(self, expect)
        self.expect = expect


def alembic_heads(root, proj):
    """Heads by Alembic itself, as `alembic heads` lists them (sorted;
    an overridden duplicate and its kept file are two heads with one id).
    Raises Rejected when Alembic raises with a reused id in the tree (the
    error deploylint must print), and anything else when Alembic rejects
    the tree or warns about something other than a reused id."""
    saved_cwd, saved_path = os.getcwd(), list(sys.path)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if proj.ini_dir is not None:
                ini_dir = os.path.join(root, proj.ini_dir)
                # a relative script_location: from the cwd
                os.chdir(os.path.join(root, proj.cwd) if proj.cwd is not None
                         else ini_dir)
                cfg = alembic.config.Config(os.path.join(ini_dir,
                                                         "alembic.ini"))
            else:  # what Flask-Migrate does: the folder, given directly
                ldir = os.path.normpath(os.path.join(root, proj.loc_dir))
                os.chdir(ldir)
                cfg = alembic.config.Config(
                    os.path.join(ldir, "alembic.ini") if proj.flask_ini
                    else None)
                cfg.set_main_option("script_location", ldir)
            sd = alembic.script.ScriptDirectory.from_config(cfg)
            try:
                heads = sorted(sd.get_heads())
            except Exception as exc:
                if not proj.dups:
                    raise
                if isinstance(exc, KeyError):
                    raise Rejected("KeyError: %s" % exc)
                if type(exc).__name__ == "RevisionError":
                    raise Rejected("RevisionError: ")
                raise Rejected("%s: %s" % (type(exc).__name__, exc))
        caught = [w for w in caught
                  if "is present more than once" not in str(w.message)]
        if caught:
            raise RuntimeError("warning: %s" % caught[0].message)
        return heads
    finally:
        os.chdir(saved_cwd)
        sys.path[:] = saved_path  # prepend_sys_path = . grows it


def deploylint_heads(binary, root):
    try:
        p = subprocess.run([binary, "heads", root], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
    except subprocess.TimeoutExpired:
        return -1, "", "timed out after 60 s"
    except OSError as exc:
        return -1, "", "cannot run: %s" % exc
    return (p.returncode, p.stdout.decode("utf-8", "surrogateescape"),
            p.stderr.decode("utf-8", "surrogateescape"))


def expected_output(projects, heads_by_project):
    # sorted by location, then id, bytewise (deploylint uses strcmp)
    lines = sorted((proj.loc_dir.encode(), h.encode())
                   for proj, heads in zip(projects, heads_by_project)
                   if not isinstance(heads, Rejected)
                   for h in heads)
    return "".join("%s %s\n" % (h.decode(), loc.decode())
                   for loc, h in lines)


def expected_errors(projects, heads_by_project):
    """(location, message start) of each location Alembic rejects."""
    return [(p.loc_dir, h.expect) for p, h in zip(projects, heads_by_project)
            if isinstance(h, Rejected)]


def errors_match(want, err):
    lines = err.splitlines()
    for loc, start in want:
        prefix = "deploylint: %s: Alembic cannot load the revision graph: %s" \
            % (loc, start)
        if not any(line.startswith(prefix) for line in lines):
            return False
    return len(lines) == len(want)


def oracle(root, proj):
    try:
        return alembic_heads(root, proj)
    except Rejected as exc:
        if names_label_in_down_revision([proj]):
            raise  # Alembic rejects these anyway: regenerate
        return exc


def describe(projects, heads_by_project):
    return "; ".join("%s: %s" % (p.loc_dir, h.expect if isinstance(
        h, Rejected) else " ".join(sorted(h)) or "-")
        for p, h in zip(projects, heads_by_project))


def suspects(root, projects, want, got, limit=3):
    """The revision files behind a wrong line: for an extra head, the files
    that should have named it as down_revision; for a missing one, its own
    file."""
    out = []
    want_set, got_set = set(want.splitlines()), set(got.splitlines())
    for line in sorted(got_set - want_set) + sorted(want_set - got_set):
        rid, _, loc = line.partition(" ")
        for proj in projects:
            if proj.loc_dir != loc:
                continue
            byid = {r.id: r for r in proj.revs}
            if rid not in byid:  # an id deploylint misread: grep for it
                for rel in proj.files.values():
                    with open(os.path.join(root, rel), "rb") as f:
                        if rid.encode("utf-8", "surrogateescape") in f.read():
                            out.append(rel)
            elif line in got_set:
                children = [r for r in proj.revs
                            if rid in [byid[x].id if x in byid else x
                                       for x in r.down_refs]]
                out += [proj.files[r.id] for r in children]
            elif rid in proj.files:
                out.append(proj.files[rid])
    seen, files = set(), []
    for f in out:
        if f not in seen:
            seen.add(f)
            files.append(f)
    return files[:limit]


def show_file(root, rel, max_lines=40):
    with open(os.path.join(root, rel), "rb") as f:
        text = f.read().decode("utf-8", "replace")
    lines = text.splitlines()
    body = "".join("    | %s\n" % l for l in lines[:max_lines])
    if len(lines) > max_lines:
        body += "    | ... (%d more lines)\n" % (len(lines) - max_lines)
    return "  %s:\n%s" % (rel, body)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="the deploylint binary")
    ap.add_argument("--count", type=int, default=250)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", type=int, action="append",
                    help="only this repository index (repeatable)")
    ap.add_argument("--keep", action="store_true",
                    help="keep every generated repository")
    ap.add_argument("--max-report", type=int, default=5,
                    help="mismatches to print in full (default 5)")
    ap.add_argument("--disable", action="append", default=[],
                    choices=sorted(FEATURES), metavar="FEATURE",
                    help="turn a generator feature off: %s" % "; ".join(
                        "%s: %s" % kv for kv in sorted(FEATURES.items())))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    ENABLED.difference_update(args.disable)

    binary = os.path.abspath(args.bin)
    if not os.access(binary, os.X_OK) or os.path.isdir(binary):
        sys.stderr.write("alembic-diff: %s is not an executable\n" % binary)
        return 2

    start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="alembic-diff-")
    indices = args.only if args.only else range(args.count)
    passed = failed = 0
    discarded_expected = discarded_other = 0
    total_revs = dups = rejected = cwd_rel = 0
    profiles = {}
    kept = []
    for index in indices:
        attempt = 0
        while True:
            rng = random.Random("%d:%d:%d" % (args.seed, index, attempt))
            root = os.path.join(tmp, "repo%04d-%d" % (index, attempt))
            os.makedirs(root)
            profile, projects = build_repo(rng, root, index)
            try:
                heads = [oracle(root, p) for p in projects]
                break
            except Exception as exc:  # alembic rejects the tree: regenerate
                if names_label_in_down_revision(projects):
                    discarded_expected += 1
                else:
                    discarded_other += 1
                if args.verbose or not names_label_in_down_revision(projects):
                    sys.stderr.write(
                        "alembic-diff: discarded repo %d attempt %d%s: "
                        "%s: %s\n" % (
                            index, attempt,
                            " (down_revision names a branch label)"
                            if names_label_in_down_revision(projects)
                            else "", type(exc).__name__, exc))
                shutil.rmtree(root)
                attempt += 1
                if attempt > 20:
                    sys.stderr.write("alembic-diff: the generator keeps "
                                     "making trees alembic rejects\n")
                    return 2
        profiles[profile] = profiles.get(profile, 0) + 1
        nrevs = sum(len(p.revs) for p in projects)
        total_revs += nrevs
        dups += sum(p.dups for p in projects)
        rejected += sum(isinstance(h, Rejected) for h in heads)
        cwd_rel += sum(p.cwd is not None for p in projects)
        want = expected_output(projects, heads)
        want_err = expected_errors(projects, heads)
        rc, got, err = deploylint_heads(binary, root)
        if rc == (1 if want_err else 0) and got == want and \
                errors_match(want_err, err):
            passed += 1
            if args.verbose:
                print("ok   repo %d (%s, %d revisions, %d heads)" % (
                    index, profile, nrevs, sum(len(h) for h in heads)))
            if args.keep:
                kept.append(root)
            else:
                shutil.rmtree(root)
            continue
        failed += 1
        if failed > args.max_report:
            print("MISMATCH repo %d (rebuild it with --only %d --keep)" % (
                index, index))
            if args.keep:
                kept.append(root)
            else:
                shutil.rmtree(root)
            continue
        kept.append(root)
        print("MISMATCH repo %d (seed %d, %s profile, %d revisions): %s" % (
            index, args.seed, profile, nrevs, root))
        print("  reproduce: %s %s --bin %s --seed %d --only %d --keep%s" % (
            sys.executable, os.path.abspath(__file__), binary, args.seed,
            index, "".join(" --disable " + d for d in args.disable)))
        print("  alembic heads: %s" % describe(projects, heads))
        print("  expected output:\n%s" % _indent(want))
        if want_err:
            print("  expected errors: %s" % want_err)
        print("  deploylint heads (exit %d):\n%s" % (rc, _indent(got)))
        if err.strip():
            print("  deploylint stderr:\n%s" % _indent(err))
        want_set, got_set = set(want.splitlines()), set(got.splitlines())
        if want_set - got_set:
            print("  missing: %s" % ", ".join(sorted(want_set - got_set)))
        if got_set - want_set:
            print("  extra:   %s" % ", ".join(sorted(got_set - want_set)))
        for rel in suspects(root, projects, want, got):
            print(show_file(root, rel), end="")
    elapsed = time.monotonic() - start
    if kept:
        print("alembic-diff: kept %d repositories under %s" % (len(kept), tmp))
    else:
        shutil.rmtree(tmp)
    print("alembic-diff: seed %d, %d revisions, profiles %s; discarded %d "
          "(%d where down_revision names a branch label, which alembic %s "
          "rejects; %d other); %.1f s" % (
              args.seed, total_revs,
              " ".join("%s=%d" % kv for kv in sorted(profiles.items())),
              discarded_expected + discarded_other, discarded_expected,
              alembic.__version__, discarded_other, elapsed))
    print("alembic-diff: %d files reusing an id, %d locations Alembic "
          "rejects (deploylint must print the error), %d locations "
          "resolved from a command's folder" % (dups, rejected, cwd_rel))
    print("alembic-diff: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def _indent(text):
    return "".join("    | %s\n" % line for line in text.splitlines()) or \
        "    | (nothing)\n"


if __name__ == "__main__":
    sys.exit(main())
