#!/bin/sh
# The whole test suite: installs what it needs, builds deploylint twice
# (a normal build and one with AddressSanitizer + UndefinedBehaviorSanitizer)
# with -Werror, and runs every test in both.
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDL_WERROR=ON
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs")

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDL_WERROR=ON -DDL_SANITIZE=ON
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --output-on-failure -j "$jobs")

# libFuzzer smoke run: every harness for a few seconds (clang, ASan+UBSan).
sh tests/scripts/fuzz_smoke.sh --run 10 build-fuzz
