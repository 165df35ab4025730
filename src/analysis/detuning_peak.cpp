#include "spincom/analysis/detuning_peak.hpp"

#include <cmath>
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
  int best = -1;
  double best_value = std::numeric_limits<double>::infinity();
  for (int i = 0; i < scan.points; ++i) {
    const double v = objective(scan.lower + i * h);
    if (v < best_value) {
      best_value = v;
      best = i;
    }
  }
  if (best < 0 || best_value > 0.0) return std::nullopt;
  const double grid_x = scan.lower + best * h;
  const double lo = std::max(scan.lower, grid_x - h);
  const double hi = std::min(scan.upper, grid_x + h);
  std::uintmax_t max_iter = 200;
  const auto [x, fx] = boost::math::tools::brent_find_minima(objective, lo, hi,
                                                             std::numeric_limits<double>::digits / 2,
                                                             max_iter);
  DetuningPeak peak{grid_x, -best_value, grid_x, -best_value, 0};
  if (fx < best_value) {
    peak.detuning = x;
    peak.E_N = -fx;
  }
  peak.evaluations = evaluations;
  return peak;
}

}  // namespace spincom
