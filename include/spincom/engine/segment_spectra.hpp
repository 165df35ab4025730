#pragma once
// Observer: Welch's estimate of S_kl(omega) per trajectory (statistics/welch_spectrum.hpp). Each
// lane's samples of the needed quadratures go into a ring of one segment; when a segment is
// complete its windowed transforms give the cross-periodograms of the chosen pairs, summed per
// trajectory; at the last sample a trajectory's mean over its segments is added to its group's
// VectorAccumulator (trajectories in increasing index, as the driver hands them over), and the
// groups are merged in group order, so the result is the same for any thread count.
// Memory: per group the accumulator (2 x values doubles), and while a group runs a block, its
// ring (lanes x channels x L) and the per-lane sums.
#include <array>
#include <cstddef>
#include <stdexcept>
#include <utility>
#include <vector>

#include "spincom/core/conventions.hpp"
#include "spincom/engine/ensemble_driver.hpp"
#include "spincom/statistics/vector_accumulator.hpp"
#include "spincom/statistics/welch_spectrum.hpp"

namespace spincom {

class SegmentSpectra {
 public:
  /// pairs: quadrature indices (k, l) into u; bins: signed bin numbers (welch_bins).
  SegmentSpectra(const WelchLayout& layout, std::vector<long> bins, std::vector<std::pair<int, int>> pairs,
                 std::size_t groups);

  /// Throws std::logic_error when the kernel has no channel 0 or fewer lanes than the ring holds.
  template <class Kernel>
  void check(const Kernel& kernel) const {
    if (kernel.channels() < 1 || Kernel::lanes > max_lanes) throw std::logic_error("SegmentSpectra: kernel does not fit");
  }

  template <class Kernel>
  void observe(const Kernel& kernel, const typename Kernel::Block& block, const SampleSlot& slot) {
    GroupWork& w = work_[slot.group];
    if (slot.sample == 0) start_block(w);
    for (std::size_t l = 0; l < slot.lanes; ++l) record(w, l, slot.sample, kernel.state(block, l, 0));
    on_sample(w, slot);
  }

  /// Values per trajectory: [pair][bin][re, im].
  [[nodiscard]] std::size_t values() const { return pairs_.size() * bins_.size() * 2; }
  [[nodiscard]] std::size_t packed_size() const { return groups_.size() * (1 + 2 * values()); }
  void pack(double* out, const RankPartition& part) const;
  void unpack(const double* in);

  /// Every group merged in group order: mean and M2 of [pair][bin][re, im] over trajectories.
  [[nodiscard]] VectorAccumulator merged() const;

  static constexpr std::size_t max_lanes = 8;

 private:
  struct GroupWork {
    std::vector<double> ring;     ///< [lane][channel][L], sample k at k mod L
    std::vector<Complex> sums;    ///< [lane][pair][bin]: sum over segments of P_kl
    std::vector<Complex> X;       ///< [channel][bin] of one lane's segment
    std::vector<double> ordered;  ///< one segment in time order
    std::vector<SegmentTransform> transform;  ///< 0 or 1 (made per block)
  };

  void start_block(GroupWork& w) const;
  void record(GroupWork& w, std::size_t lane, std::size_t sample, const Vector6& u) const;
  void on_sample(GroupWork& w, const SampleSlot& slot);
  void transform_segment(GroupWork& w, std::size_t last_sample, std::size_t lanes) const;
  void finish_block(GroupWork& w, const SampleSlot& slot);

  WelchLayout layout_;
  std::vector<long> bins_;
  std::vector<std::pair<int, int>> pairs_;
  std::vector<int> channels_;                  ///< quadratures needed, ascending
  std::vector<std::pair<std::size_t, std::size_t>> pair_channels_;  ///< (k, l) as indices into channels_
  std::vector<GroupWork> work_;
  std::vector<VectorAccumulator> groups_;
};

}  // namespace spincom
