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
just that one and `--keep` keeps the generated trees. Exit status: 0 when
every repository agrees, 1 on any disagreement, 2 on a setup error.
"""

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
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
            if labels and label_down and rng.random() < 0.4:
                r.down_refs.append(rng.choice(labels))
            else:
                r.down_refs.append(revs[q].id)
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


def simple_lit(rng, s):
    r = rng.random()
    if r < 0.45:
        return '"%s"' % s
    if r < 0.70:
        return "'%s'" % s
    if r < 0.76:
        return '"""%s"""' % s
    if r < 0.82:
        return "'''%s'''" % s
    if r < 0.87:
        return 'r"%s"' % s
    if r < 0.90:
        return "R'%s'" % s
    if r < 0.93:
        return "r'''%s'''" % s
    if r < 0.96:
        return 'u"%s"' % s
    if r < 0.98:
        return "U'%s'" % s
    return 'R"%s"' % s


def lit(rng, s, indent="    "):
    """A string expression whose value is s (s never holds quotes or \\)."""
    r = rng.random()
    if len(s) >= 2 and r < 0.14:
        k = rng.randrange(1, len(s))
        a, b = simple_lit(rng, s[:k]), simple_lit(rng, s[k:])
        form = rng.random()
        if form < 0.45:
            return "%s %s" % (a, b)            # "ab" "cd"
        if form < 0.55:
            return "%s%s" % (a, b)             # "ab""cd"
        if form < 0.80:                         # parenthesised, split lines
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
    if r < 0.17:
        return "(%s)" % simple_lit(rng, s)     # parenthesised: still a str
    return simple_lit(rng, s)


def seq(rng, items, allow_bare=True):
    """A tuple or list expression holding the strings `items`."""
    r = rng.random()
    if allow_bare and len(items) >= 1 and r < 0.05:
        body = ", ".join(lit(rng, s) for s in items)
        return body + ("," if len(items) == 1 or rng.random() < 0.3 else "")
    if r < 0.35:
        body = ", ".join(lit(rng, s) for s in items)
        trail = "," if len(items) == 1 or rng.random() < 0.3 else ""
        return "(%s%s)" % (body, trail)
    if r < 0.55:
        body = ", ".join(lit(rng, s) for s in items)
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
        lines.append("    %s%s%s" % (lit(rng, s, "        "), comma, cmt))
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
        '    op.execute("""\ndown_revision = \'%s\'\nrevision = \'%s\'\n""")' % (
            target, fake_id(rng)),
    ]


def render(rng, rev, heads):
    annotated = rng.random() < 0.35
    future = annotated and rng.random() < 0.3
    target = rng.choice(heads) if heads else fake_id(rng)
    out = []
    if rng.random() < 0.08:
        out.append("# -*- coding: utf-8 -*-")
    if rng.random() < 0.9:
        out.append(docstring(rng, rev, rng.random() < 0.3, target))
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
    for s in stmts:
        if rng.random() < 0.1:
            s += "  # %s" % rng.choice(WORDS)
        out.append(s)
    out.append("")
    if rng.random() < 0.2:
        out.append("")
        out.extend(body_lookalikes(rng, target))
    out.append("")
    out.append("")
    out.append("def upgrade()%s:" % (" -> None" if annotated else ""))
    out.append("    # ### commands auto generated by Alembic - "
               "please adjust! ###")
    if rng.random() < 0.2:
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
    if rng.random() < 0.03:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if rng.random() < 0.02:
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
    """One script location: what to write and how to ask Alembic."""

    def __init__(self, ini_dir, location, flask=False):
        self.ini_dir = ini_dir      # repo-relative folder of alembic.ini
        self.location = location    # script_location as written in the ini
        self.flask = flask          # Flask-Migrate: no script_location
        self.revs = []

    @property
    def loc_dir(self):
        """Location relative to the repository root, as deploylint prints."""
        if self.flask:
            rel = os.path.join(self.ini_dir, "migrations")
        else:
            loc = self.location.replace("%(here)s/", "")
            rel = os.path.join(self.ini_dir, loc)
        return os.path.normpath(rel) if rel else "."


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
    if profile == "empty":
        return []
    if profile == "single":
        return make_graph(rng, names, 1, "linear")
    if profile == "linear":
        return make_graph(rng, names, rng.randint(2, 30), "linear")
    if profile == "branchy":
        return make_graph(rng, names, rng.randint(3, 40), "branchy")
    if profile == "multibase":
        return make_graph(rng, names, rng.randint(4, 45), "multibase")
    return make_graph(rng, names, rng.randint(200, 320), "big")


def build_repo(rng, root, index):
    profile = choose_profile(rng, index)
    projects = [Project("", rng.choice(SCRIPT_LOCATIONS))]
    r = rng.random()
    if r < 0.08:
        projects.append(Project("services/%s" % rng.choice(WORDS),
                                rng.choice(SCRIPT_LOCATIONS)))
    elif r < 0.12:
        projects.append(Project("apps/%s" % rng.choice(WORDS), None,
                                flask=True))
    for pi, proj in enumerate(projects):
        names = Names(rng)  # ids may repeat across locations: that is fine
        proj.revs = graph_for(rng, names, profile if pi == 0 else
                              rng.choice(["empty", "single", "linear",
                                          "branchy", "multibase"]))
        heads = final_heads(proj.revs)
        ldir = os.path.join(root, proj.loc_dir)
        if proj.flask:
            write(os.path.join(ldir, "alembic.ini"),
                  "# A generic, single database configuration.\n\n"
                  "[alembic]\n# template used to generate migration files\n"
                  "# file_template = %%(rev)s_%%(slug)s\n\n"
                  "[loggers]\nkeys = root\n")
        else:
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
        write(os.path.join(ldir, "env.py"), ENV_PY)
        write(os.path.join(ldir, "script.py.mako"), MAKO)
        vdir = os.path.join(ldir, "versions")
        os.makedirs(vdir, exist_ok=True)
        taken = set()
        order = list(range(len(proj.revs)))
        rng.shuffle(order)  # file order says nothing about the graph
        for k in order:
            rev = proj.revs[k]
            write(os.path.join(vdir, file_name(rng, rev, taken, k)),
                  render(rng, rev, heads))
        write_versions_extras(rng, vdir, heads)
    return profile, projects


# --------------------------------------------------------------------------
# the two oracles


def alembic_heads(root, proj):
    """Heads by Alembic itself; raises when Alembic rejects the tree or
    warns about it."""
    ini_dir = os.path.join(root, proj.ini_dir)
    if proj.flask:
        ini_dir = os.path.join(ini_dir, "migrations")
    cwd = os.getcwd()
    os.chdir(ini_dir)  # a relative script_location is relative to the cwd
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            cfg = alembic.config.Config(os.path.join(ini_dir, "alembic.ini"))
            if proj.flask:
                cfg.set_main_option("script_location", ini_dir)
            sd = alembic.script.ScriptDirectory.from_config(cfg)
            heads = set(sd.get_heads())
        if caught:
            raise RuntimeError("warning: %s" % caught[0].message)
        return heads
    finally:
        os.chdir(cwd)


def deploylint_heads(binary, root):
    p = subprocess.run([binary, "heads", root], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return (p.returncode, p.stdout.decode("utf-8", "surrogateescape"),
            p.stderr.decode("utf-8", "surrogateescape"))


def expected_output(projects, heads_by_project):
    lines = []
    for proj, heads in zip(projects, heads_by_project):
        lines += [(proj.loc_dir.encode(), h.encode()) for h in heads]
    lines.sort()
    return "".join("%s %s\n" % (h.decode(), loc.decode())
                   for loc, h in lines)


def describe(projects, heads_by_project):
    return "; ".join("%s: %s" % (p.loc_dir, " ".join(sorted(h)) or "-")
                     for p, h in zip(projects, heads_by_project))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True, help="the deploylint binary")
    ap.add_argument("--count", type=int, default=250)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", type=int, action="append",
                    help="only this repository index (repeatable)")
    ap.add_argument("--keep", action="store_true",
                    help="keep every generated repository")
    ap.add_argument("--max-report", type=int, default=5)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)

    binary = os.path.abspath(args.bin)
    if not os.access(binary, os.X_OK):
        sys.stderr.write("alembic-diff: %s is not an executable\n" % binary)
        return 2

    start = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="alembic-diff-")
    indices = args.only if args.only else range(args.count)
    passed = failed = discarded = 0
    total_revs = 0
    profiles = {}
    reported = 0
    kept = []
    for index in indices:
        attempt = 0
        while True:
            rng = random.Random("%d:%d:%d" % (args.seed, index, attempt))
            root = os.path.join(tmp, "repo%04d-%d" % (index, attempt))
            os.makedirs(root)
            profile, projects = build_repo(rng, root, index)
            try:
                heads = [alembic_heads(root, p) for p in projects]
                break
            except Exception as exc:  # alembic rejects: regenerate
                discarded += 1
                if args.verbose or discarded <= 3:
                    sys.stderr.write("alembic-diff: discarded repo %d attempt "
                                     "%d: %s: %s\n" % (index, attempt,
                                                       type(exc).__name__,
                                                       exc))
                shutil.rmtree(root)
                attempt += 1
                if attempt > 20:
                    sys.stderr.write("alembic-diff: generator keeps making "
                                     "graphs alembic rejects\n")
                    return 2
        profiles[profile] = profiles.get(profile, 0) + 1
        total_revs += sum(len(p.revs) for p in projects)
        want = expected_output(projects, heads)
        rc, got, err = deploylint_heads(binary, root)
        if rc == 0 and got == want:
            passed += 1
            if args.verbose:
                print("ok   repo %d (%s, %d revisions, %d heads)" % (
                    index, profile, sum(len(p.revs) for p in projects),
                    sum(len(h) for h in heads)))
            if not args.keep:
                shutil.rmtree(root)
            else:
                kept.append(root)
            continue
        failed += 1
        kept.append(root)
        if reported < args.max_report:
            reported += 1
            print("MISMATCH repo %d (seed %d, %s profile): %s" % (
                index, args.seed, profile, root))
            print("  alembic heads:    %s" % describe(projects, heads))
            print("  expected output:\n%s" % _indent(want))
            print("  deploylint (exit %d):\n%s" % (rc, _indent(got)))
            if err.strip():
                print("  deploylint stderr:\n%s" % _indent(err))
            want_set, got_set = set(want.splitlines()), set(got.splitlines())
            if want_set - got_set:
                print("  missing: %s" % sorted(want_set - got_set))
            if got_set - want_set:
                print("  extra:   %s" % sorted(got_set - want_set))
    elapsed = time.monotonic() - start
    if failed or args.keep:
        print("alembic-diff: kept %d repositories under %s" % (len(kept), tmp))
    else:
        shutil.rmtree(tmp)
    print("alembic-diff: %d revisions, profiles %s, %d discarded, %.1f s" % (
        total_revs, " ".join("%s=%d" % kv for kv in sorted(profiles.items())),
        discarded, elapsed))
    print("alembic-diff: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def _indent(text):
    return "".join("    | %s\n" % line for line in text.splitlines()) or \
        "    | (nothing)\n"


if __name__ == "__main__":
    sys.exit(main())
