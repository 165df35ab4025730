#pragma once
// A factor L with L L^T = Q for a symmetric positive semidefinite Q, robust to the near
// singularity of Q(h) for small h (Q_qq ~ h^3) and to the exact rank deficiency of D (rank 5):
// a symmetric eigendecomposition Q = U diag(lambda) U^T, eigenvalues in [-tol, 0) clipped to 0,
// L = U diag(sqrt(lambda)). Plain Cholesky would fail on both.
#include "spincom/core/conventions.hpp"

namespace spincom {

/// Eigenvalues below -negative_tolerance * max eigenvalue mean Q is not a covariance.
inline constexpr double noise_factor_negative_tolerance = 1e-10;

struct NoiseFactor {
  Matrix6 L;         ///< L L^T = Q up to the clipping
  int rank;          ///< eigenvalues > 1e-14 * max eigenvalue
  double clipped;    ///< largest |negative eigenvalue| clipped, relative to the largest eigenvalue
};

/// Throws InvalidParameter when Q is not symmetric positive semidefinite (within tolerance).
NoiseFactor noise_factor(const Matrix6& Q);

}  // namespace spincom
