#pragma once
// Exact propagation of the linear SDE du = A u dt + B dW over a time h (docs/physics.md section 8):
//   u(t + h) = Phi u(t) + noise with covariance Q(h),
//   Phi = e^{A h},  Q(h) = int_0^h e^{A s} D e^{A^T s} ds,  D = B B^T.
// Van Loan (1978): expm([[-A, D], [0, A^T]] tau) = [[., F12], [0, F22]] gives Phi(tau) = F22^T
// and Q(tau) = Phi(tau) F12. The block exponential is taken only for tau = h / 2^k with
// ||A|| tau <= 1/2 (where e^{-A tau} cannot grow), then doubled k times:
//   Phi(2 tau) = Phi(tau)^2,  Q(2 tau) = Phi(tau) Q(tau) Phi(tau)^T + Q(tau).
#include "spincom/core/conventions.hpp"

namespace spincom {

struct OuPropagator {
  double h;     ///< time step, s
  Matrix6 Phi;  ///< e^{A h}
  Matrix6 Q;    ///< int_0^h e^{A s} D e^{A^T s} ds (symmetric, positive semidefinite)
  int squarings;  ///< k: number of doublings used
};

/// Throws InvalidParameter for h < 0 or non-finite h.
OuPropagator ou_propagator(const Matrix6& A, const Matrix6& D, double h);

/// The closed-form covariance V(t) = e^{At} V0 e^{A^T t} + Q(t).
Matrix6 covariance_closed_form(const Matrix6& A, const Matrix6& D, const Matrix6& V0, double t);

}  // namespace spincom
