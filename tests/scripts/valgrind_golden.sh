#!/bin/sh
# Every golden case (fixtures/**/<case>.d) run through tests/golden/run_case.sh
# with deploylint under valgrind's memcheck (memory errors and leaks); any
# valgrind report fails, printing the case and the report.
#
# usage: sh valgrind_golden.sh BUILD_DIR
#   (tests/run-all.sh) BUILD_DIR holds an already built, non-sanitizer
#   deploylint (RelWithDebInfo). Runs the cases two at a time, every format
#   of each case, and prints the total time. A case fails when valgrind
#   reports anything (exit 99, or a non-empty log: errors, definite or
#   indirect leaks), when its golden comparison fails under valgrind, or when
#   the binary did not run under valgrind once per expected.FMT file.
#   Suppressions: tests/valgrind.supp. DL_VALGRIND_ONLY=SUBSTRING runs the
#   cases whose folder contains SUBSTRING; DL_VALGRIND_JOBS=N (default 2);
#   DL_VALGRIND_ONE_FORMAT=1 runs only one format of each case under
#   valgrind (text when it has one; the other formats run natively): 8% fewer
#   valgrind runs, but SARIF and github output are then never checked.
#
# usage: sh valgrind_golden.sh BINARY SOURCE_DIR
#   (the ctest entry script/valgrind_golden, in every build: quick) checks
#   the plumbing the full run depends on: run_case.sh runs the binary
#   through DL_WRAPPER once per format, and valgrind accepts
#   tests/valgrind.supp.
set -u

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
run_case=$src/tests/golden/run_case.sh
supp=$src/tests/valgrind.supp
export LC_ALL=C TZ=UTC

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlvalgrind.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# ---- ctest mode: BINARY SOURCE_DIR ------------------------------------------
if [ $# -eq 2 ]; then
	bin=$1
	case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
	fail=0
	# a wrapper that records each command line, then runs it
	cat >"$tmp/record.sh" <<'EOF'
#!/bin/sh
printf '%s\n' "$*" >>"$DL_RECORD"
exec "$@"
EOF
	chmod +x "$tmp/record.sh"
	case_dir=$src/fixtures/golden/demo.d
	DL_RECORD=$tmp/calls DL_WRAPPER=$tmp/record.sh \
		sh "$run_case" "$bin" "$case_dir" >"$tmp/out" 2>&1 || {
		echo "FAIL: golden/demo under a recording wrapper:"; head -40 "$tmp/out"; fail=1; }
	want=$(find "$case_dir" -maxdepth 1 -name 'expected.*' | wc -l)
	got=$(grep -c -- "^$bin .*--format [a-z]* \.$" "$tmp/calls" 2>/dev/null || echo 0)
	if [ "$want" -eq 0 ] || [ "$got" -ne "$want" ]; then
		echo "FAIL: run_case.sh ran the binary through DL_WRAPPER $got times, expected $want (one per expected.FMT)"
		fail=1
	fi
	if command -v valgrind >/dev/null 2>&1; then
		valgrind --quiet --error-exitcode=99 --suppressions="$supp" true \
			>"$tmp/supp.out" 2>&1 || {
			echo "FAIL: valgrind rejects $supp:"; cat "$tmp/supp.out"; fail=1; }
	fi
	[ $fail -eq 0 ] && echo "valgrind_golden: plumbing ok ($got runs through DL_WRAPPER)"
	exit $fail
fi

# ---- full run: BUILD_DIR ----------------------------------------------------
if [ $# -ne 1 ]; then
	echo "usage: sh $0 BUILD_DIR   (or BINARY SOURCE_DIR, the ctest check)" >&2
	exit 2
fi
bin=$(cd "$1" 2>/dev/null && pwd)/deploylint
if [ ! -x "$bin" ]; then
	echo "valgrind_golden: $1/deploylint is not an executable (build it first)" >&2
	exit 2
fi
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind_golden: valgrind is not installed (tools/install-deps.sh)" >&2
	exit 2
fi
if grep -q __asan_init "$bin"; then
	echo "valgrind_golden: $bin is a sanitizer build; valgrind needs a normal one" >&2
	exit 2
fi

cat >"$tmp/vg.sh" <<EOF
#!/bin/sh
if [ -n "\${DL_VG_FORMAT:-}" ]; then
	case " \$* " in *" --format \$DL_VG_FORMAT "*) ;; *) exec "\$@" ;; esac
fi
exec valgrind --error-exitcode=99 --leak-check=full \\
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \\
	--track-fds=no --quiet --num-callers=40 --suppressions='$supp' \\
	--log-file="\$DL_VG_LOGDIR/vg.%p.log" "\$@"
EOF
chmod +x "$tmp/vg.sh"

# one case: $1 = case folder; results in $tmp/cases/<id>/
cat >"$tmp/one.sh" <<'EOF'
#!/bin/sh
c=$1
id=$(printf '%s' "${c#"$DL_SRC/fixtures/"}" | tr '/' '~')
d=$DL_TMP/cases/$id
mkdir -p "$d"
if [ -n "${DL_VALGRIND_ONE_FORMAT:-}" ]; then
	if [ -f "$c/expected.text" ]; then
		DL_VG_FORMAT=text
	else
		f=$(ls "$c" | grep '^expected\.' | head -n 1)
		DL_VG_FORMAT=${f#expected.}
	fi
	export DL_VG_FORMAT
fi
DL_VG_LOGDIR=$d DL_WRAPPER=$DL_TMP/vg.sh sh "$DL_RUN_CASE" "$DL_BIN" "$c" >"$d/run.out" 2>&1
echo $? >"$d/rc"
echo "$c" >"$d/case"
EOF

find "$src/fixtures" -type d -name '*.d' ! -path '*.d/*' | sort |
	grep -F -- "${DL_VALGRIND_ONLY:-}" >"$tmp/list"
ncases=$(wc -l <"$tmp/list")
if [ "$ncases" -eq 0 ]; then
	echo "valgrind_golden: no golden case found under $src/fixtures" >&2
	exit 2
fi

start=$(date +%s)
export DL_SRC="$src" DL_TMP="$tmp" DL_RUN_CASE="$run_case" DL_BIN="$bin"
tr '\n' '\0' <"$tmp/list" | xargs -0 -n 1 -P "${DL_VALGRIND_JOBS:-2}" sh "$tmp/one.sh"
secs=$(($(date +%s) - start))

failed=0
runs=0
for d in "$tmp"/cases/*/; do
	c=$(cat "$d/case" 2>/dev/null || echo "$d")
	rel=${c#"$src/"}
	want=$(find "$c" -maxdepth 1 -name 'expected.*' | wc -l)
	[ -n "${DL_VALGRIND_ONE_FORMAT:-}" ] && [ "$want" -gt 1 ] && want=1
	got=$(find "$d" -name 'vg.*.log' | wc -l)
	runs=$((runs + got))
	reports=$(find "$d" -name 'vg.*.log' -size +0c | sort)
	rc=$(cat "$d/rc" 2>/dev/null || echo missing)
	if [ -n "$reports" ]; then
		echo "FAIL: $rel: valgrind report"
		for r in $reports; do cat "$r"; done
	elif [ "$rc" != 0 ]; then
		echo "FAIL: $rel: the golden case fails under valgrind (rc $rc)"
		head -40 "$d/run.out"
	elif [ "$got" -ne "$want" ]; then
		echo "FAIL: $rel: $got valgrind runs, expected $want (one per expected.FMT)"
	else
		continue
	fi
	failed=$((failed + 1))
done
done_cases=$(find "$tmp/cases" -mindepth 1 -maxdepth 1 -type d | wc -l)
if [ "$done_cases" -ne "$ncases" ]; then
	echo "FAIL: $done_cases of $ncases cases ran"
	failed=$((failed + 1))
fi
echo "valgrind_golden: $ncases cases, $runs runs under valgrind, $failed failed, ${secs} s"
[ "$failed" -eq 0 ]
