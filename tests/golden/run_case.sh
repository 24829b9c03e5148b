#!/bin/sh
# Runs one golden case: fixtures/<...>/<case>.d/
#   repo/ or repo-from (a path, relative to the case, of the repository to copy)
#   setup.sh      optional; runs inside the copy (e.g. to build a git repository)
#   args          arguments given before the path (may be empty)
#   expected.FMT  expected stdout of `deploylint ARGS --format FMT .` for each FMT
#   exit-expected expected exit code (one number for every format)
#   stderr-expected  optional: expected stderr (checked for every format)
#   after/        optional: the repository once every run is done (without
#                 .git), compared byte for byte (diff -r) -- for --fix cases,
#                 which should then have a single expected.FMT
#   check.sh      optional: runs inside the repository once every run is
#                 done and must exit 0 (e.g. to check modes in the git index)
#   env           optional: the run gets only PATH, HOME, LC_ALL, TZ and these
#                 variables (shell words, e.g. KEY='value', one or more a
#                 line), for `deploylint env` on the process environment
#   stdin         optional: the file given to the run as standard input
# DL_UPDATE_GOLDEN=1 rewrites the expected files (and stderr-expected and
# after/ where present) from the actual output.
# DL_WRAPPER=CMD runs the binary as `CMD BINARY ARGS...` (valgrind_golden.sh).
set -u
bin=$1
case_dir=$(cd "$2" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlgolden.XXXXXX")
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1 LC_ALL=C TZ=UTC NO_COLOR=
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
unset GITHUB_ACTIONS
mkdir -p "$HOME"

if [ -f "$case_dir/repo-from" ]; then
	src="$case_dir/$(cat "$case_dir/repo-from")"
else
	src="$case_dir/repo"
fi
mkdir "$tmp/repo"
if [ -d "$src" ]; then
	cp -R "$src/." "$tmp/repo/" || exit 1
fi
if [ -f "$case_dir/setup.sh" ]; then
	(cd "$tmp/repo" && sh "$case_dir/setup.sh") >"$tmp/setup.log" 2>&1 || {
		echo "setup.sh failed:"; cat "$tmp/setup.log"; exit 1; }
fi
args=""
[ -f "$case_dir/args" ] && args=$(cat "$case_dir/args")
want_exit=$(cat "$case_dir/exit-expected" 2>/dev/null || echo 0)

status=0
found=0
for exp in "$case_dir"/expected.*; do
	[ -f "$exp" ] || continue
	found=1
	fmt=${exp##*.}
	stdin=/dev/null
	[ -f "$case_dir/stdin" ] && stdin="$case_dir/stdin"
	if [ -f "$case_dir/env" ]; then
		# the test harness's and sanitizers' own variables pass through
		keep=""
		for v in DL_RECORD DL_VG_LOGDIR DL_VG_FORMAT ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
			eval "[ -n \"\${$v+x}\" ]" && keep="$keep $v=\"\$$v\""
		done
		# shellcheck disable=SC2086
		(cd "$tmp/repo" && eval "exec env -i PATH=\"\$PATH\" HOME=\"\$HOME\" LC_ALL=C TZ=UTC $keep $(tr '\n' ' ' <"$case_dir/env")" \
			'${DL_WRAPPER:+"$DL_WRAPPER"} "$bin"' $args --format "$fmt" .) <"$stdin" >"$tmp/out.$fmt" 2>"$tmp/err.$fmt"
	else
		# shellcheck disable=SC2086
		(cd "$tmp/repo" && ${DL_WRAPPER:+"$DL_WRAPPER"} "$bin" $args --format "$fmt" .) <"$stdin" >"$tmp/out.$fmt" 2>"$tmp/err.$fmt"
	fi
	code=$?
	if [ "${DL_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$tmp/out.$fmt" "$exp"
		echo "$code" >"$case_dir/exit-expected"
		[ -f "$case_dir/stderr-expected" ] && cp "$tmp/err.$fmt" "$case_dir/stderr-expected"
		continue
	fi
	if ! cmp -s "$exp" "$tmp/out.$fmt"; then
		echo "FAIL [$fmt]: output differs from $exp"
		diff -u "$exp" "$tmp/out.$fmt" | head -60
		status=1
	fi
	if [ -f "$case_dir/stderr-expected" ] && [ "${DL_UPDATE_GOLDEN:-0}" != 1 ] &&
	   ! cmp -s "$case_dir/stderr-expected" "$tmp/err.$fmt"; then
		echo "FAIL [$fmt]: stderr differs from stderr-expected"
		diff -u "$case_dir/stderr-expected" "$tmp/err.$fmt" | head -20
		status=1
	fi
	if [ "$code" != "$want_exit" ]; then
		echo "FAIL [$fmt]: exit code $code, expected $want_exit"
		cat "$tmp/err.$fmt"
		status=1
	fi
done
if [ $found = 0 ]; then
	echo "FAIL: no expected.* file in $case_dir"
	exit 1
fi
if [ -d "$case_dir/after" ]; then
	if [ "${DL_UPDATE_GOLDEN:-0}" = 1 ]; then
		rm -rf "$case_dir/after" && mkdir "$case_dir/after" &&
		(cd "$tmp/repo" && tar -cf - --exclude=./.git .) |
			(cd "$case_dir/after" && tar -xf -) || exit 1
	elif ! diff -r --exclude=.git "$case_dir/after" "$tmp/repo" >"$tmp/after.diff" 2>&1; then
		echo "FAIL: the repository afterwards differs from $case_dir/after"
		head -60 "$tmp/after.diff"
		status=1
	fi
fi
if [ -f "$case_dir/check.sh" ] &&
   ! (cd "$tmp/repo" && sh "$case_dir/check.sh") >"$tmp/check.log" 2>&1; then
	echo "FAIL: check.sh failed:"
	cat "$tmp/check.log"
	status=1
fi
exit $status
