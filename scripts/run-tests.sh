#!/usr/bin/env bash
# The README's test command: install dependencies (if missing), build (Release), run every
# test through CTest: Catch2 unit/numeric/CLI tests and the numpy/scipy reference check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
