#!/usr/bin/env python3
"""Precision and recall of deploylint on the corpus of bench/precision.

Usage: measure.py BINARY [--corpus DIR] [--report-only] [--dump FILE]
                         [--only REPO[,REPO...]] [--jobs N]

Runs `BINARY --format json --fail-on never .` in every corpus repository
listed in repos.tsv (extracted by setup.sh under DIR, default /work/corpus),
keeps the findings at error and warning level, and matches each to
verdicts.tsv by (repo, file, line, rule). Prints, per rule: findings,
true, false, unjudged, precision (true / judged), then recall: the real
secrets of secrets.tsv reported by some SEC finding at error or warning
level on the same file and line, over all of them.

Exits 1 when SEC precision < 0.95 or recall < 1.0 (unless --report-only),
2 on usage errors or a missing corpus repository. Python 3 stdlib only.
"""

import argparse
import concurrent.futures
import csv
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEVELS = ("error", "warning")


def read_tsv(name):
    with open(os.path.join(HERE, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def run_one(binary, corpus, repo):
    d = os.path.join(corpus, repo.replace("/", "__", 1))
    if not os.path.isdir(d):
        return repo, None, "missing corpus repository %s (run setup.sh)" % d
    p = subprocess.run(
        [binary, "--format", "json", "--fail-on", "never", "."],
        cwd=d,
        capture_output=True,
    )
    if p.returncode != 0:
        return repo, None, "exit %d: %s" % (p.returncode, p.stderr.decode(errors="replace")[:300])
    try:
        doc = json.loads(p.stdout)
    except ValueError as e:
        return repo, None, "bad JSON: %s" % e
    return repo, doc.get("findings", []), None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("binary")
    ap.add_argument("--corpus", default=os.environ.get("CORPUS", "/work/corpus"))
    ap.add_argument("--report-only", action="store_true", help="always exit 0 after reporting")
    ap.add_argument("--dump", help="write every error/warning finding as TSV to FILE")
    ap.add_argument("--only", help="comma-separated repos (owner/name)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sec-only", action="store_true", help="list unjudged SEC findings only")
    ap.add_argument("--markdown", action="store_true", help="also print the per-rule table as Markdown")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)

    repos = read_tsv("repos.tsv")
    commit = {r["repo"]: r["commit"] for r in repos}
    names = [r["repo"] for r in repos]
    if a.only:
        want = set(a.only.split(","))
        names = [n for n in names if n in want]
    verdicts = {}
    for v in read_tsv("verdicts.tsv"):
        verdicts[(v["repo"], v["file"], int(v["line"]), v["rule"])] = v
    secrets = [s for s in read_tsv("secrets.tsv") if s["repo"] in names]

    findings = []  # (repo, file, line, rule, level, message)
    failed = False
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        for repo, fs, err in ex.map(lambda n: run_one(binary, a.corpus, n), names):
            if err:
                print("%s: %s" % (repo, err), file=sys.stderr)
                failed = True
                continue
            for f in fs:
                if f.get("level") in LEVELS:
                    findings.append((repo, f["path"], int(f.get("line") or 0), f["rule"], f["level"], f.get("message", "")))
    if failed:
        return 2
    findings.sort()

    if a.dump:
        with open(a.dump, "w", encoding="utf-8") as out:
            out.write("repo\tcommit\tfile\tline\trule\tlevel\tmessage\n")
            for repo, path, line, rule, level, msg in findings:
                msg = msg.replace("\t", " ").replace("\n", " ")
                out.write("\t".join([repo, commit[repo], path, str(line), rule, level, msg]) + "\n")

    per = {}
    unjudged = []
    for repo, path, line, rule, level, _ in findings:
        s = per.setdefault(rule, [0, 0, 0, 0])
        s[0] += 1
        v = verdicts.get((repo, path, line, rule))
        if v is None:
            s[3] += 1
            unjudged.append((repo, path, line, rule, level))
        elif v["verdict"] == "true":
            s[1] += 1
        else:
            s[2] += 1

    def prec(t, fl):
        return (t / (t + fl)) if t + fl else None

    def fmt(p):
        return "-" if p is None else "%.3f" % p

    print("deploylint precision on %d corpus repositories (%s)" % (len(names), a.binary))
    print("%-8s %8s %6s %6s %9s %9s" % ("rule", "findings", "true", "false", "unjudged", "precision"))
    tot = {"SEC": [0, 0, 0, 0], "other": [0, 0, 0, 0]}
    for rule in sorted(per):
        s = per[rule]
        print("%-8s %8d %6d %6d %9d %9s" % (rule, s[0], s[1], s[2], s[3], fmt(prec(s[1], s[2]))))
        t = tot["SEC" if rule.startswith("SEC") else "other"]
        for i in range(4):
            t[i] += s[i]
    for k in ("SEC", "other"):
        t = tot[k]
        print("%-8s %8d %6d %6d %9d %9s" % ("all " + k, t[0], t[1], t[2], t[3], fmt(prec(t[1], t[2]))))

    if a.markdown:
        print()
        print("| rule | findings | true | false | unjudged | precision |")
        print("| --- | --- | --- | --- | --- | --- |")
        for rule in sorted(per):
            s = per[rule]
            print("| %s | %d | %d | %d | %d | %s |" % (rule, s[0], s[1], s[2], s[3], fmt(prec(s[1], s[2]))))
        for k in ("SEC", "other"):
            t = tot[k]
            print("| all %s | %d | %d | %d | %d | %s |" % (k, t[0], t[1], t[2], t[3], fmt(prec(t[1], t[2]))))
        print()

    sec_at = {}
    for repo, path, line, rule, level, _ in findings:
        if rule.startswith("SEC"):
            sec_at.setdefault((repo, path, line), []).append(rule)
    found = 0
    missed = []
    per_kind = {}
    for s in secrets:
        key = (s["repo"], s["file"], int(s["line"]))
        k = per_kind.setdefault(s["kind"], [0, 0])
        k[1] += 1
        if key in sec_at:
            found += 1
            k[0] += 1
        else:
            missed.append(s)
    recall = found / len(secrets) if secrets else None
    print()
    print("recall of real secrets (secrets.tsv): %d / %d = %s" % (found, len(secrets), fmt(recall)))
    for kind in sorted(per_kind):
        k = per_kind[kind]
        print("  %-24s %3d / %3d" % (kind, k[0], k[1]))
    for s in missed:
        print("  missed: %s %s:%s %s (%s)" % (s["repo"], s["file"], s["line"], s["kind"], s["why"]))

    listed = [u for u in unjudged if not a.sec_only or u[3].startswith("SEC")]
    if listed:
        print()
        print("unjudged findings (%d):" % len(listed))
        for repo, path, line, rule, level in listed:
            print("  %s %s:%d:%s (%s)" % (repo, path, line, rule, level))

    sec = tot["SEC"]
    sec_prec = prec(sec[1], sec[2])
    ok = (sec_prec is None or sec_prec >= 0.95) and (recall is None or recall >= 1.0)
    print()
    print(
        "targets: SEC precision %s (>= 0.95), recall %s (= 1.0): %s"
        % (fmt(sec_prec), fmt(recall), "met" if ok else "NOT met")
    )
    if a.report_only:
        return 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
