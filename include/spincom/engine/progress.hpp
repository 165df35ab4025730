#pragma once
// How far a run is, for a front end to show while it runs (never part of the results). The
// ensemble driver adds each finished block of trajectories to `done` (one relaxed atomic add per
// block); the stopping rule sets `target` before each round and `ci` after it. Under MPI each rank
// counts its own groups, so `done` is this process's share.
#include <atomic>
#include <cmath>
#include <cstddef>

namespace spincom {

struct Progress {
  std::atomic<std::size_t> done{0};    ///< trajectories finished (this process), whole run
  std::atomic<std::size_t> target{0};  ///< trajectories the current round extends the ensemble to
  std::atomic<std::size_t> rounds{0};  ///< rounds of the stopping rule finished
  std::atomic<double> ci{NAN};         ///< 95% CI half-width of E_N at t_end after the last round
  std::atomic<int> ranks{1};           ///< processes sharing the ensemble (done counts one share)

  void add(std::size_t trajectories) { done.fetch_add(trajectories, std::memory_order_relaxed); }
};

}  // namespace spincom
