// Closed-form dynamics and spectra (issue 12 performance targets, one core):
//   dynamics on 1e4 times <= 50 ms: one eigen-decomposition of A, then V(t) and the moments per time;
//   spectrum on 1e4 frequencies <= 20 ms.
// The point is the Fig. 2 ccw E_N peak (Table I, Delta_c/omega_m = 0.2965), from vacuum-thermal.
#include <benchmark/benchmark.h>

#include "spincom/covariance/covariance_evolution.hpp"
#include "spincom/covariance/quadrature_spectrum.hpp"
#include "spincom/dynamics/buildup_metrics.hpp"
#include "spincom/dynamics/sample_list.hpp"
#include "spincom/dynamics/transient_moments.hpp"
#include "spincom/measures/homodyne_spectrum.hpp"
#include "spincom/measures/log_negativity.hpp"
#include "spincom/model/initial_covariance.hpp"
#include "spincom/steady/steady_state.hpp"

namespace {

using namespace spincom;

struct Point {
  LinearModel model;
  Matrix6 V0, V_inf;
  double kappa, omega_m;
};

const Point& fig2_point() {
  static const Point p = [] {
    Parameters par;
    par.detuning = 0.2965;
    const auto steady = analyze_steady_state(par, Direction::ccw);
    const auto& fp = steady.fixed_points.at(0);
    return Point{fp.model, vacuum_thermal_covariance(derive(par)), fp.steady->V, derive(par).kappa, par.omega_m};
  }();
  return p;
}

/// 1e4 times: V(t), E_N (clipped, raw), nu^-, occupations, purity, distance; then onset and t90.
void BM_dynamics_10k_times(benchmark::State& state) {
  const Point& p = fig2_point();
  const std::vector<double> times = linear_samples(0.0, 2e-6, static_cast<std::size_t>(state.range(0)));
  const double E_steady = log_negativity(p.V_inf).E_N;
  for (auto _ : state) {
    const CovarianceEvolution evolution(p.model.A, p.model.D, p.V0);
    const auto samples = transient_moments(evolution, times, {}, p.V_inf);
    const auto metrics = buildup_metrics(evolution, samples, {}, E_steady);
    benchmark::DoNotOptimize(metrics);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_dynamics_10k_times)->Arg(10000)->Unit(benchmark::kMillisecond);

/// V(t) alone on 1e4 times.
void BM_covariance_10k_times(benchmark::State& state) {
  const Point& p = fig2_point();
  const std::vector<double> times = linear_samples(0.0, 2e-6, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const CovarianceEvolution evolution(p.model.A, p.model.D, p.V0);
    for (double t : times) benchmark::DoNotOptimize(evolution(t));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_covariance_10k_times)->Arg(10000)->Unit(benchmark::kMillisecond);

/// S_qq(omega) on 1e4 frequencies.
void BM_spectrum_qq_10k(benchmark::State& state) {
  const Point& p = fig2_point();
  const std::vector<double> omega = linear_samples(-3 * p.omega_m, 3 * p.omega_m, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const QuadratureSpectrum S(p.model.A, p.model.D);
    for (double w : omega) benchmark::DoNotOptimize(S.entry(quadrature::q, quadrature::q, w));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_spectrum_qq_10k)->Arg(10000)->Unit(benchmark::kMillisecond);

/// The whole 6 x 6 S(omega) on 1e4 frequencies.
void BM_spectrum_matrix_10k(benchmark::State& state) {
  const Point& p = fig2_point();
  const std::vector<double> omega = linear_samples(-3 * p.omega_m, 3 * p.omega_m, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const QuadratureSpectrum S(p.model.A, p.model.D);
    for (double w : omega) benchmark::DoNotOptimize(S.matrix(w));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_spectrum_matrix_10k)->Arg(10000)->Unit(benchmark::kMillisecond);

/// The driven mode's output homodyne spectrum on 1e4 frequencies.
void BM_homodyne_10k(benchmark::State& state) {
  const Point& p = fig2_point();
  const std::vector<double> omega = linear_samples(-3 * p.omega_m, 3 * p.omega_m, static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    const QuadratureSpectrum S(p.model.A, p.model.D);
    for (double w : omega) benchmark::DoNotOptimize(homodyne_spectrum(S, p.kappa, {Mode::driven, 0.0}, w));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_homodyne_10k)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
