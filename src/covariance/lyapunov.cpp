#include "spincom/covariance/lyapunov.hpp"

#include <cmath>
#include <string>

#include <Eigen/Eigenvalues>

#include "spincom/core/conventions.hpp"
#include "spincom/core/error.hpp"
#include "spincom/stability/small_dense.hpp"

namespace spincom {

template <int N>
double lyapunov_residual(const Eigen::Matrix<double, N, N>& A, const Eigen::Matrix<double, N, N>& V,
                         const Eigen::Matrix<double, N, N>& D) {
  const double r = (A * V + V * A.transpose() + D).norm();
  const double d = D.norm();
  const double scale = d > 0.0 ? d : A.norm() * V.norm();
  return scale > 0.0 ? r / scale : r;
}

namespace {

/// lyapunov_residual for an exactly symmetric V, where V A^T = (A V)^T term by term: one matrix
/// product instead of two, the same bits.
template <int N>
double symmetric_residual(const Eigen::Matrix<double, N, N>& A, const Eigen::Matrix<double, N, N>& V,
                          const Eigen::Matrix<double, N, N>& D) {
  const Eigen::Matrix<double, N, N> AV = A * V;
  const double r = (AV + AV.transpose() + D).norm();
  const double d = D.norm();
  const double scale = d > 0.0 ? d : A.norm() * V.norm();
  return scale > 0.0 ? r / scale : r;
}

/// Solves T Y + Y T^T = C for quasi-triangular T, block by block (Bartels-Stewart).
template <int N>
Eigen::Matrix<double, N, N> solve_quasi_triangular(const Eigen::Matrix<double, N, N>& T,
                                                   const Eigen::Matrix<double, N, N>& C) {
  using Mat = Eigen::Matrix<double, N, N>;
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
      double K[16] = {};
      double x[4];
      const int m = p * q;
      for (int c = 0; c < q; ++c)
        for (int r = 0; r < p; ++r) {
          x[c * p + r] = R(r, c);
          for (int r2 = 0; r2 < p; ++r2) K[(c * p + r) * 4 + c * p + r2] += T(i0 + r, i0 + r2);
          for (int c2 = 0; c2 < q; ++c2) K[(c * p + r) * 4 + c2 * p + r] += T(j0 + c, j0 + c2);
        }
      double pivot = 0.0;
      detail::small_lu_solve<4>(K, m, x, pivot);
      if (!(pivot > tiny))
        throw NumericalFailure(
            "Lyapunov: A has eigenvalues with lambda_i + lambda_j ~ 0 (smallest pivot " +
            format_value(pivot) + " vs scale " + format_value(T.cwiseAbs().maxCoeff()) +
            "), so A V + V A^T = -D has no unique solution. Hint: the point is marginally "
            "stable; check its stability report.");
      for (int c = 0; c < q; ++c)
        for (int r = 0; r < p; ++r) {
          Y(i0 + r, j0 + c) = x[c * p + r];
          Y(j0 + c, i0 + r) = x[c * p + r];
        }
    }
  }
  return Y;
}

/// Residual level below which no refinement is taken (100x below the 1e-12 bar, ~10 ulps).
constexpr double refinement_target = 1e-14;

/// Solves A V + V A^T = -D given A = s U T U^T, then refines: with R = A V + V A^T + D,
/// solve A E + E A^T = -R by the same Schur form and set V += E (at most two rounds; each
/// round costs one more quasi-triangular solve and is taken only while the residual is above
/// refinement_target).
template <int N>
LyapunovSolution<N> solve_with_schur(const Eigen::Matrix<double, N, N>& A, const Eigen::Matrix<double, N, N>& T,
                                     const Eigen::Matrix<double, N, N>& U, double scale,
                                     const Eigen::Matrix<double, N, N>& D) {
  using Mat = Eigen::Matrix<double, N, N>;
  auto solve = [&](const Mat& rhs) {
    const Mat Y = solve_quasi_triangular<N>(T, -(U.transpose() * rhs * U).eval() / scale);
    Mat X = U * Y * U.transpose();
    return Mat(0.5 * (X + X.transpose()));
  };
  Mat V = solve(D);
  double residual = symmetric_residual<N>(A, V, D);
  for (int round = 0; round < 2 && residual > refinement_target; ++round) {
    const Mat AV = A * V;
    const Mat R = AV + AV.transpose() + D;
    const Mat V_new = V + solve(R);
    const double r_new = symmetric_residual<N>(A, V_new, D);
    if (!(r_new < residual)) break;
    V = V_new;
    residual = r_new;
  }
  return {V, residual};
}

}  // namespace

template <int N>
LyapunovSolution<N> solve_lyapunov(const Eigen::Matrix<double, N, N>& A,
                                   const Eigen::Matrix<double, N, N>& D) {
  using Mat = Eigen::Matrix<double, N, N>;
  const Eigen::RealSchur<Mat> schur(A, /*computeU=*/true);
  return solve_with_schur<N>(A, schur.matrixT(), schur.matrixU(), 1.0, D);
}

LyapunovSolution<6> solve_lyapunov(const Matrix6& A, const ScaledSchurForm& form, const Matrix6& D) {
  // A = s U T U^T: (U T U^T) V + V (U T U^T)^T = -D/s.
  return solve_with_schur<6>(A, form.T, form.U, form.scale, D);
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
