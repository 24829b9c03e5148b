#!/bin/sh
# Extract every corpus repository of repos.tsv at its pinned commit from the
# fetched mirrors (/work/.mirror/<owner>+<name>/repo, brought by the search
# tool's `fetch`) into $CORPUS/<owner>__<name>/, as a git repository in which
# every file is tracked (one commit, fixed author and date).
# Usage: sh bench/precision/setup.sh [CORPUS_DIR]   (default /work/corpus)
# Env: MIRROR (default /work/.mirror); REPOS (default repos.tsv next to this
# script: a TSV whose first two columns are owner/name and commit, other
# columns ignored; bench/realstack/setup.sh passes its own). Exits 1 when a
# mirror or commit is missing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
corpus=${1:-${CORPUS:-/work/corpus}}
mirror=${MIRROR:-/work/.mirror}
repos=${REPOS:-$here/repos.tsv}
mkdir -p "$corpus"
missing=0
tail -n +2 "$repos" | while IFS="$(printf '\t')" read -r repo commit rest; do
	m="$mirror/$(echo "$repo" | sed 's|/|+|')/repo"
	# some snapshots come as a work tree with its .git inside
	[ -d "$m/.git" ] && m="$m/.git"
	d="$corpus/$(echo "$repo" | sed 's|/|__|')"
	if ! git --git-dir="$m" cat-file -e "$commit^{commit}" 2>/dev/null; then
		echo "missing: $repo@$commit (fetch github:$repo with the search tool's fetch)" >&2
		echo "$repo" >>"$corpus/.missing"
		continue
	fi
	if [ -f "$d/.corpus-commit" ] && [ "$(cat "$d/.corpus-commit")" = "$commit" ]; then
		continue
	fi
	rm -rf "$d"
	mkdir -p "$d"
	# Not `git archive`: a snapshot lacks blobs of 4 MiB and more, and archive
	# stops at the first one. Missing blobs are skipped and listed.
	python3 - "$m" "$commit" "$d" <<'PY'
import os, subprocess, sys
git, commit, dest = sys.argv[1:4]
tree = subprocess.run(["git", "--git-dir=" + git, "ls-tree", "-r", "-z", commit],
                      check=True, capture_output=True).stdout.split(b"\0")
cat = subprocess.Popen(["git", "--git-dir=" + git, "cat-file", "--batch"],
                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
skipped = 0
for ent in tree:
    if not ent:
        continue
    meta, path = ent.split(b"\t", 1)
    mode, kind, sha = meta.split()
    if kind != b"blob":
        continue
    cat.stdin.write(sha + b"\n")
    cat.stdin.flush()
    head = cat.stdout.readline().split()
    if head[1] == b"missing":
        skipped += 1
        continue
    data = cat.stdout.read(int(head[2]))
    cat.stdout.read(1)
    out = os.path.join(dest.encode(), path)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if mode == b"120000":
        os.symlink(data, out)
        continue
    with open(out, "wb") as f:
        f.write(data)
    if mode == b"100755":
        os.chmod(out, 0o755)
if skipped:
    print("  %d blob(s) absent from the snapshot (4 MiB or more), skipped" % skipped)
PY
	(
		cd "$d"
		git init -q
		git add -A -f
		GIT_AUTHOR_NAME=corpus GIT_AUTHOR_EMAIL=corpus@invalid \
			GIT_COMMITTER_NAME=corpus GIT_COMMITTER_EMAIL=corpus@invalid \
			GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z' \
			git -c commit.gpgsign=false commit -q --no-verify -m "corpus $repo@$commit"
		# marker outside the index, ignored through .git/info/exclude
		echo .corpus-commit >>.git/info/exclude
	)
	echo "$commit" >"$d/.corpus-commit"
	echo "extracted: $repo@$commit"
done
if [ -f "$corpus/.missing" ]; then
	n=$(wc -l <"$corpus/.missing")
	rm -f "$corpus/.missing"
	echo "$n mirror(s) missing; fetch them, then run setup.sh again" >&2
	exit 1
fi
