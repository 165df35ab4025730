#pragma once
// How the jackknife groups of an ensemble (and the points of a sweep) are split over processes
// (MPI ranks). The library never calls MPI: a front end hands it a RankPartition whose
// reduction is an MPI_Allreduce and whose gather is an MPI_Gatherv.
#include <cstddef>
#include <functional>
#include <limits>
#include <vector>

namespace spincom {

/// Rank r runs the groups g with g mod size == r. After each run, `sum_across_ranks` (an
/// MPI_Allreduce with MPI_SUM in the CLI) adds a buffer element-wise over all ranks; every group
/// has exactly one owner and the others contribute -0.0, so the sums are exact and every rank
/// ends up with every group, bit for bit as one process would have them.
struct RankPartition {
  int rank = 0;
  int size = 1;
  std::function<void(std::vector<double>&)> sum_across_ranks;
  /// Collects every rank's bytes on rank 0 (an MPI_Gatherv in the CLI): rank 0 gets one buffer per
  /// rank, in rank order; the other ranks get nothing. Each buffer must stay below 2 GB.
  std::function<std::vector<std::vector<char>>(const std::vector<char>&)> gather_to_root = nullptr;
  /// The longest buffer sum_across_ranks accepts (MPI: INT_MAX doubles in one message); the
  /// driver refuses a larger reduction before it runs anything.
  std::size_t max_buffer = std::numeric_limits<std::size_t>::max();
  /// Sweep points per rank between two gathers (steady/rank_points.hpp): the rows of
  /// size x points_per_gather points are held on rank 0 at a time. At least 1.
  std::size_t points_per_gather = 4096;

  [[nodiscard]] bool owns(std::size_t group) const {
    return static_cast<int>(group % static_cast<std::size_t>(size)) == rank;
  }
  /// Throws InvalidParameter unless 0 <= rank < size, with a reduction when size > 1, and
  /// points_per_gather >= 1.
  void check() const;
};

}  // namespace spincom
