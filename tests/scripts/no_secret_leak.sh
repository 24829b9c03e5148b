#!/bin/sh
# No output ever shows a secret. Plants a credential of every format the
# catalogue knows, database URL passwords in alembic.ini, .env, render.yaml
# and settings.py, and secret-named values (also where other rules report
# the same lines: ALM006, ENV005, ENV006, RND006...) into a git repository;
# and (issue 13) catalogue formats under neutral keys in a CR LF .env,
# values masked only in part (comment tails, ${...} prefixes), malformed
# lines (`export KEY VALUE`, a pasted token, a comment), a user-defined
# secret-pattern used on other rules' lines, secrets in .python-version,
# runtime.txt and a revision's docstring, and one in a configuration key;
# a generated sample of every format of rules/secrets.yaml under neutral
# keys in a .env and a .py file (no_secret_leak_samples.py, which fails on
# a format it cannot generate; each must be reported in the .py file), and
# malformed baselines, one naming secrets.
# Runs every output format (text with --context, json, sarif, github),
# --verbose, baseline, --baseline, --fix --dry-run (text and json), --fix
# itself (on a copy), config, graph (text and dot) and a configuration
# error, and fails when any 8-byte window of any planted secret appears in
# any of their outputs (stdout and stderr). The secrets are generated here,
# so that this repository holds none.
#
# usage: sh no_secret_leak.sh BINARY SOURCE_DIR
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
src=$(cd "$2" && pwd) || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlleak.XXXXXX") || exit 2
# DL_LEAK_KEEP=1 keeps the repository and outputs for a look
[ "${DL_LEAK_KEEP:-0}" = 1 ] || trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C TZ=UTC NO_COLOR=
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset GITHUB_ACTIONS
mkdir -p "$HOME" "$tmp/repo" "$tmp/out"
secrets="$tmp/secrets"   # the secret part of each planted credential, one a line
: >"$secrets"

echo 100 >"$tmp/seed"
# gen LENGTH CHARSET: a new deterministic random string (and its seed moves
# on, in a file: gen runs in command substitutions, which are subshells)
gen() {
	seed=$(($(cat "$tmp/seed") + 1))
	echo "$seed" >"$tmp/seed"
	awk -v s="$seed" -v n="$1" -v cs="$2" 'BEGIN {
		for (i = 0; i < n; i++) {
			s = (s * 75 + 74) % 65537
			printf "%s", substr(cs, s % length(cs) + 1, 1)
		}
	}'
}
# secret LENGTH CHARSET: like gen, and records the value as a secret
secret() {
	v=$(gen "$1" "$2")
	printf '%s\n' "$v" >>"$secrets"
	printf '%s' "$v"
}
AN=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789
LOW=abcdefghijklmnopqrstuvwxyz0123456789
UP=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789
B32=ABCDEFGHIJKLMNOPQRSTUVWXYZ234567
B64=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/
URL=ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-
HEX=0123456789abcdef
DIG=0123456789

cd "$tmp/repo" || exit 2
mkdir -p app alembic/versions deploy .github/workflows

# ---- every known format (SEC003), one per line of credentials.py ----
{
	echo "# credentials of every format deploylint knows"
	echo "AWS_ACCESS_KEY_ID = \"AKIA$(secret 16 $B32)\""
	echo "GH_CLASSIC = \"ghp_$(secret 36 $AN)\""
	echo "GH_OAUTH = \"gho_$(secret 36 $AN)\""
	echo "GH_APP = \"ghs_$(secret 36 $AN)\""
	echo "GH_REFRESH = \"ghr_$(secret 36 $AN)\""
	echo "GH_FINE = \"github_pat_$(secret 22 $AN)_$(secret 59 $AN)\""
	echo "GITLAB = \"glpat-$(secret 20 $AN)\""
	echo "SLACK_BOT = \"xoxb-$(gen 11 $DIG)-$(gen 12 $DIG)-$(secret 24 $AN)\""
	echo "SLACK_USER = \"xoxp-$(gen 11 $DIG)-$(gen 11 $DIG)-$(gen 12 $DIG)-$(secret 32 $AN)\""
	echo "SLACK_APP = \"xapp-1-A$(gen 10 $UP)-$(gen 13 $DIG)-$(secret 64 $HEX)\""
	echo "SLACK_HOOK = \"https://hooks.slack.com/services/T$(secret 10 $UP)/B$(secret 10 $UP)/$(secret 24 $AN)\""
	echo "STRIPE_LIVE = \"sk_live_$(secret 99 $AN)\""
	echo "STRIPE_RESTRICTED = \"rk_live_$(secret 40 $AN)\""
	echo "STRIPE_TEST = \"sk_test_$(secret 40 $AN)\""
	echo "OPENAI = \"sk-proj-$(secret 74 $URL)T3BlbkFJ$(secret 74 $URL)\""
	echo "OPENAI_LEGACY = \"sk-$(secret 20 $AN)T3BlbkFJ$(secret 20 $AN)\""
	echo "ANTHROPIC = \"sk-ant-api03-$(secret 93 $URL)AA\""
	echo "GOOGLE = \"AIza$(secret 35 $URL)\""
	echo "SENDGRID = \"SG.$(secret 22 $URL).$(secret 43 $URL)\""
	echo "TWILIO_SID = \"SK$(secret 32 $HEX)\"  # twilio"
	echo "MAILGUN = \"key-$(secret 32 $HEX)\""
	echo "HEROKU = \"HRKU-AA$(secret 58 $URL)\""
	echo "NPM = \"npm_$(secret 36 $AN)\""
	echo "PYPI = \"pypi-AgEIcHlwaS5vcmc$(secret 70 $URL)\""
	echo "RENDER_KEY = \"rnd_$(secret 32 $AN)\""
	echo "JWT = \"eyJ$(secret 30 $URL).eyJ$(secret 60 $URL).$(secret 43 $URL)\""
	echo "PRIVATE_KEY = \"-----BEGIN PRIVATE KEY-----\\n$(secret 64 $B64)\\n$(secret 40 $B64)\\n-----END PRIVATE KEY-----\\n\""
} >app/credentials.py
{
	echo "-----BEGIN RSA PRIVATE KEY-----"
	for i in 1 2 3 4; do secret 64 $B64; echo; done
	echo "-----END RSA PRIVATE KEY-----"
} >deploy/id_rsa

# ---- database URLs (SEC002) where other rules report the same lines ----
pw_ini=$(secret 14 $AN)
pw_env=$(secret 16 $AN)
pw_yaml=$(secret 15 $AN)
pw_py=$(secret 18 $AN)
cat >alembic.ini <<EOF
[alembic]
script_location = alembic
# a '%' for ALM006, whose context line shows this line
sqlalchemy.url = postgresql://app:${pw_ini}%40x@db.abcdefghijklmnopqrst.supabase.co:5432/postgres
EOF
printf 'from alembic import context\n' >alembic/env.py
tok_env=$(secret 32 $AN)
sk_env=$(secret 64 $HEX)
cat >.env <<EOF
DATABASE_URL=postgres://app:${pw_env}@dpg-cq2v7a5umphs73c1ab2g-a.oregon-postgres.render.com/app
API_TOKEN = ${tok_env}
SECRET_KEY=${sk_env}
SECRET_KEY=${sk_env}
EOF
hook=$(secret 14 $AN)
sess=$(secret 24 $AN)
smtp=$(secret 16 $AN)
cat >render.yaml <<EOF
services:
  - type: web
    name: api
    runtime: python
    buildCommand: pip install -r requirements.txt
    startCommand: uvicorn app.main:app --host 0.0.0.0 --port \$PORT
    envVars:
      - key: DATABASE_URL
        value: postgresql+asyncpg://app:${pw_yaml}@ep-cool-darkness-a1b2c3d4.us-east-2.aws.neon.tech/app?sslmode=require
      - key: SESSION_HASH_SECRET
        value: ${sess}
      - key: SMTP_PASSWORD
        value: "${smtp}"
      - key: DEPLOY_HOOK
        value: https://api.render.com/deploy/srv-cq1a2b3c4d5e6f7g8h9i?key=${hook}
EOF
appsk=$(secret 64 $HEX)
cat >app/settings.py <<EOF
import os

SECRET_KEY = "${appsk}"
DATABASE_URL = os.getenv("DATABASE_URL", "mysql+pymysql://shop:${pw_py}@mysql.internal.example.com:3306/shop")
JWT_SECRET = os.getenv("JWT_SECRET", "$(secret 24 $AN)")
EOF
printf 'fastapi==0.110.0\nuvicorn==0.29.0\nSQLAlchemy==2.0.36\nasyncpg==0.30.0\n' >requirements.txt

# ---- issue 13: neutral keys, partly masked values, malformed lines, CR LF,
# a user-defined secret pattern used outside SEC003's own line ----
{
	echo "X1 = ghp_$(secret 36 $AN)"
	echo "X2=sk_live_$(secret 40 $AN)"
	echo "X3 = glpat-$(secret 20 $AN)"
	echo "X4=xoxb-$(gen 11 $DIG)-$(gen 12 $DIG)-$(secret 24 $AN)"
	echo "X5=AIza$(secret 35 $URL)"
	echo "NEUTRAL=$(secret 20 $AN)"
	echo "API_TOKEN=$(secret 8 $AN) #$(secret 12 $AN)"
	echo "SESSION_SALT=\${UNSET}$(secret 16 $AN)"
	echo "export PAYMENT_KEY $(secret 20 $AN)"
	echo "$(secret 24 $AN)"
	echo "# old: $(secret 20 $AN)"
	echo "PORT = 8000"
} | sed 's/$/\r/' >.env.production
# every format of rules/secrets.yaml, generated, under neutral keys in a
# .env and a .py file (the generator fails on a format it has no sample for)
python3 "$src/tests/scripts/no_secret_leak_samples.py" "$src/rules/secrets.yaml" \
	"$(gen 4 $DIG)" .env.neutral app/neutral.py "$secrets" "$tmp/format-ids" || {
	echo "no_secret_leak: cannot generate a sample of every catalogue format"; exit 1; }
acme=$(secret 32 $HEX)
cat >.deploylint.yaml <<EOF
options:
  secret-patterns:
    - id: acme-token
      name: ACME API token
      pattern: 'acme_[0-9a-f]{32}'
      keywords: [acme_]
EOF
printf 'web: gunicorn app:app --acme acme_%s\n' "$acme" >Procfile
printf 'ACME=acme_%s\n' "$acme" >.env.acme
# contents other rules quote: version files, a revision's docstring
printf 'python-%s\n' "$(secret 20 $AN)" >.python-version
printf 'Python-%s\n' "$(secret 20 $AN)" >runtime.txt
cat >alembic/versions/0001_init.py <<EOF
"""rotate $(secret 24 $AN) and acme_${acme}"""
revision = "0001"
down_revision = None
EOF
git -c init.defaultBranch=main init -q && git add -A && git commit -q -m "planted" || {
	echo "no_secret_leak: cannot build the git repository"; exit 1; }

# ---- run every output ----
n=0
for args in "--format text --context" "--format json" "--format sarif" \
	    "--format github" "--format text --verbose" "baseline" \
	    "--fix --dry-run --format text --context" "--fix --dry-run --format json" \
	    "config" "graph" "graph --format dot"; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	"$bin" $args . >"$tmp/out/$n.out" 2>"$tmp/out/$n.err"
	code=$?
	if [ $code -gt 1 ]; then
		echo "no_secret_leak: '$bin $args .' exited $code:"
		cat "$tmp/out/$n.err"
		exit 1
	fi
done
"$bin" baseline . >"$tmp/bl.json" 2>/dev/null
"$bin" --baseline "$tmp/bl.json" --format json . >"$tmp/out/with-baseline.out" 2>"$tmp/out/with-baseline.err"

# the scan must have found the planted credentials at all
for id in SEC001 SEC002 SEC003 SEC004 SEC005; do
	grep -q "\[$id\]" "$tmp/out/1.out" || { echo "no_secret_leak: no $id finding"; cat "$tmp/out/1.out"; exit 1; }
done

# every catalogue format's sample in app/neutral.py is reported (SEC004's
# keyed samples are no Python assignments; in .env files ENV005 shows
# every line in its context instead)
python3 - "$tmp/out/2.out" "$tmp/format-ids" <<'EOF' || exit 1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
lines = {f["line"] for f in d["findings"] if f["path"] == "app/neutral.py" and f["rule"].startswith("SEC")}
ids = [l.split() for l in open(sys.argv[2], encoding="utf-8")]
miss = [i for i, rule, n in ids if rule != "SEC004" and int(n) not in lines]
if miss:
    sys.exit("no_secret_leak: samples not reported in app/neutral.py: " + " ".join(miss))
EOF

# --fix on a copy: its diff and its report
rm -rf "$tmp/fixcopy" && cp -R . "$tmp/fixcopy"
(cd "$tmp/fixcopy" && "$bin" --fix --format text --context . >"$tmp/out/fix.out" 2>"$tmp/out/fix.err")
# an error path that quotes configuration: an unknown key named by a secret
cfgsecret=$(gen 20 $AN)
mkdir -p "$tmp/cfgerr" && printf '%s: 1\n' "k$cfgsecret" >"$tmp/cfgerr/.deploylint.yaml"
(cd "$tmp/cfgerr" && "$bin" . >"$tmp/out/cfgerr.out" 2>"$tmp/out/cfgerr.err")

# the baseline's error paths: a malformed baseline, and one whose
# fingerprints and paths are secrets
printf '{"version": "1", "findings": [{"fingerprint": "%s",' "$(head -n 1 "$secrets")" >"$tmp/bad-bl.json"
"$bin" --baseline "$tmp/bad-bl.json" . >"$tmp/out/bad-baseline.out" 2>"$tmp/out/bad-baseline.err"
printf '{"version": "1", "findings": [{"fingerprint": "%s", "rule": "SEC003", "path": "%s"}]}\n' \
	"$(sed -n 2p "$secrets")" "$(sed -n 3p "$secrets")" >"$tmp/odd-bl.json"
"$bin" --baseline "$tmp/odd-bl.json" --format json . >"$tmp/out/odd-baseline.out" 2>"$tmp/out/odd-baseline.err"
printf '%s\n' "$(head -c 300 "$secrets" | tr '\n' ' ')" >"$tmp/junk-bl.json"
"$bin" --baseline "$tmp/junk-bl.json" . >"$tmp/out/junk-baseline.out" 2>"$tmp/out/junk-baseline.err"

# any 8-byte window of any secret in any output is a leak
# the detector itself must see every secret where it was planted
find . -path ./.git -prune -o -type f -print | sort | xargs cat >"$tmp/planted"
self=$(awk -v W=8 'FNR == NR { s[++ns] = $0; next } { out = out $0 "\n" } END { n = 0; for (i = 1; i <= ns; i++) n += index(out, substr(s[i], 1, W)) > 0; print n }' "$secrets" "$tmp/planted")
if [ "$self" != "$(wc -l <"$secrets" | tr -d " ")" ]; then
	echo "no_secret_leak: the leak check finds only $self of the planted secrets in the repository"
	exit 1
fi
printf '%s\n' "$cfgsecret" >>"$secrets" # planted outside the repository
cat "$tmp"/out/* >"$tmp/all"
leaks=$(awk -v W=8 '
	FNR == NR { s[++ns] = $0; next }
	{ out = out $0 "\n" }
	END {
		bad = 0
		for (i = 1; i <= ns; i++)
			for (j = 1; j + W - 1 <= length(s[i]); j++) {
				w = substr(s[i], j, W)
				if (index(out, w)) {
					printf "leak: \"%s\" (from secret %d)\n", w, i
					bad++
					break
				}
			}
		print bad
	}' "$secrets" "$tmp/all")
count=$(printf '%s\n' "$leaks" | tail -n 1)
if [ "$count" != 0 ]; then
	printf '%s\n' "$leaks" | sed '$d'
	echo "no_secret_leak: $count planted secrets appear in the output"
	for f in "$tmp"/out/*; do
		w=$(printf '%s\n' "$leaks" | head -n 1 | sed 's/^leak: "\(.*\)".*/\1/')
		grep -F -n -- "$w" "$f" | sed "s|^|$(basename "$f"): |" | head -3
	done
	exit 1
fi
echo "no_secret_leak: $(wc -l <"$secrets") planted secrets, $(ls "$tmp/out" | wc -l) outputs, no leak"
exit 0
