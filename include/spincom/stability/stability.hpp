#pragma once
// Stability of the linearized dynamics: eigenvalues of A and the Routh-Hurwitz criterion of
// supplement S3 (Eqs. S3.14, S3.17, S3.18), returned as a report, never thrown.
#include <array>
#include <complex>

#include "spincom/core/conventions.hpp"
#include "spincom/stability/schur_form.hpp"

namespace spincom {

/// |max Re lambda| below this fraction of the scale max|A_ij| is "marginal": neither verdict
/// can be trusted there in double precision (docs/physics.md section 6).
inline constexpr double marginal_relative_tolerance = 1e-9;

struct StabilityReport {
  std::array<std::complex<double>, 6> eigenvalues;  ///< of A, s^-1, sorted by descending real part
  double max_re_eig;          ///< max Re lambda(A), s^-1
  double scale;               ///< s = max |A_ij|: A is scaled by 1/s before the polynomial
  std::array<double, 6> a;    ///< a_1..a_6 of det(lambda I - A), SI (s^-k)
  std::array<double, 6> a_scaled;             ///< a_k of A/s (dimensionless, O(1))
  std::array<double, 6> hurwitz_dets;         ///< det theta_1..theta_6, SI (s^-k(k+1)/2)
  std::array<double, 6> hurwitz_dets_scaled;  ///< det theta_k of A/s
  std::array<double, 6> Theta;  ///< Theta_k of Eq. (S3.18) from the SI determinants
  bool routh_hurwitz_stable;    ///< every a_k > 0 and every det theta_k > 0
  bool eigenvalue_stable;       ///< max Re lambda < 0
  bool verdicts_disagree;       ///< the two verdicts differ: numerically marginal
  bool marginal;                ///< |max Re lambda| <= marginal_relative_tolerance * scale

  /// Stable only when both verdicts say so and the point is not marginal: a disagreement, or a
  /// decay rate below what double precision resolves, is treated as not stable.
  [[nodiscard]] bool stable() const { return routh_hurwitz_stable && eigenvalue_stable && !marginal; }
};

/// Eigenvalues and Routh-Hurwitz for a 6 x 6 drift matrix.
StabilityReport check_stability(const Matrix6& A);

/// The same from a precomputed Schur form of A (eigenvalues from T, polynomial from H).
StabilityReport check_stability(const ScaledSchurForm& form);

/// The eigenvalues of a real quasi-triangular T (1x1 and 2x2 diagonal blocks).
std::array<std::complex<double>, 6> quasi_triangular_eigenvalues(const Matrix6& T);

/// The k x k Hurwitz matrix theta_k of S3.17 (entries a_{2l-n}, a_0 = 1, zero outside 0..deg).
Eigen::MatrixXd hurwitz_matrix(const std::array<double, 6>& a, int k);

}  // namespace spincom
