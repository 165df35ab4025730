// Throughput of the linear-SDE ensemble kernel (issue: >= 1e8 trajectory-steps/s per core for
// the exact stepper), side by side with a naive odeint-style Euler-Maruyama loop measured in the
// same run. The numpy peer is bench/numpy_em_batch.py; bench/run_ensemble_bench.sh runs both and
// prints the ratios.
//
// Point: Table I with Delta_c/omega_m = 0.2965, ccw, vacuum-thermal initial state.
// Counter `traj_steps_per_s` = trajectories x samples x steps_per_sample per wall second
// (UseRealTime, so the 2-thread run reports the total throughput of both threads).
//
// Run:  build/bench/spincom_bench_ensemble
//       build/bench/spincom_bench_ensemble --dump-model   (A, D, B, V0, h as JSON for the numpy peer)
//       SPINCOM_LANE_KERNEL=avx2 build/bench/spincom_bench_ensemble   (force a lane kernel)
#include <benchmark/benchmark.h>

#include "warm_heap.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <utility>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <nlohmann/json.hpp>

#include "spincom/timedomain/linear_simulation.hpp"
#include "spincom/steady/steady_state.hpp"
#include "spincom/statistics/covariance_accumulator.hpp"
#include "spincom/engine/lane_block.hpp"
#include "spincom/ensemble/linear_ensemble.hpp"
#include "spincom/random/normal_source.hpp"
#include "spincom/sde/euler_maruyama.hpp"
#include "spincom/sde/exact_ou_stepper.hpp"
#include "spincom/sde/noise_factor.hpp"
#include "spincom/sde/stochastic_heun.hpp"

using namespace spincom;

namespace {

// Workload of one benchmark iteration (the numpy peer uses the same samples/steps_per_sample).
constexpr std::size_t n_trajectories = 1024;
constexpr std::size_t n_samples = 10;
constexpr std::size_t steps_per_sample = 10;
constexpr double steps_per_iteration =
    static_cast<double>(n_trajectories * n_samples * steps_per_sample);
constexpr double preferred_h = 1e-11;  // s; halved until EM and Heun are mean-square stable

struct Model {
  Matrix6 A, D, B, V0;
  double h = preferred_h;
  double em_max_h = 0.0, heun_max_h = 0.0;
  InitialState initial;
};

const Model& model() {
  static const Model m = [] {
    Parameters p;
    p.detuning = 0.2965;
    const DirectionSteadyState steady = analyze_steady_state(p, Direction::ccw);
    const LinearModel& lm = steady.fixed_points.at(0).model;
    Model r;
    r.A = lm.A;
    r.D = lm.D;
    r.B = noise_factor(lm.D).L;
    const double n_m = derive(p).n_m;
    r.V0 = Matrix6::Identity() * vacuum_variance;  // vacuum-thermal, docs/physics.md section 4
    r.V0(quadrature::q, quadrature::q) = r.V0(quadrature::p, quadrature::p) = n_m + 0.5;
    r.em_max_h = max_stable_step(StepperKind::em, r.A, r.B);
    r.heun_max_h = max_stable_step(StepperKind::heun, r.A, r.B);
    while (r.h >= std::min(r.em_max_h, r.heun_max_h)) r.h *= 0.5;
    r.initial.mean = Vector6::Zero();
    r.initial.V0 = r.V0;
    return r;
  }();
  return m;
}

StepSchedule schedule_for(StepperKind kind, std::size_t samples = n_samples,
                          std::size_t per_sample = steps_per_sample) {
  const Model& m = model();
  return {scheme_step(kind, m.A, m.D, m.B, m.h), per_sample, samples};
}

void set_counters(benchmark::State& state) {
  state.counters["traj_steps_per_s"] = benchmark::Counter(
      steps_per_iteration * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["trajectories"] = static_cast<double>(n_trajectories);
  state.counters["h_s"] = model().h;
}

// ---------------------------------------------------------------------------------------------
// spincom: run_linear_ensemble (noise, affine step, Welford statistics into 32 jackknife groups)

void run_spincom(benchmark::State& state, const StepSchedule& schedule, int threads, std::size_t scale = 1) {
  EnsembleSpec spec;
  spec.seed = 12345;
  for (auto _ : state) {
    EnsembleStatistics stats = make_ensemble(schedule, spec);
    run_linear_ensemble(stats, schedule, model().initial, scale * n_trajectories, Execution{threads, {}});
    benchmark::DoNotOptimize(stats.groups[0]);
    benchmark::ClobberMemory();
  }
  set_counters(state);
  state.counters["traj_steps_per_s"] = benchmark::Counter(
      static_cast<double>(scale) * steps_per_iteration * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["threads"] = threads;
  state.SetLabel(describe(chosen_lane_kernel()));
}

void BM_Spincom(benchmark::State& state, StepperKind kind, int threads) {
  run_spincom(state, schedule_for(kind), threads);
}

/// The same 100 steps per trajectory, sampled at every step (samples = 100, steps_per_sample = 1):
/// what `spincom simulate --stepper exact` does by default (dt = t_end / samples), so the Welford
/// update is paid every step instead of every 10th.
void BM_SpincomEveryStep(benchmark::State& state) {
  run_spincom(state, schedule_for(StepperKind::exact, n_samples * steps_per_sample, 1), 1);
}

BENCHMARK_CAPTURE(BM_Spincom, exact, StepperKind::exact, 1)->Name("spincom/exact/threads:1")->UseRealTime();
BENCHMARK_CAPTURE(BM_Spincom, em, StepperKind::em, 1)->Name("spincom/em/threads:1")->UseRealTime();
BENCHMARK_CAPTURE(BM_Spincom, heun, StepperKind::heun, 1)->Name("spincom/heun/threads:1")->UseRealTime();
BENCHMARK_CAPTURE(BM_Spincom, exact2, StepperKind::exact, 2)->Name("spincom/exact/threads:2")->UseRealTime();
BENCHMARK(BM_SpincomEveryStep)->Name("spincom/exact_sample_every_step/threads:1")->UseRealTime();

/// The same with 32x the trajectories (1024 per group): the cost per trajectory-step once the
/// per-run work (the K x samples accumulators allocated, first written and read once) is spread thin.
void BM_SpincomEveryStepLarge(benchmark::State& state) {
  run_spincom(state, schedule_for(StepperKind::exact, n_samples * steps_per_sample, 1), 1, 32);
}
BENCHMARK(BM_SpincomEveryStepLarge)->Name("spincom/exact_sample_every_step_x32/threads:1")->UseRealTime();

/// The exact stepper on one and two threads with 32x the trajectories (32768, 23 ms of work): the
/// parallel efficiency once starting the threads and the last group's tail are spread thin (the
/// 1024-trajectory run above takes 0.7 ms).
void BM_SpincomLarge(benchmark::State& state, int threads) {
  run_spincom(state, schedule_for(StepperKind::exact), threads, 32);
}
BENCHMARK_CAPTURE(BM_SpincomLarge, one, 1)->Name("spincom/exact_x32/threads:1")->UseRealTime();
BENCHMARK_CAPTURE(BM_SpincomLarge, two, 2)->Name("spincom/exact_x32/threads:2")->UseRealTime();

// ---------------------------------------------------------------------------------------------
// Peer (b): a naive per-trajectory loop in the style of Boost.Odeint's stochastic_euler example:
// one shared mt19937 + normal_distribution, an EM stepper with do_step(system, x, t, dt) where
// system = (drift, diffusion) and the diffusion functor draws from the shared engine.

struct NaiveDrift {
  const Matrix6& A;
  void operator()(const Vector6& x, Vector6& dxdt, double /*t*/) const { dxdt = A * x; }
};

struct NaiveDiffusion {
  const Matrix6& B;
  boost::random::mt19937& rng;
  boost::random::normal_distribution<>& dist;
  void operator()(const Vector6& /*x*/, Vector6& noise, double /*t*/) const {
    Vector6 xi;
    for (int i = 0; i < 6; ++i) xi(i) = dist(rng);
    noise = B * xi;
  }
};

struct NaiveEulerMaruyama {
  template <class System>
  void do_step(System system, Vector6& x, double t, double dt) const {
    Vector6 drift, noise;
    system.first(x, drift, t);
    system.second(x, noise, t);
    x += dt * drift + std::sqrt(dt) * noise;
  }
};

void BM_NaiveLoop(benchmark::State& state) {
  const Model& m = model();
  const Matrix6 L0 = noise_factor(m.V0).L;
  boost::random::mt19937 rng(12345u);
  boost::random::normal_distribution<> dist(0.0, 1.0);
  const NaiveDrift drift{m.A};
  const NaiveDiffusion diffusion{m.B, rng, dist};
  const NaiveEulerMaruyama stepper;
  const double dt = m.h;
  for (auto _ : state) {
    std::vector<CovarianceAccumulator> acc(n_samples + 1);
    for (std::size_t i = 0; i < n_trajectories; ++i) {
      Vector6 xi;
      for (int j = 0; j < 6; ++j) xi(j) = dist(rng);
      Vector6 x = m.initial.mean + L0 * xi;
      double t = 0.0;
      acc[0].add(x);
      for (std::size_t k = 1; k <= n_samples; ++k) {
        for (std::size_t s = 0; s < steps_per_sample; ++s) {
          stepper.do_step(std::make_pair(drift, diffusion), x, t, dt);
          t += dt;
        }
        acc[k].add(x);
      }
    }
    benchmark::DoNotOptimize(acc.data());
    benchmark::ClobberMemory();
  }
  set_counters(state);
  state.counters["threads"] = 1;
}
BENCHMARK(BM_NaiveLoop)->Name("naive_odeint_em/threads:1")->UseRealTime();

// ---------------------------------------------------------------------------------------------
// Components of one spincom step, for the optimization notes (not peers): the noise alone
// (6 ziggurat normals from xoshiro256++, as NormalSource::vector), and the affine map alone with
// a fixed xi. Counted per trajectory-step like the rest.

void BM_Component_Noise(benchmark::State& state) {
  NormalSource source(12345, 0);
  const std::size_t n = n_trajectories * n_samples * steps_per_sample;
  for (auto _ : state) {
    Vector6 sum = Vector6::Zero();
    for (std::size_t i = 0; i < n; ++i) sum += source.vector();
    benchmark::DoNotOptimize(sum);
  }
  set_counters(state);
}
BENCHMARK(BM_Component_Noise)->Name("component/noise_6_normals")->UseRealTime();

void BM_Component_Affine(benchmark::State& state) {
  const StepSchedule schedule = schedule_for(StepperKind::exact);
  const Matrix6& M = schedule.step.M;
  const Matrix6& N = schedule.step.N;
  NormalSource source(12345, 0);
  const Vector6 xi = source.vector();
  const std::size_t n = n_trajectories * n_samples * steps_per_sample;
  for (auto _ : state) {
    Vector6 u = xi;
    for (std::size_t i = 0; i < n; ++i) {
      u = M * u + N * xi;
      benchmark::DoNotOptimize(u.data());  // keep the loop, do not let it collapse
    }
    benchmark::DoNotOptimize(u);
  }
  set_counters(state);
}
BENCHMARK(BM_Component_Affine)->Name("component/affine_step_dependent")->UseRealTime();

/// Per-trajectory set-up of the RNG: NormalSource(seed, i) (four SplitMix64 outputs).
/// Counted per trajectory-step of this workload (cost / 100 steps), so the figure is the
/// seeding overhead each step carries in the spincom/* benchmarks above.
void BM_Component_Seed(benchmark::State& state) {
  std::uint64_t i = 0;
  for (auto _ : state) {
    for (std::size_t t = 0; t < n_trajectories; ++t) {
      NormalSource source(12345, i++);
      benchmark::DoNotOptimize(source);
    }
  }
  set_counters(state);
}
BENCHMARK(BM_Component_Seed)->Name("component/seed_per_trajectory_amortized")->UseRealTime();

/// The previous generator (seed rule 1), for the record: mt19937_64 + Boost's ziggurat.
void BM_Component_NoiseMt(benchmark::State& state) {
  boost::random::mt19937_64 engine(12345);
  boost::random::normal_distribution<double> normal;
  const std::size_t n = n_trajectories * n_samples * steps_per_sample;
  for (auto _ : state) {
    Vector6 sum = Vector6::Zero();
    for (std::size_t i = 0; i < n; ++i) {
      Vector6 xi;
      for (int j = 0; j < 6; ++j) xi(j) = normal(engine);
      sum += xi;
    }
    benchmark::DoNotOptimize(sum);
  }
  set_counters(state);
}
BENCHMARK(BM_Component_NoiseMt)->Name("component/noise_6_normals_mt19937_64_boost")->UseRealTime();

/// 6 normals per trajectory-step from the eight-lane kernel, each implementation in turn.
void BM_Component_LaneNoise(benchmark::State& state, LaneKernel kernel) {
  if (!lane_kernel_available(kernel)) {
    state.SkipWithError("this binary or CPU cannot run the kernel");
    return;
  }
  state.SetLabel(describe(kernel));
  LaneStreams streams;
  for (std::size_t l = 0; l < lane_width; ++l) streams.set(l, NormalSource(12345, l));
  constexpr std::size_t rows = 6 * 16;  // 16 steps of 6 normals per call
  alignas(64) double out[rows * lane_width];
  const std::size_t calls = n_trajectories * n_samples * steps_per_sample / (lane_width * 16);
  for (auto _ : state) {
    for (std::size_t c = 0; c < calls; ++c) {
      fill_lane_normals(streams, out, rows, kernel);
      benchmark::DoNotOptimize(out);
    }
  }
  set_counters(state);
}
BENCHMARK_CAPTURE(BM_Component_LaneNoise, portable, LaneKernel::portable)->Name("component/noise_6_normals_lanes_portable")->UseRealTime();
BENCHMARK_CAPTURE(BM_Component_LaneNoise, generic, LaneKernel::generic)->Name("component/noise_6_normals_lanes_generic")->UseRealTime();
BENCHMARK_CAPTURE(BM_Component_LaneNoise, avx2, LaneKernel::avx2)->Name("component/noise_6_normals_lanes_avx2")->UseRealTime();
BENCHMARK_CAPTURE(BM_Component_LaneNoise, avx512, LaneKernel::avx512)->Name("component/noise_6_normals_lanes_avx512")->UseRealTime();

/// The affine map on 8 independent trajectories at once (same M, N, fixed xi): the step is no
/// longer one serial dependency chain, so this is its throughput rather than its latency.
void BM_Component_AffineInterleaved(benchmark::State& state) {
  constexpr int lanes = 8;
  const StepSchedule schedule = schedule_for(StepperKind::exact);
  const Matrix6& M = schedule.step.M;
  const Matrix6& N = schedule.step.N;
  NormalSource source(12345, 0);
  const Vector6 xi = source.vector();
  const std::size_t n = n_trajectories * n_samples * steps_per_sample / lanes;
  using Block = Eigen::Matrix<double, 6, lanes>;
  const Block noise = (N * xi).replicate<1, lanes>();
  for (auto _ : state) {
    Block U = Block::Random();
    for (std::size_t i = 0; i < n; ++i) {
      U = M * U + noise;
      benchmark::DoNotOptimize(U.data());
    }
    benchmark::DoNotOptimize(U);
  }
  set_counters(state);
}
BENCHMARK(BM_Component_AffineInterleaved)->Name("component/affine_step_8_interleaved")->UseRealTime();

// ---------------------------------------------------------------------------------------------

int dump_model() {
  const Model& m = model();
  auto mat = [](const Matrix6& X) {
    nlohmann::json rows = nlohmann::json::array();
    for (int i = 0; i < 6; ++i) {
      nlohmann::json row = nlohmann::json::array();
      for (int j = 0; j < 6; ++j) row.push_back(X(i, j));
      rows.push_back(row);
    }
    return rows;
  };
  nlohmann::json j;
  j["point"] = {{"detuning", 0.2965}, {"direction", "ccw"}};
  j["A"] = mat(m.A);
  j["D"] = mat(m.D);
  j["B"] = mat(m.B);
  j["V0"] = mat(m.V0);
  j["h"] = m.h;
  j["em_max_stable_h"] = m.em_max_h;
  j["heun_max_stable_h"] = m.heun_max_h;
  j["samples"] = n_samples;
  j["steps_per_sample"] = steps_per_sample;
  j["trajectories"] = n_trajectories;
  std::cout << j.dump() << '\n';
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--dump-model") == 0) return dump_model();
  spincom::bench::keep_freed_memory();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::AddCustomContext("point", "Table I, detuning 0.2965, ccw");
  char h[32];
  std::snprintf(h, sizeof h, "%g", model().h);
  benchmark::AddCustomContext("h_s", h);
  // The kernel the spincom/* runs use (SPINCOM_LANE_KERNEL forces another); every spincom/*
  // figure also carries it as its label.
  benchmark::AddCustomContext("lane_kernel", describe(chosen_lane_kernel()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
