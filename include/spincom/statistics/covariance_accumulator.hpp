#pragma once
// Streaming mean and covariance of 6-vectors: Welford's update for one sample and the
// pairwise merge of Chan, Golub & LeVeque (1979), so memory does not grow with the number of
// trajectories and partial results combine exactly as a single pass would (up to rounding).
#include <cstddef>

#include "spincom/core/conventions.hpp"

namespace spincom {

struct CovarianceAccumulator {
  std::size_t n = 0;
  Vector6 mean = Vector6::Zero();
  Matrix6 M2 = Matrix6::Zero();  ///< sum of (x - mean)(x - mean)^T

  /// Welford: one sample.
  void add(const Vector6& x) {
    ++n;
    const Vector6 delta = x - mean;
    mean += delta * (1.0 / static_cast<double>(n));  // one division, not six
    M2.noalias() += delta * (x - mean).transpose();
  }

  /// Chan et al.: combine with another accumulator (this := this U other).
  void merge(const CovarianceAccumulator& o) {
    if (o.n == 0) return;
    if (n == 0) {
      *this = o;
      return;
    }
    const double na = static_cast<double>(n), nb = static_cast<double>(o.n), nt = na + nb;
    const Vector6 delta = o.mean - mean;
    mean += delta * (nb / nt);
    M2 += o.M2 + delta * delta.transpose() * (na * nb / nt);
    n += o.n;
  }

  /// Unbiased sample covariance M2 / (n - 1), symmetrized; needs n >= 2.
  [[nodiscard]] Matrix6 covariance() const {
    const Matrix6 C = M2 / static_cast<double>(n - 1);
    return 0.5 * (C + C.transpose());
  }
};

}  // namespace spincom
