#include "spincom/sde/noise_factor.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Eigenvalues>

#include "spincom/core/error.hpp"

namespace spincom {

NoiseFactor noise_factor(const Matrix6& Q) {
  if (!Q.allFinite()) throw InvalidParameter("noise covariance has non-finite entries. Hint: check the parameters and grid.dt.");
  const double asym = (Q - Q.transpose()).cwiseAbs().maxCoeff();
  const double size = Q.cwiseAbs().maxCoeff();
  if (asym > 1e-12 * size)
    throw InvalidParameter("noise covariance is not symmetric (max |Q - Q^T| = " + format_value(asym) +
                           " vs max |Q| = " + format_value(size) + "). Hint: a covariance must be symmetric.");
  const Eigen::SelfAdjointEigenSolver<Matrix6> es(0.5 * (Q + Q.transpose()));
  const auto& lambda = es.eigenvalues();  // ascending
  const double top = std::max(lambda(5), 0.0);
  NoiseFactor f{Matrix6::Zero(), 0, 0.0};
  if (top == 0.0) return f;  // Q = 0: no noise
  if (lambda(0) < -noise_factor_negative_tolerance * top)
    throw InvalidParameter("noise covariance is not positive semidefinite: eigenvalue " +
                           format_value(lambda(0)) + " vs largest " + format_value(top) +
                           ". Hint: a covariance (D, Q(h) or V0) must have no negative eigenvalues.");
  Eigen::Matrix<double, 6, 1> root;
  for (int i = 0; i < 6; ++i) {
    if (lambda(i) < 0.0) f.clipped = std::max(f.clipped, -lambda(i) / top);
    root(i) = std::sqrt(std::max(lambda(i), 0.0));
    if (lambda(i) > 1e-14 * top) ++f.rank;
  }
  f.L = es.eigenvectors() * root.asDiagonal();
  return f;
}

}  // namespace spincom
