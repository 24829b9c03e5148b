#!/bin/sh
# The Python wheel (pyproject.toml, tools/packaging/deploylint_build.py):
# `python3 -m build --no-isolation --wheel` builds it offline with Debian's
# python3-build; it is named and tagged as the binary it carries allows;
# `pip install --no-index` puts a working deploylint into a fresh virtual
# environment: --version, the demo's findings (exit 1, the same output as
# the normal build), only the C library in ldd, and every golden case run
# with that self-contained binary.
# The static build directory and the trimmed libgit2 are kept under
# BUILD_DIR/pkgcache/ (shared with deb.sh; the first run builds libgit2
# from Debian's source package, a few minutes).
# Usage: sh wheel.sh BINARY SOURCE_DIR
set -u
bin=$1
src=$(cd "$2" && pwd)
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
# The packaged binary is a separate Release build: a sanitizer build has
# nothing to add here (ctest reports the test as skipped).
if ldd "$bin" 2>/dev/null | grep -q -E 'lib(asan|ubsan|tsan)'; then
	echo "skipped: $bin is a sanitizer build; packaging is tested in the normal build"
	exit 77
fi
pass=0
failed=0
ok() { pass=$((pass + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { # check NAME WANT GOT
	if [ "$2" = "$3" ]; then ok; else bad "$1: want [$2], got [$3]"; fi
}

# Debian's python3 (python3-build, python3-venv), also when another python3
# comes first on PATH
py=
for p in python3 /usr/bin/python3; do
	if (cd / && "$p" -m build --version && "$p" -c "import venv, ensurepip") >/dev/null 2>&1; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "FAIL: no python3 with the build and venv modules (python3-build, python3-venv: sh tools/install-deps.sh)"
	echo "wheel: 0 passed, 1 failed"
	exit 1
fi
version=$(sed -n 's/^project(deploylint VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
cache="$(dirname "$bin")/pkgcache"
mkdir -p "$cache"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlwheel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" LC_ALL=C TZ=UTC PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1
unset GITHUB_ACTIONS NO_COLOR
mkdir -p "$HOME"

# 1. the wheel, built as a packager would (Release, static), offline
(
	flock 9
	cd "$src" &&
		DEPLOYLINT_BUILD_DIR="$cache/static" DL_LIBGIT2_CACHE="$cache/libgit2" \
			"$py" -m build --no-isolation --wheel --outdir "$tmp/dist" .
) 9>"$cache/static.lock" >"$tmp/build.log" 2>&1 || {
	bad "python3 -m build failed"
	tail -n 40 "$tmp/build.log"
	echo "wheel: $pass passed, $failed failed"
	exit 1
}
wheel=$(cd "$tmp/dist" && ls ./*.whl)
wheel=${wheel#./}
arch=$(uname -m)
case $wheel in
"deploylint-$version-py3-none-manylinux_2_"[0-9]*"_$arch.whl") ok ;;
*) bad "wheel name: $wheel (want deploylint-$version-py3-none-manylinux_2_N_$arch.whl)" ;;
esac
# the manylinux tag names the newest glibc symbol version the binary uses
"$py" - "$tmp/dist/$wheel" >"$tmp/contents" <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for i in sorted(z.infolist(), key=lambda i: i.filename):
    print(i.filename, oct(i.external_attr >> 16 & 0o777))
meta = z.read([n for n in z.namelist() if n.endswith(".dist-info/METADATA")][0]).decode()
for line in meta.split("\n\n")[0].splitlines():
    if line.split(":")[0] in ("Name", "Version", "Summary", "Requires-Python") or line.startswith("Project-URL: Homepage"):
        print(line)
print("Tag:", [l for l in z.read([n for n in z.namelist() if n.endswith("/WHEEL")][0]).decode().splitlines() if l.startswith("Tag:")][0][5:])
EOF
tag=${wheel#deploylint-"$version"-}
tag=${tag%.whl}
check "wheel contents" "deploylint-$version.data/scripts/deploylint 0o755
deploylint-$version.dist-info/COPYRIGHT 0o644
deploylint-$version.dist-info/METADATA 0o644
deploylint-$version.dist-info/RECORD 0o644
deploylint-$version.dist-info/WHEEL 0o644
Name: deploylint
Version: $version
Summary: Lint the deploy configuration of FastAPI/Flask + SQLAlchemy + Alembic backends before it reaches Render
Project-URL: Homepage, https://github.com/deploylint/deploylint
Requires-Python: >=3.7
Tag: $tag" "$(cat "$tmp/contents")"

# 2. a fresh virtual environment, nothing from an index
"$py" -m venv "$tmp/venv" >"$tmp/venv.log" 2>&1 &&
	"$tmp/venv/bin/pip" install --no-index "$tmp/dist/$wheel" >>"$tmp/venv.log" 2>&1 || {
	bad "pip install --no-index of the wheel failed"
	cat "$tmp/venv.log"
}
dl="$tmp/venv/bin/deploylint"
check "installed" "yes" "$([ -x "$dl" ] && echo yes || echo no)"
check "--version" "deploylint $version" "$("$dl" --version 2>&1)"
glibc=$(objdump -T "$dl" | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2 -n -u | tail -n 1)
check "tag from glibc needs" "manylinux_2_${glibc#GLIBC_2.}_$arch" "${tag#py3-none-}"

# 3. only the C library (ldd), nothing else linked dynamically
others=$(ldd "$dl" | awk '{print $1}' | grep -v -E '^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|/lib64/ld-linux-x86-64\.so\.2|/lib/ld-linux-aarch64\.so\.1)$')
check "ldd: only the C library" "" "$others"

# 4. the demo: exit 1, the normal build's findings (the dangling down_revision, ALM002, among them)
(cd "$src" && "$dl" fixtures/demo) >"$tmp/demo.out" 2>&1
check "demo exit" 1 $?
(cd "$src" && "$bin" fixtures/demo) >"$tmp/demo.want" 2>&1
if cmp -s "$tmp/demo.want" "$tmp/demo.out" && grep -q 'error\[ALM002\]' "$tmp/demo.out"; then
	ok
else
	bad "demo output differs from the normal build's"
	diff "$tmp/demo.want" "$tmp/demo.out" | head -20
fi

# 5. every golden case with the self-contained binary
n=0
find "$src/fixtures" -path '*.d/args' -not -path '*.d/repo/*' | sort >"$tmp/cases"
while IFS= read -r args; do
	case_dir=$(dirname "$args")
	n=$((n + 1))
	if ! sh "$src/tests/golden/run_case.sh" "$dl" "$case_dir" >"$tmp/golden.out" 2>&1; then
		bad "golden ${case_dir#"$src"/fixtures/} with the wheel's binary"
		head -n 20 "$tmp/golden.out"
	fi
done <"$tmp/cases"
[ "$n" -gt 100 ] && ok || bad "only $n golden cases found"

echo "wheel: $pass passed, $failed failed ($n golden cases)"
[ "$failed" = 0 ]
