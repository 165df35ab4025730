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

const LaneAccumulators& AccumulatorTable::operator[](std::size_t i) const { return written_[i] ? data_[i] : zeros(); }

LaneAccumulators* AccumulatorTable::entries(std::size_t first, std::size_t count) {
  LaneAccumulators* p = data_.get() + first;
  for (std::size_t i = first; i < first + count; ++i)
    if (!written_[i]) {
      ::new (static_cast<void*>(data_.get() + i)) LaneAccumulators();  // all +0.0, the bits of LaneAccumulators{}
      written_[i] = 1;
    }
  return p;
}

bool AccumulatorTable::unwritten(std::size_t first, std::size_t count) const {
  for (std::size_t i = first; i < first + count; ++i)
    if (written_[i]) return false;
  return true;
}

LaneAccumulators* AccumulatorTable::claim(std::size_t first, std::size_t count) {
  if (!unwritten(first, count))
    throw std::logic_error("AccumulatorTable::claim: entries " + std::to_string(first) + " + " + std::to_string(count) +
                           " were written already");
  std::fill(written_.begin() + static_cast<std::ptrdiff_t>(first), written_.begin() + static_cast<std::ptrdiff_t>(first + count), 1);
  return data_.get() + first;
}

void AccumulatorTable::allocate() {
  const std::size_t n = size();
  written_.assign(n, 0);
  if (n == 0) return;
  data_ = std::unique_ptr<LaneAccumulators[], Release>(std::allocator<LaneAccumulators>().allocate(n), Release{n});
}

void AccumulatorTable::copy_from(const AccumulatorTable& other) {
  for (std::size_t i = 0; i < size(); ++i)
    if (other.written_[i]) {
      std::memcpy(static_cast<void*>(data_.get() + i), other.data_.get() + i, sizeof(LaneAccumulators));
      written_[i] = 1;
    }
}

}  // namespace spincom
