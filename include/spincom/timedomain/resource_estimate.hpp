#pragma once
// The peak memory of a time-domain run, estimated from its spec before anything is allocated,
// and the check against a limit (Execution::max_memory; default 3/4 of the physical memory).
// The estimate counts what grows with the sample times, the jackknife groups, the recorded paths,
// the ranks and the dataset rounds; it does not grow with the number of trajectories.
#include <cstddef>
#include <string>

#include "spincom/engine/execution.hpp"
#include "spincom/engine/trajectory_rows.hpp"
#include "spincom/timedomain/linear_simulation.hpp"
#include "spincom/timedomain/nonlinear_simulation.hpp"

namespace spincom {

struct MemoryEstimate {
  double bytes = 0.0;     ///< estimated peak
  std::string breakdown;  ///< the main terms, for the message
};

MemoryEstimate estimate_memory(const LinearSimulationSpec& spec, const Execution& execution,
                               const TrajectoryStream* stream = nullptr);
MemoryEstimate estimate_memory(const NonlinearSimulationSpec& spec, const Execution& execution,
                               const TrajectoryStream* stream = nullptr);

/// 3/4 of the physical memory (sysconf), the default limit.
double default_memory_limit();

/// Throws InvalidParameter naming the estimate, its terms and the limit (execution.max_memory, or
/// the default when it is 0) when the estimate exceeds it.
void check_memory(const MemoryEstimate& estimate, const Execution& execution);

}  // namespace spincom
