#!/usr/bin/env bash
# Behaviour across a refactoring: runs scripts/behaviour-snapshot.sh with an older spincom binary
# and with this tree's build/spincom, then compares every CSV's data lines. Everything must be
# bit-identical apart from the changes docs/decisions.md (item 27) lists for the engine
# restructuring of issue 9 (the allowances below).
# Usage: scripts/check-behaviour.sh OLD_SPINCOM [NEW_SPINCOM]
# Example: git worktree add --detach /tmp/old e26dc0b && cmake -S /tmp/old -B /tmp/old/build &&
#          cmake --build /tmp/old/build -j2 --target spincom && scripts/check-behaviour.sh /tmp/old/build/spincom
set -euo pipefail
cd "$(dirname "$0")/.."
old="${1:?usage: check-behaviour.sh OLD_SPINCOM [NEW_SPINCOM]}"
new="${2:-build/spincom}"
work="$(mktemp -d -t spincom-behaviour.XXXXXX)"
echo "snapshots in $work" >&2
bash scripts/behaviour-snapshot.sh "$old" "$work/before" >"$work/before.log" 2>&1 || { cat "$work/before.log" >&2; exit 1; }
bash scripts/behaviour-snapshot.sh "$new" "$work/after" >"$work/after.log" 2>&1 || { cat "$work/after.log" >&2; exit 1; }
exec /usr/bin/python3 scripts/compare-behaviour.py "$work/before" "$work/after" --max-columns 4 \
  --allow '*nonlinear_timeseries.csv:N_mean' --allow '*nonlinear_timeseries.csv:N_coherent' \
  --allow '*:E_N_difference_ci:1e-8' --allow '*:departure_z:1e-8' \
  --allow '*:E_N_lyapunov:1e-14' --allow '*:lyap_V_*' --allow 'nonlinear-lyapunov-start/*:*'
