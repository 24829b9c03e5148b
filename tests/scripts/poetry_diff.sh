#!/bin/sh
# Differential test of deploylint's Poetry constraint conversion
# (dl_poetry_constraint: "^2.0" -> ">=2.0,<3.0") against poetry-core
# (Debian's python3-poetry-core): tests/poetry_diff.py converts a few
# thousand generated constraints with tests/tools/poetry_constraint and
# with poetry-core's parse_constraint and compares what each admits over a
# grid of versions (PEP 440 through packaging, as pip reads it).
#
# usage: sh poetry_diff.sh BINARY SOURCE_DIR
#   BINARY is the deploylint binary; poetry_constraint is
#   $(dirname BINARY)/tests/.
# Fails (never skips) when poetry-core, packaging or the tool is missing.
# The last line is "poetry-diff: N passed, N failed".
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
tool="$(dirname "$1")/tests/poetry_constraint"
src=$2
# Debian's interpreter, where python3-poetry-core installs
py=/usr/bin/python3

if [ ! -x "$py" ] || ! "$py" -c 'import poetry.core, packaging.specifiers' 2>/dev/null; then
	echo "poetry-diff: poetry-core is not installed for $py (apt-get install python3-poetry-core)"
	echo "poetry-diff: 0 passed, 1 failed"
	exit 1
fi
if [ ! -x "$tool" ]; then
	echo "poetry-diff: $tool is missing (built from tests/tools/poetry_constraint.c)"
	echo "poetry-diff: 0 passed, 1 failed"
	exit 1
fi
"$py" "$src/tests/poetry_diff.py" "$tool" "${DL_POETRY_DIFF_COUNT:-3000}" || exit 1
exit 0
