#!/bin/sh
# Differential test of deploylint's .env parser against python-dotenv
# (Debian's python3-dotenv): tests/dotenv_diff.py feeds a few thousand
# random .env texts to python-dotenv's parse_stream() and to
# tests/tools/dotenv_dump (dl_dotenv_parse + dl_dotenv_expand) and compares
# keys, values, error flags, line numbers and ${VAR} expansions.
#
# usage: sh dotenv_diff.sh BINARY SOURCE_DIR
#   BINARY is the deploylint binary; dotenv_dump is $(dirname BINARY)/tests/.
# Fails (never skips) when python-dotenv or the dump tool is missing. The
# last line is "dotenv-diff: N passed, N failed".
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
dump="$(dirname "$1")/tests/dotenv_dump"
src=$2
# Debian's interpreter, where python3-dotenv installs (not a pyenv python3)
py=/usr/bin/python3

if [ ! -x "$py" ]; then
	echo "dotenv-diff: $py is missing (apt-get install python3 python3-dotenv)"
	echo "dotenv-diff: 0 passed, 1 failed"
	exit 1
fi
if ! "$py" -c 'import dotenv.parser, dotenv.variables' 2>/dev/null; then
	echo "dotenv-diff: python-dotenv is not installed for $py (apt-get install python3-dotenv)"
	echo "dotenv-diff: 0 passed, 1 failed"
	exit 1
fi
if [ ! -x "$dump" ]; then
	echo "dotenv-diff: $dump is missing (built from tests/tools/dotenv_dump.c)"
	echo "dotenv-diff: 0 passed, 1 failed"
	exit 1
fi
"$py" "$src/tests/dotenv_diff.py" "$dump" "${DL_DOTENV_DIFF_COUNT:-5000}"
status=$?
[ $status = 0 ] || exit 1
exit 0
