#!/bin/sh
# The whole test suite: installs what it needs (tools/install-deps.sh
# --test), checks the formatting, builds deploylint three times with -Werror
# (RelWithDebInfo, Release, and Debug with AddressSanitizer +
# UndefinedBehaviorSanitizer), runs the tests in each, chosen by their ctest
# LABELS (tests/CMakeLists.txt): every test in the normal build (the
# differential tests against Alembic, python-dotenv, pre-commit and SARIF
# Multitool and the packaging tests run there only, once); in Release the
# unit and golden tests; under the sanitizers the memory-sensitive ones
# (label memory: unit, golden, fuzz replays, hostile, threads). Then
# clang-tidy and cppcheck, the golden tests under valgrind, deploylint
# built with ThreadSanitizer on this checkout, and each libFuzzer harness
# for a few seconds.
set -eu
cd "$(dirname "$0")/.."
sh tools/install-deps.sh --test
jobs=$(nproc 2>/dev/null || echo 2)

# Formatting (.clang-format) first: it takes seconds.
sh tests/scripts/format_check.sh

# DL_TESTS=ON: the quick start's build/ may hold DL_TESTS=OFF in its cache.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDL_WERROR=ON -DDL_TESTS=ON
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs")

# clang-tidy (clang-analyzer-*, bugprone-*) and cppcheck on src/, then
# valgrind's memcheck over every golden case, on the normal build.
sh tests/scripts/static_analysis.sh build
sh tests/scripts/valgrind_golden.sh build

# Release (-O3 -DNDEBUG: what packagers and `cmake -S . -B build` build):
# the optimiser's own warnings (-Wformat-truncation...), then the unit and
# golden tests (the script tests, packaging included, ran on build/ above).
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DDL_WERROR=ON -DDL_TESTS=ON
cmake --build build-release -j "$jobs"
(cd build-release && ctest --output-on-failure -j "$jobs" -L '^(unit|golden)$')

# ASan+UBSan: only what memory errors can break (label memory); the
# differential, packaging and command-line scripts ran on build/ above.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDL_WERROR=ON -DDL_TESTS=ON -DDL_SANITIZE=ON
cmake --build build-asan -j "$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --output-on-failure -j "$jobs" -L memory)

# ThreadSanitizer over the threaded read pass, on this checkout.
sh tests/scripts/tsan.sh build-tsan

# libFuzzer smoke run: every harness for a few seconds (clang, ASan+UBSan).
sh tests/scripts/fuzz_smoke.sh --run 10 build-fuzz
