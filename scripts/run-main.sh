#!/usr/bin/env bash
# The README's main job: install dependencies (if missing), build (Release) and run spincom
# on the built-in paper defaults (Table I). Extra arguments go to `spincom steady`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >&2
cmake --build build -j"$(nproc)" --target spincom >&2
exec build/spincom steady "$@"
