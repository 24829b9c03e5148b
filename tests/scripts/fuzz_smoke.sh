#!/bin/sh
# Fuzzing checks.
#
# usage: sh fuzz_smoke.sh BINARY SOURCE_DIR
#   (the ctest entry script/fuzz_smoke) checks that the fuzz/ tree is
#   complete: every fuzz/<name>_fuzzer.c has a non-empty seed corpus
#   fuzz/corpora/<name>/ and a dictionary choice below, every corpus has
#   a harness, every dictionary exists and has libFuzzer's syntax, and the
#   standalone replay binary of each harness was built beside BINARY.
#   (The replays themselves are the ctest entries fuzz/<name>.)
#
# usage: sh fuzz_smoke.sh --run [SECONDS] [BUILD_DIR]
#   (.ci/run) builds the libFuzzer targets with clang (-DDL_FUZZ=ON, in
#   BUILD_DIR, default build-fuzz under the source tree; warnings are not
#   errors here: the gcc builds enforce -Werror) and runs each
#   harness for SECONDS (default 15) on a scratch copy of its corpus with
#   its dictionary. Fails on any crash, sanitizer report, leak, timeout
#   (one input over 10 s) or out-of-memory (over 2048 MB); the input that
#   failed is printed in base64 (keep it: add it to fuzz/corpora/<name>/).
#   The committed corpora are never modified. Each harness runs with a
#   fixed libFuzzer seed (DL_FUZZ_SEED, default 1), so a run is
#   reproducible: the same binary and corpus try the same inputs in the
#   same order, and a CI run cannot fail on an input that the same run here
#   did not try. DL_FUZZ_SEED=0 lets libFuzzer pick a new seed each run
#   (what a long search for new inputs wants).
set -u

here=$(cd "$(dirname "$0")" && pwd)

# The dictionary (fuzz/dict/<x>.dict) of each harness, or "none".
dict_for() {
	case $1 in
	ini|suppress) echo ini ;;
	revfile | pytok) echo python ;;
	yaml|blueprint|config) echo yaml ;;
	dburl) echo dburl ;;
	dotenv) echo dotenv ;;
	requirements|pep440) echo requirements ;;
	command) echo shell ;;
	dockerfile) echo dockerfile ;;
	toml) echo toml ;;
	emit) echo none ;;
	*) echo "" ;;
	esac
}

# Names of the harnesses: fuzz/<name>_fuzzer.c
harnesses() {
	for f in "$1"/fuzz/*_fuzzer.c; do
		[ -f "$f" ] || continue
		b=$(basename "$f" .c)
		echo "${b%_fuzzer}"
	done
}

# libFuzzer dictionary syntax: blank, "# comment", or [name=]"value" with
# \\, \" and \xHH escapes only.
check_dict() {
	awk '
	/^[ \t]*$/ || /^[ \t]*#/ { next }
	{
		line = $0
		sub(/^[A-Za-z0-9_]+=/, "", line)
		if (line !~ /^"([^"\\]|\\\\|\\"|\\x[0-9A-Fa-f][0-9A-Fa-f])*"[ \t]*$/) {
			printf "%s:%d: not a dictionary entry: %s\n", FILENAME, NR, $0
			bad = 1
		}
	}
	END { exit bad }' "$1"
}

consistency() {
	bin=$1
	src=$2
	fail=0
	n=0
	for name in $(harnesses "$src"); do
		n=$((n + 1))
		corpus=$src/fuzz/corpora/$name
		if [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus" 2>/dev/null)" ]; then
			echo "fuzz_smoke: fuzz/${name}_fuzzer.c has no seed corpus fuzz/corpora/$name/"
			fail=1
		fi
		d=$(dict_for "$name")
		if [ -z "$d" ]; then
			echo "fuzz_smoke: fuzz/${name}_fuzzer.c has no dictionary choice: add it to dict_for() in $0"
			fail=1
		elif [ "$d" != none ] && [ ! -f "$src/fuzz/dict/$d.dict" ]; then
			echo "fuzz_smoke: fuzz/dict/$d.dict (for $name) is missing"
			fail=1
		fi
		if [ ! -x "$(dirname "$bin")/fuzz/${name}_fuzzer" ]; then
			echo "fuzz_smoke: the replay binary fuzz/${name}_fuzzer was not built beside $bin"
			fail=1
		fi
	done
	for corpus in "$src"/fuzz/corpora/*; do
		[ -d "$corpus" ] || continue
		name=$(basename "$corpus")
		if [ ! -f "$src/fuzz/${name}_fuzzer.c" ]; then
			echo "fuzz_smoke: fuzz/corpora/$name/ has no harness fuzz/${name}_fuzzer.c"
			fail=1
		fi
	done
	for d in "$src"/fuzz/dict/*.dict; do
		[ -f "$d" ] || continue
		check_dict "$d" || fail=1
	done
	if [ "$n" -eq 0 ]; then
		echo "fuzz_smoke: no harnesses under $src/fuzz"
		fail=1
	fi
	[ "$fail" -eq 0 ] && echo "fuzz_smoke: $n harnesses, each with a corpus and a dictionary choice"
	return "$fail"
}

smoke() {
	secs=$1
	src=$(cd "$here/../.." && pwd)
	build=$2
	case $build in
	"") build=$src/build-fuzz ;;
	/*) ;;
	*) build=$(pwd)/$build ;;
	esac
	command -v clang >/dev/null 2>&1 || {
		echo "fuzz_smoke: clang is not installed (tools/install-deps.sh installs it)"
		return 1
	}
	CC=clang CXX=clang++ cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DDL_FUZZ=ON -DDL_TESTS=OFF -DDL_WERROR=OFF >/dev/null || return 1
	targets=""
	for name in $(harnesses "$src"); do
		targets="$targets ${name}_fuzzer"
	done
	# shellcheck disable=SC2086
	cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target $targets \
		>"$build/fuzz-build.log" 2>&1 || {
		tail -n 40 "$build/fuzz-build.log"
		return 1
	}
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlfuzz.XXXXXX") || return 1
	trap 'rm -rf "$tmp"' EXIT
	fail=0
	passed=0
	failed=0
	for name in $(harnesses "$src"); do
		mkdir -p "$tmp/$name/corpus" "$tmp/$name/artifacts"
		d=$(dict_for "$name")
		dictarg=""
		[ "$d" != none ] && dictarg="-dict=$src/fuzz/dict/$d.dict"
		# shellcheck disable=SC2086
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		"$build/fuzz/${name}_fuzzer" -seed="${DL_FUZZ_SEED:-1}" \
			-max_total_time="$secs" -timeout=10 \
			-rss_limit_mb=2048 -max_len=8192 -print_final_stats=1 \
			$dictarg -artifact_prefix="$tmp/$name/artifacts/" \
			"$tmp/$name/corpus" "$src/fuzz/corpora/$name" \
			>"$tmp/$name/log" 2>&1
		rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/$name/log")
		if [ "$rc" -eq 0 ] && [ -z "$(ls -A "$tmp/$name/artifacts")" ]; then
			echo "fuzz_smoke: $name: ok, ${execs:-?} executions in ${secs}s"
			passed=$((passed + 1))
		else
			echo "fuzz_smoke: $name: FAILED (exit $rc)"
			grep -E 'ERROR|runtime error|check failed|SUMMARY|^    #[0-9]' "$tmp/$name/log" | head -n 40
			for a in "$tmp/$name/artifacts"/*; do
				[ -f "$a" ] || continue
				echo "fuzz_smoke: $name: failing input $(basename "$a") (base64; keep it in fuzz/corpora/$name/):"
				base64 "$a" | head -n 200
			done
			failed=$((failed + 1))
			fail=1
		fi
	done
	echo "fuzz_smoke: $passed passed, $failed failed"
	return "$fail"
}

if [ "${1:-}" = "--run" ]; then
	smoke "${2:-15}" "${3:-}"
	exit $?
fi
if [ $# -ne 2 ]; then
	echo "usage: sh $0 BINARY SOURCE_DIR | sh $0 --run [SECONDS] [BUILD_DIR]" >&2
	exit 2
fi
consistency "$1" "$2"
