#!/bin/sh
# ThreadSanitizer over deploylint's threads: the pre-read and read pass
# (src/pass/pass.c: workers reading and scanning files while the main
# thread walks, a hand-over under a mutex, results merged after), thread
# placement (src/util/thread.c) and the lazily built secret catalogue.
# Builds deploylint with -fsanitize=thread in BUILD_DIR and lints, in every
# output format, this checkout (a git work tree of several hundred files:
# two workers), the same with --staged (blobs on one thread), and the
# hostile repository whose tracked files changed after the commit
# (tests/scripts/hostile.sh tracked-changed). Fails on any report.
#
# usage: sh tests/scripts/tsan.sh BUILD_DIR
#   (tests/run-all.sh) builds the ThreadSanitizer binary in BUILD_DIR
# usage: sh tests/scripts/tsan.sh BINARY SOURCE_DIR
#   (the ctest entry script/tsan) the same runs with BINARY: under the
#   ASan+UBSan build they check those sanitizers on the same paths
set -eu

case $# in
1)
	src=$(cd "$(dirname "$0")/../.." && pwd)
	build=$1
	case $build in /*) ;; *) build=$(pwd)/$build ;; esac
	cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDL_TESTS=OFF \
		-DCMAKE_C_FLAGS="-fsanitize=thread -fno-omit-frame-pointer" \
		-DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null
	cmake --build "$build" --target deploylint -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
	bin=$build/deploylint
	;;
2)
	bin=$1
	src=$2
	;;
*)
	echo "usage: sh $0 BUILD_DIR | sh $0 BINARY SOURCE_DIR" >&2
	exit 2
	;;
esac
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
src=$(cd "$src" && pwd)
export TSAN_OPTIONS="halt_on_error=1 exitcode=66"
unset GITHUB_ACTIONS NO_COLOR

err=$(mktemp)
trap 'rm -f "$err"' EXIT
runs=0
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	for args in "--format text" "--format json" "--format sarif" "--format github" \
		"--staged --format text"; do
		# shellcheck disable=SC2086 # args holds several words on purpose
		(cd "$src" && "$bin" --verbose $args .) >/dev/null 2>"$err" && rc=0 || rc=$?
		if [ "$rc" -gt 1 ] || grep -Eq 'Sanitizer|runtime error' "$err"; then
			echo "tsan: deploylint $args . (exit $rc):" >&2
			head -n 60 "$err" >&2
			exit 1
		fi
		runs=$((runs + 1))
	done
else
	echo "tsan: $src is not a git work tree: only the hostile repository is linted"
fi
# hostile.sh fails a case on any "Sanitizer" line in stderr
if ! DL_HOSTILE_ONLY=tracked-changed sh "$src/tests/scripts/hostile.sh" "$bin" "$src" >"$err" 2>&1; then
	cat "$err" >&2
	exit 1
fi
runs=$((runs + 1))
echo "tsan: $runs runs with $(basename "$bin"), no sanitizer report"
