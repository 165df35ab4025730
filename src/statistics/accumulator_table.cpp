#include "spincom/statistics/accumulator_table.hpp"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

namespace spincom {

namespace {

const LaneAccumulators& zeros() {
  static const LaneAccumulators zero{};
  return zero;
}

}  // namespace

AccumulatorTable::AccumulatorTable(std::size_t groups, std::size_t samples) : groups_(groups), samples_(samples) {
  allocate();
}

AccumulatorTable::AccumulatorTable(const AccumulatorTable& other) : groups_(other.groups_), samples_(other.samples_) {
  allocate();
  copy_from(other);
}

AccumulatorTable& AccumulatorTable::operator=(const AccumulatorTable& other) {
  if (this != &other) {
    AccumulatorTable copy(other);
    *this = std::move(copy);
  }
  return *this;
}

AccumulatorTable::AccumulatorTable(AccumulatorTable&& other) noexcept { take(other); }

AccumulatorTable& AccumulatorTable::operator=(AccumulatorTable&& other) noexcept {
  if (this != &other) take(other);
  return *this;
}

void AccumulatorTable::take(AccumulatorTable& other) noexcept {
  groups_ = std::exchange(other.groups_, 0);
  samples_ = std::exchange(other.samples_, 0);
  data_ = std::move(other.data_);
  written_ = std::move(other.written_);
  other.written_.clear();
}

const LaneAccumulators& AccumulatorTable::operator[](std::size_t i) const {
  return i % samples_ < valid(i / samples_) ? data_[i] : zeros();
}

LaneAccumulators* AccumulatorTable::entries(std::size_t first, std::size_t count) {
  const std::size_t g = first / samples_, end = first % samples_ + count;  // end: past the last sample, in g
  assert(end <= samples_ && "AccumulatorTable::entries: the range leaves its group");
  if (valid(g) < end) {
    std::uninitialized_value_construct_n(data_.get() + g * samples_ + valid(g), end - valid(g));  // +0.0
    written_[g] = end;
  }
  return data_.get() + first;
}

bool AccumulatorTable::unwritten(std::size_t first, std::size_t count) const {
  return count == 0 || first % samples_ >= valid(first / samples_);
}

LaneAccumulators* AccumulatorTable::claim(std::size_t first, std::size_t count) {
  const std::size_t g = first / samples_, k = first % samples_;
  assert(k + count <= samples_ && "AccumulatorTable::claim: the range leaves its group");
  if (k < valid(g))
    throw std::logic_error("AccumulatorTable::claim: samples " + std::to_string(k) + " + " + std::to_string(count) +
                           " of group " + std::to_string(g) + ", whose samples below " + std::to_string(valid(g)) +
                           " were written already");
  if (k > valid(g)) entries(g * samples_ + valid(g), k - valid(g));  // the gap: zeroed
  written_[g] = k + count;
  return data_.get() + first;
}

void AccumulatorTable::allocate() {
  const std::size_t n = size();
  written_.assign(groups_, 0);
  if (n > 0) data_ = std::unique_ptr<LaneAccumulators[], Release>(std::allocator<LaneAccumulators>().allocate(n), Release{n});
}

void AccumulatorTable::copy_from(const AccumulatorTable& other) {
  for (std::size_t g = 0; g < groups_; ++g) {
    if (other.valid(g) == 0) continue;  // nothing to copy (and data_ may be null when samples_ == 0)
    std::memcpy(static_cast<void*>(data_.get() + g * samples_), other.data_.get() + g * samples_,
                other.valid(g) * sizeof(LaneAccumulators));
    written_[g] = other.valid(g);
  }
}

}  // namespace spincom
