#!/bin/sh
# No cycle between folders: every file under src/ and include/ belongs to a
# layer of the ordered list in docs/architecture.md (between the
# "layers:begin" and "layers:end" markers; lowest layer first), and may
# include only headers of its own layer or of layers listed before it. A
# file is in the layer whose pattern (a folder, a file or a glob) matches
# it most specifically (the longest pattern wins). The known exceptions
# below are edges that other work in progress removes; each is named with
# its reason, and one that no longer occurs must be deleted (the test
# fails on it, so the list only shrinks).
# Usage: sh layering.sh [BINARY] SOURCE_DIR
set -u
src=${2:-${1:-.}}
cd "$src" || exit 2
doc=docs/architecture.md
[ -f "$doc" ] || { echo "layering: no $doc"; exit 1; }

# Known exceptions: "includer header  reason", one per line (none left:
# add one only with its reason and the work that removes it).
exceptions='
'

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dllayer.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# layer-number pattern, one per line
sed -n '/layers:begin/,/layers:end/p' "$doc" | sed -n '/^```/,/^```/p' | grep -v '^```' |
	sed 's/#.*//' | awk 'NF { n++; for (i = 2; i <= NF; i++) print n, $1, $i }' >"$tmp/patterns"
if [ ! -s "$tmp/patterns" ]; then
	echo "layering: no layer list between the layers:begin/layers:end markers of $doc"
	exit 1
fi

failed=0
find src include -type f \( -name '*.c' -o -name '*.h' -o -name '*.cc' -o -name '*.def' \) | LC_ALL=C sort >"$tmp/files"
# "file<TAB>included name" for every quoted include
# shellcheck disable=SC2046
awk '/^[ \t]*#[ \t]*include[ \t]*"/ { s = $0; sub(/^[^"]*"/, "", s); sub(/".*/, "", s); print FILENAME "\t" s }' \
	$(cat "$tmp/files") >"$tmp/incs"
printf '%s\n' "$exceptions" | awk 'NF { print $1, $2 }' >"$tmp/listed"

awk -v doc="$doc" -v seen="$tmp/seen" -v patterns="$tmp/patterns" -v files="$tmp/files" \
	-v listed="$tmp/listed" -F '\t' '
function glob_re(p,   r) {
	r = p
	gsub(/[.+?()^$|\[\]{}]/, "\\\\&", r)
	gsub(/\*/, ".*", r)
	return "^" r "$"
}
# the layer of path f: "number name", or ""
function layer_of(f,   i, best, bestlen, p) {
	if (f in memo)
		return memo[f]
	best = ""
	bestlen = 0
	for (i = 1; i <= np; i++) {
		p = pat[i]
		if (f == p || index(f, p "/") == 1 || (p ~ /\*/ && f ~ glob_re(p)))
			if (length(p) > bestlen) {
				best = pnum[i] " " pname[i]
				bestlen = length(p)
			}
	}
	memo[f] = best
	return best
}
BEGIN {
	while ((getline line < patterns) > 0) {
		split(line, w, " ")
		np++
		pnum[np] = w[1]
		pname[np] = w[2]
		pat[np] = w[3]
	}
	while ((getline line < files) > 0) {
		exists[line] = 1
		if (layer_of(line) == "") {
			print "FAIL: " line " is in no layer of " doc ": add its folder to the list"
			failed++
		}
	}
	while ((getline line < listed) > 0)
		exception[line] = 1
}
{
	f = $1
	inc = $2
	dir = f
	sub(/\/[^\/]*$/, "", dir)
	if (inc ~ /^deploylint\//)
		h = "include/" inc
	else if (inc ~ /\//)
		h = "src/" inc
	else if ((dir "/" inc) in exists)
		h = dir "/" inc
	else
		h = "src/" inc
	if (!(h in exists)) {
		print "FAIL: " f " includes \"" inc "\", which is no file of the tree (" h ")"
		failed++
		next
	}
	fl = layer_of(f)
	hl = layer_of(h)
	if (fl == "" || hl == "")
		next # reported above
	checked++
	split(fl, a, " ")
	split(hl, b, " ")
	if (b[1] + 0 <= a[1] + 0)
		next
	if ((f " " h) in exception) {
		print f " " h > seen
		next
	}
	print "FAIL: " f " (layer " a[2] ") includes " h " (layer " b[2] ", later in " doc ")"
	failed++
}
END {
	print checked + 0 > (seen ".checked")
	print failed + 0 > (seen ".failed")
}' "$tmp/incs"
failed=$(cat "$tmp/seen.failed")
touch "$tmp/seen"

# every exception must still occur
while read -r a b; do
	if ! grep -qx "$a $b" "$tmp/seen"; then
		echo "FAIL: the known exception \"$a $b\" no longer occurs: delete it from $0"
		failed=$((failed + 1))
	fi
done <"$tmp/listed"

echo "layering: $(wc -l <"$tmp/files") files, $(cat "$tmp/seen.checked" 2>/dev/null) includes checked, $(wc -l <"$tmp/listed") known exceptions, $failed failed"
[ "$failed" -eq 0 ]
