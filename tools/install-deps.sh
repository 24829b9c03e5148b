#!/bin/sh
# Installs what deploylint needs on Debian 12, as root.
#
#   sh tools/install-deps.sh          what building needs (Debian packages only)
#   sh tools/install-deps.sh --test   also what the test suite needs
#                                     (tests/run-all.sh runs this): cmocka,
#                                     clang and libFuzzer, clang-tidy,
#                                     cppcheck, valgrind, llvm-symbolizer,
#                                     Alembic, python-dotenv, poetry-core
#                                     (tests/scripts/poetry_diff.sh),
#                                     pre-commit, git,
#                                     zsh and fish (completion tests),
#                                     Node.js and, from the npm registry, the
#                                     SARIF validator
#
# Idempotent: packages already present are not fetched again. Exits non-zero,
# saying what failed, when a package cannot be installed.
set -eu
test=0
case ${1:-} in
"") ;;
--test) test=1 ;;
*)
	echo "usage: sh $0 [--test]" >&2
	exit 2
	;;
esac

# libtomlplusplus-dev: toml++ 3.3 (header-only, C++17), the TOML reader of
# src/parse/toml.cc (build-essential brings g++)
pkgs="build-essential cmake pkg-config libyaml-dev libpcre2-dev libgit2-dev
libjansson-dev libtomlplusplus-dev"
# llvm: /usr/bin/llvm-symbolizer, which clang's sanitizers call to name the
# functions of a stack trace (the libFuzzer smoke run's reports).
[ "$test" -eq 1 ] && pkgs="$pkgs libcmocka-dev git python3 python3-yaml
python3-alembic python3-dotenv python3-poetry-core pre-commit clang libclang-rt-14-dev
libfuzzer-14-dev llvm clang-tidy clang-format cppcheck valgrind zsh fish
python3-build python3-venv python3-setuptools-whl python3-wheel-whl dpkg-dev file"
# python3-build ... dpkg-dev: the packaging tests (wheel.sh, deb.sh,
# precommit_python.sh): the wheel build, fresh venvs, Debian's setuptools and
# wheel wheels, dpkg-source and dpkg-shlibdeps, and file (which cpack's
# Debian generator runs before dpkg-shlibdeps)
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ "$test" -eq 1 ]; then
	# Node.js may come from elsewhere with its own npm (which Debian's npm
	# package conflicts with): ask for the commands, not the packages.
	command -v node >/dev/null 2>&1 || missing="$missing nodejs"
	command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "install-deps: missing Debian packages:$missing" >&2
		echo "install-deps: run this script as root to install them" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	echo "install-deps: installing$missing"
	apt-get update -qq || {
		echo "install-deps: apt-get update failed (see above): check /etc/apt/sources.list* and the network" >&2
		exit 1
	}
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing || {
		echo "install-deps: apt-get install failed (see above) for:$missing" >&2
		exit 1
	}
fi
[ "$test" -eq 1 ] || exit 0

# The SARIF validator (a self-contained binary inside the npm package) and a
# JSON-schema validator, used by tests/scripts/sarif_validate.sh.
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node/node_modules/@microsoft/sarif-multitool-linux" ] ||
   [ ! -d "$here/node/node_modules/ajv-formats" ]; then
	registry=$(npm config get registry 2>/dev/null || echo "the npm registry")
	mods="@microsoft/sarif-multitool@5.7.0 ajv@8.20.0 ajv-formats@3.0.1"
	echo "install-deps: npm install $mods (from $registry into $here/node)"
	# shellcheck disable=SC2086
	npm install --no-audit --no-fund --no-progress --loglevel=error \
		--fetch-retries=2 --prefix "$here/node" $mods || {
		rc=$?
		echo "install-deps: npm could not install $mods from $registry (exit $rc; npm's reason is above)." >&2
		echo "install-deps: tests/scripts/sarif_validate.sh needs them; check the network or set the registry (npm config set registry URL), then run this script again." >&2
		exit 1
	}
fi
