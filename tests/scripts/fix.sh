#!/bin/sh
# --fix end to end, on the repositories of fixtures/fix/: for every fix
# (ENV001, ENV005, ENV007 BOM and CR LF, DB001, GIT001) it applies the fix
# in a git repository, lints again with --format json, and checks that
# exactly the fixed findings are gone and every other finding is unchanged,
# that only the fixed file changed and its bytes are exactly the expected
# edit (computed here independently), that python-dotenv reads the values
# the fix promises, that `git apply --index` of the --dry-run diff gives the
# same tree and index (or, where values are masked, that its hunks are
# git's), and that a second run finds nothing. Then: several
# PATHs, a PATH other than ".", --select, exclude and inline suppressions
# (only reported findings are fixed), -o, and planted secrets that must not
# appear in any output of --fix in any format.
#
# usage: sh fix.sh BINARY SOURCE_DIR
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
src=$(cd "$2" && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlfix.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C TZ=UTC NO_COLOR=
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset GITHUB_ACTIONS GIT_INDEX_FILE
mkdir -p "$HOME"
# Debian's interpreter, where python3-dotenv installs (not a pyenv python3)
py=/usr/bin/python3
pass=0
failed=0
ok() { pass=$((pass + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

if ! "$py" -c 'import dotenv' 2>/dev/null; then
	echo "FAIL: python-dotenv is not installed for $py (apt-get install python3-dotenv)"
	exit 1
fi

# The findings of a JSON report, one "rule|path|line|message" a line,
# sorted (not the column: removing bytes before a finding on its line,
# such as a BOM, moves it left and leaves it the same finding).
findings() {
	"$py" -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    print("%s|%s|%d|%s" % (f["rule"], f["path"], f["line"], f["message"]))
' "$1" | sort
}

# A fresh copy of fixtures/fix/CASE.d's repository in DIR, committed to git
# (setup.sh builds it when the case has one).
copy_case() { # copy_case CASE DIR
	cdir="$src/fixtures/fix/$1.d"
	from="$cdir/repo"
	[ -f "$cdir/repo-from" ] && from="$cdir/$(cat "$cdir/repo-from")"
	mkdir -p "$2"
	if [ -d "$from" ]; then
		cp -R "$from/." "$2/" || return 1
	fi
	if [ -f "$cdir/setup.sh" ]; then
		(cd "$2" && sh "$cdir/setup.sh") >/dev/null 2>&1 || return 1
	else
		(cd "$2" && git -c init.defaultBranch=main init -q && git add -A &&
			git commit -q -m base) || return 1
	fi
}

# check_fix CASE RULE FILE LEFT EXPECT
#   FILE    the file the fix changes; LEFT: RULE findings that must remain
#   EXPECT  a command turning the old FILE (stdin) into the expected new one
#           (stdout); "mode" for GIT001 (the bytes stay)
#   DOTENV  (variable) a python expression over d, the values python-dotenv
#           read before, giving the values it must read afterwards; empty
#           for no check
check_fix() {
	c=$1 rule=$2 file=$3 left=$4 expect=$5
	w="$tmp/$c"
	copy_case "$c" "$w/a" && copy_case "$c" "$w/b" || { bad "$c: cannot build the repository"; return; }
	cd "$w/a" || return
	cp "$file" "$w/old"
	"$bin" --format json . >"$w/before.json" 2>/dev/null
	findings "$w/before.json" >"$w/before"
	n_before=$(grep -c "^$rule|" "$w/before")
	[ "$n_before" -gt "$left" ] && ok || bad "$c: no $rule finding to fix"

	# the dry run: a diff, exit 1, nothing changed
	git status --porcelain >"$w/status.before"
	ls -lR . >"$w/ls.before"
	"$bin" --fix --dry-run . >"$w/dry.diff" 2>"$w/dry.err"
	code=$?
	[ "$code" = 1 ] && ok || bad "$c: --fix --dry-run exited $code, not 1"
	git status --porcelain | cmp -s - "$w/status.before" && ok || bad "$c: --dry-run changed the repository"
	ls -lR . | cmp -s - "$w/ls.before" && ok || bad "$c: --dry-run changed the work tree"
	git diff --cached --quiet HEAD && ok || bad "$c: --dry-run changed the index"

	# the fix
	"$bin" --fix --format json . >"$w/fix.out" 2>"$w/fix.err"
	code=$?
	fixed=$(sed -n 's/^deploylint: fixed \([0-9]*\) findings\{0,1\} in 1 file$/\1/p' "$w/fix.err")
	[ -n "$fixed" ] && [ "$fixed" = $((n_before - left)) ] && ok ||
		bad "$c: stderr says [$(cat "$w/fix.err")], expected $((n_before - left)) fixed"
	# stdout: the diff the dry run printed, then the report
	head -c "$(wc -c <"$w/dry.diff")" "$w/fix.out" | cmp -s - "$w/dry.diff" && ok ||
		bad "$c: --fix printed another diff than --dry-run"
	"$bin" --format json . >"$w/after.json" 2>/dev/null
	want_code=$?
	[ "$code" = "$want_code" ] && ok || bad "$c: --fix exited $code, the lint afterwards $want_code"
	tail -c +"$(($(wc -c <"$w/dry.diff") + 1))" "$w/fix.out" | cmp -s - "$w/after.json" && ok ||
		bad "$c: the report after the diff is not what a fresh lint says"
	findings "$w/after.json" >"$w/after"
	# every finding afterwards was there before; what went are RULE findings
	comm -13 "$w/before" "$w/after" >"$w/new"
	[ -s "$w/new" ] && bad "$c: new or changed findings: $(cat "$w/new")" || ok
	comm -23 "$w/before" "$w/after" >"$w/gone"
	[ "$(grep -vc "^$rule|" "$w/gone")" = 0 ] && ok || bad "$c: other findings went: $(cat "$w/gone")"
	[ "$(grep -c "^$rule|" "$w/after")" = "$left" ] && ok ||
		bad "$c: $(grep -c "^$rule|" "$w/after") $rule findings left, expected $left"

	# only FILE changed, exactly as expected
	if [ "$expect" = mode ]; then
		[ "$(git diff --cached --raw HEAD | cut -c1-15)" = ":100644 100755 " ] && ok ||
			bad "$c: index changes: $(git diff --cached --raw HEAD)"
		[ "$(git diff --cached --name-only HEAD)" = "$file" ] && ok || bad "$c: other paths changed in the index"
		git diff --cached --quiet --ignore-submodules -M HEAD -- . ":!$file" && ok || bad "$c: other index entries changed"
		git show "HEAD:$file" | cmp -s - "$file" && ok || bad "$c: $file's bytes changed"
		[ -x "$file" ] && ok || bad "$c: $file is not executable in the work tree"
	else
		[ "$(git diff --name-only)" = "$file" ] && ok ||
			bad "$c: changed files: $(git diff --name-only | tr '\n' ' ')"
		sh -c "$expect" <"$w/old" >"$w/want" && cmp -s "$w/want" "$file" && ok ||
			bad "$c: $file is not the expected edit of the old one: $(cmp "$w/want" "$file")"
		git diff --cached --quiet HEAD && ok || bad "$c: --fix changed the index"
	fi
	if [ -n "${DOTENV:-}" ]; then
		"$py" -c '
import sys
from dotenv import dotenv_values
d = {k.lstrip("\ufeff"): v for k, v in dotenv_values(sys.argv[1]).items()}
a = {k.lstrip("\ufeff"): v for k, v in dotenv_values(sys.argv[2]).items()}
want = eval(sys.argv[3])
sys.exit(0 if a == want else "python-dotenv reads %r, expected %r" % (a, want))
' "$w/old" "$file" "$DOTENV" && ok || bad "$c: python-dotenv reads other values"
	fi

	# the dry run's diff, applied by git, gives the same tree and index
	# (--fix changes the index only for modes)
	cd "$w/b" || return
	index=
	[ "$expect" = mode ] && index=--index
	if grep -q '^[-+ ].*\*\*\*' "$w/dry.diff"; then
		# values masked (every .env value that could be a secret is,
		# README "--fix"): the diff cannot apply, but its hunks are
		# git's hunks of the change
		hunks=$(cd "$w/a" && git diff --no-color -- "$file" | grep '^@@' | sed 's/ @@.*/ @@/')
		[ "$(grep '^@@' "$w/dry.diff" | sed 's/ @@.*/ @@/')" = "$hunks" ] && ok ||
			bad "$c: the masked diff's hunks are not git's: $(grep '^@@' "$w/dry.diff") vs $hunks"
	else
		git apply $index --whitespace=nowarn "$w/dry.diff" 2>"$w/apply.err" && ok ||
			bad "$c: git apply refused the diff: $(cat "$w/apply.err")"
		diff -r --exclude=.git "$w/a" "$w/b" >/dev/null && ok || bad "$c: git apply gives another tree"
		[ "$(cd "$w/a" && git ls-files -s)" = "$(git ls-files -s)" ] && ok || bad "$c: git apply gives another index"
		if [ "$expect" = mode ]; then
			[ -x "$file" ] && ok || bad "$c: git apply did not set the mode"
		fi
	fi

	# nothing left to fix
	cd "$w/a" || return
	"$bin" --fix --dry-run . >"$w/again" 2>/dev/null
	code=$?
	[ "$code" = 0 ] && [ ! -s "$w/again" ] && ok || bad "$c: a second dry run exited $code: $(cat "$w/again")"
	cd "$tmp" || exit 1
}

DOTENV='dict(d, DATABASE_URL=d["DATABASE_URL"][len("DATABASE_URL="):])' \
	check_fix env001-prefix ENV001 .env 1 \
	"sed 's/^DATABASE_URL=DATABASE_URL=/DATABASE_URL=/'"
DOTENV=d check_fix env005-spaces ENV005 .env 0 \
	"sed -e 's/^PORT = 8000\$/PORT=8000/' -e 's/^LOG_LEVEL= info/LOG_LEVEL=info/' -e 's/^WORKERS =2/WORKERS=2/'"
DOTENV=d check_fix env007-bom ENV007 .env 0 "tail -c +4"
DOTENV=d check_fix env007-crlf ENV007 .env 0 "tr -d '\\r'"
DOTENV='{k: v.replace("postgres://", "postgresql://", 1).replace("postgres+", "postgresql+", 1) for k, v in d.items()}' \
	check_fix db001-scheme DB001 .env 1 \
	"sed -e 's|^DATABASE_URL=postgres://|DATABASE_URL=postgresql://|' -e 's|=\"postgres+|=\"postgresql+|'"
DOTENV= check_fix git001-exec-bit GIT001 backend/build.sh 2 mode

# ---- several PATHs, and one PATH that is not "." ---------------------------
w="$tmp/paths"
copy_case env005-spaces "$w/one" && copy_case env007-bom "$w/two" || bad "paths: cannot build"
cd "$w" || exit 1
"$bin" --fix one two >"$w/out" 2>"$w/err"
grep -q '^diff --git a/one/.env b/one/.env$' "$w/out" && grep -q '^diff --git a/two/.env b/two/.env$' "$w/out" && ok ||
	bad "several PATHs: diff headers: $(grep '^diff' "$w/out")"
grep -q '^deploylint: fixed 4 findings in 2 files$' "$w/err" && ok || bad "several PATHs: $(cat "$w/err")"
grep -q '^PORT=8000$' one/.env && [ "$(head -c 3 two/.env)" = DAT ] && ok || bad "several PATHs: files not fixed"
copy_case env001-prefix "$w/three" || bad "paths: cannot build"
"$bin" --fix three >"$w/out" 2>/dev/null
grep -q '^--- a/.env$' "$w/out" && ok || bad "PATH three: the diff names $(grep '^---' "$w/out")"
grep -q '^DATABASE_URL=postgresql+psycopg2://' three/.env && ok || bad "PATH three: not fixed"

# ---- only reported findings are fixed ----------------------------------------
w="$tmp/only"
copy_case env005-spaces "$w" || bad "only: cannot build"
cd "$w" || exit 1
cp .env "$tmp/only.old"
"$bin" --fix --select ENV006 . >/dev/null 2>&1
cmp -s .env "$tmp/only.old" && ok || bad "--select ENV006: ENV005 was fixed"
printf 'exclude: [".env"]\n' >.deploylint.yaml
"$bin" --fix . >/dev/null 2>&1
cmp -s .env "$tmp/only.old" && ok || bad "exclude: the excluded .env was fixed"
rm .deploylint.yaml
{ sed -n 1p "$tmp/only.old"; echo "# deploylint: ignore[ENV005] the shell never reads this one"
  sed 1d "$tmp/only.old"; } >.env
"$bin" --fix . >"$w.out" 2>/dev/null
grep -q '^ PORT = 8000$' "$w.out" && grep -q '^+LOG_LEVEL=info$' "$w.out" && grep -q '^PORT = 8000$' .env &&
	grep -q '^WORKERS=2$' .env && ok || bad "inline suppression: $(cat .env)"
# -o: the report to the file, the diff to stdout
cp "$tmp/only.old" .env
"$bin" --fix -o "$w.report" . >"$w.out" 2>/dev/null
[ "$(head -1 "$w.out")" = "diff --git a/.env b/.env" ] && ! grep -q ENV006 "$w.out" && grep -q '\[ENV006\]' "$w.report" && ok ||
	bad "-o: stdout [$(cat "$w.out")] report [$(cat "$w.report")]"

# ---- usage errors ------------------------------------------------------------
"$bin" --dry-run . >/dev/null 2>&1; [ $? = 2 ] && ok || bad "--dry-run alone is not a usage error"
"$bin" --fix --staged . >/dev/null 2>&1; [ $? = 2 ] && ok || bad "--fix --staged is not a usage error"
"$bin" --fix --list-rules >/dev/null 2>&1; [ $? = 2 ] && ok || bad "--fix --list-rules is not a usage error"
"$bin" --fix --format nope . >/dev/null 2>&1; [ $? = 2 ] && ok || bad "--fix --format nope is not a usage error"

# ---- planted secrets never show ---------------------------------------------
w="$tmp/secrets"
copy_case secret-masked "$w/plant" || bad "secrets: cannot build"
# the secret part of each planted value (what follows its visible prefix)
sed -n -e 's/^STRIPE_SECRET_KEY = sk_live_//p' -e 's/^DATABASE_URL=postgres:\/\/app:\([^@]*\)@.*/\1/p' \
	-e 's/^SECRET_KEY=SECRET_KEY=//p' -e 's/^SESSION_SALT= //p' "$w/plant/.env" >"$w/secrets"
[ "$(wc -l <"$w/secrets")" = 4 ] && ok || bad "secrets: expected 4 planted secrets, got $(cat "$w/secrets")"
: >"$w/all"
(cd "$w/plant" && "$bin" --fix --dry-run . >>"$w/all" 2>&1)
for fmt in text json sarif github; do
	copy_case secret-masked "$w/$fmt" || bad "secrets: cannot build"
	(cd "$w/$fmt" && "$bin" --fix --context --format "$fmt" . >>"$w/all" 2>&1)
	grep -q '^SESSION_SALT=[A-Za-z0-9]*$' "$w/$fmt/.env" && ok || bad "secrets: $fmt: not fixed"
done
grep -q '^+SESSION_SALT=\*\**$' "$w/all" && ok || bad "secrets: no masked diff line in the output"
leaks=0
while IFS= read -r s; do
	part=$(printf '%s' "$s" | cut -c1-8)
	if grep -F -q -e "$part" "$w/all"; then
		leaks=$((leaks + 1))
		echo "FAIL: secret ${part%????}... appears in the output of --fix"
	fi
done <"$w/secrets"
[ $leaks = 0 ] && ok || failed=$((failed + 1))

echo "fix: $pass passed, $failed failed"
[ $failed = 0 ]
