#!/bin/sh
# The pre-commit hooks of .pre-commit-hooks.yaml under the real pre-commit
# (Debian's package): `pre-commit try-repo` and a real `git commit` through
# `pre-commit install`, on a temporary repository, with a good and a bad
# Alembic history. Offline: the `language: system` hooks (deploylint-system,
# deploylint-staged-system) use the deploylint on PATH; precommit_python.sh
# tests the self-installing `language: python` ones.
# Usage: sh precommit.sh BINARY SOURCE_DIR
set -u
bin=$1
src=$(cd "$2" && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
pass=0
failed=0
ok() { pass=$((pass + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

if ! command -v pre-commit >/dev/null 2>&1; then
	echo "FAIL: pre-commit is not installed (sh tools/install-deps.sh installs it)"
	echo "precommit: 0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlprecommit.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" PRE_COMMIT_HOME="$tmp/cache" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export PATH="$(dirname "$bin"):$PATH" LC_ALL=C.UTF-8
unset GITHUB_ACTIONS NO_COLOR GIT_DIR GIT_INDEX_FILE GIT_WORK_TREE
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global advice.detachedHead false

# The hook repository: the working tree's .pre-commit-hooks.yaml, committed
# (try-repo on SOURCE_DIR itself would use the committed file plus tracked
# changes only: an untracked or new file would not be seen).
mkdir "$tmp/hooks"
cp "$src/.pre-commit-hooks.yaml" "$tmp/hooks/"
(cd "$tmp/hooks" && git init -q && git add -A && git commit -qm hooks) || exit 1
hooks_rev=$(git -C "$tmp/hooks" rev-parse HEAD)

revision() { # revision FILE ID DOWN
	cat >"proj/migrations/versions/$1.py" <<EOF
"""$1

Revision ID: $2
"""
from alembic import op

revision = "$2"
down_revision = $3
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("SELECT 1")


def downgrade() -> None:
    pass
EOF
}

# try NAME WANT_EXIT WANT_TEXT [try-repo args...]: runs the hook in proj
try_hook() {
	name=$1 want=$2 text=$3
	shift 3
	(cd "$tmp/proj" && pre-commit try-repo --color never "$tmp/hooks" "$@") \
		>"$tmp/out" 2>&1
	code=$?
	if [ "$code" != "$want" ]; then
		bad "$name: pre-commit exit $code, expected $want"
		cat "$tmp/out"
	elif ! grep -q -- "$text" "$tmp/out"; then
		bad "$name: no '$text' in the output"
		cat "$tmp/out"
	else
		ok
	fi
}

cd "$tmp" || exit 1
mkdir -p proj/migrations/versions proj/app
(cd proj && git init -q) || exit 1
cat >proj/alembic.ini <<'EOF'
[alembic]
script_location = migrations
sqlalchemy.url =
EOF
cat >proj/migrations/env.py <<'EOF'
import os

from alembic import context

from app.models import Base

config = context.config
config.set_main_option("sqlalchemy.url", os.environ["DATABASE_URL"].replace("%", "%%"))
target_metadata = Base.metadata
EOF
printf 'from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n' >proj/app/models.py
: >proj/app/__init__.py
printf '# demo\n' >proj/README.md
revision 0001_users 1a2b3c4d5e6f None
revision 0002_orders 2b3c4d5e6f70 '"1a2b3c4d5e6f"'
(cd proj && git add -A)
# the staged project must have no error for the tests below to mean anything
if ! (cd proj && "$bin" . >"$tmp/lint" 2>&1); then
	bad "the good project has errors"
	cat "$tmp/lint"
fi

# 1. a good first commit passes
try_hook "good commit" 0 "deploylint\\.*Passed" deploylint-system
# ... and so does try-repo on the source tree itself, as a user would run
# it, once .pre-commit-hooks.yaml is tracked there (pre-commit clones the
# repository, adding tracked changes but not untracked files)
if git -C "$src" ls-files --error-unmatch .pre-commit-hooks.yaml >/dev/null 2>&1; then
	(cd proj && pre-commit try-repo --color never "$src" deploylint-system) >"$tmp/out" 2>&1
	code=$?
	if [ "$code" = 0 ] && grep -q "deploylint\\.*Passed" "$tmp/out"; then
		ok
	else
		bad "try-repo $src: exit $code"
		cat "$tmp/out"
	fi
else
	echo "note: .pre-commit-hooks.yaml is not tracked in $src: try-repo on it not run"
fi
(cd proj && git commit -qm good) || exit 1

# 2. a change to no file deploylint reads skips the hook, even though an
# untracked file (which pre-commit leaves in place) adds a second head
revision 0002_invoices 3c4d5e6f7081 '"1a2b3c4d5e6f"'
printf '# more\n' >>proj/README.md
(cd proj && git add README.md)
try_hook "unrelated change" 0 "deploylint\\.*(no files to check)Skipped" deploylint-system

# 3. staging that second head (two developers branched off 0001) fails,
# naming ALM001
(cd proj && git add -A)
try_hook "two heads" 1 "ALM001" deploylint-system
grep -q "deploylint\\.*Failed" "$tmp/out" && ok || bad "two heads: hook not marked Failed"

# 4. the merge revision fixes it
revision 0003_merge 4d5e6f708192 '("2b3c4d5e6f70", "3c4d5e6f7081")'
(cd proj && git add -A)
try_hook "merged heads" 0 "deploylint\\.*Passed" deploylint-system
(cd proj && git commit -qm merged) || exit 1

# 5. --all-files lints a clean tree; every kind deploylint reads triggers
# the hook, other files do not (the `files` pattern). pre-commit ignores
# named files that do not exist, so they are made (untracked) first.
try_hook "all files" 0 "deploylint\\.*Passed" deploylint-system --all-files
revision 0004_bad 5e6f708192a3 '"1a2b3c4d5e6f"'  # an untracked second head
matching="render.yaml render.yml runtime.txt .python-version .env .env.production
svc/.env.local svc/alembic.ini requirements.txt requirements-dev.txt
requirements/base.txt build.sh scripts/start.bash Procfile pyproject.toml
.deploylint.yaml app/main.py migrations/env.py"
other="README.md Dockerfile docs/render.yaml.md requirements.in .envrc
requirements/base.in chart/values.yaml migrations/script.py.mako"
: >"$tmp/made"
for f in $matching $other; do
	[ -e "proj/$f" ] && continue
	mkdir -p "proj/$(dirname "$f")"
	: >"proj/$f"
	echo "$f" >>"$tmp/made"
done
for f in $matching; do
	try_hook "files pattern matches $f" 1 "deploylint\\.*Failed" deploylint-system --files "$f"
done
for f in $other; do
	try_hook "files pattern skips $f" 0 "(no files to check)Skipped" deploylint-system --files "$f"
done
(cd proj && xargs rm -f <"$tmp/made") || exit 1
rm -f proj/migrations/versions/0004_bad.py
(cd proj && find . -type d -empty -not -path './.git/*' -delete)
if [ -n "$(cd proj && git status --porcelain)" ]; then
	bad "files left behind:"
	(cd proj && git status --porcelain)
fi

# 6. the real hook: pre-commit install, then git commit is refused with a
# second head and accepted once it is merged
cat >proj/.pre-commit-config.yaml <<EOF
repos:
  - repo: $tmp/hooks
    rev: $hooks_rev
    hooks:
      - id: deploylint-system
EOF
(cd proj && git add .pre-commit-config.yaml && git commit -qm config &&
	pre-commit install >/dev/null) || exit 1
revision 0004_payments 6f708192a3b4 '"4d5e6f708192"'
revision 0004_refunds 708192a3b4c5 '"4d5e6f708192"'
(cd proj && git add -A)
if (cd proj && git commit -qm "two heads" >"$tmp/out" 2>&1); then
	bad "git commit with two heads was accepted"
	cat "$tmp/out"
else
	grep -q "ALM001" "$tmp/out" && ok || { bad "refused commit does not name ALM001"; cat "$tmp/out"; }
fi
revision 0005_merge 8192a3b4c5d6 '("6f708192a3b4", "708192a3b4c5")'
(cd proj && git add -A)
if (cd proj && git commit -qm "merged" >"$tmp/out" 2>&1); then
	ok
else
	bad "git commit of a merged history was refused"
	cat "$tmp/out"
fi
check_log=$(cd proj && git log --format=%s | tr '\n' ' ')
[ "$check_log" = "merged config merged good " ] && ok ||
	bad "commits: want [merged config merged good ], got [$check_log]"

# 7. deploylint-staged lints the index: an untracked second head does not
# stop the commit. Runs once the binary has --staged.
if "$bin" --help | grep -q -- "--staged"; then
	revision 0006_untracked 92a3b4c5d6e7 '"8192a3b4c5d6"'
	revision 0006_tracked 93a3b4c5d6e8 '"8192a3b4c5d6"'
	(cd proj && git add migrations/versions/0006_tracked.py)
	try_hook "staged ignores untracked" 0 "Passed" deploylint-staged-system
	try_hook "work tree sees untracked" 1 "ALM001" deploylint-system
	rm -f proj/migrations/versions/0006_untracked.py
else
	echo "note: deploylint has no --staged yet: deploylint-staged not run"
fi

echo "precommit: $pass passed, $failed failed"
[ "$failed" = 0 ]
