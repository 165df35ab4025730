#!/usr/bin/env bash
# HDF5 trajectory datasets: the cost of storing every trajectory, measured in ONE invocation:
#   (1) 1000 trajectories x 2001 times x 6 quadratures (the linear exact stepper, one thread):
#       statistics only vs every trajectory stored, uncompressed (the default) and with
#       shuffle + deflate 1; the file size, the write rate (MB/s of raw doubles), and h5py's
#       load time of the whole table;
#   (2) the same with the nonlinear model (4096 trajectories x 101 times), where stepping, not
#       writing, dominates;
#   (3) the peak memory (max RSS) of statistics-only runs of 1e4 and 1e6 trajectories.
# Every figure is wall-clock on this machine (CPU and instruction set printed first); the ratios
# are from this run. Usage: bench/run_dataset_bench.sh   Env: BUILD_DIR (default <repo>/build),
# OUT_DIR (default a fresh mktemp -d, removed at the end unless given), REPS (default 3; best of).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD_DIR:-$ROOT/build}"
BIN="$BUILD/spincom"
REPS="${REPS:-3}"
PY=/usr/bin/python3
if [[ -n "${OUT_DIR:-}" ]]; then OUT="$OUT_DIR"; mkdir -p "$OUT"; else OUT="$(mktemp -d -t spincom-dataset-bench.XXXXXX)"; trap 'rm -rf "$OUT"' EXIT; fi
cmake --build "$BUILD" -j2 --target spincom >"$OUT/build.log" 2>&1 || { echo "build failed" >&2; exit 1; }

cpu=$(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
isa=$(grep -m1 -o -w "avx512f" /proc/cpuinfo || grep -m1 -o -w "avx2" /proc/cpuinfo || echo "sse2")
echo "machine: $cpu, $(nproc) cores, widest SIMD: $isa; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# best wall time (s, from the nanosecond clock) of REPS runs of: spincom ARGS (in OUT). The previous run's files are removed
# before each run, untimed: replacing an existing file (--force) adds the file system's cost of
# freeing it (~0.05 s for 96 MB here), which is not the cost of writing.
best() {
  local best=1e9 t
  for _ in $(seq "$REPS"); do
    rm -f "$OUT"/*.h5
    local t0 t1
    t0=$(date +%s%N)
    "$BIN" "$@" --force >"$OUT/stdout.txt" 2>"$OUT/stderr.txt"
    t1=$(date +%s%N)
    t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (b < a ? b : a) }')
  done
  echo "$best"
}
rss() {
  /usr/bin/time -f "%M" -o "$OUT/rss.txt" "$BIN" "$@" --force >"$OUT/stdout.txt" 2>"$OUT/stderr.txt"
  tail -1 "$OUT/rss.txt"
}

cd "$OUT"
lin=(simulate --trajectories 1000 --groups 8 --samples 2000 --seed 1 --threads 1 --output lin.h5)
t0=$(best "${lin[@]}")
t1=$(best "${lin[@]}" --save-trajectories all)
size1=$(stat -c %s lin.h5)
t2=$(best "${lin[@]}" --save-trajectories all --deflate 1)
size2=$(stat -c %s lin.h5)
raw=$((1000 * 2001 * 6 * 8))
"$BIN" "${lin[@]}" --save-trajectories all --force >"$OUT/stdout.txt" 2>&1
load=$("$PY" -c "
import h5py, time
best = 1e9
for _ in range($REPS):
    t = time.perf_counter()
    with h5py.File('lin.h5', 'r') as f:
        x = f['trajectories'][...]
    best = min(best, time.perf_counter() - t)
print(f'{best:.3f}')")
awk -v t0="$t0" -v t1="$t1" -v t2="$t2" -v s1="$size1" -v s2="$size2" -v raw="$raw" -v load="$load" 'BEGIN {
  printf "\n(1) linear exact, 1000 x 2001 x 6 (%.1f MB of doubles), one thread, best of runs:\n", raw / 1e6
  printf "    statistics only          %6.3f s\n", t0
  printf "    + every trajectory       %6.3f s  (+%.3f s, %.0f MB/s, x%.2f the statistics-only run), file %.1f MB\n", t1, t1 - t0, raw / 1e6 / (t1 - t0), t1 / t0, s1 / 1e6
  printf "    + deflate 1 (shuffle)    %6.2f s  (+%.2f s, %.0f MB/s), file %.1f MB (%.0f%% of raw)\n", t2, t2 - t0, raw / 1e6 / (t2 - t0), s2 / 1e6, 100 * s2 / raw
  printf "    h5py load of the table   %6.3f s  (%.0f MB/s)\n", load, raw / 1e6 / load
}'

nl=(simulate --model nonlinear --trajectories 4096 --samples 100 --seed 1 --threads 1 --output nl.h5)
n0=$(best "${nl[@]}")
n1=$(best "${nl[@]}" --save-trajectories all)
awk -v t0="$n0" -v t1="$n1" 'BEGIN {
  printf "\n(2) nonlinear Heun, 4096 x 101 x 6, one thread: statistics only %.3f s, every trajectory %.3f s (x%.3f)\n", t0, t1, t1 / t0 }'

m4=$(rss simulate --trajectories 10000 --groups 8 --seed 1 --output-dir mem4)
m6=$(rss simulate --trajectories 1000000 --groups 8 --seed 1 --output-dir mem6)
echo
echo "(3) peak memory, statistics only (101 sample times): 1e4 trajectories $((m4 / 1024)) MB, 1e6 trajectories $((m6 / 1024)) MB"
