#!/bin/sh
# Installs what deploylint needs to build and test on Debian 12, as root.
# Idempotent: packages already present are not fetched again.
set -eu
pkgs="build-essential cmake pkg-config git libyaml-dev libpcre2-dev libgit2-dev
libjansson-dev libcmocka-dev python3 python3-alembic python3-dotenv pre-commit
clang libclang-rt-14-dev libfuzzer-14-dev clang-tidy clang-format cppcheck valgrind"
# issue 18, packaging tests (wheel.sh, deb.sh, precommit_python.sh): the wheel
# build, fresh venvs, Debian's setuptools/wheel wheels, dpkg-source/-shlibdeps
pkgs="$pkgs python3-build python3-venv python3-setuptools-whl python3-wheel-whl dpkg-dev"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
# Node.js may come from elsewhere with its own npm (which Debian's npm
# package conflicts with): ask for the commands, not the packages.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi

# The SARIF validator (a self-contained binary inside the npm package) and a
# JSON-schema validator, used by tests/scripts/sarif_validate.sh.
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node/node_modules/@microsoft/sarif-multitool-linux" ] ||
   [ ! -d "$here/node/node_modules/ajv-formats" ]; then
	npm install --silent --no-audit --no-fund --prefix "$here/node" \
		@microsoft/sarif-multitool@5.7.0 ajv@8.20.0 ajv-formats@3.0.1
fi
