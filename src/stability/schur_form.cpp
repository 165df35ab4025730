#include "spincom/stability/schur_form.hpp"

#include <Eigen/Eigenvalues>

#include "spincom/core/error.hpp"

namespace spincom {

namespace {

/// The Hessenberg and real Schur forms of M = back^T A_hat back into f (H of M; U maps back to
/// A_hat's basis; no `back`: M is A_hat). False when the QR iterations do not converge.
bool schur_into(ScaledSchurForm& f, const Matrix6& M, const Matrix6* back) {
  const Eigen::HessenbergDecomposition<Matrix6> hess(M);
  const Matrix6 H = hess.matrixH();
  const Matrix6 Q = hess.matrixQ();
  Eigen::RealSchur<Matrix6> schur(6);
  schur.computeFromHessenberg(H, Q, /*computeU=*/true);
  if (schur.info() != Eigen::Success) return false;
  f.H = H;
  f.T = schur.matrixT();
  f.U = back ? Matrix6(*back * schur.matrixU()) : Matrix6(schur.matrixU());
  return true;
}

}  // namespace

ScaledSchurForm scaled_schur_form(const Matrix6& A) {
  ScaledSchurForm f;
  f.scale = A.cwiseAbs().maxCoeff();
  if (!std::isfinite(f.scale))
    throw NumericalFailure("the drift matrix A has non-finite entries. Hint: check the parameters.");
  if (f.scale == 0.0) f.scale = 1.0;
  const Matrix6 A_hat = A / f.scale;
  if (schur_into(f, A_hat, nullptr)) return f;
  // QR iterations can stall on decoupled blocks whose rates lie 1e15 apart (no pumping, extreme
  // Q): retry on a fixed orthogonal rotation P A P^T of the matrix, which keeps the form orthogonal
  // (A = (P^T U) T (P^T U)^T) and mixes the blocks' exact zeros away.
  const Vector6 v = (Vector6() << 1.0, 2.0, 3.0, 4.0, 5.0, 6.0).finished().normalized();
  const Matrix6 P = Matrix6::Identity() - 2.0 * v * v.transpose();
  const Matrix6 back = P.transpose();
  if (schur_into(f, P * A_hat * P.transpose(), &back)) return f;
  throw NumericalFailure("the real Schur decomposition of A did not converge. Hint: check A for "
                         "extreme entries.");
}

}  // namespace spincom
