#pragma once
// Stationary noise spectra of the linear model du/dt = A u + nu(t), <nu(t) nu(t')^T>_sym = D delta(t - t')
// (docs/physics.md section 13). With the Fourier convention u(omega) = int u(t) e^{i omega t} dt,
//   u(omega) = -M(omega) nu(omega),   M(omega) = (A + i omega)^{-1},
//   S(omega) = int e^{i omega tau} <u(tau) u(0)^T>_sym dtau = M(omega) D M(omega)^dag
//            = (A + i omega)^{-1} D (A^T - i omega)^{-1},
// Hermitian and positive semidefinite, in s (variance per unit angular frequency), with
// int S(omega) domega / 2 pi = V (the Lyapunov covariance). Defined when A is stable.
//
// A linear readout y = c^T u + b^T nu (an output field, for example) has
//   y(omega) = r(omega)^T nu(omega),  r^T = b^T - c^T M(omega),  S_yy(omega) = r^T D conj(r).
//
// The evaluator decomposes A once (covariance/covariance_evolution.hpp, EigenBasis):
//   M(omega) = S diag(1 / (lambda + i omega)) S^{-1},
// and falls back to an LU solve per frequency when cond(S) is above the limit.
#include "spincom/covariance/covariance_evolution.hpp"

namespace spincom {

/// S(omega) by an LU solve of (A + i omega) (the reference, one factorization per omega).
Matrix6c quadrature_spectrum_direct(const Matrix6& A, const Matrix6& D, double omega);

class QuadratureSpectrum {
 public:
  /// Throws InvalidParameter for a non-finite A or D.
  QuadratureSpectrum(const Matrix6& A, const Matrix6& D, double max_condition = default_max_condition);

  /// S_kl(omega), k, l in 0..5 (quadrature order of core/conventions.hpp).
  [[nodiscard]] Complex entry(int k, int l, double omega) const;
  /// The whole S(omega).
  [[nodiscard]] Matrix6c matrix(double omega) const;
  /// S_yy(omega) of y = c^T u + b^T nu (real, >= 0).
  [[nodiscard]] double readout(const Vector6& c, const Vector6& b, double omega) const;

  [[nodiscard]] EvolutionMethod method() const { return method_; }
  [[nodiscard]] const EigenBasis& basis() const { return basis_; }

 private:
  [[nodiscard]] Vector6c response_row(const Vector6& c, double omega) const;  ///< c^T M(omega)

  Matrix6 A_, D_;
  EigenBasis basis_;
  EvolutionMethod method_;  ///< eigenbasis, or van_loan meaning "direct LU per frequency"
  Matrix6c Dh_;             ///< S^{-1} D S^{-dag}
};

}  // namespace spincom
