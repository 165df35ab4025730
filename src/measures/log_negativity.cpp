#include "spincom/measures/log_negativity.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/LU>

#include "spincom/measures/symplectic.hpp"

namespace spincom {

LogNegativity log_negativity(const Matrix4& Vp) {
  const double detA = Vp.block<2, 2>(0, 0).determinant();
  const double detB = Vp.block<2, 2>(2, 2).determinant();
  const double detC = Vp.block<2, 2>(0, 2).determinant();
  const double detV = Vp.determinant();
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

}  // namespace spincom
