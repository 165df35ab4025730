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

/// The estimated wall time of a run, from its largest trajectory count and its steps, at a
/// conservative cost per trajectory-step (the slowest kernel measured on this project's machine
/// class, docs/decisions.md 73), shared by the threads and ranks.
struct RunTimeEstimate {
  double trajectory_steps = 0.0;
  double seconds = 0.0;
  std::string breakdown;  ///< "4.2e+06 trajectories x 2001 steps at 60 ns on 2 threads"
};

/// Conservative costs per trajectory-step, s, noise and statistics included.
inline constexpr double linear_step_seconds = 60e-9;
inline constexpr double nonlinear_step_seconds = 120e-9;  ///< Heun with its linearized partner
/// A run estimated to take longer needs Execution::allow_long_run (the CLI's --long-run).
inline constexpr double long_run_seconds = 3600.0;

RunTimeEstimate estimate_run_time(double trajectories, double steps_per_trajectory, double step_seconds,
                                  const Execution& execution);

/// Throws InvalidParameter with the estimate and the bound when it exceeds long_run_seconds and
/// execution.allow_long_run is not set.
void check_run_time(const RunTimeEstimate& estimate, const Execution& execution);

}  // namespace spincom
