#pragma once
// Observer: every sampled state of the trajectories [first, first + count) of one kernel channel,
// as dense rows [trajectory][kept sample][kept quadrature] for a dataset writer. A selection
// keeps every `time_stride`-th sample (t = 0 always) and a subset of the six quadratures.
// Memory is count x kept samples x kept quadratures doubles: a dataset is written in rounds of
// `count` trajectories (TrajectoryStream), so it stays bounded for any number of trajectories.
#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "spincom/core/conventions.hpp"
#include "spincom/engine/ensemble_driver.hpp"

namespace spincom {

class BackgroundWriter;

/// Which sampled states a dataset keeps.
struct TrajectorySelection {
  std::size_t time_stride = 1;  ///< keep samples 0, s, 2s, ... (the last one only if on the stride)
  std::array<bool, 6> quadratures{true, true, true, true, true, true};  ///< in the order of u

  [[nodiscard]] std::size_t kept_times(std::size_t sample_times) const {
    return sample_times == 0 ? 0 : (sample_times - 1) / time_stride + 1;
  }
  [[nodiscard]] std::size_t kept_quadratures() const;
  /// The indices 0..5 of the kept quadratures.
  [[nodiscard]] std::vector<int> quadrature_indices() const;
};

/// Throws InvalidParameter (naming dataset.time_stride, dataset.quadratures) for a selection that keeps nothing.
void check_selection(const TrajectorySelection& selection);

/// Where the trajectories of a run go while it runs: rows of trajectories [a, b), handed over in
/// increasing index order, in rounds of about `round_bytes` of rows (round()). Every rank of an MPI run
/// needs the same stream (the rounds are collective); only the writing rank's `append` writes.
struct TrajectoryStream {
  TrajectorySelection selection;
  std::size_t up_to = 0;                      ///< save trajectory indices below this (global)
  std::size_t round_bytes = std::size_t{8} << 20;  ///< rows of one round, about (round() says exactly)
  std::size_t channel = 0;  ///< kernel channel (the nonlinear kernel: 0 = u, the nonlinear state)
  std::function<void(std::size_t first, std::size_t count, const std::vector<double>& rows)> append;
  /// The run's own writer, kept over all its drives (streamed_drive.hpp), or none (each drive
  /// finishes its writes before it returns). Its owner calls finish() before anything else
  /// touches the dataset: HDF5 is not thread-safe.
  BackgroundWriter* writer = nullptr;

  /// Doubles of one trajectory's rows for `sample_times` samples.
  [[nodiscard]] std::size_t row_doubles(std::size_t sample_times) const {
    return selection.kept_times(sample_times) * selection.kept_quadratures();
  }

  /// Trajectories per round for `sample_times` samples in a run of `groups` jackknife groups (at
  /// least one). A round is whole blocks where it can be, a multiple of 8 x groups trajectories, so
  /// that every block takes the fused SIMD loop (ensemble_driver.hpp): round_bytes of rows cut to
  /// such a multiple, and at least one block per group as long as that stays within 4 x
  /// round_bytes (the default 32 groups at 2001 samples: 24.6 MB). Beyond that (very many samples)
  /// a round is round_bytes of rows, at least one trajectory, and its blocks may be partial. So a
  /// round never exceeds max(4 x round_bytes, one row). The same on every rank.
  [[nodiscard]] std::size_t round(std::size_t sample_times, std::size_t groups) const {
    const std::size_t row = row_doubles(sample_times) * sizeof(double);
    const std::size_t n = row == 0 ? 1 : std::max<std::size_t>(1, round_bytes / row);
    const std::size_t whole = 8 * std::max<std::size_t>(groups, 1);
    if (n >= whole) return n - n % whole;
    return whole * row <= 4 * round_bytes ? whole : n;
  }
  /// Bytes of one round's rows (two are held at once).
  [[nodiscard]] std::size_t round_size_bytes(std::size_t sample_times, std::size_t groups) const {
    return round(sample_times, groups) * row_doubles(sample_times) * sizeof(double);
  }
};

class TrajectoryRows {
 public:
  /// `storage`: a buffer to reuse (an earlier round's), or none.
  TrajectoryRows(std::size_t first, std::size_t count, std::size_t groups, std::size_t sample_times,
                 const TrajectorySelection& selection, std::size_t channel, std::vector<double> storage = {});

  /// Throws std::logic_error unless the channel exists.
  template <class Kernel>
  void check(const Kernel& kernel) const {
    if (channel_ >= kernel.channels()) throw std::logic_error("TrajectoryRows: no channel " + std::to_string(channel_));
  }

  template <class Kernel>
  void observe(const Kernel& kernel, const typename Kernel::Block& block, const SampleSlot& slot) {
    if (slot.sample % stride_ != 0) return;
    const std::size_t k = slot.sample / stride_;
    for (std::size_t l = 0; l < slot.lanes; ++l) {
      const std::size_t i = slot.members[l];
      if (i < first_ || i >= first_ + count_) continue;
      const Vector6 u = kernel.state(block, l, channel_);
      double* row = &rows_[((i - first_) * times_ + k) * kept_.size()];
      for (std::size_t j = 0; j < kept_.size(); ++j) row[j] = u(kept_[j]);
    }
  }

  /// Whether the fused loop's trace (the kernel's channel 0) holds what this observer keeps.
  [[nodiscard]] bool traces() const { return channel_ == 0; }
  /// Samples first_sample .. first_sample + samples - 1 of a whole block from the fused loop's
  /// trace (ensemble_driver.hpp: trace[(k * 6 + r) * trace_lanes + lane]): the values observe()
  /// would copy, written row by row.
  void observe_trace(const double* trace, std::size_t first_sample, std::size_t samples, const SampleSlot& slot);

  [[nodiscard]] std::size_t packed_size() const { return rows_.size(); }
  void pack(double* out, const RankPartition& part) const;
  void unpack(const double* in);

  /// [trajectory - first][kept sample][kept quadrature]
  [[nodiscard]] const std::vector<double>& rows() const { return rows_; }
  /// The rows, moved out (the observer is done).
  [[nodiscard]] std::vector<double> take_rows() { return std::move(rows_); }

 private:
  std::size_t first_, count_, groups_, times_, stride_, channel_;
  std::vector<int> kept_;
  std::vector<double> rows_;
};

}  // namespace spincom
