#!/bin/sh
# Static analysis of src/.
#
# usage: sh static_analysis.sh BUILD_DIR
#   (tests/run-all.sh) runs clang-tidy with the checks of .clang-tidy
#   (clang-analyzer-* and bugprone-*, every warning an error) on every src/
#   file of BUILD_DIR/compile_commands.json, two files at a time, then
#   cppcheck (warning, portability and performance) on src/. Fails on any
#   report, printing it. BUILD_DIR is a configured build tree (cmake
#   exports compile_commands.json); takes 2-4 minutes on 2 cores.
#
# usage: sh static_analysis.sh BINARY SOURCE_DIR
#   (the ctest entry script/static_analysis) checks, quickly, that the
#   analysis is set up: compile_commands.json beside BINARY lists every
#   src/*.c, .clang-tidy enables both check families and makes warnings
#   errors, every check it turns off has a reason, and every NOLINT and
#   cppcheck-suppress in the sources names what it silences and why.
set -u

fail=0
say() {
	echo "static_analysis: $*" >&2
}

# The source files (absolute paths) under $1/src/ in compile_commands.json $2.
src_files() {
	sed -n 's/^[[:space:]]*"file":[[:space:]]*"\(.*\)",\{0,1\}[[:space:]]*$/\1/p' "$2" |
		grep "^$1/src/" | LC_ALL=C sort -u
}

# ---- setup check (ctest) ---------------------------------------------------

check_setup() {
	bin=$1 src=$2
	db="$(dirname "$bin")/compile_commands.json"
	if [ ! -f "$db" ]; then
		say "no $db: CMakeLists.txt must set CMAKE_EXPORT_COMPILE_COMMANDS"
		return 1
	fi
	listed=$(src_files "$src" "$db")
	if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		sources=$(git -C "$src" ls-files 'src/*.c')
	else
		sources=$(cd "$src" && find src -name '*.c')
	fi
	for f in $sources; do
		echo "$listed" | grep -qxF "$src/$f" ||
			{ say "$f is not in $db"; fail=1; }
	done

	cfg="$src/.clang-tidy"
	if [ ! -f "$cfg" ]; then
		say "no .clang-tidy"
		return 1
	fi
	# The Checks list: "-*", both families on, and only "-name" entries after.
	checks=$(awk '/^Checks:/ { on = 1; next } on && /^  / { print; next } { on = 0 }' "$cfg" |
		tr -d ' ,')
	echo "$checks" | head -3 | tr '\n' ' ' |
		grep -q '^-\* clang-analyzer-\* bugprone-\* $' ||
		{ say ".clang-tidy: Checks must start with -*, clang-analyzer-*, bugprone-*"; fail=1; }
	for c in $(echo "$checks" | sed 1,3d); do
		case $c in
		-*) grep -q "^# - ${c#-}: [A-Za-z]" "$cfg" ||
			{ say ".clang-tidy: $c is turned off without a reason (a '# - ${c#-}: why' line)"; fail=1; } ;;
		*) say ".clang-tidy: $c: only turning checks off is expected after the families"; fail=1 ;;
		esac
	done
	grep -q "^WarningsAsErrors: '\*'$" "$cfg" ||
		{ say ".clang-tidy: WarningsAsErrors must be '*'"; fail=1; }

	# Every suppression names what it silences and says why:
	#   NOLINT(check-name): reason     cppcheck-suppress id ; reason
	bad=$(cd "$src" && grep -rnE 'NOLINT|cppcheck-suppress' src include fuzz tools \
		--include='*.c' --include='*.h' |
		grep -vE 'NOLINT(NEXTLINE)?\([a-z0-9.,*-]+\): [^ ]|cppcheck-suppress [A-Za-z0-9_]+ ; [^ ]')
	if [ -n "$bad" ]; then
		say "suppressions without a check name and a reason:"
		echo "$bad" >&2
		fail=1
	fi
	return $fail
}

if [ $# -eq 2 ] && [ -f "$1" ] && [ -x "$1" ] && [ -d "$2" ]; then
	src=$(cd "$2" && pwd)
	case $1 in
	/*) bin=$1 ;;
	*) bin=$(pwd)/$1 ;;
	esac
	if check_setup "$bin" "$src"; then
		echo "static_analysis: setup complete (the analysis itself: sh $0 BUILD_DIR)"
		exit 0
	fi
	exit 1
fi

# ---- the analysis ------------------------------------------------------------

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: sh $0 BUILD_DIR   (or, as ctest runs it: sh $0 BINARY SOURCE_DIR)" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
db="$build/compile_commands.json"
if [ ! -f "$db" ]; then
	say "no $db: configure first (cmake -S $src -B $build)"
	exit 2
fi
for tool in clang-tidy cppcheck; do
	command -v $tool >/dev/null 2>&1 || { say "$tool is required (sh tools/install-deps.sh)"; exit 2; }
done
files=$(src_files "$src" "$db")
if [ -z "$files" ]; then
	say "$db lists no file under $src/src"
	exit 2
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlsa.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
cd "$src" || exit 2

start=$(date +%s)
# One log per file (parallel runs would interleave); clang-tidy exits
# non-zero on any warning (WarningsAsErrors) or compile error.
echo "$files" | xargs -P2 -I{} sh -c '
	log="$2/$(echo "$3" | tr / _).log"
	clang-tidy -p "$1" --quiet "$3" >"$log" 2>&1 || echo "$3" >>"$log.failed"
' sh "$build" "$tmp" {}
n=$(echo "$files" | wc -l)
if [ -n "$(find "$tmp" -name '*.failed')" ]; then
	# the diagnostics, without the compiler's "N warnings generated." lines;
	# a header's report is printed once, not once per file including it
	cat "$tmp"/*.log | grep -v ' warnings\{0,1\} generated\.$' |
		sed "s|$src/||g" | awk '
		/^[^ ].*:[0-9]+:[0-9]+: (error|warning):/ { skip = seen[$0]++ }
		!skip' >&2
	say "clang-tidy: $(find "$tmp" -name '*.failed' | wc -l) of $n files have reports"
	fail=1
else
	echo "static_analysis: clang-tidy: $n files clean"
fi

if cppcheck --enable=warning,portability,performance --error-exitcode=1 \
	--inline-suppr --std=c11 -I include -I src \
	--suppress=missingIncludeSystem -j2 --quiet src/ >"$tmp/cppcheck.log" 2>&1; then
	echo "static_analysis: cppcheck: src/ clean"
else
	cat "$tmp/cppcheck.log" >&2
	say "cppcheck: reports above"
	fail=1
fi
echo "static_analysis: $(($(date +%s) - start)) s"
exit $fail
