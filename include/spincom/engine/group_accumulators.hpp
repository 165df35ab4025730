#pragma once
// Observer: the streaming mean and covariance of every jackknife group at every sample time,
// one set per kernel channel (the linear kernel has one, the paired nonlinear kernel three:
// u, its linearized partner v, and u - v). Storage is [group * sample_times + sample], eight
// lane slots each (lane_accumulators.hpp: trajectory g + mK into slot m mod 8), so memory does
// not grow with the number of trajectories.
#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "spincom/engine/ensemble_driver.hpp"
#include "spincom/statistics/accumulator_table.hpp"
#include "spincom/statistics/lane_accumulators.hpp"

namespace spincom {

class GroupAccumulators {
 public:
  static constexpr std::size_t max_channels = max_kernel_channels;
  static constexpr std::size_t per_accumulator = lane_accumulator_doubles;  ///< n, mean, M2 of eight slots

  /// `channels[c]` has groups * sample_times accumulators; they are updated in place.
  GroupAccumulators(std::size_t groups, std::size_t sample_times, std::vector<AccumulatorTable*> channels)
      : groups_(groups), samples_(sample_times), channels_(std::move(channels)) {}

  /// Throws std::logic_error unless there is one accumulator set per kernel channel.
  template <class Kernel>
  void check(const Kernel& kernel) const {
    if (channels_.size() != kernel.channels() || channels_.size() > max_channels)
      throw std::logic_error("GroupAccumulators: " + std::to_string(channels_.size()) + " accumulator sets for a kernel with " +
                             std::to_string(kernel.channels()) + " channels");
  }

  template <class Kernel>
  void observe(const Kernel& kernel, const typename Kernel::Block& block, const SampleSlot& slot) {
    LaneAccumulators* at[max_channels] = {};
    for (std::size_t c = 0; c < channels_.size(); ++c) at[c] = channels_[c]->entries(slot.group * samples_ + slot.sample, 1);
    kernel.accumulate(at, block, slot.first_ordinal % LaneAccumulators::slots, slot.lanes);
  }

  /// The fused sample loop's targets (ensemble_driver.hpp), for a whole block of eight lanes: at[c]
  /// is the accumulator of channel c, group `group`, sample `sample`, and the next `samples` - 1
  /// samples follow it in memory. Returns true when none of these was written yet: the kernel then
  /// overwrites them (sets every field) instead of adding to them, so their storage is never
  /// zeroed (accumulator_table.hpp). Otherwise entries never written are zeroed here, in the
  /// thread that runs the group.
  bool fused_targets(std::size_t group, std::size_t sample, std::size_t samples, LaneAccumulators** at) const {
    const std::size_t first = group * samples_ + sample;
    bool overwrite = true;
    for (std::size_t c = 0; c < channels_.size(); ++c) overwrite = overwrite && channels_[c]->unwritten(first, samples);
    for (std::size_t c = 0; c < channels_.size(); ++c)
      at[c] = overwrite ? channels_[c]->claim(first, samples) : channels_[c]->entries(first, samples);
    return overwrite;
  }

  [[nodiscard]] std::size_t packed_size() const { return channels_.size() * groups_ * samples_ * per_accumulator; }
  void pack(double* out, const RankPartition& part) const;
  void unpack(const double* in);

 private:
  std::size_t groups_, samples_;
  std::vector<AccumulatorTable*> channels_;
};

}  // namespace spincom
