#include "spincom/linear/lyapunov.hpp"

#include <cmath>
#include <string>

#include <Eigen/Eigenvalues>
#include <Eigen/LU>

#include "spincom/core/error.hpp"

namespace spincom {

template <int N>
double lyapunov_residual(const Eigen::Matrix<double, N, N>& A, const Eigen::Matrix<double, N, N>& V,
                         const Eigen::Matrix<double, N, N>& D) {
  const double r = (A * V + V * A.transpose() + D).norm();
  const double d = D.norm();
  const double scale = d > 0.0 ? d : A.norm() * V.norm();
  return scale > 0.0 ? r / scale : r;
}

template <int N>
LyapunovSolution<N> solve_lyapunov(const Eigen::Matrix<double, N, N>& A,
                                   const Eigen::Matrix<double, N, N>& D) {
  using Mat = Eigen::Matrix<double, N, N>;
  const Eigen::RealSchur<Mat> schur(A, /*computeU=*/true);
  const Mat& T = schur.matrixT();
  const Mat& U = schur.matrixU();
  const Mat C = -(U.transpose() * D * U);

  // Block starts of the quasi-triangular T.
  int starts[N + 1];
  int n_blocks = 0;
  for (int i = 0; i < N;) {
    starts[n_blocks++] = i;
    i += (i + 1 < N && T(i + 1, i) != 0.0) ? 2 : 1;
  }
  starts[n_blocks] = N;

  Mat Y = Mat::Zero();
  const double tiny = 1e-14 * T.cwiseAbs().maxCoeff();
  for (int I = n_blocks - 1; I >= 0; --I) {
    const int i0 = starts[I], p = starts[I + 1] - i0;
    for (int Jb = n_blocks - 1; Jb >= I; --Jb) {
      const int j0 = starts[Jb], q = starts[Jb + 1] - j0;
      // T_II Y_IJ + Y_IJ T_JJ^T = C_IJ - sum_{K>I} T_IK Y_KJ - sum_{K>J} Y_IK T_JK^T
      Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 2, 2> R = C.block(i0, j0, p, q);
      const int ie = i0 + p, je = j0 + q;
      if (ie < N) R.noalias() -= T.block(i0, ie, p, N - ie) * Y.block(ie, j0, N - ie, q);
      if (je < N) R.noalias() -= Y.block(i0, je, p, N - je) * T.block(j0, je, q, N - je).transpose();
      // Kronecker form (I_q (x) T_II + T_JJ (x) I_p) vec(Y_IJ) = vec(R), column-major vec.
      Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 4, 4> K =
          Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 4, 4>::Zero(p * q, p * q);
      for (int c = 0; c < q; ++c)
        for (int r = 0; r < p; ++r)
          for (int r2 = 0; r2 < p; ++r2) K(c * p + r, c * p + r2) += T(i0 + r, i0 + r2);
      for (int c = 0; c < q; ++c)
        for (int c2 = 0; c2 < q; ++c2)
          for (int r = 0; r < p; ++r) K(c * p + r, c2 * p + r) += T(j0 + c, j0 + c2);
      Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 4, 1> rhs(p * q);
      for (int c = 0; c < q; ++c)
        for (int r = 0; r < p; ++r) rhs(c * p + r) = R(r, c);
      const Eigen::FullPivLU<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, 0, 4, 4>> lu(K);
      const double pivot = lu.matrixLU().diagonal().cwiseAbs().minCoeff();
      if (!(pivot > tiny))
        throw NumericalFailure(
            "Lyapunov: A has eigenvalues with lambda_i + lambda_j ~ 0 (smallest pivot " +
            format_value(pivot) + " vs scale " + format_value(T.cwiseAbs().maxCoeff()) +
            "), so A V + V A^T = -D has no unique solution. Hint: the point is marginally "
            "stable; check its stability report.");
      const auto x = lu.solve(rhs).eval();
      for (int c = 0; c < q; ++c)
        for (int r = 0; r < p; ++r) {
          Y(i0 + r, j0 + c) = x(c * p + r);
          Y(j0 + c, i0 + r) = x(c * p + r);
        }
    }
  }
  Mat V = U * Y * U.transpose();
  V = (0.5 * (V + V.transpose())).eval();
  return {V, lyapunov_residual<N>(A, V, D)};
}

#define SPINCOM_INSTANTIATE_LYAPUNOV(N)                                                        \
  template LyapunovSolution<N> solve_lyapunov<N>(const Eigen::Matrix<double, N, N>&,           \
                                                 const Eigen::Matrix<double, N, N>&);          \
  template double lyapunov_residual<N>(const Eigen::Matrix<double, N, N>&,                     \
                                       const Eigen::Matrix<double, N, N>&,                     \
                                       const Eigen::Matrix<double, N, N>&);
SPINCOM_INSTANTIATE_LYAPUNOV(2)
SPINCOM_INSTANTIATE_LYAPUNOV(4)
SPINCOM_INSTANTIATE_LYAPUNOV(6)
#undef SPINCOM_INSTANTIATE_LYAPUNOV

}  // namespace spincom
