#pragma once
// The lane accumulators (lane_accumulators.hpp) of every jackknife group at every sample time,
// [group * samples + sample]. A new table is all zeros. Its storage is not zeroed when the table
// is made: an entry is zeroed when it is first written (entries(), the non-const operator[]), by
// the thread that runs its group, or not at all when its first writer sets every field anyway
// (claim(): the fused sample loop's first block of a group). Per group the table keeps how many
// samples, from the first on, hold valid storage. 32 groups x 101 samples are 5.8 MB,
// and zeroing them up front in one thread was 17% of a 1024-trajectory run sampled every step
// and the serial part that kept two threads below 90% (decisions 84, 85). An entry never written
// reads as zeros (the const operator[]), so no reader can tell the difference.
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
  /// The same for writing: zeroed first if it was never written.
  LaneAccumulators& operator[](std::size_t i) { return *entries(i, 1); }
  /// Entries [first, first + count), all in one group, for writing (adding to them): those never
  /// written are zeroed first.
  LaneAccumulators* entries(std::size_t first, std::size_t count);
  /// Whether none of entries [first, first + count) (one group) was written yet.
  [[nodiscard]] bool unwritten(std::size_t first, std::size_t count) const;
  /// Entries [first, first + count) of one group, for a writer that sets every field of each
  /// (n, mean and M2 of all eight slots) without reading them: marked written, not zeroed (the
  /// group's unwritten samples before them are zeroed). Throws std::logic_error if one of them was
  /// written already.
  LaneAccumulators* claim(std::size_t first, std::size_t count);

 private:
  using Release = detail::ReleaseAccumulators;
  void allocate();
  void copy_from(const AccumulatorTable& other);
  void take(AccumulatorTable& other) noexcept;  ///< moves other's contents here, leaving it empty

  std::size_t groups_ = 0, samples_ = 0;
  /// Per group g, how many of its entries (from sample 0 on) are valid storage: zeroed or claimed,
  /// and maybe filled. The ensemble writes a group's samples in order, so a prefix is all it
  /// needs; a write beyond it zeroes the gap first.
  [[nodiscard]] std::size_t valid(std::size_t g) const { return written_[g]; }

  std::unique_ptr<LaneAccumulators[], Release> data_;  ///< storage, entry valid below its group's written_
  std::vector<std::size_t> written_;                   ///< per group: valid prefix of its samples
};

}  // namespace spincom
