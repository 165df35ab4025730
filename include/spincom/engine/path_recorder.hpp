#pragma once
// Observer: the sampled states of the first few trajectories of a run (indices first ..
// first + recorded - 1) of one kernel channel, paths[trajectory - first][sample].
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "spincom/core/conventions.hpp"
#include "spincom/engine/ensemble_driver.hpp"

namespace spincom {

class PathRecorder {
 public:
  /// Grows `paths` to `recorded` entries; entry i is filled when trajectory first + i is run.
  PathRecorder(std::vector<std::vector<Vector6>>& paths, std::size_t first, std::size_t recorded, std::size_t groups,
               std::size_t sample_times, std::size_t channel = 0);

  /// Throws std::logic_error unless the recorded channel exists.
  template <class Kernel>
  void check(const Kernel& kernel) const {
    if (channel_ >= kernel.channels()) throw std::logic_error("PathRecorder: no channel " + std::to_string(channel_));
  }

  /// Whether the block holds a recorded trajectory (its members increase, so the first decides).
  [[nodiscard]] bool watches(const SampleSlot& slot) const { return slot.members[0] - first_ < recorded_; }

  template <class Kernel>
  void observe(const Kernel& kernel, const typename Kernel::Block& block, const SampleSlot& slot) {
    for (std::size_t l = 0; l < slot.lanes && slot.members[l] - first_ < recorded_; ++l) {
      std::vector<Vector6>& path = paths_[slot.members[l] - first_];
      if (path.size() != samples_) path.assign(samples_, Vector6::Zero());
      path[slot.sample] = kernel.state(block, l, channel_);
    }
  }

  [[nodiscard]] std::size_t packed_size() const { return recorded_ * (1 + samples_ * 6); }
  void pack(double* out, const RankPartition& part) const;
  void unpack(const double* in);

 private:
  std::vector<std::vector<Vector6>>& paths_;
  std::size_t first_, recorded_, groups_, samples_, channel_;
};

}  // namespace spincom
