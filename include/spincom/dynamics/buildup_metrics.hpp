#pragma once
// How fast entanglement builds up along a closed-form transient (docs/physics.md section 14):
//   onset  the first time with E_N > entanglement_threshold (-ln 2 nu^- crosses it upward),
//   sustained onset  the start of the last entangled stretch: after it E_N stays above the
//          threshold up to the last sample (from vacuum-thermal, E_N can flicker above 0 for a
//          few ns before the cavity noise arrives, long before the lasting build-up),
//   t90    the first time with E_N >= 0.9 E_N(steady), the Lyapunov value,
//   the slowest relaxation rate min_i |Re lambda_i| of A (V relaxes at twice that rate).
// Crossings are located on the sample times (the first sample past the level) and refined by
// bisection on the closed form inside the bracketing interval, to |dt| <= 1e-12 t. A crossing
// that goes up and down again between two samples is not seen: use a finer grid.
#include <optional>
#include <vector>

#include "spincom/covariance/covariance_evolution.hpp"
#include "spincom/dynamics/transient_moments.hpp"

namespace spincom {

/// E_N below this counts as zero for the onset: a product state (vacuum x thermal, the default
/// start) has nu^- = 1/2 exactly, so its -ln 2 nu^- is 0 +- rounding (~1e-16); docs/decisions.md item 34.
inline constexpr double entanglement_threshold = 1e-12;
/// The fraction of the steady E_N that defines t90.
inline constexpr double t90_fraction = 0.9;
/// Bisection stops when the bracket is below this fraction of its upper end.
inline constexpr double crossing_relative_tolerance = 1e-12;

struct BuildupMetrics {
  std::optional<double> onset;       ///< s; nullopt when E_N stays 0 on the samples
  std::optional<double> sustained_onset;  ///< s; nullopt when the last sample is not entangled
  bool entangled_at_start = false;   ///< E_N > entanglement_threshold at the first sample (onset = that time)
  std::optional<double> E_N_steady;  ///< Lyapunov E_N (stable points)
  std::optional<double> t90;         ///< s; nullopt without a steady E_N > 0 or when not reached
  double max_re_lambda = 0.0;        ///< max_i Re lambda_i, s^-1 (< 0: stable)
  double slowest_rate = 0.0;         ///< min_i |Re lambda_i|, s^-1
  double covariance_rate = 0.0;      ///< 2 x slowest_rate: the rate at which V approaches V_inf
};

/// The first t in [lo, hi] with f(t) > 0, given f(lo) <= 0 < f(hi), by bisection to
/// hi - lo <= crossing_relative_tolerance * hi. Returns the upper end (where f > 0).
template <class F>
double first_crossing(F&& f, double lo, double hi) {
  for (int i = 0; i < 200 && hi - lo > crossing_relative_tolerance * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (f(mid) > 0.0) hi = mid; else lo = mid;
  }
  return hi;
}

/// The metrics of `samples` (from transient_moments on the same evolution and pair, times
/// ascending). E_N_steady: the Lyapunov E_N, when the point is stable.
BuildupMetrics buildup_metrics(const CovarianceEvolution& evolution, const std::vector<MomentsSample>& samples,
                               const Bipartition& pair, std::optional<double> E_N_steady);

}  // namespace spincom
