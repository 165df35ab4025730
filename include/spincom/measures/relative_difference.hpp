#pragma once
// How far a matrix is from a reference: the largest entry difference relative to the largest
// reference entry (guarded against a zero reference).
#include <algorithm>

#include "spincom/core/conventions.hpp"

namespace spincom {

/// max_kl |a_kl - b_kl| / max(max_kl |b_kl|, 1e-300).
inline double relative_max_difference(const Matrix6& a, const Matrix6& b) {
  return (a - b).cwiseAbs().maxCoeff() / std::max(b.cwiseAbs().maxCoeff(), 1e-300);
}

}  // namespace spincom
