#!/usr/bin/env bash
# Nonlinear truncated-Wigner ensemble throughput (bench/nonlinear_bench.cpp: Heun alone, Heun
# paired with its linearization, the linear exact ensemble, two threads) against a numpy batch of
# the same equations and step (bench/numpy_heun_batch.py), all in ONE invocation on this machine.
# The lane kernel that ran is printed next to every spincom figure.
#
# Usage: bench/run_nonlinear_bench.sh
# Env:   BUILD_DIR (default <repo>/build), OUT_DIR (default: a fresh mktemp -d; kept),
#        MIN_TIME (Google Benchmark seconds per repetition, default 0.3), REPS (default 3, best-of),
#        NUMPY_BATCH (default 4096), NUMPY_REPEATS (default 3),
#        SPINCOM_LANE_KERNEL (portable, generic, avx2 or avx512; default the fastest this CPU runs).
# Figures are CPU time for one thread (numpy's too) and wall clock for two; a busy machine lowers
# them, the 2-thread ones most (the load average is printed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD_DIR:-$ROOT/build}"
OUT="${OUT_DIR:-$(mktemp -d -t spincom-nonlinear-bench.XXXXXX)}"
MIN_TIME="${MIN_TIME:-0.3}"
REPS="${REPS:-3}"
NUMPY_BATCH="${NUMPY_BATCH:-4096}"
NUMPY_REPEATS="${NUMPY_REPEATS:-3}"
PY=/usr/bin/python3
BIN="$BUILD/bench/spincom_bench_nonlinear"
mkdir -p "$OUT"

echo "== build (spincom_bench_nonlinear, $BUILD)"
cmake --build "$BUILD" -j2 --target spincom_bench_nonlinear >"$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log" >&2; exit 1; }
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" --dump-model >"$OUT/model.json"
"$BIN" --benchmark_min_time="$MIN_TIME" --benchmark_repetitions="$REPS" \
  --benchmark_out="$OUT/gbench.json" --benchmark_out_format=json \
  --benchmark_format=console >"$OUT/gbench.txt" 2>&1 || { cat "$OUT/gbench.txt" >&2; exit 1; }
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 \
  "$PY" "$ROOT/bench/numpy_heun_batch.py" "$OUT/model.json" --batch "$NUMPY_BATCH" --repeats "$NUMPY_REPEATS" \
  --json >"$OUT/numpy.json"
echo "== load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

"$PY" - "$OUT/gbench.json" "$OUT/numpy.json" <<'PYEOF'
import json, sys
gb = json.load(open(sys.argv[1]))
npy = json.load(open(sys.argv[2]))
best, label = {}, {}
for b in gb["benchmarks"]:
    if b.get("run_type") != "iteration":
        continue
    name = b.get("run_name", b["name"]).replace("/real_time", "")
    best[name] = max(best.get(name, 0.0), b["traj_steps_per_s"])
    label[name] = b.get("label", "")
numpy_rate = npy["traj_steps_per_s"]
print(f"\nlane kernel: {gb['context'].get('lane_kernel', '?')}; numpy {npy['numpy']}, batch {npy['batch']}")
hdr = f"{'run':44s} {'traj-steps/s':>13s} {'ns/step':>8s} {'vs numpy Heun':>14s}  kernel"
print(hdr)
print("-" * len(hdr))
for name in ("nonlinear/heun/threads:1", "nonlinear/heun+paired_linear/threads:1", "linear/exact/threads:1",
             "nonlinear/heun/threads:2", "nonlinear/heun+paired_linear/threads:2",
             "nonlinear/heun_x16/threads:1", "nonlinear/heun_x16/threads:2",
             "nonlinear/heun+paired_linear_x16/threads:1", "nonlinear/heun+paired_linear_x16/threads:2"):
    if name in best:
        r = best[name]
        print(f"{name:44s} {r:13.4g} {1e9 / r:8.2f} {r / numpy_rate:13.1f}x  {label[name]}")
print(f"{'numpy Heun batch (same equations, 1 thread)':44s} {numpy_rate:13.4g} {1e9 / numpy_rate:8.2f}"
      f"  (CPU time; wall {1e9 / npy['wall_traj_steps_per_s']:.1f} ns)")
for base in ("nonlinear/heun", "nonlinear/heun+paired_linear", "nonlinear/heun_x16",
             "nonlinear/heun+paired_linear_x16"):
    one, two = best.get(base + "/threads:1"), best.get(base + "/threads:2")
    if one and two:
        print(f"{base}: 2-thread efficiency r2 / (2 r1) = {two / (2 * one):.1%} (goal >= 90%)")
PYEOF
echo "raw results: $OUT"
