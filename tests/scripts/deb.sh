#!/bin/sh
# The Debian package (cmake/DeploylintPackage.cmake): `cpack -G DEB` on the
# self-contained build (-DDL_STATIC=ON); its control fields (Depends: libc6
# only), its files where Debian puts them, and the packaged binary run from
# a temporary root (`dpkg -x`): --version, the demo, the man page.
# DL_TEST_DPKG_INSTALL=1 (as root) also installs it for real with `dpkg -i`,
# runs /usr/bin/deploylint and removes it again with `dpkg -r` (refused when
# a deploylint package is already installed).
# Shares BUILD_DIR/pkgcache/ with wheel.sh.
# Usage: sh deb.sh BINARY SOURCE_DIR
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
for t in cpack dpkg-deb dpkg-shlibdeps; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "FAIL: no $t (cmake, dpkg-dev: sh tools/install-deps.sh)"
		echo "deb: 0 passed, 1 failed"
		exit 1
	fi
done
version=$(sed -n 's/^project(deploylint VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
cache="$(dirname "$bin")/pkgcache"
mkdir -p "$cache"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dldeb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C TZ=UTC
unset GITHUB_ACTIONS NO_COLOR

# 1. the package, from the same static build as the wheel's
(
	flock 9
	DL_LIBGIT2_CACHE="$cache/libgit2" cmake -S "$src" -B "$cache/static" \
		-DCMAKE_BUILD_TYPE=Release -DDL_STATIC=ON -DDL_TESTS=OFF -DDL_WERROR=OFF &&
		cmake --build "$cache/static" -j2 &&
		(cd "$cache/static" && cpack -G DEB -B "$tmp/out")
) 9>"$cache/static.lock" >"$tmp/build.log" 2>&1 || {
	bad "cmake/cpack failed"
	tail -n 40 "$tmp/build.log"
	echo "deb: $pass passed, $failed failed"
	exit 1
}
arch=$(dpkg --print-architecture)
deb="$tmp/out/deploylint_${version}_$arch.deb"
check "package file" yes "$([ -f "$deb" ] && echo yes || echo no)"

# 2. control fields: the static binary needs libc6 alone
check "Package" deploylint "$(dpkg-deb -f "$deb" Package)"
check "Version" "$version" "$(dpkg-deb -f "$deb" Version)"
check "Architecture" "$arch" "$(dpkg-deb -f "$deb" Architecture)"
case $(dpkg-deb -f "$deb" Depends) in
"libc6 (>= 2."[0-9]*")") ok ;;
*) bad "Depends: $(dpkg-deb -f "$deb" Depends)" ;;
esac
check "Homepage" "https://github.com/deploylint/deploylint" "$(dpkg-deb -f "$deb" Homepage)"

# 3. the files, where Debian users look for them
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $1, $6}' | sort -k2 >"$tmp/files"
check "files" "-rwxr-xr-x ./usr/bin/deploylint
-rw-r--r-- ./usr/share/bash-completion/completions/deploylint
-rw-r--r-- ./usr/share/doc/deploylint/README.md
-rw-r--r-- ./usr/share/doc/deploylint/copyright
-rw-r--r-- ./usr/share/fish/vendor_completions.d/deploylint.fish
-rw-r--r-- ./usr/share/man/man1/deploylint.1.gz
-rw-r--r-- ./usr/share/zsh/vendor-completions/_deploylint" "$(cat "$tmp/files")"

# 4. unpacked into a temporary root and run from there
dpkg-deb -x "$deb" "$tmp/root"
dl="$tmp/root/usr/bin/deploylint"
check "--version" "deploylint $version" "$("$dl" --version 2>&1)"
others=$(ldd "$dl" | awk '{print $1}' | grep -v -E '^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|/lib64/ld-linux-x86-64\.so\.2|/lib/ld-linux-aarch64\.so\.1)$')
check "ldd: only the C library" "" "$others"
(cd "$src" && "$dl" fixtures/demo) >"$tmp/demo.out" 2>&1
check "demo exit" 1 $?
(cd "$src" && "$bin" fixtures/demo) >"$tmp/demo.want" 2>&1
if cmp -s "$tmp/demo.want" "$tmp/demo.out"; then ok; else
	bad "demo output differs from the normal build's"
	diff "$tmp/demo.want" "$tmp/demo.out" | head -20
fi
if gzip -dc "$tmp/root/usr/share/man/man1/deploylint.1.gz" | cmp -s - "$src/deploylint.1"; then ok; else
	bad "the packaged man page is not deploylint.1"
fi
cmp -s "$tmp/root/usr/share/doc/deploylint/copyright" "$src/tools/packaging/copyright" && ok ||
	bad "the packaged copyright is not tools/packaging/copyright"

# 5. optional: a real dpkg -i / dpkg -r on this machine
if [ "${DL_TEST_DPKG_INSTALL:-0}" = 1 ]; then
	if [ "$(id -u)" != 0 ]; then
		bad "DL_TEST_DPKG_INSTALL=1 needs root"
	elif dpkg-query -W -f='${Status}' deploylint 2>/dev/null | grep -q "ok installed"; then
		bad "a deploylint package is already installed: not replacing it"
	else
		if dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1; then
			check "dpkg -i: --version" "deploylint $version" "$(/usr/bin/deploylint --version 2>&1)"
			(cd "$src" && /usr/bin/deploylint fixtures/demo) >"$tmp/demo.out" 2>&1
			check "dpkg -i: demo exit" 1 $?
			check "dpkg -L" "/usr/bin/deploylint
/usr/share/doc/deploylint/copyright
/usr/share/man/man1/deploylint.1.gz" "$(dpkg -L deploylint | grep -E 'bin/deploylint|copyright|man1/' | sort)"
		else
			bad "dpkg -i failed"
			cat "$tmp/dpkg.log"
		fi
		dpkg -r deploylint >>"$tmp/dpkg.log" 2>&1 || bad "dpkg -r failed"
		check "dpkg -r removed the binary" no "$([ -e /usr/bin/deploylint ] && echo yes || echo no)"
	fi
else
	echo "note: DL_TEST_DPKG_INSTALL is not 1: no real dpkg -i (the package ran from dpkg -x)"
fi

echo "deb: $pass passed, $failed failed"
[ "$failed" = 0 ]
