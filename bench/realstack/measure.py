#!/usr/bin/env python3
"""Run a deploylint binary on the realstack corpus (uv, Poetry, pipenv and
Docker backends, issues #15 and #16) and report what it finds.

Runs `BINARY --format json --fail-on never .` in every repository of
repos.tsv (extracted by setup.sh into CORPUS/<owner>__<name>/) and prints:

  1. per repository: its kind and the number of findings per rule and level;
  2. per rule: findings by level and how many repositories it fires in;
  3. expected.tsv checked: for each `fire` row, the findings on that file and
     line (a line may be a range `a-b`, 0 means any line; any rule; `MISSED`
     when none); for each `silent` row, whether a
     finding of the named rule (any rule at error/warning when the rule is
     `-`) is on that line (`FIRED` when one is).

Usage: python3 bench/realstack/measure.py BINARY [--corpus DIR]
         [--only owner/name,...] [--dump FILE] [--all-levels]
--dump writes every finding as TSV (repo, kind, file, line, rule, level,
message); --all-levels lists notes in part 1 too (they are always counted).
Always exits 0 unless the binary crashes (exit code 3 or above, or output
that is not JSON), which is reported and exits 1.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEVELS = ("error", "warning", "note")


def read_tsv(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    head = rows[0]
    return [dict(zip(head, r)) for r in rows[1:]]


def run_one(binary, corpus, repo):
    d = os.path.join(corpus, repo.replace("/", "__"))
    if not os.path.isdir(d):
        return None, "not extracted (run bench/realstack/setup.sh)"
    p = subprocess.run([binary, "--format", "json", "--fail-on", "never", "."],
                       cwd=d, capture_output=True, check=False)
    if p.returncode >= 3:
        return None, "exit %d: %s" % (p.returncode, p.stderr.decode(errors="replace")[:300])
    try:
        doc = json.loads(p.stdout)
    except ValueError as e:
        return None, "output is not JSON (%s)" % e
    return doc.get("findings", []), None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--corpus", default=os.environ.get("CORPUS", "/work/corpus-realstack"))
    ap.add_argument("--only", default="")
    ap.add_argument("--dump", default="")
    ap.add_argument("--all-levels", action="store_true")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    repos = read_tsv("repos.tsv")
    if a.only:
        keep = set(a.only.split(","))
        repos = [r for r in repos if r["repo"] in keep]
    expected = read_tsv("expected.tsv")

    failed = 0
    by_repo = {}
    rule_level = collections.defaultdict(collections.Counter)
    rule_repos = collections.defaultdict(set)
    dump = []
    print("1. findings per repository (rule: errors/warnings/notes)\n")
    for r in repos:
        findings, err = run_one(binary, a.corpus, r["repo"])
        if err:
            print("%-60s %-7s FAILED: %s" % (r["repo"], r["kind"], err))
            failed += 1
            continue
        by_repo[r["repo"]] = findings
        per = collections.defaultdict(collections.Counter)
        for f in findings:
            per[f["rule"]][f["level"]] += 1
            rule_level[f["rule"]][f["level"]] += 1
            rule_repos[f["rule"]].add(r["repo"])
            dump.append((r["repo"], r["kind"], f["path"], str(f["line"]), f["rule"], f["level"],
                         f["message"].replace("\t", " ").replace("\n", " ")))
        shown = sorted(k for k, c in per.items() if a.all_levels or c["error"] + c["warning"])
        text = ", ".join("%s %d/%d/%d" % (k, per[k]["error"], per[k]["warning"], per[k]["note"])
                         for k in shown)
        notes = sum(c["note"] for k, c in per.items() if k not in shown)
        if notes:
            text += (", " if text else "") + "(+%d notes)" % notes
        print("%-60s %-7s %s" % (r["repo"], r["kind"], text or "no findings"))

    print("\n2. findings per rule\n")
    print("%-8s %7s %8s %6s %6s" % ("rule", "errors", "warnings", "notes", "repos"))
    for k in sorted(rule_level):
        c = rule_level[k]
        print("%-8s %7d %8d %6d %6d" % (k, c["error"], c["warning"], c["note"], len(rule_repos[k])))

    print("\n3. expected.tsv (lead maps new rule ids; '-' = no id yet)\n")
    counts = collections.Counter()
    for e in expected:
        if e["repo"] not in by_repo:
            continue
        lo, _, hi = e["line"].partition("-")
        lo = int(lo) if lo.isdigit() else 0
        hi = int(hi) if hi.isdigit() else lo
        here = [f for f in by_repo[e["repo"]]
                if f["path"] == e["file"] and (lo == 0 or lo <= f["line"] <= hi)]
        if e["expect"] == "fire":
            if here:
                state = "seen " + ",".join(sorted({"%s(%s)" % (f["rule"], f["level"][0]) for f in here}))
                counts["fire seen"] += 1
            else:
                state = "MISSED"
                counts["fire missed"] += 1
        else:
            bad = [f for f in here if (f["rule"] == e["rule"]) or (e["rule"] == "-" and f["level"] != "note")]
            if bad:
                state = "FIRED " + ",".join(sorted({"%s(%s)" % (f["rule"], f["level"][0]) for f in bad}))
                counts["silent fired"] += 1
            else:
                state = "silent ok"
                counts["silent ok"] += 1
        print("%-6s %-8s %-45s %-40s %s" % (e["expect"], e["rule"], e["repo"][:45],
                                           ("%s:%s" % (e["file"], e["line"]))[:40], state))
        print("         %s" % e["failure"])
    print("\nexpected rows: fire seen %d, fire missed %d, silent ok %d, silent fired %d"
          % (counts["fire seen"], counts["fire missed"], counts["silent ok"], counts["silent fired"]))

    if a.dump:
        with open(a.dump, "w", encoding="utf-8") as f:
            f.write("repo\tkind\tfile\tline\trule\tlevel\tmessage\n")
            for row in dump:
                f.write("\t".join(row) + "\n")
    if failed:
        print("\n%d repositories failed to run" % failed)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
