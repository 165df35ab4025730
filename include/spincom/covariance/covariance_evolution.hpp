#pragma once
// The closed-form transient covariance on any set of times from ONE decomposition of A
// (docs/physics.md sections 4 and 13):
//   V(t) = e^{At} V0 e^{A^T t} + Q(t),   Q(t) = int_0^t e^{As} D e^{A^T s} ds.
// With A = S diag(lambda) S^{-1}, W0 = S^{-1} V0 S^{-T} and Dt = S^{-1} D S^{-T} (complex
// symmetric),
//   V(t) = Re( S M(t) S^T ),  M_ij(t) = e^{z_ij t} W0_ij + Dt_ij (e^{z_ij t} - 1)/z_ij,
//   z_ij = lambda_i + lambda_j,
// so each time costs 21 complex exponentials and two 6 x 6 complex products. The eigenbasis is
// used when cond(S) <= max_condition; a defective or nearly defective A (cond(S) large, where
// the rounding error grows like eps cond(S)^2) falls back to Van Loan's block exponential per
// time (covariance_closed_form), which is exact but ~20x slower. Works for unstable A too.
#include <complex>
#include <string_view>

#include "spincom/core/conventions.hpp"

namespace spincom {

using Complex = std::complex<double>;
using Vector6c = Eigen::Matrix<Complex, 6, 1>;
using Matrix6c = Eigen::Matrix<Complex, 6, 6>;

/// How V(t) is evaluated.
enum class EvolutionMethod { eigenbasis, van_loan };

std::string_view to_string(EvolutionMethod m);

/// The eigen-decomposition A = S diag(lambda) S^{-1} with its condition number, shared by the
/// transient covariance and the spectra (covariance/quadrature_spectrum.hpp).
struct EigenBasis {
  Vector6c lambda;     ///< eigenvalues of A, s^-1
  Matrix6c S;          ///< eigenvectors (unit columns)
  Matrix6c S_inverse;  ///< S^{-1}
  double condition;    ///< cond_2(S) = sigma_max / sigma_min (infinity when S is singular)
};

/// Throws NumericalFailure when A is not finite.
EigenBasis eigen_basis(const Matrix6& A);

/// Above this cond(S) the eigenbasis is not trusted: eps cond^2 ~ 1e-10 relative at 1e3 is
/// below the 1e-9 cross-check; docs/decisions.md item 33.
inline constexpr double default_max_condition = 1e3;

class CovarianceEvolution {
 public:
  /// Decomposes A once. Throws InvalidParameter for a non-finite A, D or V0.
  CovarianceEvolution(const Matrix6& A, const Matrix6& D, const Matrix6& V0,
                      double max_condition = default_max_condition);

  /// V(t), symmetric. Throws InvalidParameter for t < 0 or non-finite t.
  [[nodiscard]] Matrix6 operator()(double t) const;

  [[nodiscard]] EvolutionMethod method() const { return method_; }
  [[nodiscard]] const EigenBasis& basis() const { return basis_; }
  [[nodiscard]] const Matrix6& A() const { return A_; }

 private:
  [[nodiscard]] Matrix6 eigenbasis_V(double t) const;

  Matrix6 A_, D_, V0_;
  EigenBasis basis_;
  EvolutionMethod method_;
  Matrix6c W0_, Dt_;  ///< S^{-1} V0 S^{-T}, S^{-1} D S^{-T}
};

/// The slowest relaxation rate of the fluctuations, min_i |Re lambda_i| (s^-1); the covariance
/// relaxes at twice this rate (V - V_inf ~ e^{2 max Re lambda t}).
double slowest_relaxation_rate(const Vector6c& lambda);

}  // namespace spincom
