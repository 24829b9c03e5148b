#!/bin/sh
# deploylint env: the seed's mistake (DATABASE_URL=DATABASE_URL=...) caught
# from each input (the process environment, a dotenv file, Render API JSON
# in pages) in every format; planted secrets (generated here, of the
# catalogue's formats and under secret-named keys, and database URL
# passwords) in no output; bad input (invalid JSON, a binary file, 100 MB on
# stdin, keys with line breaks or '::') gives a PARSE001 finding or a usage
# error, never a crash, in bounded memory; --service, --python-from-path,
# --fail-on and a run with no repository.
#
# usage: sh env_cmd.sh BINARY SOURCE_DIR
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlenv.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" LC_ALL=C TZ=UTC NO_COLOR=
unset GITHUB_ACTIONS
mkdir -p "$HOME" "$tmp/repo" "$tmp/none" "$tmp/out"
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}

# gen N: N letters and digits, different on every call, never a word
n=0
gen() {
	n=$((n + 1))
	awk -v s="$n" -v len="$1" 'BEGIN {
		cs = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
		s = s * 7919 + 13
		for (i = 0; i < len; i++) {
			s = (s * 75 + 74) % 65537
			printf "%s", substr(cs, s % length(cs) + 1, 1)
		}
	}'
}
pw=$(gen 20)
stripe="sk_live_$(gen 32)"
aws="AKIA$(gen 16 | tr 'a-z' 'A-Z' | tr -d '01')"
ghp="ghp_$(gen 36)"
skey=$(gen 48)
printf '%s\n' "$pw" "${stripe#sk_live_}" "${aws#AKIA}" "${ghp#ghp_}" "$skey" >"$tmp/secrets"

# windows: every 8-byte window of every planted secret, one a line
windows() {
	awk '{ for (i = 1; i + 7 <= length($0); i++) print substr($0, i, 8) }' "$tmp/secrets" \
		>"$tmp/windows"
}
windows
# leaks FILE...: fails when any 8-byte window of a planted secret is there
leaks() {
	if grep -qF -f "$tmp/windows" -- "$@"; then
		bad "a planted secret is in $(grep -lF -f "$tmp/windows" -- "$@" | tr '\n' ' ')"
	fi
}

# crashed NAME CODE ERRFILE: exit codes above 3 or sanitizer reports
crashed() {
	if [ "$2" -gt 3 ]; then
		bad "$1: exit $2 (crash?)"
		sed -n 1,5p "$3"
	fi
	if grep -Eq 'Sanitizer|runtime error' "$3"; then
		bad "$1: sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error' "$3")"
	fi
}

seed_url="postgresql+psycopg2://pp_user:$pw@dpg-d1abc2def3ghi4-a/pocket_pallet"
cat >"$tmp/repo/requirements.txt" <<'EOF'
fastapi==0.110.0
sqlalchemy==2.0.20
psycopg2-binary==2.9.9
EOF
cat >"$tmp/deploy.env" <<EOF
DATABASE_URL=DATABASE_URL=$seed_url
STRIPE_SECRET_KEY=$stripe
AWS_ACCESS_KEY_ID=$aws
GH_TOKEN=$ghp
SECRET_KEY=$skey
CORS_ORIGINS=https://app.mysite.io/
EOF
{
	printf '[{"envVar": {"key": "DATABASE_URL", "value": "DATABASE_URL=%s"}, "cursor": "c1"},\n' "$seed_url"
	printf ' {"envVar": {"key": "STRIPE_SECRET_KEY", "value": "%s"}, "cursor": "c2"}]\n' "$stripe"
	printf '[{"envVar": {"key": "AWS_ACCESS_KEY_ID", "value": "%s"}, "cursor": "c3"},\n' "$aws"
	printf ' {"envVar": {"key": "GH_TOKEN", "value": "%s"}, "cursor": "c4"},\n' "$ghp"
	printf ' {"envVar": {"key": "SECRET_KEY", "value": "%s"}, "cursor": "c5"},\n' "$skey"
	printf ' {"envVar": {"key": "CORS_ORIGINS", "value": "https://app.mysite.io/"}, "cursor": "c6"}]\n'
} >"$tmp/pages.json"

# ---- the seed's mistake from each input, every format ---------------------
for input in environ dotenv json; do
	for fmt in text json sarif github; do
		o="$tmp/out/$input.$fmt"
		case $input in
		environ) where="env:DATABASE_URL" ;;
		dotenv) where="../deploy.env" ;;
		json) where="render-api:DATABASE_URL" ;;
		esac
		if [ $input = environ ]; then
			(cd "$tmp/repo" && env -i PATH="$PATH" DATABASE_URL="DATABASE_URL=$seed_url" \
				STRIPE_SECRET_KEY="$stripe" AWS_ACCESS_KEY_ID="$aws" GH_TOKEN="$ghp" \
				SECRET_KEY="$skey" CORS_ORIGINS=https://app.mysite.io/ \
				"$bin" env --context --verbose --format "$fmt") >"$o" 2>"$o.err"
		elif [ $input = dotenv ]; then
			(cd "$tmp/repo" && "$bin" env --context --verbose --from ../deploy.env --format "$fmt") \
				>"$o" 2>"$o.err"
		else
			(cd "$tmp/repo" && "$bin" env --context --verbose --from - --format "$fmt" \
				<../pages.json) >"$o" 2>"$o.err"
		fi
		code=$?
		crashed "$input/$fmt" "$code" "$o.err"
		[ "$code" = 1 ] || bad "$input/$fmt: exit $code, expected 1"
		grep -q ENV001 "$o" || bad "$input/$fmt: no ENV001 for the seed's DATABASE_URL=DATABASE_URL=..."
		grep -q ENV002 "$o" || bad "$input/$fmt: no ENV002 for the trailing slash"
		grep -qF "$where" "$o" || bad "$input/$fmt: the finding does not name $where"
		leaks "$o" "$o.err"
	done
	# text with --context shows the masked line
	grep -q '\*\*\*\*' "$tmp/out/$input.text" || bad "$input: --context shows no masked value"
	# JSON and SARIF parse; logical locations where there is no file
	python3 -c 'import json,sys; json.load(open(sys.argv[1])); json.load(open(sys.argv[2]))' \
		"$tmp/out/$input.json" "$tmp/out/$input.sarif" || bad "$input: invalid JSON or SARIF"
done
grep -q '"logicalLocations"' "$tmp/out/environ.sarif" || bad "environ: SARIF has no logicalLocations"
grep -q '"fullyQualifiedName": "render-api:DATABASE_URL"' "$tmp/out/json.sarif" ||
	bad "json: SARIF does not name render-api:DATABASE_URL"
grep -q '"uri": "../deploy.env"' "$tmp/out/dotenv.sarif" || bad "dotenv: SARIF has no physical location"
grep -q '^::error title=deploylint ENV001::env:DATABASE_URL: ' "$tmp/out/environ.github" ||
	bad "environ: github annotation does not name env:DATABASE_URL"
grep -q '^::error file=../deploy.env,line=1,col=14,' "$tmp/out/dotenv.github" ||
	bad "dotenv: github annotation is not at ../deploy.env:1:14"
grep -q 'checked from Render API JSON' "$tmp/out/json.text.err" || bad "json: not read as Render API JSON"

# pages merged into one list (jq -s add) read the same
python3 -c 'import json,sys
docs, d, i = [], json.JSONDecoder(), 0
t = open(sys.argv[1]).read()
while t[i:].strip():
    while t[i].isspace(): i += 1
    o, i = d.raw_decode(t, i); docs.extend(o)
json.dump(docs, open(sys.argv[2], "w"))' "$tmp/pages.json" "$tmp/merged.json"
(cd "$tmp/repo" && "$bin" env --from ../merged.json --format json) >"$tmp/out/merged.json" 2>&1
sed 's/"fingerprint": "[0-9a-f]*"//' "$tmp/out/merged.json" >"$tmp/out/merged.cmp"
(cd "$tmp/repo" && "$bin" env --from ../pages.json --format json) | sed 's/"fingerprint": "[0-9a-f]*"//' >"$tmp/out/pages.cmp"
cmp -s "$tmp/out/merged.cmp" "$tmp/out/pages.cmp" || bad "one merged list and separate pages differ"

# ---- bad input ---------------------------------------------------------------
# runbad NAME EXPECTED_EXIT PATTERN ARGS...: (stdin from $tmp/stdin)
runbad() {
	name=$1 want=$2 pat=$3
	shift 3
	for fmt in text json sarif github; do
		o="$tmp/out/bad-$name.$fmt"
		(cd "$tmp/none" && timeout 60 "$bin" env "$@" --format "$fmt") <"$tmp/stdin" >"$o" 2>"$o.err"
		code=$?
		crashed "$name/$fmt" "$code" "$o.err"
		[ "$code" = "$want" ] || bad "$name/$fmt: exit $code, expected $want"
		grep -q PARSE001 "$o" || bad "$name/$fmt: no PARSE001"
		grep -Eq "$pat" "$o" "$o.err" || bad "$name/$fmt: no '$pat'"
		leaks "$o" "$o.err"
	done
}
: >"$tmp/stdin"
printf '[{"envVar": {"key": "DATABASE_URL", "value": "postgresql://u:%s@h/d"}},\n {"envVar": {"key": "X", "value": %s}}]\n' "$pw" "$stripe" >"$tmp/invalid.json"
runbad invalid-json 1 'not valid JSON' --from "$tmp/invalid.json"
grep -q 'invalid.json:2:' "$tmp/out/bad-invalid-json.text" || bad "invalid JSON: no line:col"
printf '{"envVar": {"key": "A", "value": "1"}} [{"envVar": "x"}, 3, {"nope": 1}]' >"$tmp/shape.json"
runbad json-shape 1 'item 2 of document 2' --from "$tmp/shape.json"
printf 'SECRET_KEY=%s\n\0\1\2binary' "$skey" >"$tmp/binary.bin"
runbad binary 1 'NUL byte' --from "$tmp/binary.bin"
printf '[{"envVar": {"key": "BAD\\nKEY", "value": "%s"}},\n {"envVar": {"key": "X::warning::INJECTED", "value": "<your-token>"}},\n {"envVar": {"key": "", "value": "%s"}}]\n' "$stripe" "$ghp" >"$tmp/keys.json"
runbad keys 1 'item 1 of document 1' --from "$tmp/keys.json"
for k in 1 2 3; do
	grep -q "the key of item $k of document 1 is no environment variable name" "$tmp/out/bad-keys.text" ||
		bad "keys: item $k's key is not reported as no variable name"
done
grep -q 'INJECTED' "$tmp/out/bad-keys.text" "$tmp/out/bad-keys.github" && bad "keys: a bad key is printed"
if grep -v '^::' "$tmp/out/bad-keys.github" | grep -q .; then
	bad "keys: a github output line does not start a workflow command"
fi
printf "'BAD\nKEY'=%s\n" "$stripe" >"$tmp/keys.env"
runbad dotenv-key 1 'no environment variable name' --from "$tmp/keys.env"
# 100 MB on stdin: a finding, in bounded memory
gen 40 | awk '{ for (i = 0; i < 20; i++) print "DATABASE_URL=postgresql://u:" $0 "@h/d" }' >"$tmp/line"
big() {
	yes "$(head -n 1 "$tmp/line")" | head -c 104857600 |
		timeout 120 "$@" env --from - --format text >"$tmp/out/big" 2>"$tmp/out/big.err"
	echo $? >"$tmp/out/big.code"
}
if [ -x /usr/bin/time ] && ! grep -q __asan "$bin" 2>/dev/null; then
	big /usr/bin/time -f '%M' -o "$tmp/out/big.rss" "$bin"
	rss=$(tail -n 1 "$tmp/out/big.rss")
	[ "$rss" -lt 65536 ] || bad "100 MB stdin: ${rss} KiB resident (not bounded)"
else
	big "$bin"
fi
code=$(cat "$tmp/out/big.code")
crashed big "$code" "$tmp/out/big.err"
[ "$code" = 1 ] || bad "100 MB stdin: exit $code, expected 1"
grep -q 'PARSE001.*longer than 8 MiB' "$tmp/out/big" || bad "100 MB stdin: no PARSE001"
printf '%s\n' "$(head -n 1 "$tmp/line" | sed 's/.*u://; s/@h.*//')" >>"$tmp/secrets"
windows
leaks "$tmp/out/big" "$tmp/out/big.err"

# ---- usage errors: exit 2 ----------------------------------------------------
usage() {
	(cd "$tmp/repo" && "$bin" "$@") >"$tmp/out/usage" 2>&1 </dev/null
	code=$?
	[ "$code" = 2 ] || bad "deploylint $*: exit $code, expected 2"
	leaks "$tmp/out/usage"
}
usage env --from "$tmp/missing.env"
usage env --from "$tmp/none"
usage env --service api
usage env --from - . ../none
usage --from "$tmp/deploy.env" .
usage env --staged
usage env --from "$tmp/deploy.env" --format nope

# ---- no repository: only the value rules ---------------------------------
printf 'DATABASE_URL=postgresql+asyncpg://u:%s@db.internal/app\nPYTHON_VERSION=3.13.1\n' "$pw" >"$tmp/async.env"
(cd "$tmp/none" && "$bin" env --from ../async.env --format text) >"$tmp/out/norepo" 2>&1
code=$?
[ "$code" = 0 ] || bad "no repository: exit $code, expected 0"
grep -q 'REQ00' "$tmp/out/norepo" && bad "no repository: a requirements cross-check ran"
(cd "$tmp/repo" && "$bin" env --from ../async.env --format text) >"$tmp/out/repo" 2>&1
grep -q 'REQ003.*asyncpg' "$tmp/out/repo" || bad "with the repository: no REQ003 for asyncpg"
grep -q 'REQ001.*Python 3.13' "$tmp/out/repo" || bad "with the repository: no REQ001 for PYTHON_VERSION=3.13.1"
(cd "$tmp/none" && env -i PATH="$PATH" DATABASE_URL="postgres://u:$pw@db.internal/app" "$bin" env) \
	>"$tmp/out/norepo-env" 2>&1
grep -q '^env:DATABASE_URL: error\[DB001\]' "$tmp/out/norepo-env" || bad "process environment, no repository: no DB001"
leaks "$tmp/out/norepo" "$tmp/out/repo" "$tmp/out/norepo-env"

# ---- --fail-on ------------------------------------------------------------------
printf 'CORS_ORIGINS=https://app.mysite.io/\n' >"$tmp/warn.env"
(cd "$tmp/none" && "$bin" env --from ../warn.env) >/dev/null 2>&1
[ $? = 0 ] || bad "a warning only: exit not 0 with --fail-on error"
(cd "$tmp/none" && "$bin" env --from ../warn.env --fail-on warning) >/dev/null 2>&1
[ $? = 1 ] || bad "a warning only: exit not 1 with --fail-on warning"
(cd "$tmp/none" && "$bin" env --from ../deploy.env --fail-on never) >/dev/null 2>&1
[ $? = 0 ] || bad "--fail-on never: exit not 0"

# ---- --service: the service's requirements and PYTHON_VERSION -------------------
mkdir -p "$tmp/svc/api" "$tmp/svc/worker"
cat >"$tmp/svc/render.yaml" <<'EOF'
services:
- type: web
  name: api
  runtime: python
  rootDir: api
  buildCommand: pip install -r requirements.txt
  startCommand: uvicorn app:app
- type: worker
  name: worker
  runtime: python
  rootDir: worker
  buildCommand: pip install -r requirements.txt
  startCommand: python worker.py
  envVars:
  - key: PYTHON_VERSION
    value: 3.13.1
EOF
printf 'sqlalchemy==2.0.36\nasyncpg==0.30.0\n' >"$tmp/svc/api/requirements.txt"
printf 'sqlalchemy==2.0.20\npsycopg2-binary==2.9.10\n' >"$tmp/svc/worker/requirements.txt"
printf 'DATABASE_URL=postgresql+asyncpg://u:%s@db.internal/app\n' "$pw" >"$tmp/svc.env"
(cd "$tmp/svc" && "$bin" env --from ../svc.env --service api) >"$tmp/out/svc-api" 2>&1
[ $? = 0 ] || bad "--service api: findings where its requirements install asyncpg: $(head -n 2 "$tmp/out/svc-api")"
(cd "$tmp/svc" && "$bin" env --from ../svc.env --service worker) >"$tmp/out/svc-worker" 2>&1
grep -q 'REQ003.*worker/requirements.txt' "$tmp/out/svc-worker" || bad "--service worker: no REQ003 naming worker/requirements.txt"
grep -q 'worker/requirements.txt:1:11: error\[REQ001\]' "$tmp/out/svc-worker" ||
	bad "--service worker: no REQ001 from the service's PYTHON_VERSION"
(cd "$tmp/svc" && "$bin" env --from ../svc.env) >"$tmp/out/svc-none" 2>&1
grep -q 'REQ003' "$tmp/out/svc-none" && bad "two services, no --service: REQ003 guessed a service"
leaks "$tmp/out/svc-api" "$tmp/out/svc-worker" "$tmp/out/svc-none"

# ---- --python-from-path: the python3 on PATH ------------------------------------
mkdir -p "$tmp/fakebin" "$tmp/nopy"
printf '#!/bin/sh\necho "Python 3.13.0"\n' >"$tmp/fakebin/python3"
chmod +x "$tmp/fakebin/python3"
printf 'DATABASE_URL=postgresql://u:%s@db.internal/app\n' "$pw" >"$tmp/plain.env"
(cd "$tmp/repo" && PATH="$tmp/fakebin:$PATH" "$bin" env --from ../plain.env --python-from-path --context) \
	>"$tmp/out/pypath" 2>&1
grep -q 'REQ001.*Python 3.13' "$tmp/out/pypath" || bad "--python-from-path: no REQ001 for Python 3.13"
grep -q 'python3: note: Python 3.13: the python3 on PATH' "$tmp/out/pypath" ||
	bad "--python-from-path: the note does not name the python3 on PATH"
ln -s "$(command -v env)" "$tmp/nopy/env"
(cd "$tmp/repo" && PATH="$tmp/nopy" "$bin" env --from ../plain.env --python-from-path) >/dev/null 2>&1
[ $? = 2 ] || bad "--python-from-path without python3: exit not 2"

[ $fail = 0 ] && echo "env_cmd: ok"
exit $fail
