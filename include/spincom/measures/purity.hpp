#pragma once
// Purity Tr rho^2 of an n-mode Gaussian state with covariance V in the vacuum-variance-1/2
// convention: mu = 1 / (2^n sqrt(det V)). The vacuum (V = I/2, det V = 2^{-2n}) gives 1, a
// thermal mode 1/(2 n + 1). Here n = 3 (both optical modes and the mechanics).
#include <cmath>

#include <Eigen/LU>

#include "spincom/core/conventions.hpp"

namespace spincom {

/// 0 for a V with det V <= 0 (not a state; check_physicality says why).
inline double purity(const Matrix6& V) {
  const double det = V.determinant();
  return det > 0.0 ? 1.0 / (8.0 * std::sqrt(det)) : 0.0;
}

}  // namespace spincom
