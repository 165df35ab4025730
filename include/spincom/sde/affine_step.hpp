#pragma once
// Every scheme in spincom applied to the linear SDE du = A u dt + B dW with a fixed step h is
// an affine map u <- M u + N xi, xi ~ N(0, I): Euler-Maruyama, stochastic Heun and the exact
// Ornstein-Uhlenbeck step differ only in (M, N). The ensemble kernel runs this form; the
// scheme's own expected covariance follows V <- M V M^T + N N^T exactly, which is how weak
// bias is measured without sampling noise.
#include <string>
#include <vector>

#include "spincom/core/conventions.hpp"

namespace spincom {

struct AffineStep {
  double h;   ///< step, s
  Matrix6 M;  ///< mean propagator of one step
  Matrix6 N;  ///< noise matrix of one step (N N^T is the covariance added per step)
};

/// Spectral radius of M: the scheme is mean-square stable for the linear SDE iff it is < 1.
double spectral_radius(const Matrix6& M);

/// The scheme's expected covariance after n steps from V0: V <- M V M^T + N N^T.
Matrix6 propagate_covariance(const AffineStep& step, const Matrix6& V0, std::size_t n);

}  // namespace spincom
