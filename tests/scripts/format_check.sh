#!/bin/sh
# C formatting, as .clang-format says (clang-format 14 is the reference).
#
# usage: sh format_check.sh [SOURCE_DIR]
#   (tests/run-all.sh) checks every *.c and *.h under src/, include/,
#   tests/, fuzz/, tools/ and bench/ (the files git tracks; every such file
#   outside git) with `clang-format --dry-run -Werror`, prints the files
#   that differ and the command that formats them, and exits 1 when any
#   does; in a git work tree it also fails on files under fixtures/ that
#   git ignores (a fixture's own .gitignore hides them from commits).
#   SOURCE_DIR defaults to the tree holding this script.
#
# usage: sh format_check.sh --list [SOURCE_DIR]
#   prints those files, one a line, relative to SOURCE_DIR (tools/format.sh
#   formats them).
#
# usage: sh format_check.sh BINARY SOURCE_DIR
#   (the ctest entry script/format_check) checks that the installed
#   clang-format accepts .clang-format and finds files to check.
set -u

say() {
	echo "format_check: $*" >&2
}

# The files to format, relative to $1, sorted.
list_files() {
	if git -C "$1" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$1" ls-files -- 'src/*.[ch]' 'include/*.[ch]' 'tests/*.[ch]' \
			'fuzz/*.[ch]' 'tools/*.[ch]' 'bench/*.[ch]'
	else
		(cd "$1" && find src include tests fuzz tools bench -name '*.[ch]' \
			-not -path 'tools/node/*' 2>/dev/null)
	fi | while IFS= read -r f; do
		# tracked but deleted in the work tree: nothing to check
		[ -f "$1/$f" ] && printf '%s\n' "$f"
	done | LC_ALL=C sort
}

mode=check
if [ $# -ge 1 ] && [ "$1" = --list ]; then
	mode=list
	shift
elif [ $# -eq 2 ] && [ -f "$1" ] && [ -x "$1" ] && [ -d "$2" ]; then
	mode=setup
	shift
fi
if [ $# -gt 1 ] || { [ $# -eq 1 ] && [ ! -d "$1" ]; }; then
	echo "usage: sh $0 [--list] [SOURCE_DIR]   (ctest: sh $0 BINARY SOURCE_DIR)" >&2
	exit 2
fi
src=$(cd "${1:-$(dirname "$0")/../..}" && pwd)

if [ "$mode" = list ]; then
	list_files "$src"
	exit 0
fi

if ! command -v clang-format >/dev/null 2>&1; then
	say "clang-format is required (sh tools/install-deps.sh)"
	exit 2
fi
if [ ! -f "$src/.clang-format" ]; then
	say "no $src/.clang-format"
	exit 2
fi
files=$(list_files "$src")
if [ -z "$files" ]; then
	say "no C files under $src"
	exit 2
fi
cd "$src" || exit 2

if [ "$mode" = setup ]; then
	# an unknown key or a bad value is an error here, not a silent default
	if ! out=$(clang-format --style=file --dump-config src/main.c 2>&1 >/dev/null) ||
	   [ -n "$out" ]; then
		say "$(clang-format --version): .clang-format is not accepted:"
		echo "$out" >&2
		exit 1
	fi
	echo "format_check: .clang-format accepted, $(echo "$files" | wc -l) files to check (the check itself: sh $0)"
	exit 0
fi

# Fixture files that a fixture's own .gitignore hides from git (a case's
# repo/.gitignore listing .env, say): they exist here but not in a clean
# clone, where the case then passes or fails for another reason. Add them
# with `git add -f`.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	hidden=$(git ls-files --others --ignored --exclude-standard -- fixtures |
		grep -v '/__pycache__/' | LC_ALL=C sort)
	if [ -n "$hidden" ]; then
		say "fixture files git ignores (a fixture's .gitignore hides them; a clean clone lacks them):"
		echo "$hidden" | sed 's/^/  /' >&2
		say "fix: git add -f $(echo "$hidden" | tr '\n' ' ')"
		exit 1
	fi
fi

# One clang-format per file, two at a time; a differing file prints its name.
bad=$(echo "$files" | xargs -P2 -I{} sh -c '
	clang-format --dry-run -Werror --style=file "$1" >/dev/null 2>&1 || printf "%s\n" "$1"
' sh {} | LC_ALL=C sort)
n=$(echo "$files" | wc -l)
if [ -z "$bad" ]; then
	echo "format_check: $n files formatted as .clang-format says"
	exit 0
fi
say "$(echo "$bad" | wc -l) of $n files are not formatted as .clang-format says ($(clang-format --version | sed 's/.*version //')):"
echo "$bad" | sed 's/^/  /' >&2
say "fix: clang-format -i --style=file $(echo "$bad" | tr '\n' ' ')"
say "(or sh tools/format.sh for every file)"
exit 1
