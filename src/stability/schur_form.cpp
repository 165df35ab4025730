#include "spincom/stability/schur_form.hpp"

#include <Eigen/Eigenvalues>

#include "spincom/core/error.hpp"

namespace spincom {

ScaledSchurForm scaled_schur_form(const Matrix6& A) {
  ScaledSchurForm f;
  f.scale = A.cwiseAbs().maxCoeff();
  if (!std::isfinite(f.scale))
    throw NumericalFailure("the drift matrix A has non-finite entries. Hint: check the parameters.");
  if (f.scale == 0.0) f.scale = 1.0;
  const Matrix6 A_hat = A / f.scale;
  const Eigen::HessenbergDecomposition<Matrix6> hess(A_hat);
  f.H = hess.matrixH();
  const Matrix6 Q = hess.matrixQ();
  Eigen::RealSchur<Matrix6> schur(6);
  schur.computeFromHessenberg(f.H, Q, /*computeU=*/true);
  if (schur.info() != Eigen::Success)
    throw NumericalFailure("the real Schur decomposition of A did not converge. Hint: check A for "
                           "extreme entries.");
  f.T = schur.matrixT();
  f.U = schur.matrixU();
  return f;
}

}  // namespace spincom
