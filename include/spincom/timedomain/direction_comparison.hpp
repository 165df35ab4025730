#pragma once
// "Which direction entangles faster": the build-up metrics (dynamics/buildup_metrics.hpp) of the
// exact closed-form V(t) of each simulated direction, from the run's own V0, A, D and pair, on a
// common grid finer than the run's samples, and one sentence comparing them. No sampling noise:
// the ensemble only confirms the closed form (validate).
#include <string>
#include <vector>

#include "spincom/dynamics/buildup_metrics.hpp"
#include "spincom/timedomain/linear_simulation.hpp"

namespace spincom {

/// Points of the common grid (0 to the longest t_end) on which the metrics are located before
/// bisection refines each crossing.
inline constexpr std::size_t comparison_grid_points = 4001;

struct DirectionBuildup {
  Direction direction;
  BuildupMetrics metrics;
};

/// The metrics of each result on one grid from 0 to the largest t_end. Throws InvalidParameter
/// for results of different pairs.
std::vector<DirectionBuildup> closed_form_buildups(const std::vector<const LinearSimulationResult*>& results);

/// One sentence: which direction reaches the sustained onset, t90 and the first onset first
/// ("equal" within 1e-6 relative); "" unless there are exactly two.
std::string buildup_comparison(const std::vector<DirectionBuildup>& buildups);

}  // namespace spincom
