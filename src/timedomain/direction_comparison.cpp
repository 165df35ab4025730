#include "spincom/timedomain/direction_comparison.hpp"

#include <algorithm>

#include "spincom/core/error.hpp"
#include "spincom/covariance/covariance_evolution.hpp"
#include "spincom/dynamics/sample_list.hpp"
#include "spincom/dynamics/transient_moments.hpp"
#include "spincom/measures/log_negativity.hpp"
#include "spincom/timedomain/closed_form_dynamics.hpp"

namespace spincom {

std::vector<DirectionBuildup> closed_form_buildups(const std::vector<const LinearSimulationResult*>& results) {
  std::vector<DirectionBuildup> out;
  if (results.empty()) return out;
  double t_end = 0.0;
  for (const auto* r : results) {
    t_end = std::max(t_end, r->spec.grid.t_end);
    if (r->spec.pair.a != results[0]->spec.pair.a || r->spec.pair.b != results[0]->spec.pair.b)
      throw InvalidParameter("simulation.pair differs between the runs compared: the build-up of E_N is only comparable "
                             "for the same two modes. Hint: give one pair.");
  }
  const std::vector<double> times = linear_samples(0.0, t_end, comparison_grid_points);
  for (const auto* r : results) {
    const CovarianceEvolution evolution(r->model.A, r->model.D, r->V0);
    const Bipartition& pair = r->spec.pair;
    const std::vector<MomentsSample> samples = transient_moments(evolution, times, pair, r->V_lyapunov);
    std::optional<double> steady;
    if (r->V_lyapunov) steady = log_negativity(*r->V_lyapunov, pair.a, pair.b).E_N;
    out.push_back({r->spec.point.direction, buildup_metrics(evolution, samples, pair, steady)});
  }
  return out;
}

std::string buildup_comparison(const std::vector<DirectionBuildup>& b) {
  if (b.size() != 2) return "";
  return compare_buildup(b[0].direction, b[0].metrics, b[1].direction, b[1].metrics);
}

}  // namespace spincom
