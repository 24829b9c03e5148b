#!/bin/sh
# Builds a static libgit2 trimmed to what deploylint uses, into PREFIX
# (PREFIX/lib/libgit2.a, PREFIX/include, PREFIX/lib/pkgconfig/libgit2.pc),
# for the self-contained build (cmake -DDL_STATIC=ON, cmake/DeploylintStatic.cmake).
#
# Why: Debian's libgit2.a is built with mbedTLS (HTTPS), libssh2 and GSSAPI,
# which would drag OpenSSL, libgcrypt and Kerberos into the binary; deploylint
# reads only local repositories (index, objects, ignore rules). This build
# has no HTTPS, no SSH, no GSSAPI, no NTLM and no iconv; it keeps the plain
# transports libgit2 always compiles (never called by deploylint), SHA-1
# with collision detection (bundled), pcre2 for regular expressions and zlib
# and http-parser from Debian's -dev packages (their .a archives).
#
# The source: Debian's own libgit2 source package (with Debian's patches,
# security fixes included), the version of the installed libgit2-dev when the
# archive still has it, else the newest bookworm has. It is fetched with
# `apt-get source` through a private apt state under PREFIX (deb-src entries
# for the mirror the system already uses; /etc/apt is not touched), or
# taken from DL_LIBGIT2_DSC (a .dsc file next to its tarballs) when set.
# Nothing is vendored into deploylint's repository.
#
# Needs: dpkg-dev (dpkg-source), cmake, a C compiler, libpcre2-dev,
# zlib1g-dev, libhttp-parser-dev. Idempotent: a finished PREFIX is kept.
# Concurrent runs on one PREFIX wait for each other (flock).
# Usage: sh tools/build-libgit2-static.sh PREFIX
set -eu
[ $# = 1 ] || { echo "usage: $0 PREFIX" >&2; exit 2; }
mkdir -p "$1"
prefix=$(cd "$1" && pwd)
stamp="$prefix/.deploylint-libgit2-done"

build() {
	[ -f "$stamp" ] && return 0
	work="$prefix/work"
	rm -rf "$work" "$prefix/lib" "$prefix/include"
	mkdir -p "$work"
	if [ -n "${DL_LIBGIT2_DSC:-}" ]; then
		dsc=$DL_LIBGIT2_DSC
	else
		fetch_source "$work/apt"
		dsc=$(ls "$work"/apt/dl/libgit2_*.dsc | head -n 1)
	fi
	echo "libgit2 (static): unpacking $(basename "$dsc")"
	dpkg-source --no-check -x "$dsc" "$work/src" >"$work/dpkg-source.log" 2>&1 || {
		cat "$work/dpkg-source.log" >&2
		echo "libgit2 (static): dpkg-source -x $dsc failed" >&2
		return 1
	}
	echo "libgit2 (static): building into $prefix (a few minutes)"
	cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_INSTALL_LIBDIR=lib \
		-DCMAKE_POSITION_INDEPENDENT_CODE=ON \
		-DBUILD_SHARED_LIBS=OFF -DBUILD_TESTS=OFF -DBUILD_CLI=OFF \
		-DBUILD_EXAMPLES=OFF -DBUILD_FUZZERS=OFF \
		-DUSE_HTTPS=OFF -DUSE_SSH=OFF -DUSE_GSSAPI=OFF -DUSE_NTLMCLIENT=OFF \
		-DUSE_ICONV=OFF -DUSE_SHA1=CollisionDetection -DUSE_SHA256=Builtin \
		-DUSE_HTTP_PARSER=system -DREGEX_BACKEND=pcre2 -DUSE_BUNDLED_ZLIB=OFF \
		-DENABLE_REPRODUCIBLE_BUILDS=ON \
		>"$work/configure.log" 2>&1 || {
		tail -n 40 "$work/configure.log" >&2
		echo "libgit2 (static): cmake configure failed (log: $work/configure.log)" >&2
		return 1
	}
	jobs=$(nproc 2>/dev/null || echo 2)
	cmake --build "$work/build" -j "$jobs" >"$work/build.log" 2>&1 &&
		cmake --install "$work/build" >>"$work/build.log" 2>&1 || {
		tail -n 40 "$work/build.log" >&2
		echo "libgit2 (static): build failed (log: $work/build.log)" >&2
		return 1
	}
	grep -E '^-- (Enabled|Disabled) features:' -A 20 "$work/configure.log" \
		>"$prefix/features.txt" || true
	rm -rf "$work"
	: >"$stamp"
}

# fetch_source DIR: apt-get source libgit2 into DIR/dl with a private apt
# state whose deb-src entries mirror the system's deb entries.
fetch_source() {
	a=$1
	mkdir -p "$a/parts" "$a/lists/partial" "$a/cache/archives/partial" "$a/dl"
	uris=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
		awk '{print $2}' | grep -v security | sort -u | head -n 1)
	[ -n "$uris" ] || uris=$(sed -n 's/^deb \(\[[^]]*\] \)*\(http[^ ]*\) .*/\2/p' \
		/etc/apt/sources.list 2>/dev/null | grep -v security | head -n 1)
	[ -n "$uris" ] || uris=http://deb.debian.org/debian
	suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
	printf 'Types: deb-src\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
		"$uris" "$suite" "$suite" >"$a/parts/deploylint-src.sources"
	set -- -o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$a/parts" \
		-o Dir::State::Lists="$a/lists" -o Dir::Cache="$a/cache" \
		-o APT::Sandbox::User=root
	echo "libgit2 (static): apt-get source libgit2 from $uris $suite"
	if ! apt-get "$@" -qq update >"$a/update.log" 2>&1; then
		cat "$a/update.log" >&2
		echo "libgit2 (static): cannot read the deb-src index of $uris (network?); set DL_LIBGIT2_DSC to a downloaded .dsc" >&2
		return 1
	fi
	want=$(dpkg-query -W -f='${source:Version}' libgit2-dev 2>/dev/null || true)
	if [ -n "$want" ] && (cd "$a/dl" && apt-get "$@" -qq source --download-only "libgit2=$want") \
		>"$a/source.log" 2>&1; then
		return 0
	fi
	if ! (cd "$a/dl" && apt-get "$@" -qq source --download-only libgit2) >>"$a/source.log" 2>&1; then
		cat "$a/source.log" >&2
		echo "libgit2 (static): apt-get source libgit2 failed; set DL_LIBGIT2_DSC to a downloaded .dsc" >&2
		return 1
	fi
}

if command -v flock >/dev/null 2>&1; then
	exec 9>"$prefix/.lock"
	flock 9
fi
build
