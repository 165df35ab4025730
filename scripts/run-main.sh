#!/usr/bin/env bash
# The README's main job: install dependencies (if missing), build (Release) and run spincom
# on the built-in paper defaults (Table I): the time-domain simulation `spincom simulate` at the
# Fig. 2 E_N peak of the ccw direction. Extra arguments go to `spincom simulate`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >&2
cmake --build build -j"$(nproc)" --target spincom >&2
exec build/spincom simulate "$@"
