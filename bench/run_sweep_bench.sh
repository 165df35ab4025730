#!/usr/bin/env bash
# Side by side, in one run: spincom's per-point steady-state cost (bench/steady_point_bench.cpp,
# one core) and the same pipeline in numpy/scipy (bench/python_steady_point.py, one BLAS thread),
# their ratio, and the wall time of a 200 x 200 chi map (J x Omega) with refined Delta_c maxima on
# 2 threads.
#
#   bash bench/run_sweep_bench.sh [BUILD_DIR]          (default: build; Release)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
build="${1:-build}"
cmake --build "$build" -j2 --target spincom spincom_bench_steady > /dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "== per point, one core =="
"$build/bench/spincom_bench_steady" --benchmark_filter='BM_SteadyPoint_Lean' --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true --benchmark_format=json > "$out/cpp.json" 2> /dev/null
cpp_us=$(/usr/bin/python3 -c "
import json; d = json.load(open('$out/cpp.json'))
m = [b for b in d['benchmarks'] if b.get('aggregate_name') == 'median'][0]
scale = {'ns': 1e-3, 'us': 1.0, 'ms': 1e3}[m['time_unit']]
print(m['real_time'] * scale)")
py_out=$(OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 "$here/python_steady_point.py" --points 1000 --repeats 5)
py_us=$(echo "$py_out" | awk '/python_per_point_us/ {print $2}')
lyap_us=$(echo "$py_out" | awk '/python_lyapunov_only_us/ {print $2}')
py_en=$(echo "$py_out" | awk '/python_E_N_check/ {print $2}')
cpp_en=$("$build/spincom" steady --json --direction ccw --detuning 0.2965 | /usr/bin/python3 -c "
import json, sys; d = json.load(sys.stdin); print('%.9f' % d['directions']['ccw']['fixed_points'][0]['E_N'])")
printf 'spincom steady point (mean field, A, stability, Lyapunov, E_N): %8.2f us\n' "$cpp_us"
printf 'numpy/scipy pipeline, same chain:                              %8.2f us\n' "$py_us"
printf '  of which scipy.linalg.solve_continuous_lyapunov alone:       %8.2f us\n' "$lyap_us"
printf 'ratio python / spincom:                                        %8.1f x  (goal >= 100)\n' \
  "$(echo "$py_us / $cpp_us" | bc -l)"
printf 'E_N at Table I, Delta_c/omega_m = 0.2965, ccw: spincom %s, python %s\n' "$cpp_en" "$py_en"

load=$(cut -d" " -f1-3 /proc/loadavg)
echo "== 200 x 200 chi map (J x Omega), refined Delta_c maxima, 2 threads =="
# The same Delta_c scan as examples/figures (spacing 0.07; docs/figures.md checks it against 0.035).
# CPU time is printed too: the machine may be shared, and wall time then overstates the cost.
/usr/bin/time -f '%e %U %S' -o "$out/time" "$build/spincom" sweep --threads 2 --axis J:0:100M:200 \
  --axis Omega:0:40k:200 --max-over detuning:-3.5:5:121 --output "$out/chi.csv"
read -r wall user sys < "$out/time"
printf 'wall time: %.1f s  (goal <= 60 s); CPU time %.1f s (user + sys); load average before: %s\n' \
  "$wall" "$(echo "$user + $sys" | bc)" "$load"
