#pragma once
// The streaming mean and covariance of one jackknife group at one sample time, kept as eight
// Welford accumulators ("slots"), one per SIMD lane, in structure-of-arrays form: the group's
// trajectory g + mK (ensemble_driver.hpp) goes to slot m mod 8. The eight lanes of a block update
// their own slots side by side, so no update waits for another (a single accumulator would make
// the lanes one dependency chain through the running mean). The group's accumulator is the eight
// slots merged in a fixed tree with Chan et al.'s pairwise formula (merged()), so the bits depend
// on the trajectories a group holds, never on how a run was split into blocks, threads, ranks or
// rounds (decision 64).
//
// Per slot, add() is CovarianceAccumulator::add on the upper triangle of M2 (entries (r, c), r <= c,
// bit for bit the same operations); the lower triangle is its mirror, so M2 is exactly symmetric.
#include <cstddef>

#include "spincom/core/conventions.hpp"
#include "spincom/statistics/covariance_accumulator.hpp"

namespace spincom {

struct alignas(64) LaneAccumulators {
  static constexpr std::size_t slots = 8;
  static constexpr std::size_t triangle = 21;  ///< entries r <= c of a symmetric 6 x 6 matrix

  double n[slots] = {};               ///< samples per slot (whole numbers, exact below 2^53)
  double mean[6][slots] = {};         ///< mean[r][slot]
  double m2[triangle][slots] = {};    ///< m2[t][slot]: sum of (x - mean)_r (x - mean)_c, (r, c) = upper(t)

  /// Index t of the upper-triangle entry (r, c), r <= c, row by row: (0,0), (0,1), ..., (0,5), (1,1), ...
  static constexpr std::size_t upper(std::size_t r, std::size_t c) { return r * 6 - r * (r - 1) / 2 + (c - r); }

  /// Welford's update of slot s with one sample: n += 1; delta = x - mean; mean += delta * (1/n);
  /// M2(r, c) += delta_r (x - mean)_c for r <= c. The scalar reference of the lane kernels' update.
  void add(std::size_t s, const Vector6& x);
  /// Slot s as a CovarianceAccumulator (M2 mirrored from its upper triangle).
  [[nodiscard]] CovarianceAccumulator slot(std::size_t s) const;
  /// The group's accumulator: the slots merged (CovarianceAccumulator::merge) in the fixed tree
  /// ((0 + 1) + (2 + 3)) + ((4 + 5) + (6 + 7)). Empty slots change nothing.
  [[nodiscard]] CovarianceAccumulator merged() const;
};

/// Doubles of one LaneAccumulators, in the order n, mean, m2 (MPI reduction, checkpoints).
inline constexpr std::size_t lane_accumulator_doubles = LaneAccumulators::slots * (1 + 6 + LaneAccumulators::triangle);
static_assert(sizeof(LaneAccumulators) == lane_accumulator_doubles * sizeof(double), "LaneAccumulators has padding");

}  // namespace spincom
