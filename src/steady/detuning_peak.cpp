#include "spincom/steady/detuning_peak.hpp"

#include <algorithm>
#include <cmath>
#include <vector>
#include <limits>
#include <string>

#include <boost/math/tools/minima.hpp>

#include "spincom/steady/steady_state.hpp"
#include "spincom/core/error.hpp"

namespace spincom {

std::optional<DetuningPeak> maximize_entanglement_over_detuning(Parameters p, Direction dir,
                                                                const DetuningScan& scan) {
  if (!std::isfinite(scan.lower) || !std::isfinite(scan.upper) || !(scan.lower < scan.upper))
    throw InvalidParameter("detuning scan [" + format_value(scan.lower) + ", " +
                           format_value(scan.upper) +
                           "] is empty or not finite: valid is lower < upper. Hint: e.g. 0 to 3.");
  if (scan.points > max_detuning_scan_points)
    throw InvalidParameter("detuning scan with " + std::to_string(scan.points) + " points: valid is 3 to " +
                           std::to_string(max_detuning_scan_points) + ". Hint: a few hundred, refined by Brent's method.");
  if (scan.points < 3)
    throw InvalidParameter("detuning scan with " + std::to_string(scan.points) +
                           " points: valid is >= 3. Hint: 301 resolves the Fig. 2 peaks.");
  int evaluations = 0;
  // -E_N at stable points; +1 (worse than any E_N >= 0) where no stable fixed point exists.
  auto objective = [&](double detuning) {
    p.detuning = detuning;
    ++evaluations;
    const auto e = steady_entanglement(p, dir);
    return e ? -*e : 1.0;
  };
  const double h = (scan.upper - scan.lower) / (scan.points - 1);
  const int n = scan.points;
  auto x_at = [&](int i) { return i + 1 == n ? scan.upper : scan.lower + i * h; };
  // The grid is scanned in two passes: every other point first, then the points in between only
  // where something happens: the stability verdict or the sign of E_N changes across the coarse
  // interval, or an end of it is a coarse local maximum. Inside a region that is unstable,
  // separable, or smoothly monotonic in E_N at spacing 2h, the skipped point cannot hold a
  // maximum the full grid would see unless a peak is narrower than 2h, the resolution the full
  // grid itself needs. This halves the cost of the scan (docs/figures.md checks the maxima against
  // the full grid).
  constexpr double skipped = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> values(static_cast<std::size_t>(n), skipped);
  for (int i = 0; i < n; i += 2) values[i] = objective(x_at(i));
  if (n % 2 == 0) values[n - 1] = objective(x_at(n - 1));
  auto coarse_local_max = [&](int i) {  // i evaluated in the first pass
    if (!(values[i] < 0.0)) return false;
    const int l = i - 2, r = (i + 2 < n) ? i + 2 : (i + 1 < n ? i + 1 : -1);
    return (l < 0 || values[i] <= values[l]) && (r < 0 || values[i] <= values[r]);
  };
  for (int i = 1; i + 1 < n; i += 2) {
    const double vl = values[i - 1], vr = values[i + 1];
    const bool stability_changes = (vl > 0.5) != (vr > 0.5);  // +1 marks "no steady state"
    const bool entanglement_changes = (vl < 0.0) != (vr < 0.0);
    if (stability_changes || entanglement_changes || coarse_local_max(i - 1) || coarse_local_max(i + 1))
      values[i] = objective(x_at(i));
  }
  std::vector<int> evaluated;
  for (int i = 0; i < n; ++i)
    if (!std::isnan(values[i])) evaluated.push_back(i);
  int best = -1;
  double best_value = std::numeric_limits<double>::infinity();
  for (const int i : evaluated)
    if (values[i] < best_value) {
      best_value = values[i];
      best = i;
    }
  if (best < 0 || best_value > 0.0) return std::nullopt;
  // Refine every entangled local maximum of the grid, not only the highest: two peaks of nearly
  // equal height (one direction at moderate spin with backscattering) can swap order once
  // refined, and a grid maximum alone then reports the lower one. The highest few suffice.
  struct Candidate {
    int i;
    double lo, hi;
  };
  std::vector<Candidate> candidates;
  for (std::size_t k = 0; k < evaluated.size(); ++k) {
    const int i = evaluated[k];
    const int l = k > 0 ? evaluated[k - 1] : -1;
    const int r = k + 1 < evaluated.size() ? evaluated[k + 1] : -1;
    const bool left_ok = l < 0 || values[i] <= values[l];
    const bool right_ok = r < 0 || values[i] <= values[r];
    if (left_ok && right_ok && (values[i] < 0.0 || i == best))
      candidates.push_back({i, l < 0 ? x_at(i) : x_at(l), r < 0 ? x_at(i) : x_at(r)});
  }
  std::sort(candidates.begin(), candidates.end(),
            [&](const Candidate& a, const Candidate& b) { return values[a.i] < values[b.i]; });
  constexpr std::size_t max_candidates = 4;
  if (candidates.size() > max_candidates) candidates.resize(max_candidates);
  const double grid_x = x_at(best);
  DetuningPeak peak{grid_x, -best_value, grid_x, -best_value, 0};
  double refined_best = best_value;
  for (const Candidate& c : candidates) {
    if (!(c.lo < c.hi)) continue;
    std::uintmax_t max_iter = 200;
    const auto [x, fx] = boost::math::tools::brent_find_minima(objective, c.lo, c.hi,
                                                               std::numeric_limits<double>::digits / 2, max_iter);
    if (fx < refined_best) {
      refined_best = fx;
      peak.detuning = x;
      peak.E_N = -fx;
    }
  }
  peak.evaluations = evaluations;
  return peak;
}

}  // namespace spincom
