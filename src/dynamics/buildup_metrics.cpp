#include "spincom/dynamics/buildup_metrics.hpp"

#include "spincom/measures/log_negativity.hpp"

namespace spincom {
namespace {

/// The first time where raw E_N exceeds `level`: the bracketing samples, then bisection.
std::optional<double> crossing_time(const CovarianceEvolution& evolution, const std::vector<MomentsSample>& samples,
                                    const Bipartition& pair, double level) {
  for (std::size_t i = 0; i < samples.size(); ++i) {
    if (!(samples[i].E_N_raw > level)) continue;
    if (i == 0) return samples[0].t;
    const auto above = [&](double t) { return raw_log_negativity(evolution(t), pair.a, pair.b) - level; };
    return first_crossing(above, samples[i - 1].t, samples[i].t);
  }
  return std::nullopt;
}

/// The start of the entangled stretch that reaches the last sample.
std::optional<double> sustained_crossing(const CovarianceEvolution& evolution, const std::vector<MomentsSample>& samples,
                                         const Bipartition& pair) {
  if (samples.empty() || !(samples.back().E_N_raw > entanglement_threshold)) return std::nullopt;
  std::size_t i = samples.size() - 1;
  while (i > 0 && samples[i - 1].E_N_raw > entanglement_threshold) --i;
  if (i == 0) return samples[0].t;
  const auto above = [&](double t) { return raw_log_negativity(evolution(t), pair.a, pair.b) - entanglement_threshold; };
  return first_crossing(above, samples[i - 1].t, samples[i].t);
}

}  // namespace

BuildupMetrics buildup_metrics(const CovarianceEvolution& evolution, const std::vector<MomentsSample>& samples,
                               const Bipartition& pair, std::optional<double> E_N_steady) {
  BuildupMetrics m;
  const Vector6c& lambda = evolution.basis().lambda;
  m.max_re_lambda = lambda.real().maxCoeff();
  m.slowest_rate = slowest_relaxation_rate(lambda);
  m.covariance_rate = 2.0 * m.slowest_rate;
  m.E_N_steady = E_N_steady;
  m.onset = crossing_time(evolution, samples, pair, entanglement_threshold);
  m.sustained_onset = sustained_crossing(evolution, samples, pair);
  m.entangled_at_start = !samples.empty() && samples.front().E_N_raw > entanglement_threshold;
  if (E_N_steady && *E_N_steady > 0.0) {
    // E_N >= 0.9 E_steady > 0 is the same as raw E_N >= 0.9 E_steady; the bracket's upper end
    // has raw > level, so t90 is where raw first exceeds the level.
    m.t90 = crossing_time(evolution, samples, pair, t90_fraction * *E_N_steady);
  }
  return m;
}

}  // namespace spincom
