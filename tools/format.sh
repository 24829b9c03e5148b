#!/bin/sh
# Formats the C sources in place as .clang-format says: the files that
# tests/scripts/format_check.sh checks (clang-format 14 is the reference).
# usage: sh tools/format.sh [SOURCE_DIR]   (default: this repository)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "${1:-$here/..}" && pwd)
command -v clang-format >/dev/null 2>&1 || {
	echo "format: clang-format is required (sh tools/install-deps.sh)" >&2
	exit 2
}
files=$(sh "$here/../tests/scripts/format_check.sh" --list "$src")
cd "$src"
echo "$files" | xargs clang-format -i --style=file
echo "format: $(echo "$files" | wc -l) files formatted"
