// Cost of one full steady-state point and of each stage of the chain
// (mean field -> A, D -> stability -> Lyapunov -> E_N), on one core.
// Run: build/bench/spincom_bench_steady  (see README "Performance")
#include <benchmark/benchmark.h>

#include "spincom/steady/steady_state.hpp"
#include "spincom/covariance/lyapunov.hpp"

using namespace spincom;

namespace {

Parameters table1_point() { return Parameters{}; }  // Table I, Delta_c/omega_m = 1, Omega = 8e3

/// A and D at the ccw fixed point of Table I.
LinearModel table1_linear_model() {
  const Parameters p = table1_point();
  const DerivedQuantities d = derive(p);
  return linearize(p, d, solve_mean_field(mean_field_problem(p, d, Direction::ccw)).at(0));
}

/// The lean sweep path: every fixed point, stability of each, Lyapunov + E_N of the selected one.
void BM_SteadyPoint_Lean(benchmark::State& state) {
  Parameters p = table1_point();
  double detuning = 0.2;
  for (auto _ : state) {
    p.detuning = detuning;  // vary the point so nothing is hoisted out of the loop
    detuning = detuning < 1.6 ? detuning + 1e-3 : 0.2;
    benchmark::DoNotOptimize(steady_entanglement(p, Direction::ccw));
  }
}
BENCHMARK(BM_SteadyPoint_Lean);

/// The full report of `spincom steady` for one direction (adds physicality and bookkeeping).
void BM_SteadyPoint_FullReport(benchmark::State& state) {
  Parameters p = table1_point();
  SteadyStateOptions options;
  options.branches = BranchSelection::all;
  for (auto _ : state) benchmark::DoNotOptimize(analyze_steady_state(p, Direction::ccw, options));
}
BENCHMARK(BM_SteadyPoint_FullReport);

void BM_Stage_MeanField(benchmark::State& state) {
  const Parameters p = table1_point();
  const auto problem = mean_field_problem(p, derive(p), Direction::ccw);
  for (auto _ : state) benchmark::DoNotOptimize(solve_mean_field(problem));
}
BENCHMARK(BM_Stage_MeanField);

void BM_Stage_SchurForm(benchmark::State& state) {
  const LinearModel m = table1_linear_model();
  for (auto _ : state) benchmark::DoNotOptimize(scaled_schur_form(m.A));
}
BENCHMARK(BM_Stage_SchurForm);

void BM_Stage_Stability(benchmark::State& state) {
  const LinearModel m = table1_linear_model();
  const ScaledSchurForm form = scaled_schur_form(m.A);
  for (auto _ : state) benchmark::DoNotOptimize(check_stability(form));
}
BENCHMARK(BM_Stage_Stability);

void BM_Stage_Lyapunov(benchmark::State& state) {
  const LinearModel m = table1_linear_model();
  const ScaledSchurForm form = scaled_schur_form(m.A);
  for (auto _ : state) benchmark::DoNotOptimize(solve_lyapunov(m.A, form, m.D));
}
BENCHMARK(BM_Stage_Lyapunov);

}  // namespace

BENCHMARK_MAIN();
