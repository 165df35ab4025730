#pragma once
// Runs the ensemble driver over trajectories [plan.first, plan.up_to) and, when a stream is
// given, hands every saved trajectory's rows to it: the saved range [plan.first, stream.up_to)
// runs in rounds of stream.round() trajectories (a TrajectoryRows observer per round, so memory is
// bounded), the rest in one go. Each jackknife group still sees its trajectories in increasing
// index order, so the statistics are the bits of one undivided run (ensemble_driver.hpp).
#include <algorithm>
#include <optional>

#include "spincom/engine/ensemble_driver.hpp"
#include "spincom/engine/trajectory_rows.hpp"

namespace spincom {

template <class Kernel, class... Observers>
std::optional<DivergenceReport> drive_streamed(const Kernel& kernel, const DrivePlan& plan, const TrajectoryStream* stream,
                                               Observers&... observers) {
  if (!stream) return drive_ensemble(kernel, plan, observers...);
  const std::size_t round = stream->round(plan.sample_times);
  for (std::size_t a = plan.first; a < plan.up_to;) {
    DrivePlan part = plan;
    part.first = a;
    if (a >= stream->up_to) return drive_ensemble(kernel, part, observers...);  // the unsaved rest
    part.up_to = std::min({plan.up_to, stream->up_to, a + round});
    TrajectoryRows rows(a, part.up_to - a, plan.groups, plan.sample_times, stream->selection, stream->channel);
    if (auto failure = drive_ensemble(kernel, part, observers..., rows)) return failure;
    if (stream->append) stream->append(a, part.up_to - a, rows.rows());
    a = part.up_to;
  }
  return std::nullopt;
}

}  // namespace spincom
