#include "spincom/statistics/accumulator_table.hpp"

#include <algorithm>
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

AccumulatorTable::AccumulatorTable(AccumulatorTable&& other) noexcept
    : groups_(std::exchange(other.groups_, 0)),
      samples_(std::exchange(other.samples_, 0)),
      data_(std::move(other.data_)),
      written_(std::move(other.written_)) {
  other.written_.clear();
}

AccumulatorTable& AccumulatorTable::operator=(AccumulatorTable&& other) noexcept {
  groups_ = std::exchange(other.groups_, 0);
  samples_ = std::exchange(other.samples_, 0);
  data_ = std::move(other.data_);
  written_ = std::move(other.written_);
  other.written_.clear();
  return *this;
}

const LaneAccumulators& AccumulatorTable::operator[](std::size_t i) const {
  return i % samples_ < valid(i / samples_) ? data_[i] : zeros();
}

LaneAccumulators* AccumulatorTable::entries(std::size_t first, std::size_t count) {
  const std::size_t g = first / samples_, end = first % samples_ + count;  // end: past the last sample, in g
  if (written_[g] < end) {
    std::uninitialized_value_construct_n(data_.get() + g * samples_ + written_[g], end - written_[g]);  // +0.0
    written_[g] = end;
  }
  return data_.get() + first;
}

bool AccumulatorTable::unwritten(std::size_t first, std::size_t count) const {
  return count == 0 || first % samples_ >= valid(first / samples_);
}

LaneAccumulators* AccumulatorTable::claim(std::size_t first, std::size_t count) {
  const std::size_t g = first / samples_, k = first % samples_;
  if (k < written_[g])
    throw std::logic_error("AccumulatorTable::claim: samples " + std::to_string(k) + " + " + std::to_string(count) +
                           " of group " + std::to_string(g) + ", whose samples below " + std::to_string(written_[g]) +
                           " were written already");
  if (k > written_[g]) entries(g * samples_ + written_[g], k - written_[g]);  // the gap: zeroed
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
    std::memcpy(static_cast<void*>(data_.get() + g * samples_), other.data_.get() + g * samples_,
                other.written_[g] * sizeof(LaneAccumulators));
    written_[g] = other.written_[g];
  }
}

}  // namespace spincom
