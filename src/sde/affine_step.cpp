#include "spincom/sde/affine_step.hpp"

#include <Eigen/Eigenvalues>

namespace spincom {

double spectral_radius(const Matrix6& M) {
  return Eigen::EigenSolver<Matrix6>(M, false).eigenvalues().cwiseAbs().maxCoeff();
}

Matrix6 propagate_covariance(const AffineStep& step, const Matrix6& V0, std::size_t n) {
  const Matrix6 NN = step.N * step.N.transpose();
  Matrix6 V = V0;
  for (std::size_t i = 0; i < n; ++i) {
    V = (step.M * V * step.M.transpose() + NN).eval();
    V = (0.5 * (V + V.transpose())).eval();
  }
  return V;
}

}  // namespace spincom
