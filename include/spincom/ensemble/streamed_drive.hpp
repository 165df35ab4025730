#pragma once
// Runs the ensemble driver over trajectories [plan.first, plan.up_to) and, when a stream is
// given, hands every saved trajectory's rows to it: the saved range [plan.first, stream.up_to)
// runs in rounds of stream.round() trajectories (a TrajectoryRows observer per round, so memory is
// bounded: two rounds, as round k is appended on a second thread while round k + 1 runs), the rest
// in one go. Every append has returned when this returns, unless the stream brings a writer of
// its own (stream.writer): then the last round may still be written, until its owner calls
// finish(). Each jackknife group still sees its trajectories in increasing index order, so the
// statistics are the bits of one undivided run (ensemble_driver.hpp).
#include <algorithm>
#include <optional>

#include "spincom/engine/background_writer.hpp"
#include "spincom/engine/ensemble_driver.hpp"
#include "spincom/engine/trajectory_rows.hpp"

namespace spincom {

template <class Kernel, class... Observers>
std::optional<DivergenceReport> drive_streamed(const Kernel& kernel, const DrivePlan& plan, const TrajectoryStream* stream,
                                               Observers&... observers) {
  if (!stream) return drive_ensemble(kernel, plan, observers...);
  const std::size_t round = stream->round(plan.sample_times, plan.groups);
  BackgroundWriter own;  // round k is written while round k + 1 runs; finished here
  BackgroundWriter& writer = stream->writer ? *stream->writer : own;
  for (std::size_t a = plan.first; a < plan.up_to;) {
    DrivePlan part = plan;
    part.first = a;
    if (a >= stream->up_to) {  // the unsaved rest
      auto failure = drive_ensemble(kernel, part, observers...);
      own.finish();
      return failure;
    }
    part.up_to = std::min({plan.up_to, stream->up_to, a + round});
    TrajectoryRows rows(a, part.up_to - a, plan.groups, plan.sample_times, stream->selection, stream->channel,
                        writer.storage(std::min(round, stream->up_to - a) * stream->row_doubles(plan.sample_times)));
    if (auto failure = drive_ensemble(kernel, part, observers..., rows)) return failure;
    if (stream->append)
      writer.submit([append = stream->append, a, count = part.up_to - a](const std::vector<double>& r) {
        append(a, count, r);
      }, rows.take_rows());
    else
      writer.recycle(rows.take_rows());
    a = part.up_to;
  }
  own.finish();
  return std::nullopt;
}

}  // namespace spincom
