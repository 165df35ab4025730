#pragma once
// How an ensemble runs: OpenMP threads and MPI ranks. Never what it computes: the driver's
// statistics are bitwise identical for any Execution (ensemble_driver.hpp). What it computes
// (seed, jackknife groups, recorded paths) is the EnsembleSpec of statistics/ensemble_statistics.hpp.
#include <cstddef>

#include "spincom/engine/progress.hpp"
#include "spincom/engine/rank_partition.hpp"

namespace spincom {

struct Execution {
  int threads = 0;          ///< OpenMP threads; 0 = the OpenMP default
  RankPartition partition;  ///< one process unless launched under MPI
  std::size_t max_memory = 0;  ///< bytes a run may plan to use; 0 = 3/4 of the physical memory
  bool allow_long_run = false;  ///< run even when the estimated time exceeds long_run_seconds
  Progress* progress = nullptr;  ///< updated while the run goes on (a front end shows it)
};

}  // namespace spincom
