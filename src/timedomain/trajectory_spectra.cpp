#include "spincom/timedomain/trajectory_spectra.hpp"

#include <chrono>
#include <cmath>
#include <string>

#include "spincom/core/error.hpp"
#include "spincom/engine/affine_lane_kernel.hpp"
#include "spincom/engine/ensemble_driver.hpp"
#include "spincom/engine/segment_spectra.hpp"
#include "spincom/sde/exact_ou_stepper.hpp"

namespace spincom {
namespace {

std::size_t power_of_two_at_least(double x) {
  std::size_t L = 64;
  while (static_cast<double>(L) < x && L < (std::size_t{1} << 16)) L *= 2;
  return L;
}

void check_spec(const TrajectorySpectrumSpec& spec) {
  if (spec.trajectories < 2)
    throw InvalidParameter("spectrum.trajectories = " + std::to_string(spec.trajectories) +
                           ": valid is >= 2 (the error bar is the standard error over trajectories; 0 turns the "
                           "estimate off). Hint: 64.");
  if (!(spec.alpha > 0.0 && spec.alpha < 1.0))
    throw InvalidParameter("spectrum.alpha = " + format_value(spec.alpha) +
                           ": valid is a false-alarm rate in (0, 1). Hint: 0.001.");
}

void check_entries(const std::vector<std::pair<int, int>>& entries) {
  if (entries.empty())
    throw InvalidParameter("spectrum.entries is empty: valid is at least one quadrature pair for the trajectory "
                           "estimate. Hint: q,q.");
  for (const auto& [k, l] : entries)
    if (k < 0 || k > 5 || l < 0 || l > 5)
      throw InvalidParameter("spectrum.entries holds (" + std::to_string(k) + ", " + std::to_string(l) +
                             "): valid are quadrature indices 0..5 (X_driven, Y_driven, X_other, Y_other, q, p). "
                             "Hint: (4, 4) is S_qq.");
}

/// Runs the stationary ensemble through the driver and returns the merged per-trajectory estimates.
VectorAccumulator run_ensemble(const AffineStep& step, const Matrix6& V, const WelchLayout& layout,
                               const std::vector<long>& bins, const std::vector<std::pair<int, int>>& entries,
                               const TrajectorySpectrumSpec& spec, const Execution& execution) {
  const AffineLaneKernel kernel(step, Vector6::Zero(), V);
  execution.partition.check();
  DrivePlan plan;
  plan.seed = spec.seed;
  plan.groups = welch_groups;
  plan.first = 0;
  plan.up_to = spec.trajectories;
  plan.sample_times = layout.samples();
  plan.steps_per_sample = 1;
  plan.h = layout.dt;
  plan.threads = execution.threads;
  plan.progress = execution.progress;
  plan.partition = &execution.partition;
  SegmentSpectra observer(layout, bins, entries, welch_groups);
  if (const auto failure = drive_ensemble(kernel, plan, observer))
    throw NumericalFailure("spectrum: trajectory " + std::to_string(failure->trajectory) + " became non-finite at step " +
                           std::to_string(failure->step) + ": the point is not stable enough for a stationary run.");
  return observer.merged();
}

/// C_kl(m dt) and C_lk(m dt) = C_kl(-m dt) for m = 0..L-1, from C(m dt) = Phi^m V.
std::vector<std::vector<Complex>> expectations(const Matrix6& Phi, const Matrix6& V, const WelchLayout& layout,
                                               const std::vector<long>& bins,
                                               const std::vector<std::pair<int, int>>& entries) {
  const std::size_t L = layout.segment_length;
  std::vector<std::vector<double>> plus(entries.size(), std::vector<double>(L)), minus = plus;
  Matrix6 C = V;
  for (std::size_t m = 0; m < L; ++m) {
    for (std::size_t e = 0; e < entries.size(); ++e) {
      plus[e][m] = C(entries[e].first, entries[e].second);
      minus[e][m] = C(entries[e].second, entries[e].first);
    }
    C = (Phi * C).eval();
  }
  std::vector<std::vector<Complex>> out;
  for (std::size_t e = 0; e < entries.size(); ++e) out.push_back(welch_expectation(layout, bins, plus[e], minus[e]));
  return out;
}

void fill_estimates(TrajectorySpectra& r, const VectorAccumulator& acc, std::size_t n_entries) {
  const std::size_t B = r.omega.size();
  r.estimate.assign(n_entries, std::vector<Complex>(B));
  r.standard_error = r.estimate;
  for (std::size_t e = 0; e < n_entries; ++e)
    for (std::size_t b = 0; b < B; ++b) {
      const std::size_t i = 2 * (e * B + b);
      r.estimate[e][b] = {acc.mean[i], acc.mean[i + 1]};
      r.standard_error[e][b] = {acc.standard_error(i), acc.standard_error(i + 1)};
    }
}

double part(const Complex& z, bool imaginary) { return imaginary ? z.imag() : z.real(); }

/// The independent values (omega >= 0; real parts, and imaginary parts of cross spectra) with SE > 0,
/// their z against the expectation and against the closed form, and the bias in SE units.
void compare(TrajectorySpectra& r, const std::vector<std::pair<int, int>>& entries, const QuadratureSpectrum& closed) {
  std::vector<double> z_expected, z_closed;
  for (std::size_t e = 0; e < entries.size(); ++e)
    for (std::size_t b = 0; b < r.omega.size(); ++b) {
      if (r.omega[b] < 0.0) continue;
      const Complex S = closed.entry(entries[e].first, entries[e].second, r.omega[b]);
      for (bool im : {false, true}) {
        if (im && entries[e].first == entries[e].second) continue;
        const double se = part(r.standard_error[e][b], im);
        if (!(se > 0.0)) continue;
        const double est = part(r.estimate[e][b], im), expected = part(r.expected[e][b], im);
        r.compared.push_back({e, b, im});
        z_expected.push_back((est - expected) / se);
        z_closed.push_back((est - part(S, im)) / se);
        r.max_bias_in_se = std::max(r.max_bias_in_se, std::abs(expected - part(S, im)) / se);
      }
    }
  r.agreement = bonferroni_t_agreement(z_expected, r.spec.trajectories, r.spec.alpha, welch_tail_margin);
  r.against_closed_form = bonferroni_t_agreement(z_closed, r.spec.trajectories, r.spec.alpha, welch_tail_margin);
}

}  // namespace

WelchLayout resolve_welch_layout(const TrajectorySpectrumSpec& spec, double omega_max, double max_re_eig) {
  WelchLayout layout;
  layout.segments = spec.segments;
  layout.dt = spec.dt > 0.0 ? spec.dt : M_PI / (welch_nyquist_factor * omega_max);
  if (spec.segment_length > 0) {
    layout.segment_length = spec.segment_length;
  } else {
    const double bin = std::abs(max_re_eig) / welch_bins_per_halfwidth;  // the bin spacing wanted
    layout.segment_length = power_of_two_at_least(2.0 * M_PI / (bin * layout.dt));
  }
  if (spec.dt < 0.0 || !std::isfinite(spec.dt)) layout.dt = spec.dt;  // refused by check_layout, as given
  check_layout(layout);
  return layout;
}

TrajectorySpectra run_trajectory_spectra(const Matrix6& A, const Matrix6& D, const Matrix6& V, double max_re_eig,
                                         const std::vector<std::pair<int, int>>& entries, double omega_max,
                                         const TrajectorySpectrumSpec& spec, const QuadratureSpectrum& closed,
                                         const Execution& execution) {
  check_spec(spec);
  check_entries(entries);
  const auto start = std::chrono::steady_clock::now();
  TrajectorySpectra r;
  r.spec = spec;
  r.layout = resolve_welch_layout(spec, omega_max, max_re_eig);
  r.spec.dt = r.layout.dt;
  r.spec.segment_length = r.layout.segment_length;
  const std::vector<long> bins = welch_bins(r.layout, omega_max);
  for (long j : bins) r.omega.push_back(static_cast<double>(j) * r.layout.bin_spacing());
  const AffineStep step = ExactOuStepper::affine_from_D(A, D, r.layout.dt);
  fill_estimates(r, run_ensemble(step, V, r.layout, bins, entries, spec, execution), entries.size());
  r.expected = expectations(step.M, V, r.layout, bins, entries);
  compare(r, entries, closed);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace spincom
