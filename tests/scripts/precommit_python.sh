#!/bin/sh
# The self-installing pre-commit hook (`id: deploylint`, `language: python`
# in .pre-commit-hooks.yaml) under Debian's pre-commit, offline: pip builds
# the hook's environment from a clean clone of this repository with
# PIP_NO_INDEX=1 and PIP_FIND_LINKS=/usr/share/python-wheels (Debian's
# setuptools and wheel wheels; deploylint's build backend needs neither),
# so the wheel's CMake build runs (cmake, a C compiler and the -dev
# packages must be there). With no deploylint on PATH:
#   - `pre-commit try-repo CLONE deploylint` passes a good staged history;
#   - with a .pre-commit-config.yaml naming CLONE and `pre-commit install`,
#     `git commit` of a second Alembic head is refused (ALM001) and the
#     merged history is accepted;
#   - the deploylint pre-commit installed is the self-contained one.
# The trimmed static libgit2 comes from BUILD_DIR/pkgcache/libgit2 (shared
# with wheel.sh and deb.sh, through DL_LIBGIT2_CACHE).
# Usage: sh precommit_python.sh BINARY SOURCE_DIR
set -u
bin=$1
src=$(cd "$2" && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
# The packaged binary is a separate Release build: a sanitizer build has
# nothing to add here (ctest reports the test as skipped).
if ldd "$bin" 2>/dev/null | grep -q -E 'lib(asan|ubsan|tsan)'; then
	echo "skipped: $bin is a sanitizer build; packaging is tested in the normal build"
	exit 77
fi
pass=0
failed=0
ok() { pass=$((pass + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

for t in pre-commit git cmake; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "FAIL: $t is not installed (sh tools/install-deps.sh installs it)"
		echo "precommit_python: 0 passed, 1 failed"
		exit 1
	fi
done
cache="$(dirname "$bin")/pkgcache"
mkdir -p "$cache"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlprecommitpy.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" PRE_COMMIT_HOME="$tmp/cache" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export PIP_NO_INDEX=1 PIP_FIND_LINKS=/usr/share/python-wheels PIP_DISABLE_PIP_VERSION_CHECK=1
export DL_LIBGIT2_CACHE="$cache/libgit2" LC_ALL=C.UTF-8
# no deploylint on PATH: the hook must bring its own
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
unset GITHUB_ACTIONS NO_COLOR GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE VIRTUAL_ENV
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global advice.detachedHead false
if command -v deploylint >/dev/null 2>&1; then
	echo "note: $(command -v deploylint) is on PATH; the hook's own comes first"
fi

# The hook repository: a clean clone of this checkout's HEAD (or, outside
# git, its files committed into a new repository)
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1 &&
   [ "$(git -C "$src" rev-parse --show-toplevel)" = "$src" ]; then
	git clone -q "$src" "$tmp/hooks" || exit 1
else
	mkdir "$tmp/hooks"
	(cd "$src" && tar cf - --exclude='./build*' --exclude=./.git .) | (cd "$tmp/hooks" && tar xf -)
	(cd "$tmp/hooks" && git init -q && git add -A && git commit -qm hooks) || exit 1
fi
hooks_rev=$(git -C "$tmp/hooks" rev-parse HEAD)

revision() { # revision FILE ID DOWN
	cat >"$tmp/proj/migrations/versions/$1.py" <<EOF
"""$1"""
revision = "$2"
down_revision = $3
branch_labels = None
depends_on = None
EOF
}
mkdir -p "$tmp/proj/migrations/versions"
cd "$tmp/proj" || exit 1
git init -q
printf '[alembic]\nscript_location = migrations\nsqlalchemy.url =\n' >alembic.ini
cat >migrations/env.py <<'EOF'
import os

from alembic import context

config = context.config
config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"].replace("%", "%%"))
EOF
revision 0001_users 1a2b3c4d5e6f None
revision 0002_orders 2b3c4d5e6f70 '"1a2b3c4d5e6f"'
git add -A

# 1. try-repo on the clone: pip builds the hook's environment, the good
# history passes
pre-commit try-repo --color never "$tmp/hooks" deploylint >"$tmp/out" 2>&1
code=$?
if [ "$code" = 0 ] && grep -q "deploylint\\.*Passed" "$tmp/out"; then ok; else
	bad "try-repo, good history: exit $code"
	cat "$tmp/out"
fi
git commit -qm good --no-verify || exit 1

# 2. the real hook: pre-commit install, then git commit
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $tmp/hooks
    rev: $hooks_rev
    hooks:
      - id: deploylint
EOF
git add .pre-commit-config.yaml
if git commit -qm config >"$tmp/out" 2>&1; then :; else
	bad "committing the config failed"
	cat "$tmp/out"
fi
pre-commit install >/dev/null || exit 1
revision 0003_payments 3c4d5e6f7081 '"2b3c4d5e6f70"'
revision 0003_refunds 4d5e6f708192 '"2b3c4d5e6f70"'
git add -A
if git commit -qm "two heads" >"$tmp/out" 2>&1; then
	bad "git commit with two heads was accepted"
	cat "$tmp/out"
elif grep -q "ALM001" "$tmp/out" && grep -q "deploylint\\.*Failed" "$tmp/out"; then
	ok
else
	bad "the refused commit does not name ALM001"
	cat "$tmp/out"
fi
revision 0004_merge 5e6f708192a3 '("3c4d5e6f7081", "4d5e6f708192")'
git add -A
if git commit -qm merged >"$tmp/out" 2>&1 && grep -q "deploylint\\.*Passed" "$tmp/out"; then
	ok
else
	bad "git commit of the merged history was refused"
	cat "$tmp/out"
fi
# 3. the hook ran the self-contained deploylint pre-commit installed (the
# environment of the configured hook; try-repo's own is gone)
dl=$(find "$PRE_COMMIT_HOME" -path '*/py_env-*/bin/deploylint' | head -n 1)
if [ -n "$dl" ] && "$dl" --version | grep -q '^deploylint [0-9]'; then
	ok
	others=$(ldd "$dl" | awk '{print $1}' | grep -v -E '^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|/lib64/ld-linux-x86-64\.so\.2|/lib/ld-linux-aarch64\.so\.1)$')
	[ -z "$others" ] && ok || bad "the hook's deploylint links $others"
else
	bad "no deploylint in pre-commit's python environment"
	find "$PRE_COMMIT_HOME" -maxdepth 3 | head -20
fi
log=$(git log --format=%s | tr '\n' ' ')
[ "$log" = "merged config good " ] && ok || bad "commits: want [merged config good ], got [$log]"

echo "precommit_python: $pass passed, $failed failed"
[ "$failed" = 0 ]
