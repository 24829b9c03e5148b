#!/bin/sh
# Command-line behaviour that golden cases cannot show: environment-driven
# defaults, --output, colours, several PATHs, and fingerprints that survive
# line shifts. Usage: sh cli.sh BINARY SOURCE_DIR
set -u
bin=$1
src=$(cd "$2" && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlcli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
unset GITHUB_ACTIONS NO_COLOR
pass=0
failed=0
ok() { pass=$((pass + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { # check NAME WANT GOT
	if [ "$2" = "$3" ]; then ok; else bad "$1: want [$2], got [$3]"; fi
}

cp -R "$src/fixtures/demo" "$tmp/demo"
cd "$tmp/demo" || exit 1

# GITHUB_ACTIONS=true makes github the default format; --format still wins.
out=$(GITHUB_ACTIONS=true "$bin" . | head -1 | cut -c1-8)
check "github default" "::error " "$out"
out=$(GITHUB_ACTIONS=true "$bin" --format text . | tail -1)
check "format wins" "$("$bin" --format text . | tail -1)" "$out"
case $out in *" errors, "*" in "*" files") ok ;; *) bad "not a text summary: $out" ;; esac

# --output writes the report to a file, nothing to stdout; the exit code stays.
"$bin" --format json --output "$tmp/out.json" . >"$tmp/stdout"
check "output exit" 1 $?
check "output stdout empty" "" "$(cat "$tmp/stdout")"
check "output file" '"version": "1",' "$(sed -n 2p "$tmp/out.json" | tr -d ' ' | sed 's/:/: /')"

# Colours: never by default off a terminal, always with --color always,
# and never when NO_COLOR is set with auto.
esc=$(printf '\033')
n=$("$bin" . | grep -c "$esc")
check "no colour off a tty" 0 "$n"
n=$("$bin" --color always . | grep -c "$esc")
[ "$n" -gt 0 ] && ok || bad "--color always printed no escape"
n=$("$bin" --color never --context . | grep -c "$esc")
check "--color never" 0 "$n"

# --context prints the source line and a caret.
out=$("$bin" --context --select ALM002 . | sed -n 2,3p)
want='    down_revision = "add_ocr_feedback_table"
                    ^~~~~~~~~~~~~~~~~~~~~~~~'
check "context caret" "$want" "$out"

# --version, --help: exit 0; a missing PATH: exit 2 with one line on stderr.
"$bin" --version >/dev/null; check "version exit" 0 $?
"$bin" --help | grep -q "usage: deploylint"; check "help" 0 $?
"$bin" "$tmp/nope" >/dev/null 2>"$tmp/err"; check "missing path exit" 2 $?
check "missing path message lines" 1 "$(wc -l <"$tmp/err" | tr -d ' ')"
check "missing path message" "deploylint: $tmp/nope: no such file or directory" "$(cat "$tmp/err")"
: >"$tmp/file"
"$bin" --no-config "$tmp/file/sub" >/dev/null 2>"$tmp/err"; check "path under a file exit" 2 $?
check "path under a file message" "deploylint: $tmp/file/sub: not a directory" "$(cat "$tmp/err")"
"$bin" --explain NOPE001 >/dev/null 2>&1; check "explain unknown" 2 $?

# Rule ids are case-insensitive wherever they are typed; an unknown one
# gets the nearest id.
check "explain lower case" "$("$bin" --explain ALM001)" "$("$bin" --explain alm001)"
"$bin" --explain alm01 >/dev/null 2>"$tmp/err"; check "explain near exit" 2 $?
check "explain did you mean" "deploylint: --explain: unknown rule 'alm01' (did you mean ALM001? see --list-rules)" "$(cat "$tmp/err")"
check "select lower case" "$("$bin" --select ALM002,ENV . | sort)" "$("$bin" --select alm002,env . | sort)"
check "ignore lower case" "$("$bin" --ignore ALM . | sort)" "$("$bin" --ignore Alm . | sort)"
"$bin" --select envv001 . >/dev/null 2>"$tmp/err"; check "select near exit" 2 $?
check "select did you mean" "deploylint: --select: unknown rule or family 'envv001' (did you mean ENV001?)" "$(cat "$tmp/err")"
printf 'rules:\n  alm002: off\nignore: [env]\n' >"$tmp/lower.yaml"
check "config lower case" "$("$bin" --no-config --ignore ALM002,ENV . | sort)" "$("$bin" --config "$tmp/lower.yaml" . | sort)"
"$bin" --format xml . >/dev/null 2>&1; check "bad format" 2 $?

# Several PATHs: each finding's path starts with its PATH.
cd "$tmp" || exit 1
cp -R demo demo2
out=$("$bin" --select ALM002 demo demo2 | grep -c '^demo2\?/PP_MVP/backend/alembic/versions/003')
check "two roots" 2 "$out"
# the demo's history has a dangling down_revision: Alembic's error for
# each root on stderr, no heads, exit 1
out=$("$bin" heads demo demo2 2>"$tmp/err")
check "heads two roots exit" 1 $?
check "heads two roots stdout" "" "$out"
out=$(cut -d: -f2 <"$tmp/err" | tr '\n' ' ')
check "heads two roots errors" " demo/PP_MVP/backend/alembic  demo2/PP_MVP/backend/alembic " "$out"

# Fingerprints survive unrelated line shifts (lines added above a finding).
cd "$tmp/demo" || exit 1
"$bin" --format json . | grep '"fingerprint"' | sort >"$tmp/fp1"
f=PP_MVP/backend/alembic/versions/003_add_tasting_notes_and_wine_ownership.py
{ printf '# a comment\n# another\n\n'; cat "$f"; } >"$tmp/shifted" && mv "$tmp/shifted" "$f"
f=PP_MVP/backend/alembic.ini
{ printf '# header\n'; cat "$f"; } >"$tmp/shifted" && mv "$tmp/shifted" "$f"
"$bin" --format json . | grep '"fingerprint"' | sort >"$tmp/fp2"
if cmp -s "$tmp/fp1" "$tmp/fp2"; then ok; else bad "fingerprints changed after a line shift"; diff "$tmp/fp1" "$tmp/fp2"; fi
out=$("$bin" --select ALM002 . | head -1 | cut -d: -f2,3)
check "line moved" "17:17" "$out"

# The README's rule table lists every registered rule, with its level.
"$bin" --list-rules --format json | python3 -c '
import json, sys
for r in json.load(sys.stdin): print(r["id"], r["level"])' >"$tmp/rules"
while read -r id level; do
	if grep -q "^| $id | $level |" "$src/README.md"; then ok; else bad "README rule table lacks $id ($level)"; fi
done <"$tmp/rules"

echo "cli: $pass passed, $failed failed"
[ "$failed" = 0 ]
