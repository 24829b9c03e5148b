#!/bin/sh
# The secret-scan benchmark: deploylint (every rule enabled) against
# ripgrep with the credential patterns of rules/secrets.yaml, on the
# synthetic monorepo of ../shared/bench/make-monorepo.py (about 24k files,
# 500 MB, committed in a git repository), then deploylint on a ~300-file
# repository from the same generator. It also times ripgrep with the 8
# fixed patterns of issue 19 (patterns8.txt, written by this script), the
# comparison a user of a plain grep-based scanner would make.
#
# usage: sh bench/secrets.sh [BINARY]
#   BINARY    deploylint to time (default: a Release build in build-bench/)
# environment:
#   DL_BENCH_DIR    where the trees are generated (default /tmp/deploylint-bench;
#                   reused when present)
#   DL_BENCH_RUNS   timed runs of each command (default 7), interleaved
#   DL_BENCH_GEN    the generator (default ../shared/bench/make-monorepo.py)
#
# Prints the median wall time of each command, the ratios, deploylint's
# median CPU time and peak resident memory, and the small-repository median.
# Needs rg (ripgrep), python3, GNU time (/usr/bin/time) and hyperfine.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
dir=${DL_BENCH_DIR:-/tmp/deploylint-bench}
runs=${DL_BENCH_RUNS:-7}
gen=${DL_BENCH_GEN:-$src/../shared/bench/make-monorepo.py}

for tool in rg python3 /usr/bin/time hyperfine; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "secrets.sh: $tool is needed (apt-get install -y ripgrep time python3 hyperfine)" >&2
		exit 2
	}
done
if [ $# -ge 1 ]; then
	bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
else
	cmake -S "$src" -B "$src/build-bench" -DCMAKE_BUILD_TYPE=Release -DDL_TESTS=OFF >/dev/null
	cmake --build "$src/build-bench" -j2 >/dev/null
	bin=$src/build-bench/deploylint
fi

mkdir -p "$dir"
big=$dir/monorepo small=$dir/small
if [ ! -d "$big/.git" ]; then
	echo "generating $big (a few minutes)..." >&2
	rm -rf "$big"
	python3 "$gen" "$big"
fi
if [ ! -d "$small/.git" ]; then
	rm -rf "$small"
	python3 "$gen" "$small" --services 3 --files-per-service 100
fi

# ripgrep gets the same credential patterns (they avoid syntax only pcre2
# knows, for this purpose); single-quoted YAML doubles its quotes
patterns=$dir/patterns.txt
sed -n "s/^    pattern: '\\(.*\\)'\$/\\1/p" "$src/rules/secrets.yaml" | sed "s/''/'/g" >"$patterns"
n=$(wc -l <"$patterns")
[ "$n" -gt 0 ] || { echo "secrets.sh: no pattern found in rules/secrets.yaml" >&2; exit 2; }

# the fixed comparison of issue 19: exactly these 8 common credential
# patterns, whatever the catalogue holds (one per line, as rg -f reads them)
patterns8=$dir/patterns8.txt
cat >"$patterns8" <<'EOF8'
AKIA[0-9A-Z]{16}
gh[pousr]_[A-Za-z0-9]{36}
xox[baprs]-[0-9A-Za-z-]{10,48}
sk_live_[0-9a-zA-Z]{24,}
sk-[A-Za-z0-9]{20,}
AIza[0-9A-Za-z_-]{35}
-----BEGIN [A-Z ]*PRIVATE KEY-----
postgres(ql)?(\+[a-z0-9]+)?://[^:\s]+:[^@\s]+@
EOF8

# one timed run: appends "wall user sys maxrss_kb" to $2
timed() {
	out=$1
	shift
	/usr/bin/time -f "%e %U %S %M" -o "$dir/time.out" "$@" >/dev/null 2>&1 || true
	tail -n 1 "$dir/time.out" >>"$out"
}
median() { # median of column $1 of file $2
	awk -v c="$1" '{ print $c }' "$2" | sort -g | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

cd "$big"
files=$(git ls-files | wc -l)
size=$(du -sh --exclude=.git . | cut -f1)
: >"$dir/rg.times"
: >"$dir/dl.times"
# warm the page cache and both programs once, untimed
: >"$dir/rg8.times"
rg -c -f "$patterns" . >/dev/null 2>&1 || true
rg -c -f "$patterns8" . >/dev/null 2>&1 || true
"$bin" . >/dev/null 2>&1 || true
i=0
while [ $i -lt "$runs" ]; do
	timed "$dir/rg.times" rg -c -f "$patterns" .
	timed "$dir/dl.times" "$bin" .
	timed "$dir/rg8.times" rg -c -f "$patterns8" .
	i=$((i + 1))
done
rg_med=$(median 1 "$dir/rg.times")
rg8_med=$(median 1 "$dir/rg8.times")
dl_med=$(median 1 "$dir/dl.times")
dl_cpu=$(awk '{ print $2 + $3 }' "$dir/dl.times" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
rg_cpu=$(awk '{ print $2 + $3 }' "$dir/rg.times" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
rg8_cpu=$(awk '{ print $2 + $3 }' "$dir/rg8.times" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
dl_rss=$(awk '{ print $4 }' "$dir/dl.times" | sort -g | tail -n 1)

# the small repository: GNU time counts in 10 ms steps, and timing with
# date(1) adds its own start (about 4 ms here); hyperfine runs the binary
# with no shell (-N) and measures each run in ns
cd "$small"
sfiles=$(git ls-files | wc -l)
hyperfine -N -i --warmup 5 --runs 51 --export-json "$dir/small.json" "$bin ." >/dev/null 2>&1
small_med=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$dir/small.json")

echo "tree: $files files, $size ($big); $n patterns; $runs interleaved runs each"
printf 'rg -c -f patterns .   median %6.2f s wall, %6.2f s cpu\n' "$rg_med" "$rg_cpu"
printf 'deploylint .          median %6.2f s wall, %6.2f s cpu, peak RSS %d MiB\n' \
	"$dl_med" "$dl_cpu" "$((dl_rss / 1024))"
printf 'ratio (deploylint / rg, median wall): %.2f\n' \
	"$(awk -v a="$dl_med" -v b="$rg_med" 'BEGIN { print (b > 0) ? a / b : 0 }')"
printf 'rg -c -f patterns8 .  median %6.2f s wall, %6.2f s cpu (the 8 patterns of issue 19)\n' \
	"$rg8_med" "$rg8_cpu"
printf 'ratio (deploylint / rg with 8 patterns, median wall): %.2f\n' \
	"$(awk -v a="$dl_med" -v b="$rg8_med" 'BEGIN { print (b > 0) ? a / b : 0 }')"
# CPU time (user + sys) depends less on what else runs on the machine than
# wall time does: on a loaded machine compare this ratio too
printf 'ratio (deploylint / rg with 8 patterns, median user+sys CPU): %.2f\n' \
	"$(awk -v a="$dl_cpu" -v b="$rg8_cpu" 'BEGIN { print (b > 0) ? a / b : 0 }')"
printf 'small repository (%d files): median %.1f ms (hyperfine -N, 51 runs)\n' "$sfiles" \
	"$(awk -v a="$small_med" 'BEGIN { print a * 1000 }')"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
