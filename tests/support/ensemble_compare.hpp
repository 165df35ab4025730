#pragma once
// Bitwise equality of ensemble statistics (every group accumulator: n, mean, M2).
#include <cstring>

#include "spincom/ensemble/linear_ensemble.hpp"

namespace spincom::test {

inline bool identical(const EnsembleStatistics& a, const EnsembleStatistics& b) {
  if (a.groups.size() != b.groups.size()) return false;
  for (std::size_t i = 0; i < a.groups.size(); ++i) {
    const auto& x = a.groups[i];
    const auto& y = b.groups[i];
    if (x.n != y.n || std::memcmp(x.mean.data(), y.mean.data(), sizeof(double) * 6) != 0 ||
        std::memcmp(x.M2.data(), y.M2.data(), sizeof(double) * 36) != 0)
      return false;
  }
  return true;
}

}  // namespace spincom::test
