#!/bin/sh
# Every registered rule has a documentation page, an embedded --explain text,
# and golden cases: one where it fires and one where it must stay silent.
#
# usage: sh rule_coverage.sh BINARY SOURCE_DIR
#
# For each id printed by `BINARY --list-rules --format json`:
#   - SOURCE_DIR/rules/<ID>.md exists;
#   - `BINARY --explain <ID>` exits 0 and prints something;
#   - some SOURCE_DIR/fixtures/rules/<ID>/fires-*.d/expected.text contains
#     "[<ID>]";
#   - some SOURCE_DIR/fixtures/rules/<ID>/silent-*.d/expected.text exists and
#     does not contain "[<ID>]".
# Exit status: 0 when every rule passes, 1 otherwise (each gap is named).
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR" >&2
	exit 2
fi
bin=$1
src=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlcov.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

if ! "$bin" --list-rules --format json >"$tmp/rules.json" 2>"$tmp/err"; then
	echo "rule_coverage: '$bin --list-rules --format json' failed:"
	cat "$tmp/err"
	exit 1
fi

# The ids, one a line. python3 when present, else the "id" members by sed.
if command -v python3 >/dev/null 2>&1; then
	python3 -c '
import json, sys
for rule in json.load(open(sys.argv[1])):
    print(rule["id"])
' "$tmp/rules.json" >"$tmp/ids" || { echo "rule_coverage: cannot parse the rule list"; exit 1; }
else
	sed -n 's/^ *"id": *"\([A-Z0-9]*\)".*/\1/p' "$tmp/rules.json" >"$tmp/ids"
fi
if [ ! -s "$tmp/ids" ]; then
	echo "rule_coverage: --list-rules --format json printed no rule ids"
	exit 1
fi

passed=0
failed=0
while IFS= read -r id; do
	problems=""
	[ -f "$src/rules/$id.md" ] || problems="$problems
  missing documentation rules/$id.md"

	if "$bin" --explain "$id" >"$tmp/explain" 2>"$tmp/err"; then
		[ -s "$tmp/explain" ] || problems="$problems
  --explain $id printed nothing"
	else
		problems="$problems
  --explain $id failed: $(head -n 1 "$tmp/err")"
	fi

	fires=0
	for exp in "$src/fixtures/rules/$id"/fires-*.d/expected.text; do
		[ -f "$exp" ] || continue
		if grep -F -q "[$id]" "$exp"; then
			fires=1
			break
		fi
	done
	[ $fires = 1 ] || problems="$problems
  no fixtures/rules/$id/fires-*.d/expected.text containing [$id]"

	silent=0
	for exp in "$src/fixtures/rules/$id"/silent-*.d/expected.text; do
		[ -f "$exp" ] || continue
		if ! grep -F -q "[$id]" "$exp"; then
			silent=1
			break
		fi
	done
	[ $silent = 1 ] || problems="$problems
  no fixtures/rules/$id/silent-*.d/expected.text without [$id]"

	if [ -n "$problems" ]; then
		failed=$((failed + 1))
		echo "FAIL $id:$problems"
	else
		passed=$((passed + 1))
		echo "ok   $id"
	fi
done <"$tmp/ids"

echo "rule_coverage: $passed passed, $failed failed"
[ $failed = 0 ]
