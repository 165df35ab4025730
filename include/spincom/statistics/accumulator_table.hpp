#pragma once
// The lane accumulators (lane_accumulators.hpp) of every jackknife group at every sample time,
// [group * samples + sample]. A new table is all zeros. Its storage is zeroed a group at a time,
// when the group is first written (group(), the non-const operator[]), by the thread that runs
// that group, not all at once when the table is made: 32 groups x 101 samples are 5.8 MB, and
// zeroing them up front in one thread was 17% of a 1024-trajectory run sampled every step and
// the serial part that kept two threads below 90% (decision 84). Until then a group reads as
// zeros (the const operator[]), so no reader can tell the difference.
//
// Threads may write different groups at the same time; one group belongs to one thread at a time.
#include <cstddef>
#include <memory>
#include <vector>

#include "spincom/statistics/lane_accumulators.hpp"

namespace spincom {

namespace detail {
/// Returns storage of `count` accumulators to std::allocator (they need no destructor).
struct ReleaseAccumulators {
  std::size_t count = 0;
  void operator()(LaneAccumulators* p) const { std::allocator<LaneAccumulators>().deallocate(p, count); }
};
}  // namespace detail

class AccumulatorTable {
 public:
  AccumulatorTable() = default;
  /// groups x samples accumulators, all zero.
  AccumulatorTable(std::size_t groups, std::size_t samples);
  AccumulatorTable(const AccumulatorTable& other);
  AccumulatorTable& operator=(const AccumulatorTable& other);
  AccumulatorTable(AccumulatorTable&& other) noexcept;
  AccumulatorTable& operator=(AccumulatorTable&& other) noexcept;
  ~AccumulatorTable() = default;

  [[nodiscard]] std::size_t groups() const { return groups_; }
  [[nodiscard]] std::size_t samples() const { return samples_; }
  [[nodiscard]] std::size_t size() const { return groups_ * samples_; }

  /// Accumulator i = group * samples + sample; a group never written reads as zeros.
  [[nodiscard]] const LaneAccumulators& operator[](std::size_t i) const;
  /// The same for writing: zeroes the group's storage first if it was never written.
  LaneAccumulators& operator[](std::size_t i) { return group(i / samples_)[i % samples_]; }
  /// Group g's samples() accumulators, contiguous, for writing (zeroed first if never written).
  LaneAccumulators* group(std::size_t g);

 private:
  using Release = detail::ReleaseAccumulators;
  void allocate();
  void copy_from(const AccumulatorTable& other);

  std::size_t groups_ = 0, samples_ = 0;
  std::unique_ptr<LaneAccumulators[], Release> data_;  ///< storage, a group valid once written_[g]
  std::vector<unsigned char> written_;                 ///< per group: storage zeroed (and maybe filled)
};

}  // namespace spincom
