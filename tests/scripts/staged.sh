#!/bin/sh
# --staged lints the git index (not the work tree), and file arguments (as
# pre-commit passes them) restrict what is reported while repository-wide
# rules still read everything. Usage: sh staged.sh BINARY SOURCE_DIR
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlstaged.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
	GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset GITHUB_ACTIONS
pass=0
failed=0
check() { # NAME WANT GOT
	if [ "$2" = "$3" ]; then pass=$((pass + 1)); else failed=$((failed + 1)); echo "FAIL: $1: want [$2], got [$3]"; fi
}
cd "$tmp" && mkdir repo && cd repo || exit 1
git init -q .
mkdir -p alembic/versions
printf '[alembic]\nscript_location = alembic\n' >alembic.ini
printf 'import os\nurl = os.environ["DATABASE_URL"]\n' >alembic/env.py
printf 'revision = "aaaaaaaaaaa1"\ndown_revision = None\n' >alembic/versions/aaaaaaaaaaa1_a.py
printf 'revision = "aaaaaaaaaaa2"\ndown_revision = "aaaaaaaaaaa1"\n' >alembic/versions/aaaaaaaaaaa2_b.py
git add -A && git commit -qm good

# A work-tree edit that is not staged: a plain run sees it, --staged does not.
printf 'revision = "aaaaaaaaaaa2"\ndown_revision = None\n' >alembic/versions/aaaaaaaaaaa2_b.py
"$bin" --select ALM001 -q . >/dev/null; check "work tree sees the edit" 1 $?
"$bin" --staged --select ALM001 -q . >/dev/null; check "staged ignores unstaged edit" 0 $?

# Staged bad, work tree reverted to good: only --staged sees it.
git add alembic/versions/aaaaaaaaaaa2_b.py
printf 'revision = "aaaaaaaaaaa2"\ndown_revision = "aaaaaaaaaaa1"\n' >alembic/versions/aaaaaaaaaaa2_b.py
"$bin" --select ALM001 -q . >/dev/null; check "work tree is good" 0 $?
out=$("$bin" --staged --select ALM001 --format text . | head -1 | cut -d: -f1)
check "staged sees the staged blob" "alembic/versions/aaaaaaaaaaa1_a.py" "$out"

# An untracked file is not in the next commit.
printf 'revision = "aaaaaaaaaaa3"\ndown_revision = "aaaaaaaaaaa1"\n' >alembic/versions/aaaaaaaaaaa3_c.py
git checkout -q -- . && git reset -q
n=$("$bin" --staged --select ALM001 --format json . | grep -c '"rule": "ALM001"')
check "untracked revision not staged" 0 "$n"
n=$("$bin" --select ALM001 --format json . | grep -c '"rule": "ALM001"')
check "untracked revision in the work tree" 2 "$n"

# File arguments: only findings in those files; the graph still sees all.
out=$("$bin" --select ALM001 --format text alembic/versions/aaaaaaaaaaa3_c.py | grep -c "^alembic/versions/aaaaaaaaaaa3_c.py:")
check "file argument restricts" 1 "$out"
n=$("$bin" --select ALM001 --format json alembic/versions/aaaaaaaaaaa3_c.py | grep -c "\"rule\": \"ALM001\"")
check "only that file" 1 "$n"
"$bin" --select ALM001 -q alembic.ini >/dev/null; check "file without findings" 0 $?

# git gives hooks a temporary index through GIT_INDEX_FILE (git commit FILE).
cp .git/index "$tmp/alt-index"
printf 'revision = "aaaaaaaaaaa2"\ndown_revision = None\n' >alembic/versions/aaaaaaaaaaa2_b.py
GIT_INDEX_FILE="$tmp/alt-index" git add alembic/versions/aaaaaaaaaaa2_b.py
git checkout -q -- alembic/versions/aaaaaaaaaaa2_b.py
"$bin" --staged --select ALM001 -q . >/dev/null; check "default index is good" 0 $?
GIT_INDEX_FILE="$tmp/alt-index" "$bin" --staged --select ALM001 -q . >/dev/null
check "GIT_INDEX_FILE is read" 1 $?

# An ignored .env is linted in the work tree (the developer's local
# settings) but is no part of the next commit: --staged does not read it.
mkdir "$tmp/envrepo" && (cd "$tmp/envrepo" && git init -q . && printf '.env\n' >.gitignore &&
	printf 'DATABASE_URL=DATABASE_URL=postgresql://app@db.internal/app\n' >.env &&
	git add .gitignore) || exit 1
out=$("$bin" --select ENV001 --format text "$tmp/envrepo" | head -1 | cut -d: -f1)
check "work tree lints the ignored .env" ".env" "$out"
"$bin" --staged --select ENV001 -q "$tmp/envrepo" >/dev/null; check "staged skips the ignored .env" 0 $?
n=$("$bin" --verbose --select ENV001 "$tmp/envrepo" 2>&1 >/dev/null | grep -c '^linted .env as local settings: git ignores it, so it is no leak and the SEC rules do not read it$')
check "--verbose names the ignored .env" 1 "$n"

# --staged outside a git work tree is a usage error.
mkdir "$tmp/plain" && "$bin" --staged "$tmp/plain" 2>/dev/null; check "staged outside git" 2 $?

echo "staged: $pass passed, $failed failed"
[ "$failed" = 0 ]
