#include "spincom/statistics/accumulator_table.hpp"

#include <cstring>
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
  const std::size_t g = i / samples_;
  return written_[g] ? data_[i] : zeros();
}

LaneAccumulators* AccumulatorTable::group(std::size_t g) {
  LaneAccumulators* first = data_.get() + g * samples_;
  if (!written_[g]) {
    std::uninitialized_value_construct_n(first, samples_);  // all zeros, the bits of LaneAccumulators{}
    written_[g] = 1;
  }
  return first;
}

void AccumulatorTable::allocate() {
  written_.assign(groups_, 0);
  const std::size_t n = size();
  if (n == 0) return;
  data_ = std::unique_ptr<LaneAccumulators[], Release>(std::allocator<LaneAccumulators>().allocate(n), Release{n});
}

void AccumulatorTable::copy_from(const AccumulatorTable& other) {
  for (std::size_t g = 0; g < groups_; ++g)
    if (other.written_[g]) {
      std::memcpy(static_cast<void*>(data_.get() + g * samples_), other.data_.get() + g * samples_,
                  samples_ * sizeof(LaneAccumulators));
      written_[g] = 1;
    }
}

}  // namespace spincom
