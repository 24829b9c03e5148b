#!/bin/sh
# Differential test of deploylint's TOML reader (toml++ behind
# include/deploylint/toml.h) against Python 3.11's tomllib:
# tests/toml_diff.py feeds a few thousand generated TOML documents, valid
# and damaged, to tomllib.loads() and to tests/tools/toml_dump
# (dl_toml_parse) and compares acceptance, the trees and the value types,
# and checks every key and value position.
#
# usage: sh toml_diff.sh BINARY SOURCE_DIR
#   BINARY is the deploylint binary; toml_dump is $(dirname BINARY)/tests/.
# Fails (never skips) when Python's tomllib or the dump tool is missing.
# The last line is "toml-diff: N passed, N failed".
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
dump="$(dirname "$1")/tests/toml_dump"
src=$2
# Debian 12's interpreter (3.11, which has tomllib), not a pyenv python3
py=/usr/bin/python3

if [ ! -x "$py" ] || ! "$py" -c 'import tomllib' 2>/dev/null; then
	echo "toml-diff: $py with tomllib (Python >= 3.11) is missing (apt-get install python3)"
	echo "toml-diff: 0 passed, 1 failed"
	exit 1
fi
if [ ! -x "$dump" ]; then
	echo "toml-diff: $dump is missing (built from tests/tools/toml_dump.c)"
	echo "toml-diff: 0 passed, 1 failed"
	exit 1
fi
"$py" "$src/tests/toml_diff.py" "$dump" "${DL_TOML_DIFF_COUNT:-4000}" || exit 1
exit 0
