// Throughput of the nonlinear truncated-Wigner ensemble (Eq. 3, stochastic Heun, issue 5 goal:
// >= 1e7 trajectory-steps/s per core including noise and statistics), and in the same run the
// linear exact (Ornstein-Uhlenbeck) ensemble kernel on the same point and workload, for the ratio.
//
// Point: Table I, Delta_c/omega_m = 0.2965, ccw, from the fixed point with vacuum-thermal
// fluctuations; h = 1e-9 s (inside Heun's limit 1.45e-8 s); 1024 trajectories x 10 samples x 10
// steps per iteration; statistics (Welford into 32 jackknife groups) at every sample, as in the
// CLI. Counter traj_steps_per_s = trajectories x samples x steps_per_sample per second (CPU
// seconds for one thread, wall seconds for two).
//
// Every figure is labelled with the lane kernel that ran (instruction set, lanes per vector).
//
// Run: build/bench/spincom_bench_nonlinear
//      SPINCOM_LANE_KERNEL=avx2 build/bench/spincom_bench_nonlinear   (force a lane kernel)
//      build/bench/spincom_bench_nonlinear --dump-model   (the equations as JSON for bench/numpy_heun_batch.py)
#include <benchmark/benchmark.h>

#include "warm_heap.hpp"

#include <cstring>
#include <iostream>

#include <nlohmann/json.hpp>

#include "spincom/engine/lane_kernel.hpp"
#include "spincom/timedomain/linear_simulation.hpp"
#include "spincom/ensemble/linear_ensemble.hpp"
#include "spincom/model/linear_model.hpp"
#include "spincom/ensemble/nonlinear_ensemble.hpp"

using namespace spincom;

namespace {

constexpr std::size_t n_trajectories = 1024;
constexpr std::size_t n_samples = 10;
constexpr std::size_t steps_per_sample = 10;
constexpr double steps_per_iteration = static_cast<double>(n_trajectories * n_samples * steps_per_sample);
constexpr double h = 1e-9;

struct Point {
  Parameters p;
  DerivedQuantities d;
  FixedPoint fp;
  LinearModel lm;
  Matrix6 V0;
};

const Point& point() {
  static const Point pt = [] {
    Point r;
    r.p.detuning = 0.2965;
    r.d = derive(r.p);
    r.fp = solve_mean_field(mean_field_problem(r.p, r.d, Direction::ccw)).at(0);
    r.lm = linearize(r.p, r.d, r.fp);
    r.V0 = vacuum_variance * Matrix6::Identity();
    r.V0(quadrature::q, quadrature::q) = r.V0(quadrature::p, quadrature::p) = r.d.n_m + 0.5;
    return r;
  }();
  return pt;
}

void set_counters(benchmark::State& state, int threads) {
  state.counters["traj_steps_per_s"] =
      benchmark::Counter(steps_per_iteration * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["threads"] = threads;
  state.SetLabel(describe(chosen_lane_kernel()));
}

/// The nonlinear ensemble: Heun on Eq. (3) with noise and statistics; `paired` also steps the
/// linearized trajectory on the same normals (what the CLI runs).
/// `scale` x 1024 trajectories per iteration: x16 spreads the per-run setup (the statistics
/// allocated, the worker threads started, the last group waited for) thin, as in a real run of
/// many trajectories.
void BM_Nonlinear(benchmark::State& state, bool paired, int threads, std::size_t scale = 1) {
  const Point& pt = point();
  NonlinearEnsembleSpec spec(LangevinEquations(langevin_coefficients(pt.p, pt.d, Direction::ccw), reference_at(pt.fp)),
                             pt.lm.D);
  spec.V0 = pt.V0;
  spec.h = h;
  spec.steps_per_sample = steps_per_sample;
  spec.samples = n_samples;
  if (paired) spec.A_linear = pt.lm.A;
  spec.ensemble.seed = 12345;
  spec.execution.threads = threads;
  for (auto _ : state) {
    NonlinearEnsembleStatistics stats = make_nonlinear_ensemble(spec);
    run_nonlinear_ensemble(stats, spec, scale * n_trajectories);
    benchmark::DoNotOptimize(stats.nonlinear.groups[0]);
    benchmark::ClobberMemory();
  }
  set_counters(state, threads);
  state.counters["traj_steps_per_s"] = benchmark::Counter(
      static_cast<double>(scale) * steps_per_iteration * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

/// The linear exact-stepper ensemble (run_linear_ensemble) on the same point and workload.
void BM_LinearExact(benchmark::State& state, int threads) {
  const Point& pt = point();
  const StepSchedule schedule{scheme_step(StepperKind::exact, pt.lm.A, pt.lm.D, Matrix6::Zero(), h), steps_per_sample,
                              n_samples};
  EnsembleSpec spec;
  spec.seed = 12345;
  InitialState init;
  init.V0 = pt.V0;
  for (auto _ : state) {
    EnsembleStatistics stats = make_ensemble(schedule, spec);
    run_linear_ensemble(stats, schedule, init, n_trajectories, Execution{threads, {}});
    benchmark::DoNotOptimize(stats.groups[0]);
    benchmark::ClobberMemory();
  }
  set_counters(state, threads);
}

/// The displaced-frame equations, the noise and the workload for the numpy peer.
int dump_model() {
  const Point& pt = point();
  const LangevinEquations eq(langevin_coefficients(pt.p, pt.d, Direction::ccw), reference_at(pt.fp));
  auto matrix = [](const Matrix6& X) {
    nlohmann::json rows = nlohmann::json::array();
    for (int i = 0; i < 6; ++i) {
      nlohmann::json row = nlohmann::json::array();
      for (int j = 0; j < 6; ++j) row.push_back(X(i, j));
      rows.push_back(row);
    }
    return rows;
  };
  auto vector = [](const Vector6& x) { return std::vector<double>(x.data(), x.data() + 6); };
  nlohmann::json j;
  j["point"] = {{"detuning", 0.2965}, {"direction", "ccw"}};
  j["A"] = matrix(eq.jacobian_at_reference());
  j["f_ref"] = vector(eq.drift_at_reference());
  j["G0"] = eq.coefficients().G0;
  j["sqrt_Dh"] = vector(Vector6((pt.lm.D.diagonal() * h).cwiseSqrt()));
  j["V0"] = matrix(pt.V0);
  j["h"] = h;
  j["samples"] = n_samples;
  j["steps_per_sample"] = steps_per_sample;
  j["trajectories"] = n_trajectories;
  std::cout << j.dump() << '\n';
  return 0;
}

}  // namespace

// Single-thread runs count CPU time (per-core throughput, robust to other load on the machine);
// the 2-thread run counts wall time (total throughput of both threads).
BENCHMARK_CAPTURE(BM_Nonlinear, heun, false, 1)->Name("nonlinear/heun/threads:1");
BENCHMARK_CAPTURE(BM_Nonlinear, heun_paired, true, 1)->Name("nonlinear/heun+paired_linear/threads:1");
BENCHMARK_CAPTURE(BM_LinearExact, exact, 1)->Name("linear/exact/threads:1");
BENCHMARK_CAPTURE(BM_Nonlinear, heun2, false, 2)->Name("nonlinear/heun/threads:2")->UseRealTime();
BENCHMARK_CAPTURE(BM_Nonlinear, heun_paired2, true, 2)->Name("nonlinear/heun+paired_linear/threads:2")->UseRealTime();
BENCHMARK_CAPTURE(BM_Nonlinear, heun_x16, false, 1, 16)->Name("nonlinear/heun_x16/threads:1");
BENCHMARK_CAPTURE(BM_Nonlinear, heun_paired_x16, true, 1, 16)->Name("nonlinear/heun+paired_linear_x16/threads:1");
BENCHMARK_CAPTURE(BM_Nonlinear, heun2_x16, false, 2, 16)->Name("nonlinear/heun_x16/threads:2")->UseRealTime();
BENCHMARK_CAPTURE(BM_Nonlinear, heun_paired2_x16, true, 2, 16)
    ->Name("nonlinear/heun+paired_linear_x16/threads:2")
    ->UseRealTime();

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--dump-model") == 0) return dump_model();
  spincom::bench::keep_freed_memory();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("lane_kernel", describe(chosen_lane_kernel()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
