#pragma once
// Stability of the linearized dynamics: eigenvalues of A and the Routh-Hurwitz criterion of
// supplement S3 (Eqs. S3.14, S3.17, S3.18), returned as a report, never thrown. The verdict is
// three-way: each eigenvalue carries a first-order rounding bound from its condition number, and
// a sign that rounding could flip is "undetermined at double precision", not "unstable".
#include <array>
#include <complex>
#include <string_view>

#include "spincom/core/conventions.hpp"
#include "spincom/stability/schur_form.hpp"

namespace spincom {

/// The three outcomes of the stability test (docs/decisions.md 68).
enum class StabilityVerdict {
  stable,        ///< every eigenvalue lies in Re < 0 beyond its rounding bound, and Routh-Hurwitz agrees
  unstable,      ///< an eigenvalue lies in Re > 0 beyond its rounding bound, and Routh-Hurwitz agrees
  undetermined,  ///< double precision cannot tell: a bound reaches Re = 0, or the two tests disagree
};
/// "stable", "unstable", "undetermined".
std::string_view to_string(StabilityVerdict v);

/// Safety factor of the eigenvalue error bound |delta lambda_i| <= c eps ||A||_F kappa(lambda_i):
/// eps ||A||_F kappa is LAPACK's first-order estimate for a backward-stable Schur form; c covers
/// the growth factor of the reduction (~n), the rounding of A's own entries and the neglected
/// second order. Measured against long-double eigenvalues of 2000 random matrices with kappa up to
/// 1e12 (tests/numeric/test_stability_verdict.cpp): the error stays below 3.9 eps ||A||_F kappa,
/// so c = 100 leaves a margin of 25.
inline constexpr double eigenvalue_error_safety = 100.0;

struct StabilityReport {
  std::array<std::complex<double>, 6> eigenvalues;  ///< of A, s^-1, sorted by descending real part
  std::array<double, 6> eigenvalue_condition;  ///< kappa(lambda_i) = ||x|| ||y|| / |y^H x| (1: normal; inf: defective)
  std::array<double, 6> eigenvalue_error;      ///< s^-1, bound on |delta lambda_i| = backward_error kappa(lambda_i)
  double backward_error;      ///< s^-1, eigenvalue_error_safety eps ||A||_F: what rounding perturbs A by
  double max_re_eig;          ///< max Re lambda(A), s^-1
  double max_re_eig_lower;    ///< s^-1: the exact max Re lambda lies in [lower, upper] (first order)
  double max_re_eig_upper;    ///< s^-1: max_i (Re lambda_i + eigenvalue_error_i); +inf if an eigenvalue is defective
  double scale;               ///< s = max |A_ij|: A is scaled by 1/s before the polynomial
  std::array<double, 6> a;    ///< a_1..a_6 of det(lambda I - A), SI (s^-k)
  std::array<double, 6> a_scaled;             ///< a_k of A/s (dimensionless, O(1))
  std::array<double, 6> hurwitz_dets;         ///< det theta_1..theta_6, SI (s^-k(k+1)/2)
  std::array<double, 6> hurwitz_dets_scaled;  ///< det theta_k of A/s
  std::array<double, 6> Theta;  ///< Theta_k of Eq. (S3.18) from the SI determinants
  bool routh_hurwitz_stable;    ///< every a_k > 0 and every det theta_k > 0
  bool eigenvalue_stable;       ///< max Re lambda < 0 (the sign alone, before its bound)
  bool verdicts_disagree;       ///< the two signs differ: the verdict is undetermined
  StabilityVerdict verdict;     ///< stable / unstable / undetermined at double precision

  /// Stable only when the eigenvalues are resolved into Re < 0 and Routh-Hurwitz agrees.
  [[nodiscard]] bool stable() const { return verdict == StabilityVerdict::stable; }
  /// Neither verdict holds at double precision: neither "stable" nor "no steady state exists".
  [[nodiscard]] bool undetermined() const { return verdict == StabilityVerdict::undetermined; }
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
