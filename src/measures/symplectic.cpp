#include "spincom/measures/symplectic.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Eigenvalues>

#include "spincom/core/error.hpp"

namespace spincom {

Eigen::MatrixXd symplectic_form(int n_modes) {
  Eigen::MatrixXd omega = Eigen::MatrixXd::Zero(2 * n_modes, 2 * n_modes);
  for (int k = 0; k < n_modes; ++k) {
    omega(2 * k, 2 * k + 1) = 1.0;
    omega(2 * k + 1, 2 * k) = -1.0;
  }
  return omega;
}

Eigen::VectorXd symplectic_eigenvalues(const Eigen::MatrixXd& V) {
  const auto n2 = V.rows();
  if (n2 % 2 != 0 || V.cols() != n2)
    throw InvalidParameter("symplectic_eigenvalues: V is " + std::to_string(V.rows()) + " x " +
                           std::to_string(V.cols()) + "; valid is a square matrix of even size.");
  const Eigen::MatrixXd M = symplectic_form(static_cast<int>(n2 / 2)) * V;
  const Eigen::EigenSolver<Eigen::MatrixXd> es(M, false);
  // The spectrum of Omega V is {+- i nu_k}; sort the moduli and take one of each pair.
  Eigen::VectorXd moduli = es.eigenvalues().cwiseAbs();
  std::sort(moduli.data(), moduli.data() + moduli.size());
  Eigen::VectorXd nu(n2 / 2);
  for (Eigen::Index k = 0; k < n2 / 2; ++k) nu(k) = 0.5 * (moduli(2 * k) + moduli(2 * k + 1));
  return nu;
}

Matrix4 two_mode_reduction(const Matrix6& V, Mode a, Mode b) {
  if (a == b) throw InvalidParameter("two_mode_reduction: the two modes must differ.");
  const int ia = 2 * static_cast<int>(a), ib = 2 * static_cast<int>(b);
  const int idx[4] = {ia, ia + 1, ib, ib + 1};
  Matrix4 out;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) out(r, c) = V(idx[r], idx[c]);
  return out;
}

PhysicalityReport check_physicality(const Eigen::MatrixXd& V, double rtol) {
  PhysicalityReport r{};
  if (!V.allFinite()) {
    r.physical = false;
    r.min_symplectic_eigenvalue = r.min_eigenvalue_V = std::nan("");
    r.reason = "V has non-finite entries";
    return r;
  }
  const Eigen::MatrixXd S = 0.5 * (V + V.transpose());
  r.min_eigenvalue_V = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(S, Eigen::EigenvaluesOnly)
                           .eigenvalues()
                           .minCoeff();
  if (!(r.min_eigenvalue_V > 0.0)) {
    r.physical = false;
    r.min_symplectic_eigenvalue = std::nan("");
    r.reason = "V is not positive definite (smallest eigenvalue " + format_value(r.min_eigenvalue_V) + ")";
    return r;
  }
  r.min_symplectic_eigenvalue = symplectic_eigenvalues(S).minCoeff();
  r.physical = r.min_symplectic_eigenvalue >= 0.5 * (1.0 - rtol);
  if (!r.physical)
    r.reason = "V + (i/2) Omega is not positive semidefinite: the smallest symplectic eigenvalue " +
               format_value(r.min_symplectic_eigenvalue) + " is below 1/2";
  return r;
}

}  // namespace spincom
