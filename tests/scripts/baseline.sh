#!/bin/sh
# Baselines: `deploylint baseline` records the findings (sorted, one entry
# a line, no line numbers); --baseline hides exactly those, across line
# shifts, for every rule (not only secrets); new findings and stale entries
# show; a broken baseline file is a usage error (exit 2).
#
# usage: sh baseline.sh BINARY SOURCE_DIR
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlbaseline.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC NO_COLOR=
unset GITHUB_ACTIONS
fail() {
	echo "baseline: $*"
	exit 1
}

mkdir -p "$tmp/repo/alembic/versions" "$tmp/repo/app"
cd "$tmp/repo" || exit 2
printf '[alembic]\nscript_location = alembic\n' >alembic.ini
printf 'import os\nurl = os.environ["DATABASE_URL"]\n' >alembic/env.py
A=1975ea83b712 B=3c7e2a9d41f0 C=8b0d5f1e6a24
for r in $A $B $C; do
	down=None
	[ $r = $A ] || down="'$A'"
	printf '"""%s"""\nrevision = %s\ndown_revision = %s\n' "$r" "'$r'" "$down" \
		>alembic/versions/${r}_step.py
done
printf 'SECRET_KEY = "4f9a1c7e3b2d8f6a0c5e9b1d7f3a2c8e6b4d0f1a3c5e7b9d2f4a6c8e0b1d3f5a"\n' >app/config.py

# the repository has two heads (ALM001 twice) and a hard-coded secret
"$bin" --format json . >"$tmp/before.json"
grep -q '"ALM001"' "$tmp/before.json" || fail "the test repository has no ALM001 finding"
grep -q '"SEC004"' "$tmp/before.json" || fail "the test repository has no SEC004 finding"

"$bin" baseline . >"$tmp/bl.json" 2>"$tmp/err" || fail "deploylint baseline exited $?"
n=$(grep -c '^    {"rule": ' "$tmp/bl.json")
[ "$n" = 3 ] || fail "expected 3 entries, one a line, got $n: $(cat "$tmp/bl.json")"
grep -q '"line"' "$tmp/bl.json" && fail "the baseline records line numbers"
# entries sorted by path, then rule
sed -n 's/^    {"rule": "\([A-Z0-9]*\)", "path": "\([^"]*\)".*/\2 \1/p' "$tmp/bl.json" >"$tmp/keys"
sort -c "$tmp/keys" || fail "entries are not sorted"
# the same findings give the same file
"$bin" baseline . >"$tmp/bl2.json"
cmp -s "$tmp/bl.json" "$tmp/bl2.json" || fail "two runs wrote different baselines"

# everything known: nothing reported, exit 0, nothing stale
"$bin" --baseline "$tmp/bl.json" . >"$tmp/out" 2>"$tmp/err"
code=$?
[ $code = 0 ] || fail "exit $code with a complete baseline: $(cat "$tmp/out")"
grep -q "^no problems found" "$tmp/out" || fail "findings left: $(cat "$tmp/out")"
grep -q "3 findings hidden, 0 entries no longer match" "$tmp/err" || fail "stderr: $(cat "$tmp/err")"

# shift every line: still nothing
for f in app/config.py alembic/versions/${B}_step.py alembic/versions/${C}_step.py; do
	{ printf '# moved\n\n\n'; cat "$f"; } >"$f.new" && mv "$f.new" "$f"
done
"$bin" --baseline "$tmp/bl.json" . >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] || fail "line shifts broke the baseline: $(cat "$tmp/out")"

# a new secret is reported; merging the heads leaves two stale entries
printf 'API_TOKEN = "Zq4vN8mK2xL7pR3tW9yB5cF1"\n' >>app/config.py
printf '"""%s"""\nrevision = %s\ndown_revision = %s\n' $C "'$C'" "'$B'" >alembic/versions/${C}_step.py
"$bin" --baseline "$tmp/bl.json" . >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] || fail "a new secret did not fail the run"
grep -q "app/config.py:5:14: error\[SEC004\].*API_TOKEN" "$tmp/out" || fail "new secret not reported: $(cat "$tmp/out")"
[ "$(grep -c '\[' "$tmp/out")" = 1 ] || fail "more than the new finding reported: $(cat "$tmp/out")"
grep -q "1 finding hidden, 2 entries no longer match any finding (refresh it" "$tmp/err" ||
	fail "stale entry not counted: $(cat "$tmp/err")"

# broken baselines are usage errors naming the file
printf '{"version": "1", "findings": [{"rule": 1}]}\n' >"$tmp/bad.json"
"$bin" --baseline "$tmp/bad.json" . >/dev/null 2>"$tmp/err"
[ $? = 2 ] || fail "a malformed entry is not exit 2"
grep -q "bad.json: entry 1 needs" "$tmp/err" || fail "stderr: $(cat "$tmp/err")"
printf 'not json' >"$tmp/bad.json"
"$bin" --baseline "$tmp/bad.json" . >/dev/null 2>"$tmp/err"
[ $? = 2 ] || fail "invalid JSON is not exit 2"
"$bin" --baseline "$tmp/missing.json" . >/dev/null 2>"$tmp/err"
[ $? = 2 ] || fail "a missing baseline is not exit 2"
"$bin" baseline --format sarif . >/dev/null 2>"$tmp/err"
[ $? = 2 ] || fail "baseline --format sarif is not exit 2"
# -o writes the baseline to a file
"$bin" baseline -o "$tmp/bl3.json" . || fail "baseline -o failed"
grep -q '"SEC004"' "$tmp/bl3.json" || fail "baseline -o wrote nothing"

# an ignored .env is linted (local settings): its findings get entries with
# stable fingerprints, hidden across line shifts, never SEC entries
mkdir -p "$tmp/envrepo" && cd "$tmp/envrepo" || exit 2
git init -q . && printf '.env\n' >.gitignore && git add .gitignore || fail "git init failed"
printf 'DATABASE_URL=DATABASE_URL=postgresql://app:Hn4Rw8Zq2Lx6Tv9B@db.internal/app\n' >.env
"$bin" baseline . >"$tmp/env-bl.json" || fail "baseline of the ignored .env failed"
grep -q '{"rule": "ENV001", "path": ".env", ' "$tmp/env-bl.json" ||
	fail "no ENV001 entry for the ignored .env: $(cat "$tmp/env-bl.json")"
grep -q '"SEC' "$tmp/env-bl.json" && fail "SEC entry for the ignored .env: $(cat "$tmp/env-bl.json")"
"$bin" baseline . >"$tmp/env-bl2.json"
cmp -s "$tmp/env-bl.json" "$tmp/env-bl2.json" || fail "two runs wrote different baselines for the ignored .env"
{ printf '# local settings\nPORT=8000\n'; cat .env; } >.env.new && mv .env.new .env
"$bin" --baseline "$tmp/env-bl.json" . >"$tmp/out" 2>"$tmp/err"
[ $? = 0 ] || fail "the ignored .env's finding is not hidden after a line shift: $(cat "$tmp/out")"
grep -q "1 finding hidden, 0 entries no longer match" "$tmp/err" || fail "stderr: $(cat "$tmp/err")"
echo "baseline: ok"
exit 0
