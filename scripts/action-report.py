#!/usr/bin/env python3
"""Helpers of scripts/action-run.sh (the GitHub Action), standard library only.

  action-report.py prefix-github PREFIX           stdin -> stdout
      puts PREFIX/ in front of the file= property of deploylint's
      workflow commands (deploylint's paths are relative to the PATH it
      linted; GitHub wants them relative to the repository)
  action-report.py prefix-sarif PREFIX FILE
      the same for every artifactLocation.uri of a SARIF file (in place)
  action-report.py summary REPORT.json RULES.json PATH FAIL_ON EXIT
      prints the Markdown job summary: counts by level and by rule, and
      the first findings, errors first (RULES.json is
      `deploylint --list-rules --format json`)
"""

import json
import os
import sys
import urllib.parse

TOP = 10
LEVELS = ("error", "warning", "note")


def escape_property(s):
    """As GitHub's toolkit escapes a workflow-command property value."""
    return (s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            .replace(":", "%3A").replace(",", "%2C"))


def prefix_github(prefix):
    esc = escape_property(prefix + "/")
    for line in sys.stdin:
        for cmd in ("::error ", "::warning ", "::notice "):
            if line.startswith(cmd + "file="):
                line = cmd + "file=" + esc + line[len(cmd) + len("file="):]
                break
        sys.stdout.write(line)


def prefix_sarif(prefix, path):
    with open(path, encoding="utf-8") as f:
        sarif = json.load(f)
    pre = urllib.parse.quote(prefix + "/", safe="/")

    def fix(loc):
        art = loc.get("physicalLocation", {}).get("artifactLocation")
        if art and "uri" in art:
            art["uri"] = pre + art["uri"]

    for run in sarif.get("runs", []):
        for res in run.get("results", []):
            for loc in res.get("locations", []) + res.get("relatedLocations", []):
                fix(loc)
        for art in run.get("artifacts", []):
            if "uri" in art.get("location", {}):
                art["location"]["uri"] = pre + art["location"]["uri"]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(sarif, f, indent=2, ensure_ascii=False)
        f.write("\n")


def md_text(s):
    """Escapes text for a Markdown table cell; `code spans` stay code."""
    s = s.replace("\r", " ").replace("\n", " ")
    parts = s.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: the rest is text
        parts[-2] = parts[-2] + "`" + parts.pop()
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append("`" + part.replace("|", "\\|") + "`")
            continue
        for ch in part:
            if ch in "\\*_[]|#":
                out.append("\\" + ch)
            elif ch == "<":
                out.append("&lt;")
            elif ch == ">":
                out.append("&gt;")
            elif ch == "&":
                out.append("&amp;")
            else:
                out.append(ch)
    return "".join(out)


def plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def where(f):
    text = "%s:%d:%d" % (f["path"], f["line"], f["column"]) if f["line"] else f["path"]
    server = os.environ.get("GITHUB_SERVER_URL")
    repo = os.environ.get("GITHUB_REPOSITORY")
    sha = os.environ.get("GITHUB_SHA")
    if not (server and repo and sha and f["path"]):
        return "`%s`" % text.replace("`", "'").replace("|", "\\|")
    url = "%s/%s/blob/%s/%s" % (server, repo, sha, urllib.parse.quote(f["path"]))
    if f["line"]:
        url += "#L%d" % f["line"]
    return "[%s](%s)" % (md_text(text), url)


def summary(report_path, rules_path, path, fail_on, code):
    with open(report_path, encoding="utf-8") as f:
        report = json.load(f)
    with open(rules_path, encoding="utf-8") as f:
        rules = {r["id"]: r for r in json.load(f)}
    findings = report["findings"]
    counts = report["summary"]
    out = ["## deploylint", ""]
    where_linted = "`%s`" % path.replace("`", "'")
    if code == 0:
        verdict = "passed (fails on %s)" % fail_on
    else:
        verdict = "**failed** (fails on %s)" % fail_on
    if not findings:
        out.append("No problems found in %s: %s." % (where_linted, verdict))
        print("\n".join(out))
        return
    out.append("%s, %s, %s in %s: %s." % (
        plural(counts["errors"], "error"), plural(counts["warnings"], "warning"),
        plural(counts["notes"], "note"), where_linted, verdict))
    out += ["", "| level | findings |", "|---|---:|"]
    for level, key in zip(LEVELS, ("errors", "warnings", "notes")):
        out.append("| %s | %d |" % (level, counts[key]))
    by_rule = {}
    for f in findings:
        by_rule.setdefault(f["rule"], dict.fromkeys(LEVELS, 0))[f["level"]] += 1
    out += ["", "| rule | what | errors | warnings | notes |",
            "|---|---|---:|---:|---:|"]
    for rule in sorted(by_rule, key=lambda r: (
            [-by_rule[r][lv] for lv in LEVELS], r)):
        c = by_rule[rule]
        what = md_text(rules.get(rule, {}).get("summary", ""))
        out.append("| %s | %s | %d | %d | %d |" % (
            rule, what, c["error"], c["warning"], c["note"]))
    rank = {lv: i for i, lv in enumerate(LEVELS)}
    top = sorted(enumerate(findings), key=lambda p: (rank[p[1]["level"]], p[0]))
    shown = [f for _, f in top[:TOP]]
    out += ["", "### Top findings", "", "| level | rule | where | message |",
            "|---|---|---|---|"]
    for f in shown:
        out.append("| %s | %s | %s | %s |" % (
            f["level"], f["rule"], where(f), md_text(f["message"])))
    if len(findings) > len(shown):
        out += ["", "%s in the annotations and the SARIF report." %
                plural(len(findings) - len(shown), "more finding")]
    print("\n".join(out))


def main(argv):
    if len(argv) == 3 and argv[1] == "prefix-github":
        prefix_github(argv[2])
    elif len(argv) == 4 and argv[1] == "prefix-sarif":
        prefix_sarif(argv[2], argv[3])
    elif len(argv) == 7 and argv[1] == "summary":
        summary(argv[2], argv[3], argv[4], argv[5], int(argv[6]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
