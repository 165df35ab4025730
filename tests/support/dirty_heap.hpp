#pragma once
// Helpers for tests of storage that is not zeroed when it is allocated (AccumulatorTable,
// decisions 84-85): leave freed heap memory full of NaN so that the next allocation of the same
// size most likely gets dirty storage, and compare accumulators bit for bit.
#include <cstddef>
#include <cstring>
#include <limits>
#include <memory>
#include <vector>

#include "spincom/statistics/lane_accumulators.hpp"

namespace spincom::test {

// Allocates eight blocks of `accumulators` entries, fills them with quiet NaN and frees them in
// turn. A test must not rely on getting that memory back: it only makes dirty storage likely.
inline void dirty_the_heap(std::size_t accumulators) {
  std::allocator<LaneAccumulators> alloc;
  std::vector<LaneAccumulators*> blocks;
  std::vector<double> nan(sizeof(LaneAccumulators) / sizeof(double), std::numeric_limits<double>::quiet_NaN());
  for (int b = 0; b < 8; ++b) {
    blocks.push_back(alloc.allocate(accumulators));
    for (std::size_t i = 0; i < accumulators; ++i)
      std::memcpy(static_cast<void*>(blocks.back() + i), nan.data(), sizeof(LaneAccumulators));
  }
  for (LaneAccumulators* p : blocks) alloc.deallocate(p, accumulators);
}

// Whether every field is +0.0, bit for bit (a new LaneAccumulators{}).
inline bool is_zero(const LaneAccumulators& a) {
  static const LaneAccumulators zero{};
  return std::memcmp(&a, &zero, sizeof a) == 0;
}

}  // namespace spincom::test
