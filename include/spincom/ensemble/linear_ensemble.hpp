#pragma once
// The ensemble of the linear SDE: trajectories u <- M u + N xi (affine_step.hpp), sampled every
// `steps_per_sample` steps, accumulated into K jackknife groups. The work is done by the one
// ensemble driver (engine/ensemble_driver.hpp) with the eight-lane affine kernel
// (engine/affine_lane_kernel.hpp) and two observers (group accumulators, path recorder); the
// driver's determinism rules hold: the statistics are bitwise identical for any thread or rank
// count, and extending a run from N0 to N1 trajectories gives the same bits as running N1 at once.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spincom/engine/divergence.hpp"
#include "spincom/engine/ensemble_driver.hpp"
#include "spincom/engine/execution.hpp"
#include "spincom/engine/trajectory_rows.hpp"
#include "spincom/statistics/ensemble_statistics.hpp"
#include "spincom/sde/affine_step.hpp"

namespace spincom {

/// The initial state u(0) ~ N(mean, V0).
struct InitialState {
  Vector6 mean = Vector6::Zero();
  Matrix6 V0;
};

/// A fixed-step schedule: samples at t_k = k * steps_per_sample * h, k = 0..samples.
struct StepSchedule {
  AffineStep step;
  std::size_t steps_per_sample;
  std::size_t samples;  ///< number of sample intervals (there are samples + 1 sample times)

  [[nodiscard]] std::vector<double> times() const;
};

/// Starts an empty ensemble. Throws InvalidParameter for groups < 2 or a bad schedule.
EnsembleStatistics make_ensemble(const StepSchedule& schedule, const EnsembleSpec& spec);

/// The driver's plan for running the piece's trajectories [stats.trajectories, up_to) into
/// `stats`: global indices from stats.spec.first_trajectory on.
DrivePlan drive_plan(const EnsembleStatistics& stats, std::size_t up_to, std::size_t steps_per_sample, double h,
                     const Execution& execution);

/// Runs trajectories [stats.trajectories, up_to) through the ensemble driver
/// (engine/ensemble_driver.hpp, with the AffineLaneKernel) on `execution`'s threads and ranks,
/// and adds them to `stats`. Throws InvalidParameter for a partition that cannot be right. A
/// trajectory whose state becomes non-finite: with OnDivergence::throw_error, NumericalFailure
/// naming the lowest such trajectory, its step and time; with OnDivergence::report, that report
/// is returned and `stats` is left as it was before the call. With a `stream`, the saved
/// trajectories' rows go to it while the run goes on (ensemble/streamed_drive.hpp).
std::optional<DivergenceReport> run_linear_ensemble(EnsembleStatistics& stats, const StepSchedule& schedule,
                                                    const InitialState& initial, std::size_t up_to,
                                                    const Execution& execution = {},
                                                    OnDivergence policy = OnDivergence::throw_error,
                                                    const TrajectoryStream* stream = nullptr);

}  // namespace spincom
