#!/bin/sh
# A rule family none of whose rules is selected (--select/--ignore, or the
# configuration's select:/ignore:) is not run at all (src/rules/checks.c,
# dl_checkers_select): --verbose names the families left out, the work of a
# skipped family (the SEC family's binary-file notes) is absent, and the
# findings of a selection are exactly the full run's findings of those
# rules on repositories where every family reports something.
# Usage: sh family_skip.sh BINARY SOURCE_DIR
set -u
bin=$1
src=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
src=$(cd "$src" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlskip.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
unset GITHUB_ACTIONS
pass=0
failed=0
check() { # NAME WANT GOT
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); else failed=$((failed + 1)); echo "FAIL: $1: want [$2], got [$3]"; fi
}
skipped() { # ARGS...: the --verbose line naming the families not run
	"$bin" --verbose --format text "$@" 2>&1 >/dev/null | sed -n 's/^rule families not run (none of their rules is selected)://p'
}

mkdir "$tmp/repo" && cd "$tmp/repo" || exit 1
printf 'DEBUG=true\n' >.env.example
printf 'a\000b\n' >blob.bin
printf 'import os\nx = os.environ["X"]\n' >app.py

check "nothing selected: every family runs" "" "$(skipped .)"
check "--select ENV001" " parse alembic db req-driver py req pkg rnd cmd git sec" "$(skipped --select ENV001 .)"
check "--select ENV010 (with the other ENV rules, in env.c)" " parse alembic db req-driver py req pkg rnd cmd git sec" \
	"$(skipped --select ENV010 .)"
check "--select ENV" " parse alembic db req-driver py req pkg rnd cmd git sec" "$(skipped --select ENV .)"
check "--select REQ003,REQ007 (REQ003 has its own family, req-driver)" " parse alembic env db py pkg rnd cmd git sec" "$(skipped --select REQ003,REQ007 .)"
check "--select DB001 (REQ003 is not run)" " parse alembic env req-driver py req pkg rnd cmd git sec" "$(skipped --select DB001 .)"
check "--ignore SEC" " sec" "$(skipped --ignore SEC .)"
check "--select PARSE001" " env db req-driver py rnd cmd git sec" "$(skipped --select PARSE001 .)"
check "--select PARSE002 (limits: no family of its own)" " parse alembic env db req-driver py req pkg rnd cmd git sec" \
	"$(skipped --select PARSE002 .)"
check "--select SUP001 (no family)" " parse alembic env db req-driver py req pkg rnd cmd git sec" \
	"$(skipped --select SUP001 .)"
printf 'select: [ENV001, SEC001]\n' >.deploylint.yaml
check "select: in the configuration" " parse alembic db req-driver py req pkg rnd cmd git" "$(skipped .)"
printf 'ignore: [ALM, PARSE, REQ, DB]\n' >.deploylint.yaml
check "ignore: in the configuration" " parse alembic db req-driver req" "$(skipped .)"
rm .deploylint.yaml

# The SEC family's own work: its note on the binary file the pass met.
note="skipped blob.bin: binary"
got=$("$bin" --verbose --select SEC001 . 2>&1 >/dev/null | grep -c "$note")
check "SEC selected: its note" 1 "$got"
got=$("$bin" --verbose --select ENV001 . 2>&1 >/dev/null | grep -c "$note")
check "SEC not selected: it did not run" 0 "$got"

# The same findings: a selection reports what the full run reports of it.
repos="$src/fixtures/guides/001-neon.d/repo $src/fixtures/golden/monorepo.d/repo
$src/fixtures/limits/context-line.d/repo $src/fixtures/rules/CMD004/fires-create-all-in-deploy.d/repo"
: >"$tmp/families"
for repo in $repos; do
	"$bin" --format text "$repo" >"$tmp/full" 2>/dev/null
	cat "$tmp/full" >>"$tmp/families"
	if ! grep -q '^[^ ].*:[0-9]*:[0-9]*: [a-z]*\[' "$tmp/full"; then
		failed=$((failed + 1))
		echo "FAIL: no findings in ${repo#"$src"/}"
	fi
	for sel in ALM ENV DB PY REQ RND CMD GIT SEC PARSE ENV001 ENV010 REQ003 REQ007 PARSE001; do
		grep "\[$sel" "$tmp/full" >"$tmp/want"
		"$bin" --format text --select "$sel" "$repo" 2>/dev/null | grep '^[^ ].*:[0-9]*:[0-9]*: [a-z]*\[' >"$tmp/got"
		if cmp -s "$tmp/want" "$tmp/got"; then
			pass=$((pass + 1))
		else
			failed=$((failed + 1))
			echo "FAIL: --select $sel on ${repo#"$src"/}: not the full run's findings"
			diff "$tmp/want" "$tmp/got" | head -5
		fi
	done
	"$bin" --format text --ignore SEC,ALM "$repo" 2>/dev/null | grep '^[^ ].*:[0-9]*:[0-9]*: [a-z]*\[' >"$tmp/got"
	grep -v '\[SEC\|\[ALM' "$tmp/full" | grep '^[^ ].*:[0-9]*:[0-9]*: [a-z]*\[' >"$tmp/want"
	if cmp -s "$tmp/want" "$tmp/got"; then pass=$((pass + 1)); else
		failed=$((failed + 1))
		echo "FAIL: --ignore SEC,ALM on ${repo#"$src"/}"
	fi
done
# the repositories above do exercise the families
check "families with findings" "ALM CMD DB ENV PY REQ RND SEC" \
	"$(sed -n 's/^[^ ].*:[0-9]*:[0-9]*: [a-z]*\[\([A-Z]*\)[0-9]*\].*/\1/p' "$tmp/families" | sort -u | tr '\n' ' ' | sed 's/ $//')"

echo "family_skip: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
