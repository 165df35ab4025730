#pragma once
// Symplectic tools for Gaussian covariance matrices in the convention of spincom:
// quadratures ordered (x_1, p_1, x_2, p_2, ...), vacuum variance 1/2, so the uncertainty
// principle reads V + (i/2) Omega >= 0, with Omega = diag([[0, 1], [-1, 0]], ...).
#include <string>

#include <Eigen/Core>

#include "spincom/core/conventions.hpp"

namespace spincom {

/// Omega for n modes.
Eigen::MatrixXd symplectic_form(int n_modes);

/// The Williamson symplectic eigenvalues nu_k of V (2n x 2n, symmetric, positive definite),
/// ascending: the moduli of the eigenvalues of i Omega V. Vacuum: all 1/2.
Eigen::VectorXd symplectic_eigenvalues(const Eigen::MatrixXd& V);

/// The 4 x 4 covariance of modes (a, b), a != b, out of the 6 x 6 V (other mode traced out).
Matrix4 two_mode_reduction(const Matrix6& V, Mode a, Mode b);

/// Default tolerance of the physicality check, relative to the vacuum value 1/2.
inline constexpr double physicality_relative_tolerance = 1e-9;

struct PhysicalityReport {
  bool physical;                     ///< V > 0 and nu_min >= (1 - rtol)/2
  double min_symplectic_eigenvalue;  ///< nu_min (>= 1/2 for a quantum state)
  double min_eigenvalue_V;           ///< smallest eigenvalue of V
  std::string reason;                ///< empty when physical, else what failed
};

/// Checks V + (i/2) Omega >= 0 with a relative tolerance `rtol` on the symplectic spectrum.
PhysicalityReport check_physicality(const Eigen::MatrixXd& V,
                                    double rtol = physicality_relative_tolerance);

}  // namespace spincom
