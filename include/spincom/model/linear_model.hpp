#pragma once
// Linearized fluctuations, Eqs. (5)-(6): du = A u dt + noise, with
// <v_k(t) v_l(t') + v_l(t') v_k(t)>/2 = D_kl delta(t - t').
// u = (X_driven, Y_driven, X_other, Y_other, q, p); vacuum variance 1/2.
#include "spincom/core/conventions.hpp"
#include "spincom/model/derived_quantities.hpp"
#include "spincom/model/mean_field.hpp"
#include "spincom/model/parameters.hpp"

namespace spincom {

/// The drift A and diffusion D of the linearized quantum Langevin equations.
struct LinearModel {
  Matrix6 A;  ///< drift matrix, s^-1 (Eq. 6 with each row's mode index restored)
  Matrix6 D;  ///< diffusion matrix, s^-1 (rank 5 for the Brownian bath)
};

/// The drift matrix A of docs/physics.md section 4 around fixed point `fp`.
Matrix6 drift_matrix(const Parameters& p, const DerivedQuantities& d, const FixedPoint& fp);

/// D = diag(kappa, kappa, kappa, kappa, 0, gamma_m (2 n_m + 1)) for the Brownian bath;
/// diag(kappa x4, gamma_m (n_m + 1/2), gamma_m (n_m + 1/2)) for the symmetric bath.
Matrix6 diffusion_matrix(const Parameters& p, const DerivedQuantities& d);

LinearModel linearize(const Parameters& p, const DerivedQuantities& d, const FixedPoint& fp);

}  // namespace spincom
