#include "spincom/ensemble/run_ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "spincom/core/error.hpp"
#include "spincom/ensemble/seeding.hpp"
#include "spincom/sde/noise_factor.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace spincom {

std::vector<double> StepSchedule::times() const {
  std::vector<double> t(samples + 1);
  for (std::size_t k = 0; k <= samples; ++k)
    t[k] = static_cast<double>(k * steps_per_sample) * step.h;
  return t;
}

CovarianceAccumulator EnsembleStatistics::merged(std::size_t k) const {
  CovarianceAccumulator total;
  for (std::size_t g = 0; g < spec.groups; ++g) total.merge(at(g, k));
  return total;
}

std::vector<CovarianceAccumulator> EnsembleStatistics::groups_at(std::size_t k) const {
  std::vector<CovarianceAccumulator> out;
  out.reserve(spec.groups);
  for (std::size_t g = 0; g < spec.groups; ++g) out.push_back(at(g, k));
  return out;
}

EnsembleStatistics make_ensemble(const StepSchedule& schedule, const EnsembleSpec& spec) {
  if (spec.groups < 2)
    throw InvalidParameter("jackknife groups = " + std::to_string(spec.groups) +
                           ": valid is >= 2. Hint: 32 is the default.");
  if (schedule.steps_per_sample == 0)
    throw InvalidParameter("steps per sample = 0: valid is >= 1. Hint: --dt must not exceed t_end/samples.");
  EnsembleStatistics s;
  s.spec = spec;
  s.times = schedule.times();
  s.groups.assign(spec.groups * s.times.size(), CovarianceAccumulator{});
  return s;
}

void run_linear_ensemble(EnsembleStatistics& stats, const StepSchedule& schedule,
                         const InitialState& initial, std::size_t up_to) {
  const std::size_t first = stats.trajectories;
  if (up_to <= first) return;
  const std::size_t K = stats.spec.groups, n_times = stats.times.size();
  const Matrix6 L0 = noise_factor(initial.V0).L;
  const Matrix6& M = schedule.step.M;
  const Matrix6& N = schedule.step.N;
  const std::size_t n_paths = std::min(stats.spec.recorded_paths, up_to);
  if (stats.paths.size() < n_paths) stats.paths.resize(n_paths);

  constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  std::vector<DivergenceReport> failure(K, DivergenceReport{none, 0, 0.0});
  const long long n_groups = static_cast<long long>(K);
#ifdef _OPENMP
  const int threads = stats.spec.threads > 0 ? stats.spec.threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#endif
  for (long long gg = 0; gg < n_groups; ++gg) {
    const std::size_t g = static_cast<std::size_t>(gg);
    // First index >= first with i mod K == g.
    std::size_t i = first + (g + K - first % K) % K;
    for (; i < up_to; i += K) {
      NormalSource noise(stats.spec.seed, i);
      Vector6 u = initial.mean + L0 * noise.vector();
      const bool record = i < n_paths;
      if (record) stats.paths[i].assign(n_times, Vector6::Zero());
      for (std::size_t k = 0; k < n_times; ++k) {
        std::size_t s = 0;
        if (k > 0)
          for (; s < schedule.steps_per_sample; ++s) {
            u = M * u + N * noise.vector();
            if (!u.allFinite()) break;
          }
        if (!u.allFinite()) {
          const std::size_t step = k == 0 ? 0 : (k - 1) * schedule.steps_per_sample + s + 1;
          failure[g] = {i, step, static_cast<double>(step) * schedule.step.h};
          break;
        }
        stats.groups[g * n_times + k].add(u);
        if (record) stats.paths[i][k] = u;
      }
      if (failure[g].trajectory != none) break;
    }
  }
  // Report the lowest failing trajectory (independent of the thread schedule).
  const DivergenceReport* first_failure = nullptr;
  for (const auto& f : failure)
    if (f.trajectory != none && (!first_failure || f.trajectory < first_failure->trajectory)) first_failure = &f;
  if (first_failure) {
    const DivergenceReport& f = *first_failure;
    throw NumericalFailure("trajectory " + std::to_string(f.trajectory) + " became non-finite by step " +
                             std::to_string(f.step) + " (t = " + format_value(f.time) +
                             " s). Hint: the scheme is unstable at this --dt (try a smaller --dt or "
                             "--stepper exact), or the point is unstable.");
  }
  stats.trajectories = up_to;
}

}  // namespace spincom
