#include "spincom/measures/log_negativity.hpp"

#include <algorithm>
#include <cmath>

#include <limits>

#include <Eigen/Eigenvalues>
#include <Eigen/Cholesky>
#include <Eigen/LU>

#include "spincom/measures/symplectic.hpp"

namespace spincom {

namespace {

/// det V' from a Cholesky factor (relative error ~ eps kappa(V')), or from LU with partial pivoting
/// when V' is not positive definite. Eigen's fixed-size 4 x 4 determinant expands cofactors, whose
/// error is ~ eps max|V'|^4 / det V': at a growing V (entries 1e9, det 1e17) it returned a negative
/// det and so nu^- = 0, E_N = inf, where the state is perfectly resolvable (nu^- = 0.39).
double accurate_determinant(const Matrix4& Vp) {
  const Eigen::LLT<Matrix4> llt(Vp);
  if (llt.info() == Eigen::Success) {
    const double d = llt.matrixLLT().diagonal().prod();
    return d * d;
  }
  return Eigen::PartialPivLU<Matrix4>(Vp).determinant();
}

}  // namespace

LogNegativity log_negativity(const Matrix4& Vp) {
  const double detA = Vp.block<2, 2>(0, 0).determinant();
  const double detB = Vp.block<2, 2>(2, 2).determinant();
  const double detC = Vp.block<2, 2>(0, 2).determinant();
  const double detV = accurate_determinant(Vp);
  const double Sigma = detA + detB - 2.0 * detC;
  const double disc = std::max(Sigma * Sigma - 4.0 * detV, 0.0);
  // nu_-^2 nu_+^2 = det V' and nu_-^2 + nu_+^2 = Sigma: take nu_+^2 = (Sigma + sqrt(disc))/2,
  // which has no cancellation, and nu_-^2 = det V' / nu_+^2 (Eq. 12 rearranged, same value).
  const double nu_plus_sq = 0.5 * (Sigma + std::sqrt(disc));
  const double nu = nu_plus_sq > 0.0 ? std::sqrt(std::max(detV, 0.0) / nu_plus_sq) : 0.0;
  return {nu, std::max(0.0, -std::log(2.0 * nu))};
}

LogNegativity log_negativity(const Matrix6& V, Mode a, Mode b) {
  return log_negativity(two_mode_reduction(V, a, b));
}

double raw_log_negativity(const Matrix6& V, Mode a, Mode b) {
  return -std::log(2.0 * log_negativity(V, a, b).nu_minus);
}

double log_negativity_rounding(const Matrix6& V, Mode a, Mode b) {
  const Eigen::SelfAdjointEigenSolver<Matrix4> eig(two_mode_reduction(V, a, b), Eigen::EigenvaluesOnly);
  const double lowest = eig.eigenvalues()(0), highest = eig.eigenvalues()(3);
  if (!(lowest > 0.0) || !std::isfinite(highest)) return std::numeric_limits<double>::infinity();
  return 4.0 * std::numeric_limits<double>::epsilon() * highest / lowest;
}

}  // namespace spincom
