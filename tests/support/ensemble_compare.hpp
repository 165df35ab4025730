#pragma once
// Bitwise equality of ensemble statistics (every group accumulator: each lane slot's n, mean, M2).
#include <cstring>

#include "spincom/ensemble/linear_ensemble.hpp"

namespace spincom::test {

inline bool identical(const EnsembleStatistics& a, const EnsembleStatistics& b) {
  if (a.groups.size() != b.groups.size()) return false;
  for (std::size_t i = 0; i < a.groups.size(); ++i) {
    const auto& x = a.groups[i];
    const auto& y = b.groups[i];
    if (std::memcmp(&x, &y, sizeof x) != 0) return false;  // every slot's n, mean and M2 (no padding)
  }
  return true;
}

}  // namespace spincom::test
