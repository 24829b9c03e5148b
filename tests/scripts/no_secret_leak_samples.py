"""Writes a generated sample of every format of rules/secrets.yaml for
tests/scripts/no_secret_leak.sh: a random string matching each pattern
(a generator for the regex subset used there; jwt and private-key built
by hand for their checks), as `X<n> = <sample>` lines of a .env and a .py
file, the random parts of each secret (8 bytes or more) one a line, and
"ID RULE N" for each format's sample on line N.
Fails when a format has no sample that matches its pattern.

usage: python3 no_secret_leak_samples.py SECRETS_YAML SEED ENV PY SECRETS IDS
"""
import random, re, sys
try:
    import re._parser as P
    import re._constants as C
except ImportError:
    import sre_parse as P
    import sre_constants as C
src, seed, envf, pyf, secf, expf = sys.argv[1:7]
fmts, cur = [], None
for line in open(src, encoding="utf-8"):
    m = re.match(r"  - id: (\S+)", line)
    if m:
        cur = {"id": m.group(1), "group": 0, "prefix": 0, "check": ""}
        fmts.append(cur)
        continue
    m = re.match(r"    (pattern|group|prefix|check|rule|anchor|keywords): (.*)", line)
    if m and cur is not None:
        v = m.group(2).strip()
        if m.group(1) == "pattern":
            v = v[1:-1].replace("''", "'")
        elif m.group(1) == "keywords":
            v = v.strip("[").split(",")[0].strip(" ]'")
        elif m.group(1) in ("group", "prefix"):
            v = int(v)
        cur[m.group(1)] = v
rnd = random.Random(int(seed))
SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

def allowed(items, neg):
    ok = set()
    for c in SAFE + "./:+=\"'()":
        hit = False
        for op, av in items:
            if op == C.LITERAL:
                hit |= ord(c) == av
            elif op == C.RANGE:
                hit |= av[0] <= ord(c) <= av[1]
            elif op == C.CATEGORY:
                hit |= {C.CATEGORY_DIGIT: c.isdigit(), C.CATEGORY_WORD: c.isalnum() or c == "_",
                        C.CATEGORY_SPACE: False}.get(av, False)
            elif op == C.NEGATE:
                pass
            else:
                raise SystemExit("unsupported class item %s" % op)
        if hit != neg:
            ok.add(c)
    safe = sorted(c for c in ok if c in SAFE)
    return safe or sorted(ok)

def gen(tree, out, runs):
    """Appends a random string matching tree to out; runs gets the
    (start, end) of every random run of a character class."""
    for op, av in tree:
        if op == C.LITERAL:
            out.append(chr(av))
        elif op in (C.IN, C.ANY, C.NOT_LITERAL):
            if op == C.IN:
                cs = allowed([x for x in av if x[0] != C.NEGATE], bool(av) and av[0][0] == C.NEGATE)
            elif op == C.ANY:
                cs = list(SAFE)
            else:
                cs = [c for c in SAFE if ord(c) != av]
            if not cs: raise SystemExit("empty class %r" % (av,))
            out.append(rnd.choice(cs))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            lo, hi, sub = av
            single = len(sub) == 1 and sub[0][0] in (C.IN, C.ANY, C.NOT_LITERAL, C.CATEGORY)
            neg = single and sub[0][0] == C.IN and sub[0][1][0][0] == C.NEGATE
            n = min(max(lo, 40), hi) if single and (lo > 0 or neg) else lo
            start = len("".join(out))
            for _ in range(n):
                gen(sub, out, runs)
            end = len("".join(out))
            if single and end > start:
                runs.append((start, end))
        elif op == C.SUBPATTERN:
            gen(av[-1], out, runs)
        elif op == C.BRANCH:
            gen(av[1][0], out, runs)
        elif op == C.AT:
            pass
        elif op == C.CATEGORY:
            out.append(rnd.choice({C.CATEGORY_DIGIT: "0123456789"}.get(av, SAFE[:62])))
        else:
            raise SystemExit("no sample for a pattern using %s" % op)

def rstr(n, cs=SAFE[:62]):
    return "".join(rnd.choice(cs) for _ in range(n))

env, py, sec, exp = [], [], [], []
for i, f in enumerate(fmts, 1):
    runs = []
    if f["check"] == "jwt":
        hdr = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
        a, b = "eyJ" + rstr(40), rstr(43)
        s = hdr + "." + a + "." + b
        runs = [(len(hdr) + 4, len(hdr) + 1 + len(a)), (len(s) - len(b), len(s))]
    elif f["check"] == "private-key":
        b1, b2 = rstr(64, SAFE[:62] + "+/"), rstr(40, SAFE[:62] + "+/")
        head = "-----BEGIN PRIVATE KEY-----\\n"
        s = head + b1 + "\\n" + b2 + "\\n-----END PRIVATE KEY-----\\n"
        runs = [(len(head), len(head) + 64), (len(head) + 66, len(head) + 106)]
    else:
        out = []
        gen(P.parse(f["pattern"]), out, runs)
        s = "".join(out)
    m = re.search(f["pattern"], s)
    if not m:
        raise SystemExit("the sample for %s does not match its pattern" % f["id"])
    g0, g1 = m.span(f["group"])
    if f["prefix"]:
        g0 = max(g0, m.end(f["prefix"]))
    secrets = [s[a:b] for a, b in runs if b - a >= 8 and a >= g0 and b <= g1]
    if not secrets and g1 - g0 >= 8:
        secrets = [s[g0:g1]]
    if not secrets and f["check"] != "private-key":
        raise SystemExit("the sample for %s has no random run of 8 or more bytes in its secret" % f["id"])
    if f["check"] == "private-key":
        secrets = [s[a:b] for a, b in runs]
    sec += secrets
    if f.get("anchor") == "line":
        s += "  # " + f["keywords"]  # such formats are matched only beside their keyword
    env.append('X%d = "%s"' % (i, s) if f["check"] == "private-key" else "X%d = %s" % (i, s))
    py.append('X%d = "%s"' % (i, s.replace('"', "'")))
    exp.append("%s %s %d" % (f["id"], f["rule"], i))
if len(fmts) < 10:
    raise SystemExit("only %d formats read from %s" % (len(fmts), src))
for name, lines in ((envf, env), (pyf, py), (secf, sec), (expf, exp)):
    with open(name, "a", encoding="utf-8") as fh:
        fh.write("".join(l + "\n" for l in lines))
