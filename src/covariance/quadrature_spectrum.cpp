#include "spincom/covariance/quadrature_spectrum.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/LU>

#include "spincom/core/error.hpp"

namespace spincom {
namespace {

void require_finite(const Matrix6& M, const char* what) {
  if (!M.allFinite())
    throw InvalidParameter(std::string(what) + " has a non-finite entry: valid is a finite 6 x 6 matrix. Hint: "
                           "check the parameters (spincom steady).");
}

void require_frequency(double omega) {
  if (!std::isfinite(omega))
    throw InvalidParameter("angular frequency omega = " + format_value(omega) +
                           " s^-1: valid is a finite number. Hint: check the frequency list.");
}

Matrix6c shifted(const Matrix6& A, double omega) {
  Matrix6c Aw = A.cast<Complex>();
  Aw.diagonal().array() += Complex(0.0, omega);
  return Aw;
}

}  // namespace

Matrix6c quadrature_spectrum_direct(const Matrix6& A, const Matrix6& D, double omega) {
  require_frequency(omega);
  const Matrix6c M = shifted(A, omega).partialPivLu().inverse();
  return M * D.cast<Complex>() * M.adjoint();
}

QuadratureSpectrum::QuadratureSpectrum(const Matrix6& A, const Matrix6& D, double max_condition) : A_(A), D_(D) {
  require_finite(A, "the drift matrix A");
  require_finite(D, "the diffusion matrix D");
  basis_ = eigen_basis(A);
  method_ = basis_.condition <= max_condition ? EvolutionMethod::eigenbasis : EvolutionMethod::van_loan;
  if (method_ == EvolutionMethod::eigenbasis) Dh_ = basis_.S_inverse * D.cast<Complex>() * basis_.S_inverse.adjoint();
}

Complex QuadratureSpectrum::entry(int k, int l, double omega) const {
  if (k < 0 || k > 5 || l < 0 || l > 5)
    throw InvalidParameter("quadrature indices (" + std::to_string(k) + ", " + std::to_string(l) +
                           "): valid are 0..5 (X_driven, Y_driven, X_other, Y_other, q, p).");
  if (method_ != EvolutionMethod::eigenbasis) return quadrature_spectrum_direct(A_, D_, omega)(k, l);
  require_frequency(omega);
  const Vector6c g = (basis_.lambda.array() + Complex(0.0, omega)).inverse();
  const Vector6c a = basis_.S.row(k).transpose().cwiseProduct(g);
  const Vector6c b = basis_.S.row(l).transpose().cwiseProduct(g);
  return a.transpose() * Dh_ * b.conjugate();
}

Matrix6c QuadratureSpectrum::matrix(double omega) const {
  if (method_ != EvolutionMethod::eigenbasis) return quadrature_spectrum_direct(A_, D_, omega);
  require_frequency(omega);
  const Vector6c g = (basis_.lambda.array() + Complex(0.0, omega)).inverse();
  const Matrix6c Sg = basis_.S * g.asDiagonal();
  return Sg * Dh_ * Sg.adjoint();
}

Vector6c QuadratureSpectrum::response_row(const Vector6& c, double omega) const {
  if (method_ != EvolutionMethod::eigenbasis)
    return shifted(A_, omega).transpose().partialPivLu().solve(c.cast<Complex>());  // (c^T M)^T = M^T c
  const Vector6c g = (basis_.lambda.array() + Complex(0.0, omega)).inverse();
  const Vector6c cS = (c.cast<Complex>().transpose() * basis_.S).transpose();
  return (cS.cwiseProduct(g).transpose() * basis_.S_inverse).transpose();
}

double QuadratureSpectrum::readout(const Vector6& c, const Vector6& b, double omega) const {
  require_frequency(omega);
  const Vector6c r = b.cast<Complex>() - response_row(c, omega);
  return std::max(0.0, (r.transpose() * D_.cast<Complex>() * r.conjugate())(0, 0).real());
}

}  // namespace spincom
