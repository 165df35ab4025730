#pragma once
// The statistics of an ensemble: for every jackknife group and sample time a streaming
// mean/covariance accumulator (eight lane slots, lane_accumulators.hpp; the table, accumulator_table.hpp), plus the sampled paths
// of the first few trajectories. Data only: how it was run (threads, ranks) is not part of it,
// what produced it (seed, groups) is.
#include <cstdint>
#include <vector>

#include "spincom/core/conventions.hpp"
#include "spincom/statistics/accumulator_table.hpp"
#include "spincom/statistics/covariance_accumulator.hpp"

namespace spincom {

/// What an ensemble computes: these change the numbers (threads and ranks never do).
struct EnsembleSpec {
  std::uint64_t seed = 20201001;   ///< master seed; trajectory i uses trajectory_seed(seed, i)
  std::size_t groups = 32;         ///< K jackknife groups (>= 2); trajectory i is in group i mod K
  std::size_t recorded_paths = 0;  ///< keep the sampled paths of the first few trajectories
  /// Index of the first trajectory: a run of N covers [first_trajectory, first_trajectory + N),
  /// so runs over disjoint ranges are pieces of one larger run (same paths, same groups).
  std::size_t first_trajectory = 0;
};

struct EnsembleStatistics {
  EnsembleSpec spec;                          ///< what produced it
  std::vector<double> times;                  ///< sample times, s
  std::size_t trajectories = 0;               ///< accumulated so far (indices first_trajectory + 0 .. n-1)
  AccumulatorTable groups;                    ///< [group * times.size() + sample]: what a run continues from
  std::vector<std::vector<Vector6>> paths;    ///< [trajectory - first_trajectory][sample], first recorded_paths

  /// An empty ensemble over `times`. Throws InvalidParameter for groups < 2.
  EnsembleStatistics(const EnsembleSpec& spec, std::vector<double> times);
  EnsembleStatistics() = default;

  /// The lane accumulators of group g at sample k (at(g, k).merged() is the group's accumulator).
  [[nodiscard]] const LaneAccumulators& at(std::size_t g, std::size_t k) const { return groups[g * times.size() + k]; }
  /// All groups merged in group order (deterministic) at sample k: merge_groups(groups_at(k)).
  [[nodiscard]] CovarianceAccumulator merged(std::size_t k) const;
  /// The K group accumulators at sample k (each its lanes merged, LaneAccumulators::merged).
  [[nodiscard]] std::vector<CovarianceAccumulator> groups_at(std::size_t k) const;
};

/// Group accumulators merged in their order (the whole ensemble at one sample).
CovarianceAccumulator merge_groups(const std::vector<CovarianceAccumulator>& groups);

}  // namespace spincom
