#!/usr/bin/env bash
# Build with AddressSanitizer + UndefinedBehaviorSanitizer and run the fast tests.
# Any sanitizer report aborts the process (-fno-sanitize-recover=all), which fails CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# -g1: line tables only (enough for the sanitizers' stack traces), which compiles ~20% faster than -g.
# SPINCOM_PCH: precompiled Eigen, standard and Catch2 headers, about 10% less compile time here.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DSPINCOM_SANITIZE=ON -DSPINCOM_BUILD_BENCH=OFF -DSPINCOM_MPI=OFF \
  -DSPINCOM_PCH=ON
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -L fast
