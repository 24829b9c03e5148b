#!/bin/sh
# Differential test of deploylint's Python tokenizer (include/deploylint/
# pytok.h) against Python 3's tokenize module: tests/pytok_diff.py feeds a
# few thousand generated snippets to tokenize.generate_tokens and to
# tests/tools/pytok_dump and compares every token's kind, text and
# position.
#
# usage: sh pytok_diff.sh BINARY SOURCE_DIR
#   BINARY is the deploylint binary; pytok_dump is $(dirname BINARY)/tests/.
# Fails (never skips) when python3 or the dump tool is missing. The last
# line is "pytok-diff: N passed, N failed".
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
dump="$(dirname "$1")/tests/pytok_dump"
src=$2
py=/usr/bin/python3

if [ ! -x "$py" ]; then
	echo "pytok-diff: $py is missing (apt-get install python3)"
	echo "pytok-diff: 0 passed, 1 failed"
	exit 1
fi
if [ ! -x "$dump" ]; then
	echo "pytok-diff: $dump is missing (built from tests/tools/pytok_dump.c)"
	echo "pytok-diff: 0 passed, 1 failed"
	exit 1
fi
"$py" "$src/tests/pytok_diff.py" "$dump" "${DL_PYTOK_DIFF_COUNT:-3000}" || exit 1
exit 0
