#include "spincom/ensemble/linear_ensemble.hpp"

#include "spincom/core/error.hpp"
#include "spincom/engine/affine_lane_kernel.hpp"
#include "spincom/engine/ensemble_driver.hpp"
#include "spincom/engine/group_accumulators.hpp"
#include "spincom/engine/path_recorder.hpp"
#include "spincom/ensemble/streamed_drive.hpp"

namespace spincom {

std::vector<double> StepSchedule::times() const {
  std::vector<double> t(samples + 1);
  for (std::size_t k = 0; k <= samples; ++k)
    t[k] = static_cast<double>(k * steps_per_sample) * step.h;
  return t;
}

EnsembleStatistics make_ensemble(const StepSchedule& schedule, const EnsembleSpec& spec) {
  if (schedule.steps_per_sample == 0)
    throw InvalidParameter("steps per sample = 0: valid is >= 1. Hint: the step must not exceed t_end/samples.");
  return EnsembleStatistics(spec, schedule.times());
}

DrivePlan drive_plan(const EnsembleStatistics& stats, std::size_t up_to, std::size_t steps_per_sample, double h,
                     const Execution& execution) {
  execution.partition.check();
  DrivePlan plan;
  plan.seed = stats.spec.seed;
  plan.groups = stats.spec.groups;
  plan.first = stats.spec.first_trajectory + stats.trajectories;
  plan.up_to = stats.spec.first_trajectory + up_to;
  plan.sample_times = stats.times.size();
  plan.steps_per_sample = steps_per_sample;
  plan.h = h;
  plan.threads = execution.threads;
  plan.progress = execution.progress;
  plan.partition = &execution.partition;
  return plan;
}

std::optional<DivergenceReport> run_linear_ensemble(EnsembleStatistics& stats, const StepSchedule& schedule,
                                                    const InitialState& initial, std::size_t up_to,
                                                    const Execution& execution, OnDivergence policy,
                                                    const TrajectoryStream* stream) {
  if (up_to <= stats.trajectories) return std::nullopt;
  std::optional<EnsembleStatistics> before;  // to leave stats as they were when reporting a divergence
  if (policy == OnDivergence::report) before = stats;
  const AffineLaneKernel kernel(schedule.step, initial.mean, initial.V0);
  const DrivePlan plan = drive_plan(stats, up_to, schedule.steps_per_sample, schedule.step.h, execution);
  GroupAccumulators accumulators(plan.groups, plan.sample_times, {&stats.groups});
  PathRecorder recorder(stats.paths, stats.spec.first_trajectory, std::min(stats.spec.recorded_paths, up_to), plan.groups,
                        plan.sample_times);
  const auto failure = drive_streamed(kernel, plan, stream, accumulators, recorder);
  if (failure) {
    if (before) stats = std::move(*before);
    return handle_divergence(failure, policy, "trajectory",
                             "the scheme is unstable at this step (try a smaller grid.dt, or the exact stepper), or "
                             "the point is unstable.");
  }
  stats.trajectories = up_to;
  return std::nullopt;
}

}  // namespace spincom
