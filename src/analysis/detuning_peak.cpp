#include "spincom/analysis/detuning_peak.hpp"

#include <algorithm>
#include <cmath>
#include <vector>
#include <limits>
#include <string>

#include <boost/math/tools/minima.hpp>

#include "spincom/analysis/steady_state.hpp"
#include "spincom/core/error.hpp"

namespace spincom {

std::optional<DetuningPeak> maximize_entanglement_over_detuning(Parameters p, Direction dir,
                                                                const DetuningScan& scan) {
  if (!std::isfinite(scan.lower) || !std::isfinite(scan.upper) || !(scan.lower < scan.upper))
    throw InvalidParameter("detuning scan [" + format_value(scan.lower) + ", " +
                           format_value(scan.upper) +
                           "] is empty or not finite: valid is lower < upper. Hint: e.g. 0 to 3.");
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
  std::vector<double> values(static_cast<std::size_t>(scan.points));
  int best = -1;
  double best_value = std::numeric_limits<double>::infinity();
  for (int i = 0; i < scan.points; ++i) {
    values[i] = objective(scan.lower + i * h);
    if (values[i] < best_value) {
      best_value = values[i];
      best = i;
    }
  }
  if (best < 0 || best_value > 0.0) return std::nullopt;
  // Refine every entangled local maximum of the grid, not only the highest: two peaks of nearly
  // equal height (one direction at moderate spin with backscattering) can swap order once
  // refined, and a grid maximum alone then reports the lower one. The highest few suffice.
  std::vector<int> candidates;
  for (int i = 0; i < scan.points; ++i) {
    const bool left_ok = i == 0 || values[i] <= values[i - 1];
    const bool right_ok = i + 1 == scan.points || values[i] <= values[i + 1];
    if (left_ok && right_ok && values[i] < 0.0) candidates.push_back(i);
  }
  std::sort(candidates.begin(), candidates.end(), [&](int a, int b) { return values[a] < values[b]; });
  if (candidates.empty()) candidates.push_back(best);  // E_N = 0 everywhere stable
  constexpr std::size_t max_candidates = 4;
  if (candidates.size() > max_candidates) candidates.resize(max_candidates);
  const double grid_x = scan.lower + best * h;
  DetuningPeak peak{grid_x, -best_value, grid_x, -best_value, 0};
  double refined_best = best_value;
  for (const int i : candidates) {
    const double x_i = scan.lower + i * h;
    const double lo = std::max(scan.lower, x_i - h);
    const double hi = std::min(scan.upper, x_i + h);
    std::uintmax_t max_iter = 200;
    const auto [x, fx] = boost::math::tools::brent_find_minima(objective, lo, hi,
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
