#!/usr/bin/env bash
# Ensemble throughput of spincom (exact / em / heun via run_linear_ensemble) against two peers,
# all measured in ONE invocation on this machine:
#   (a) numpy-vectorized Euler-Maruyama over a batch (bench/numpy_em_batch.py, best variant);
#   (b) a naive odeint-style per-trajectory EM loop (in bench/ensemble_bench.cpp);
# plus the 2-thread parallel efficiency of the exact stepper (1024 trajectories, and 32x that).
#
# Usage: bench/run_ensemble_bench.sh
# Env:   BUILD_DIR (default <repo>/build), OUT_DIR (default: a fresh mktemp -d; kept),
#        MIN_TIME (Google Benchmark seconds per repetition, default 0.3),
#        REPS (repetitions of each C++ benchmark, default 3; best-of is reported, like numpy),
#        NUMPY_BATCH (default 4096), NUMPY_REPEATS (default 5),
#        WAIT_IDLE (seconds to wait for an idle machine before measuring, default 30),
#        SPINCOM_LANE_KERNEL (portable, generic, avx2 or avx512: force a lane kernel; default the
#        fastest this CPU runs). The kernel that ran is printed next to every spincom figure.
#        KERNELS_ONLY=1 stops after the table (no main job, no memory runs).
# Then the main job's time to a CI of +-0.005 and its peak memory at two trajectory counts.
# Takes ~20-30 s after the build. Numbers are wall-clock (UseRealTime), with the benchmark
# thread's CPU time beside the C++ ones ("CPU ns"); a busy machine (load average printed below)
# lowers every rate, wall clock and the 2-thread figure most of all.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD_DIR:-$ROOT/build}"
OUT="${OUT_DIR:-$(mktemp -d -t spincom-ensemble-bench.XXXXXX)}"
MIN_TIME="${MIN_TIME:-0.3}"
REPS="${REPS:-3}"
NUMPY_BATCH="${NUMPY_BATCH:-4096}"
NUMPY_REPEATS="${NUMPY_REPEATS:-5}"
PY=/usr/bin/python3   # numpy lives here (the python3 on PATH may not have it)
BIN="$BUILD/bench/spincom_bench_ensemble"
mkdir -p "$OUT"

echo "== build (spincom_bench_ensemble, $BUILD)"
if ! cmake --build "$BUILD" -j2 --target spincom_bench_ensemble >"$OUT/build.log" 2>&1; then
  # The target is new: a build tree configured before it existed needs one re-configure.
  cmake "$BUILD" >>"$OUT/build.log" 2>&1
  cmake --build "$BUILD" -j2 --target spincom_bench_ensemble >>"$OUT/build.log" 2>&1 || {
    tail -40 "$OUT/build.log" >&2
    exit 1
  }
fi

# This machine may be shared (e.g. someone compiling): wait up to WAIT_IDLE seconds for a quiet
# second, then measure anyway; the CPU time other processes used during the measurement is
# reported below, so a contaminated run is visible.
busy_jiffies() { local c u n s i w q sq st rest; read -r c u n s i w q sq st rest </proc/stat; echo $((u + n + s + q + sq + st)); }
total_jiffies() { local c u n s i w q sq st rest; read -r c u n s i w q sq st rest </proc/stat; echo $((u + n + s + i + w + q + sq + st)); }
own_jiffies() { local f; f=($(cut -d')' -f2 /proc/$$/stat)); echo $((f[13] + f[14])); }  # cutime + cstime
busy_percent() {  # whole machine, over one second
  local b0 t0 b1 t1; b0=$(busy_jiffies); t0=$(total_jiffies); sleep 1; b1=$(busy_jiffies); t1=$(total_jiffies)
  echo $((100 * (b1 - b0) / (t1 - t0 > 0 ? t1 - t0 : 1)))
}
WAIT_IDLE="${WAIT_IDLE:-30}"
waited=0
while :; do
  p=$(busy_percent)
  if ((p < 10)); then break; fi
  if ((waited >= WAIT_IDLE)); then echo "== machine still busy (${p}% CPU) after ${waited}s: measuring anyway"; break; fi
  waited=$((waited + 1))
done
echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg); waited ${waited}s for an idle second"
"$BIN" --dump-model >"$OUT/model.json"
hz=$(getconf CLK_TCK)
busy0=$(busy_jiffies); own0=$(own_jiffies); t_start=$(date +%s.%N)

echo "== C++ benchmarks (min_time ${MIN_TIME}s x ${REPS} repetitions, random interleaving)"
"$BIN" --benchmark_min_time="$MIN_TIME" --benchmark_repetitions="$REPS" \
  --benchmark_enable_random_interleaving=true \
  --benchmark_out="$OUT/gbench.json" --benchmark_out_format=json \
  --benchmark_format=console >"$OUT/gbench.txt" 2>&1 || { cat "$OUT/gbench.txt" >&2; exit 1; }

# numpy per core: one BLAS/OpenMP thread. The OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE overrides
# that may be set on this machine are removed for this one command (the script reports the env
# it saw and the BLAS library it loaded).
echo "== numpy peer (batch $NUMPY_BATCH, best of $NUMPY_REPEATS; OPENBLAS_CORETYPE/L2_SIZE unset, 1 thread)"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 \
  MKL_NUM_THREADS=1 "$PY" "$ROOT/bench/numpy_em_batch.py" "$OUT/model.json" \
  --batch "$NUMPY_BATCH" --repeats "$NUMPY_REPEATS" --json >"$OUT/numpy.json"
busy1=$(busy_jiffies); own1=$(own_jiffies); t_end=$(date +%s.%N)
foreign=$("$PY" -c "print(f'{max(0, ($busy1 - $busy0) - ($own1 - $own0)) / $hz / ($t_end - $t_start):.2f}')")
echo "== load average after:  $(cut -d' ' -f1-3 /proc/loadavg); other processes used ${foreign} cores on average while measuring"
echo "$foreign" >"$OUT/foreign_cores.txt"

"$PY" - "$OUT/gbench.json" "$OUT/numpy.json" "$OUT/model.json" "$foreign" <<'PYEOF'
import json, sys
foreign = float(sys.argv[4])

gb = json.load(open(sys.argv[1]))
npy = json.load(open(sys.argv[2]))
model = json.load(open(sys.argv[3]))

best = {}   # benchmark name -> best (max) trajectory-steps/s over the repetitions
best_cpu = {}  # benchmark name -> best (min) CPU ns per trajectory-step over the repetitions
runs = {}
label = {}  # benchmark name -> the lane kernel that ran (instruction set, lanes per vector)
for b in gb["benchmarks"]:
    if b.get("run_type") != "iteration":
        continue
    name = b["run_name"] if "run_name" in b else b["name"]
    name = name.replace("/real_time", "")
    r = b["traj_steps_per_s"]
    best[name] = max(best.get(name, 0.0), r)
    runs.setdefault(name, []).append(r)
    # CPU ns per trajectory-step of this run (the thread's CPU time: less affected by a shared machine)
    cpu = 1e9 / r * b["cpu_time"] / b["real_time"]
    best_cpu[name] = min(best_cpu.get(name, float("inf")), cpu)
    if b.get("label"):
        label[name] = b["label"]

def ns(rate): return 1e9 / rate

numpy_plain = npy["variants"]["plain"]["traj_steps_per_s"]
numpy_tuned = npy["variants"]["tuned"]["traj_steps_per_s"]
numpy_best = max(numpy_plain, numpy_tuned)
naive = best["naive_odeint_em/threads:1"]

ctx = gb["context"]
print()
print(f"machine: {ctx.get('num_cpus')} x {ctx.get('mhz_per_cpu')} MHz, library_build_type={ctx.get('library_build_type')}"
      f" (that is libbenchmark's own build, not spincom's)")
print(f"workload: {model['trajectories']} trajectories x {model['samples']} samples x "
      f"{model['steps_per_sample']} steps, h = {model['h']:g} s (EM stable below {model['em_max_stable_h']:.3g} s); "
      f"numpy batch {npy['batch']}")
print(f"numpy {npy['numpy']}, BLAS {npy['blas']}, env {npy['env']}")
print(f"lane kernel of the spincom runs: {ctx.get('lane_kernel', '?')}")
print()
hdr = f"{'scheme (1 thread)':28s} {'traj-steps/s':>13s} {'ns/step':>8s} {'CPU ns':>7s} {'vs numpy best':>14s} {'vs numpy plain':>15s} {'vs naive loop':>14s}  kernel"
print(hdr)
print("-" * len(hdr))
for s in ("exact", "em", "heun"):
    r = best[f"spincom/{s}/threads:1"]
    print(f"{'spincom ' + s:28s} {r:13.4g} {ns(r):8.2f} {best_cpu[f'spincom/{s}/threads:1']:7.2f} {r / numpy_best:13.2f}x {r / numpy_plain:14.2f}x {r / naive:13.2f}x  "
          f"{label.get(f'spincom/{s}/threads:1', '?')}")
print(f"{'peer (b) naive odeint EM':28s} {naive:13.4g} {ns(naive):8.2f} {best_cpu['naive_odeint_em/threads:1']:7.2f} {naive / numpy_best:13.2f}x {naive / numpy_plain:14.2f}x {1.0:13.2f}x")
print(f"{'peer (a) numpy EM tuned':28s} {numpy_tuned:13.4g} {ns(numpy_tuned):8.2f} {'(wall)':>7s}")
print(f"{'peer (a) numpy EM plain':28s} {numpy_plain:13.4g} {ns(numpy_plain):8.2f} {'(wall)':>7s}")
print()
r1 = best["spincom/exact/threads:1"]
r2 = best["spincom/exact/threads:2"]
print(f"exact, 2 threads: {r2:.4g} traj-steps/s; parallel efficiency r2/(2 r1) = {r2 / (2 * r1):.1%} (goal >= 90%)"
      f"  [{label.get('spincom/exact/threads:2', '?')}]")
r1l, r2l = best.get("spincom/exact_x32/threads:1"), best.get("spincom/exact_x32/threads:2")
if r1l and r2l:
    print(f"exact, 32x the trajectories (32768): 1 thread {ns(r1l):.2f} ns/traj-step, 2 threads {r2l:.4g} traj-steps/s;"
          f" parallel efficiency {r2l / (2 * r1l):.1%} (goal >= 90%)  [{label.get('spincom/exact_x32/threads:2', '?')}]")
print(f"exact, 1 thread: {ns(r1):.2f} ns/traj-step = {r1 / 1e8:.1%} of the 1e8/s goal "
      f"(goal = {1e8 / numpy_best:.1f}x numpy best, {1e8 / naive:.1f}x the naive loop on this machine)")
print()
re = best["spincom/exact_sample_every_step/threads:1"]
print(f"exact, 1 thread, sampled every step (simulate's default for exact): {ns(re):.2f} ns/traj-step "
      f"[CPU {best_cpu['spincom/exact_sample_every_step/threads:1']:.2f}] "
      f"({ns(re) - ns(r1):+.2f} ns/step for 9 more Welford updates per 10 steps)"
      f"  [{label.get('spincom/exact_sample_every_step/threads:1', '?')}]")
rl = best.get("spincom/exact_sample_every_step_x32/threads:1")
if rl:
    print(f"the same with 32x the trajectories (32768, the per-run work spread thin): {ns(rl):.2f} ns/traj-step"
          f" [CPU {best_cpu['spincom/exact_sample_every_step_x32/threads:1']:.2f}]"
          f"  [{label.get('spincom/exact_sample_every_step_x32/threads:1', '?')}]")
print()
print("components, ns per trajectory-step (not peers; for the optimization notes):")
for key, label in (("component/noise_6_normals", "6 normals, scalar (NormalSource: xoshiro256++ + 1024-layer ziggurat)"),
                   ("component/noise_6_normals_lanes_portable", "6 normals, eight-lane kernel, portable"),
                   ("component/noise_6_normals_lanes_generic", "6 normals, eight-lane kernel, generic (Highway scalar)"),
                   ("component/noise_6_normals_lanes_avx2", "6 normals, eight-lane kernel, AVX2"),
                   ("component/noise_6_normals_lanes_avx512", "6 normals, eight-lane kernel, AVX-512"),
                   ("component/noise_6_normals_mt19937_64_boost", "6 normals, mt19937_64 + Boost ziggurat (seed rule 1)"),
                   ("component/seed_per_trajectory_amortized", "NormalSource(seed, i) construction / 100 steps"),
                   ("component/affine_step_dependent", "u = M u + N xi, one trajectory, Eigen (latency)"),
                   ("component/affine_step_8_interleaved", "U = M U + N xi, 8 trajectories, Eigen")):
    if key in best:
        print(f"  {label:72s} {ns(best[key]):7.2f}  [CPU {best_cpu[key]:.2f}]")
    else:
        print(f"  {label:72s} {'skipped':>7s}")
spread = {k: (min(v), max(v)) for k, v in runs.items()}
worst = max(spread, key=lambda k: (spread[k][1] - spread[k][0]) / spread[k][1])
lo, hi = spread[worst]
print(f"largest spread over repetitions: {worst} {lo:.4g}..{hi:.4g} ({(hi - lo) / hi:.0%})")
if foreign > 0.1:
    print(f"WARNING: other processes used {foreign:.2f} cores on average during the measurement: "
          "these numbers (the 2-thread figure above all) are contaminated; rerun on a quiet machine.")
if not npy["covariance_check_ok"]:
    print("WARNING: the numpy covariance check failed")
PYEOF
if [ "${KERNELS_ONLY:-0}" = 1 ]; then echo "raw results: $OUT"; exit 0; fi
echo
echo "== time to a steady-state E_N with CI +-0.005: the main job (spincom simulate, built-in defaults, all cores)"
cmake --build "$BUILD" -j2 --target spincom >>"$OUT/build.log" 2>&1
/usr/bin/time -f "   wall %e s, CPU %U s user, max RSS %M KB" "$BUILD/spincom" simulate --output-dir "$OUT/main" \
  >"$OUT/main.txt" 2>"$OUT/main.time"
grep -E "^stepper" "$OUT/main.txt" | sed 's/^/   /'
grep -E "^ [0-9.e+-]+ +[0-9]+ " "$OUT/main.txt" | tail -1 | awk '{print "   final sample: t = " $1 " s, E_N = " $3 " +- " $5 " (95% CI)"}'
cat "$OUT/main.time"
echo "== peak memory vs number of trajectories (simulate, 51 samples)"
for n in 32768 1048576; do
  /usr/bin/time -f "   $n trajectories: max RSS %M KB, wall %e s" "$BUILD/spincom" simulate --trajectories "$n" \
    --samples 50 --output-dir "$OUT/mem$n" >/dev/null 2>"$OUT/mem$n.time"
  cat "$OUT/mem$n.time"
done
echo
echo "raw results: $OUT (gbench.json, gbench.txt, numpy.json, model.json, main.txt)"
