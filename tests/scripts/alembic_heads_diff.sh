#!/bin/sh
# Differential tests against real Alembic: `deploylint heads` on 250 random
# revision graphs (tests/alembic_diff.py), and ALM003/ALM004 against the URL
# Alembic's online migrations really use for seven env.py shapes
# (tests/alembic_url_diff.py).
#
#   sh alembic_heads_diff.sh DEPLOYLINT_BINARY SOURCE_DIR
#
# Alembic comes from Debian's python3-alembic, imported by /usr/bin/python3
# (the python3 first on PATH may be another interpreter without it). A
# missing Alembic fails the test: it is never skipped.
set -u

usage='usage: sh alembic_heads_diff.sh DEPLOYLINT_BINARY SOURCE_DIR'
bin=${1:?$usage}
src=${2:?$usage}
py=/usr/bin/python3

if [ ! -x "$py" ]; then
	echo "alembic_heads_diff: $py not found; install it with" \
	     "'apt-get install python3 python3-alembic'" >&2
	exit 1
fi
if ! "$py" -c 'import alembic.config, alembic.script' >/dev/null 2>&1; then
	echo "alembic_heads_diff: $py cannot import alembic; install it with" \
	     "'apt-get install python3-alembic'" >&2
	exit 1
fi

"$py" "$src/tests/alembic_diff.py" --bin "$bin" --count 250 --seed 1
rc=$?
[ "$rc" -eq 0 ] || exit 1
"$py" "$src/tests/alembic_url_diff.py" --bin "$bin"
rc=$?
[ "$rc" -eq 0 ] || exit 1
exit 0
