#!/bin/sh
# Promises kept under attack (issue #13, items 11-23): no silent passes
# (unreadable paths, absolute file PATHs, limits reached, unwritable
# standard output, broken configuration), git states libgit2 reads badly,
# and --fix that loses nothing. Each check failed before its fix.
#
# usage: sh promises.sh BINARY SOURCE_DIR
# Prints one line per failed check and ends with "promises: N passed, N failed".
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlpromises.XXXXXX") || exit 2
chmod 755 "$tmp"
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
unset GITHUB_ACTIONS NO_COLOR GIT_INDEX_FILE GIT_DIR GIT_WORK_TREE
export LC_ALL=C HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
mkdir -p "$HOME"
pass=0
failed=0

ok() { pass=$((pass + 1)); }
bad() {
	failed=$((failed + 1))
	echo "FAIL: $*"
}
# check WHAT COMMAND...: the command succeeds
check() {
	what=$1
	shift
	if "$@"; then ok; else bad "$what"; fi
}

# Runs deploylint as an unprivileged user when we are root (root reads
# every file), else as ourselves.
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}
can_drop=1
if [ "$(id -u)" -eq 0 ] && ! setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" --version >/dev/null 2>&1; then
	can_drop=0
	echo "promises: cannot run as another user: the permission checks are skipped"
fi

# ---- 11: unreadable PATH, folder, file; out of file descriptors ----------

if [ $can_drop = 1 ]; then
	d=$tmp/unreadable
	mkdir -p "$d/locked" "$d/open"
	printf 'PORT = 8000\n' >"$d/locked/.env.example"
	printf 'PORT = 8000\n' >"$d/open/.env.example"
	printf 'PORT = 8000\n' >"$d/open/secret.env.example"
	chmod 000 "$d/locked" "$d/open/secret.env.example"
	chmod 755 "$d" "$d/open"
	(cd "$d" && as_user "$bin" --no-config --format text locked) >"$tmp/o" 2>"$tmp/e"
	rc=$?
	check "11: an unreadable PATH exits 3 (got $rc)" [ "$rc" -eq 3 ]
	check "11: an unreadable PATH says why" grep -q 'cannot read locked: Permission denied' "$tmp/e"
	check "11: an unreadable PATH is not called clean" sh -c "! grep -q 'no problems found' '$tmp/o'"
	(cd "$d" && as_user "$bin" --no-config --format text .) >"$tmp/o" 2>"$tmp/e"
	rc=$?
	check "11: unreadable folders and files leave the exit code to the findings (got $rc)" [ "$rc" -eq 0 ]
	check "11: an unreadable folder is named without -v" grep -q '^deploylint: cannot read locked/: Permission denied$' "$tmp/e"
	check "11: an unreadable file is named without -v" grep -q '^deploylint: cannot read open/secret.env.example: Permission denied$' "$tmp/e"
	chmod 755 "$d/locked"
fi

d=$tmp/emfile
mkdir -p "$d/a/b/c/d/e/f/g/h"
printf 'PORT = 8000\n' >"$d/a/b/c/d/e/f/g/h/.env.example"
(ulimit -n 7 && cd "$d" && "$bin" --no-config .) >"$tmp/o" 2>"$tmp/e"
rc=$?
check "11: out of file descriptors is not a clean run (exit $rc)" [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]
check "11: out of file descriptors says so" grep -q 'Too many open files' "$tmp/e"

# ---- 12: absolute file PATHs, as editors and lint-staged pass them -------

d=$tmp/abs
mkdir -p "$d/sub"
printf 'PORT = 8000\nA=1\nA=2\n' >"$d/.env.example"
printf 'PORT = 8000\n' >"$d/sub/.env.example"
(cd "$d" && "$bin" --no-config --format json .env.example) >"$tmp/rel.json"
(cd "$d" && "$bin" --no-config --format json "$d/.env.example") >"$tmp/abs.json"
(cd "$d/sub" && "$bin" --no-config --format json "$d/sub/.env.example") >"$tmp/sub.json"
check "12: a relative file PATH finds the problems" grep -q ENV005 "$tmp/rel.json"
check "12: an absolute file PATH finds what the relative one finds" cmp -s "$tmp/rel.json" "$tmp/abs.json"
check "12: an absolute file PATH from a subfolder finds its problems" grep -q ENV005 "$tmp/sub.json"
two=$(cd "$d" && "$bin" --no-config --format text sub "$d/sub/.env.example" | grep -c ENV005)
check "12: a file PATH inside a folder PATH is matched under that folder ($two)" [ "$two" -eq 1 ]

# ---- 16: every limit reached is a PARSE002 note, in every format ---------
# (with the families whose input hit a limit selected: DB reads the URL;
# a family that is not run reads nothing, so hides nothing)

d=$tmp/limits
mkdir -p "$d/scripts"
python3 - "$d" <<'EOF'
import sys
d = sys.argv[1]
with open(d + '/requirements.txt', 'w') as f:
    for i in range(100001):
        f.write('pkg%d==1.0\n' % i)
with open(d + '/.env', 'w') as f:
    f.write('DATABASE_URL=postgresql://u@db.example.com/app?' +
            '&'.join('p%d=1' % i for i in range(70)) + '\n')
with open(d + '/render.yaml', 'w') as f:
    f.write('services:\n- type: web\n  name: api\n  runtime: python\n'
            '  buildCommand: ./scripts/s0.sh\n  startCommand: ./scripts/words.sh\n')
for i in range(12):
    with open(d + '/scripts/s%d.sh' % i, 'w') as f:
        f.write('#!/bin/sh\n./scripts/s%d.sh\n' % (i + 1))
with open(d + '/scripts/words.sh', 'w') as f:
    f.write('#!/bin/sh\n' + 'echo a b c d e f g h i\n' * 10001)
EOF
chmod +x "$d"/scripts/*.sh
for fmt in text json sarif github; do
	(cd "$d" && "$bin" --no-config --select PARSE,DB --format "$fmt" .) >"$tmp/lim.$fmt" 2>"$tmp/lim.err"
	if [ "$fmt" = sarif ]; then
		# the rule documentation names every limit: read the results only
		python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["runs"][0]["results"]:
    print(r["ruleId"], r["message"]["text"])' "$tmp/lim.sarif" >"$tmp/lim.sarif.results"
		mv "$tmp/lim.sarif.results" "$tmp/lim.sarif"
	fi
	for lim in DL_MAX_REQ_LINES DL_MAX_DBURL_PARAMS DL_MAX_CMD_SCRIPT_DEPTH DL_MAX_CMD_WORDS; do
		check "16: $lim reached is reported in $fmt" grep -q "PARSE002.*$lim\|$lim.*PARSE002\|limit $lim reached" "$tmp/lim.$fmt"
	done
done
check "16: the requirements limit names the first line not read" grep -q '^requirements.txt:100001:1: note\[PARSE002\]' "$tmp/lim.text"

# ---- 17: a custom secret pattern that does not compile -------------------

d=$tmp/pattern
mkdir -p "$d"
printf 'options:\n  secret-patterns:\n    - id: acme\n      keywords: [acme_]\n      pattern: %s\n' "'acme_([a-z]+'" >"$d/.deploylint.yaml"
(cd "$d" && "$bin" .) >"$tmp/o" 2>"$tmp/e"
rc=$?
check "17: a pattern that does not compile exits 2 (got $rc)" [ "$rc" -eq 2 ]
check "17: ... naming file:line:col" grep -q '^deploylint: .deploylint.yaml:5:16: secret pattern acme does not compile' "$tmp/e"

# ---- 18: standard output that cannot be written ---------------------------

if [ -w /dev/full ]; then
	d=$tmp/full
	mkdir -p "$d/alembic/versions"
	printf '[alembic]\nscript_location = alembic\n' >"$d/alembic.ini"
	printf 'revision = "a1"\ndown_revision = None\n' >"$d/alembic/versions/a1.py"
	for args in "heads" "--list-rules" "--explain ENV001" "--help" "--version" "graph" "config" "."; do
		# shellcheck disable=SC2086
		(cd "$d" && "$bin" $args) >/dev/full 2>"$tmp/e"
		rc=$?
		check "18: '$args > /dev/full' exits 3 (got $rc)" [ "$rc" -eq 3 ]
	done
fi

# ---- 19: database passwords holding #, / or ? -------------------------------

d=$tmp/dbpass
mkdir -p "$d"
(cd "$d" && git init -q . &&
	printf 'DATABASE_URL=postgresql://app:Xk9#mP2vQ7wL@db.internal:5432/app\n' >.env &&
	printf 'DATABASE_URL=postgresql://app:Xk9/mP2vQ7wL@db.internal:5432/app\n' >.env.production &&
	printf 'DATABASE_URL=postgresql://app:Xk9?mP2vQ7wL@db.internal:5432/app\n' >.env.staging &&
	git add -f .env .env.production .env.staging)
(cd "$d" && "$bin" --no-config --no-context --select SEC --format text .) >"$tmp/o" 2>"$tmp/e"
for f in .env .env.production .env.staging; do
	check "19: the password of $f is reported (SEC002)" grep -q "^$f:1:31: error\[SEC002\]" "$tmp/o"
	check "19: $f counts as holding a secret (SEC001)" grep -q "^$f:1:14: error\[SEC001\]" "$tmp/o"
done
check "19: no password is printed" sh -c "! grep -q mP2vQ7wL '$tmp/o'"

# ---- 13: indexes libgit2 cannot read, unreadable .git ------------------------

for kind in split sparse; do
	d=$tmp/index-$kind
	mkdir -p "$d/app"
	(cd "$d" && git init -q . && printf '.env\n' >.gitignore &&
		printf 'PORT = 8000\n' >.env && printf 'PORT = 8000\n' >app/.env.example &&
		git add .gitignore app/.env.example && git commit -qm i) >/dev/null 2>&1
	if [ $kind = split ]; then
		(cd "$d" && git update-index --split-index) >/dev/null 2>&1
	else
		(cd "$d" && git sparse-checkout init --cone --sparse-index &&
			git sparse-checkout set app) >/dev/null 2>&1
	fi
	(cd "$d" && "$bin" --no-config --format text .) >"$tmp/o" 2>"$tmp/e"
	rc=$?
	check "13: $kind index: the git rules cannot run, exit 3 (got $rc)" [ "$rc" -eq 3 ]
	check "13: $kind index: said without -v" grep -q 'cannot read the git index' "$tmp/e"
	(cd "$d" && "$bin" --no-config --ignore SEC001,ENV003,GIT --fix .) >"$tmp/o" 2>"$tmp/e"
	check "13: $kind index: --fix leaves the gitignored .env alone" grep -qx 'PORT = 8000' "$d/.env"
	check "13: $kind index: --fix still fixes the tracked file" grep -qx 'PORT=8000' "$d/app/.env.example"
done
if [ $can_drop = 1 ]; then
	d=$tmp/dotgit
	mkdir -p "$d"
	(cd "$d" && git init -q . && printf 'PORT = 8000\n' >.env.example) >/dev/null 2>&1
	chmod 755 "$d" && chmod 000 "$d/.git"
	(cd "$d" && as_user "$bin" --no-config .) >"$tmp/o" 2>"$tmp/e"
	rc=$?
	check "13: an unreadable .git is exit 3 (got $rc)" [ "$rc" -eq 3 ]
	check "13: an unreadable .git is said" grep -q 'git repository cannot be read' "$tmp/e"
	chmod 755 "$d/.git"
fi

# ---- 14: sparse checkouts: skip-worktree entries are present ----------------

d=$tmp/sparse
mkdir -p "$d/backend/alembic/versions" "$d/docs"
(cd "$d" && git init -q . &&
	printf '[alembic]\nscript_location = alembic\n' >backend/alembic.ini &&
	printf 'from alembic import context\n' >backend/alembic/env.py &&
	printf 'revision = "a1"\ndown_revision = None\n' >backend/alembic/versions/a1.py &&
	printf 'fastapi\n' >backend/requirements.txt &&
	printf '#!/bin/sh\npip install -r requirements.txt\n' >backend/build.sh &&
	chmod +x backend/build.sh && printf 'app = 1\n' >backend/main.py &&
	printf 'services:\n- type: web\n  name: api\n  runtime: python\n  rootDir: backend\n  buildCommand: ./build.sh\n  startCommand: uvicorn main:app --host 0.0.0.0 --port $PORT\n' >render.yaml &&
	printf '[alembic]\nscript_location = backend/alembic\n' >alembic.ini &&
	printf 'x\n' >docs/a.md && git add -A && git commit -qm init &&
	git sparse-checkout set --no-cone /docs/ /render.yaml /alembic.ini) >/dev/null 2>&1
check "14: the sparse checkout left backend/ out" [ ! -e "$d/backend" ]
(cd "$d" && "$bin" --no-config --no-context --format text .) >"$tmp/o" 2>"$tmp/e"
check "14: files outside the cone are not missing (RND008, RND009)" sh -c "! grep -Eq 'RND008|RND009' '$tmp/o'"
check "14: folders outside the cone are not missing (ALM011)" sh -c "! grep -q ALM011 '$tmp/o'"
check "14: files outside the cone are not unreadable" sh -c "! grep -q 'cannot read' '$tmp/e'"

# ---- 15: submodules are other repositories --------------------------------

d=$tmp/submodule
mkdir -p "$d/lib"
(cd "$d/lib" && git init -q . &&
	printf 'DATABASE_URL=postgresql://app:Xk9mP2vQ7wLz@db.internal:5432/app\n' >.env &&
	git add -f .env && git commit -qm lib) >/dev/null 2>&1
(cd "$d" && git init -q . && git -c protocol.file.allow=always submodule add -q ./lib lib &&
	git commit -qm super) >/dev/null 2>&1
mkdir -p "$d/nested" && (cd "$d/nested" && git init -q . && printf 'SECRET_KEY=x\n' >.env)
(cd "$d" && "$bin" --no-config --no-context --format text .) >"$tmp/o" 2>"$tmp/e"
check "15: a submodule's files are not the superproject's (ENV003/SEC00x)" sh -c "! grep -Eq 'ENV003|SEC00' '$tmp/o'"
check "15: skipping a submodule is said" grep -q 'skipped lib/: a submodule' "$tmp/e"
check "15: skipping a nested work tree is said" grep -q 'skipped nested/: a nested git work tree' "$tmp/e"
(cd "$d/lib" && "$bin" --no-config --no-context --format text .) >"$tmp/o" 2>"$tmp/e"
check "15: the submodule linted as its own repository reports its committed .env" grep -q '^.env:1:14: error\[SEC001\]' "$tmp/o"

# ---- 20: .deploylint.yaml that is a symbolic link ---------------------------

d=$tmp/cfglink
mkdir -p "$d/repo"
printf 'ignore: ENV\n' >"$d/outside.yaml"
ln -s ../outside.yaml "$d/repo/.deploylint.yaml"
printf 'PORT = 8000\n' >"$d/repo/.env.example"
(cd "$d/repo" && "$bin" .) >"$tmp/o" 2>"$tmp/e"
rc=$?
check "20: a symlinked .deploylint.yaml is refused with exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "20: ... saying why" grep -q 'is a symbolic link' "$tmp/e"
(cd "$d/repo" && "$bin" --config ../outside.yaml .) >"$tmp/o" 2>"$tmp/e"
rc=$?
check "20: --config naming the target still works (got $rc)" [ "$rc" -eq 0 ]

# ---- 21: --fix keeps owner, group and extended attributes -----------------------

if [ "$(id -u)" -eq 0 ]; then
	d=$tmp/owner
	mkdir -p "$d"
	printf 'PORT = 8000\n' >"$d/.env.example"
	chown 65534:65534 "$d/.env.example" && chmod 600 "$d/.env.example"
	python3 -c "import os, sys; os.setxattr(sys.argv[1], 'user.origin', b'kept')" "$d/.env.example" 2>/dev/null
	xattr=$?
	(cd "$d" && "$bin" --no-config --fix .) >"$tmp/o" 2>"$tmp/e"
	check "21: the fix was applied" grep -qx 'PORT=8000' "$d/.env.example"
	check "21: owner and group kept ($(stat -c %u:%g "$d/.env.example"))" [ "$(stat -c %u:%g "$d/.env.example")" = 65534:65534 ]
	check "21: permission bits kept" [ "$(stat -c %a "$d/.env.example")" = 600 ]
	if [ $xattr -eq 0 ]; then
		check "21: extended attributes kept" python3 -c "
import os, sys
sys.exit(os.getxattr(sys.argv[1], 'user.origin') != b'kept')" "$d/.env.example"
	fi
fi

# ---- 22: an edit saved between the comparison and the rename ---------------------

shim=$(dirname "$bin")/tests/libdl_touch_shim.so
if [ -f "$shim" ]; then
	d=$tmp/race
	mkdir -p "$d"
	printf 'PORT = 8000\n' >"$d/.env.example"
	(cd "$d" && ASAN_OPTIONS=verify_asan_link_order=0 DL_SHIM_TOUCH="$d/.env.example" \
		LD_PRELOAD="$shim" "$bin" --no-config --fix .) >"$tmp/o" 2>"$tmp/e"
	if grep -q 'SAVED_BY_EDITOR' "$d/.env.example" || ! grep -q 'PORT = 8000' "$d/.env.example"; then
		check "22: the editor's save survives" grep -q 'SAVED_BY_EDITOR=1' "$d/.env.example"
		check "22: --fix says the file changed since it was read" grep -q 'changed since deploylint read it' "$tmp/e"
	else
		echo "promises: the fsync shim did not load: check 22 skipped"
	fi
else
	echo "promises: no $shim: check 22 skipped"
fi

# ---- 23: GIT001's index update takes index.lock first --------------------------

d=$tmp/gitlock
mkdir -p "$d"
(cd "$d" && git init -q . && printf '#!/bin/sh\necho hi\n' >build.sh &&
	printf 'services:\n- type: web\n  name: api\n  runtime: python\n  buildCommand: ./build.sh\n  startCommand: uvicorn main:app --host 0.0.0.0 --port $PORT\n' >render.yaml &&
	printf 'app = 1\n' >main.py && printf 'x\n' >notes.txt &&
	git add -A && git commit -qm init && printf 'y\n' >notes.txt && git add notes.txt) >/dev/null 2>&1
: >"$d/.git/index.lock"
(cd "$d" && "$bin" --no-config --select GIT001 --fix .) >"$tmp/o" 2>"$tmp/e"
check "23: a held index.lock is respected (not fixed, said)" grep -q 'index.lock exists' "$tmp/e"
check "23: ... and the index is left alone" sh -c "cd '$d' && git ls-files -s build.sh | grep -q '^100644'"
check "23: ... and the lock is not taken away" [ -f "$d/.git/index.lock" ]
rm -f "$d/.git/index.lock"
(cd "$d" && "$bin" --no-config --select GIT001 --fix .) >"$tmp/o" 2>"$tmp/e"
check "23: the index says 100755 after the fix" sh -c "cd '$d' && git ls-files -s build.sh | grep -q '^100755'"
check "23: a change staged before the fix is kept" sh -c "cd '$d' && git diff --cached --name-only | grep -qx notes.txt"
check "23: the index is one git reads cleanly" sh -c "cd '$d' && git status --porcelain >/dev/null && ! [ -e .git/index.lock ]"

# a `git add` that runs just before the fix takes index.lock: a fix that
# read the index before the lock would write it back without that change
if [ -f "$shim" ]; then
	d=$tmp/gitlock-race
	mkdir -p "$d"
	(cd "$d" && git init -q . && printf '#!/bin/sh\necho hi\n' >build.sh &&
		printf 'services:\n- type: web\n  name: api\n  runtime: python\n  buildCommand: ./build.sh\n  startCommand: uvicorn main:app --host 0.0.0.0 --port $PORT\n' >render.yaml &&
		printf 'app = 1\n' >main.py && git add -A && git commit -qm init && printf 'y\n' >late.txt) >/dev/null 2>&1
	(cd "$d" && ASAN_OPTIONS=verify_asan_link_order=0 DL_SHIM_BEFORE_LOCK="git add late.txt && echo ADDED >'$tmp/added'" \
		LD_PRELOAD="$shim" "$bin" --no-config --select GIT001 --fix .) >"$tmp/o" 2>"$tmp/e"
	if [ -f "$tmp/added" ]; then
		check "23: a git add just before the lock is kept" sh -c "cd '$d' && git ls-files --stage late.txt | grep -q late.txt"
		check "23: ... and the fix is made" sh -c "cd '$d' && git ls-files -s build.sh | grep -q '^100755'"
	else
		echo "promises: the lock shim did not run: check 23 (race) skipped"
	fi
fi

echo "promises: $pass passed, $failed failed"
[ "$failed" -eq 0 ]
