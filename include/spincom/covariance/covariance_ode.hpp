#pragma once
// The deterministic covariance ODE dV/dt = A V + V A^T + D (docs/physics.md section 4), integrated
// with Boost.Odeint's controlled, dense-output Dormand-Prince 5(4) stepper. It is the
// reference the closed form (ou_propagator.hpp) and the sampled ensembles are checked against.
#include <vector>

#include "spincom/core/conventions.hpp"

namespace spincom {

struct CovarianceOdeOptions {
  // At 1e-14 the ODE agrees with the Van Loan closed form to ~1e-11 relative at Table I
  // (1e-12 gives ~1e-9): tight enough that the 1e-9 cross-check tests the closed form.
  double relative_tolerance = 1e-14;  ///< odeint's eps_rel
  double absolute_tolerance = 1e-14;  ///< odeint's eps_abs, in units of max|V0 entry|
};

struct CovarianceTrajectory {
  std::vector<double> times;   ///< as requested (ascending, >= 0)
  std::vector<Matrix6> V;      ///< V(t) at each time
  std::size_t steps;           ///< accepted + rejected odeint steps (a cost indicator)
};

/// V(t) at `times` (ascending, first >= 0) from V(0) = V0. Throws InvalidParameter when the
/// times are out of order, negative or not finite.
CovarianceTrajectory integrate_covariance_ode(const Matrix6& A, const Matrix6& D, const Matrix6& V0,
                                              const std::vector<double>& times,
                                              const CovarianceOdeOptions& options = {});

}  // namespace spincom
