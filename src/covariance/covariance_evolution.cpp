#include "spincom/covariance/covariance_evolution.hpp"

#include <cmath>
#include <limits>

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <Eigen/SVD>

#include "spincom/core/error.hpp"
#include "spincom/covariance/ou_propagator.hpp"

namespace spincom {
namespace {

/// e^z - 1 without cancellation for small |z| (expm1 of the real part, sin^2 for the phase).
Complex expm1(Complex z) {
  const double x = z.real(), y = z.imag();
  const double s = std::sin(0.5 * y);
  return {std::expm1(x) * std::cos(y) - 2.0 * s * s, std::exp(x) * std::sin(y)};
}

/// (e^{z t} - 1)/z, = t at z = 0.
Complex phi(Complex z, double t) {
  if (z == Complex(0.0, 0.0)) return {t, 0.0};
  return expm1(z * t) / z;
}

void require_finite(const Matrix6& M, const char* what) {
  if (!M.allFinite())
    throw InvalidParameter(std::string(what) + " has a non-finite entry: valid is a finite 6 x 6 matrix. Hint: "
                           "check the parameters (spincom steady) or the initial covariance.");
}

}  // namespace

std::string_view to_string(EvolutionMethod m) { return m == EvolutionMethod::eigenbasis ? "eigenbasis" : "van-loan"; }

EigenBasis eigen_basis(const Matrix6& A) {
  if (!A.allFinite()) throw NumericalFailure("eigen-decomposition of A: A is not finite. Hint: check the parameters.");
  const Eigen::EigenSolver<Matrix6> es(A, true);
  if (es.info() != Eigen::Success)
    throw NumericalFailure("eigen-decomposition of A did not converge. Hint: check the parameters (spincom steady).");
  EigenBasis b;
  b.lambda = es.eigenvalues();
  b.S = es.eigenvectors();
  const Eigen::JacobiSVD<Matrix6c> svd(b.S);
  const double smin = svd.singularValues()(5), smax = svd.singularValues()(0);
  b.condition = smin > 0.0 ? smax / smin : std::numeric_limits<double>::infinity();
  b.S_inverse = std::isfinite(b.condition) ? Matrix6c(b.S.inverse()) : Matrix6c::Zero();
  return b;
}

double slowest_relaxation_rate(const Vector6c& lambda) { return lambda.real().cwiseAbs().minCoeff(); }

CovarianceEvolution::CovarianceEvolution(const Matrix6& A, const Matrix6& D, const Matrix6& V0, double max_condition)
    : A_(A), D_(D), V0_(V0) {
  require_finite(A, "the drift matrix A");
  require_finite(D, "the diffusion matrix D");
  require_finite(V0, "the initial covariance V0");
  basis_ = eigen_basis(A);
  method_ = basis_.condition <= max_condition ? EvolutionMethod::eigenbasis : EvolutionMethod::van_loan;
  if (method_ == EvolutionMethod::eigenbasis) {
    const Matrix6c& Si = basis_.S_inverse;
    W0_ = Si * V0.cast<Complex>() * Si.transpose();
    Dt_ = Si * D.cast<Complex>() * Si.transpose();
  }
}

Matrix6 CovarianceEvolution::operator()(double t) const {
  if (!std::isfinite(t) || t < 0.0)
    throw InvalidParameter("time t = " + format_value(t) + " s: valid is a finite t >= 0. Hint: check the time list.");
  if (method_ == EvolutionMethod::van_loan) return covariance_closed_form(A_, D_, V0_, t);
  return eigenbasis_V(t);
}

Matrix6 CovarianceEvolution::eigenbasis_V(double t) const {
  const Vector6c& lambda = basis_.lambda;
  Matrix6c M;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j <= i; ++j) {
      const Complex z = lambda(i) + lambda(j);
      const Complex m = std::exp(z * t) * W0_(i, j) + Dt_(i, j) * phi(z, t);
      M(i, j) = m;
      M(j, i) = m;
    }
  const Matrix6 V = (basis_.S * M * basis_.S.transpose()).real();
  return 0.5 * (V + V.transpose());
}

}  // namespace spincom
