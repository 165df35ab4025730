#include "spincom/stability/conditioning.hpp"

#include <cmath>
#include <complex>
#include <limits>

#include <Eigen/SVD>

#include "spincom/stability/stability.hpp"

namespace spincom {
namespace {

using cd = std::complex<double>;
using CVector6 = Eigen::Matrix<cd, 6, 1>;

/// Where the 1x1 and 2x2 diagonal blocks of T start (the rule of quasi_triangular_eigenvalues).
struct BlockLayout {
  int start[7];  ///< start[count] = 6
  int count = 0;
  [[nodiscard]] int size(int J) const { return start[J + 1] - start[J]; }
};

BlockLayout block_layout(const Matrix6& T) {
  BlockLayout b{};
  for (int i = 0; i < 6;) {
    b.start[b.count++] = i;
    i += (i + 1 < 6 && T(i + 1, i) != 0.0) ? 2 : 1;
  }
  b.start[b.count] = 6;
  return b;
}

/// Solves M v = r for the q x q (q = 1, 2) block M = T_JJ - lambda I (or its transpose). A pivot
/// below `smin` (relative to the block) is raised to it, as LAPACK's xTREVC does: a (nearly)
/// repeated eigenvalue then gives a large eigenvector and a large kappa instead of inf or NaN.
void solve_shifted_block(const Matrix6& T, int j0, int q, cd lambda, bool transpose, double smin, cd* r) {
  // Complex divisions as products with conj(d) / |d|^2: no hypot or __divdc3 on the sweep path.
  const auto divide = [](cd z, cd d) { return z * std::conj(d) / std::norm(d); };
  if (q == 1) {
    cd m = T(j0, j0) - lambda;
    if (std::norm(m) < smin * smin) m = smin;
    r[0] = divide(r[0], m);
    return;
  }
  const cd m00 = T(j0, j0) - lambda, m11 = T(j0 + 1, j0 + 1) - lambda;
  const double m01 = transpose ? T(j0 + 1, j0) : T(j0, j0 + 1);
  const double m10 = transpose ? T(j0, j0 + 1) : T(j0 + 1, j0);
  const double size2 = std::max({std::norm(m00), std::norm(m11), m01 * m01, m10 * m10, smin * smin});
  cd det = m00 * m11 - m01 * m10;
  const double floor2 = smin * smin * size2;  // |det| >= smin max|M_ij|
  if (std::norm(det) < floor2) det = det == 0.0 ? cd(std::sqrt(floor2)) : det * std::sqrt(floor2 / std::norm(det));
  const cd v0 = divide(m11 * r[0] - m01 * r[1], det);
  const cd v1 = divide(m00 * r[1] - m10 * r[0], det);
  r[0] = v0;
  r[1] = v1;
}

/// The null vector of the block K's own (B - lambda I) (B^T - lambda I when `transpose`), B = T_KK.
void block_null_vector(const Matrix6& T, int k0, int p, cd lambda, bool transpose, CVector6& v) {
  if (p == 1) {
    v(k0) = 1.0;
    return;
  }
  const double a = T(k0, k0), d = T(k0 + 1, k0 + 1);
  const double b = transpose ? T(k0 + 1, k0) : T(k0, k0 + 1);
  const double c = transpose ? T(k0, k0 + 1) : T(k0 + 1, k0);
  // Both (b, lambda - a) and (lambda - d, c) solve it; the longer one is the accurate one.
  const cd u0 = b, u1 = lambda - a, w0 = lambda - d, w1 = c;
  const bool first = std::norm(u0) + std::norm(u1) >= std::norm(w0) + std::norm(w1);
  v(k0) = first ? u0 : w0;
  v(k0 + 1) = first ? u1 : w1;
}

/// x with (T - lambda I) x = 0: zero below block K, back substitution above it.
CVector6 right_eigenvector(const Matrix6& T, const BlockLayout& b, int K, cd lambda, double smin) {
  CVector6 x = CVector6::Zero();
  block_null_vector(T, b.start[K], b.size(K), lambda, false, x);
  const int end = b.start[K] + b.size(K);
  for (int J = K - 1; J >= 0; --J) {
    const int j0 = b.start[J], q = b.size(J);
    cd r[2];
    for (int i = 0; i < q; ++i) {
      cd s = 0.0;
      for (int l = j0 + q; l < end; ++l) s += T(j0 + i, l) * x(l);
      r[i] = -s;
    }
    solve_shifted_block(T, j0, q, lambda, false, smin, r);
    for (int i = 0; i < q; ++i) x(j0 + i) = r[i];
  }
  return x;
}

/// z with z^T (T - lambda I) = 0 (the left eigenvector is y = conj(z)): zero above block K,
/// forward substitution below it.
CVector6 left_eigenvector(const Matrix6& T, const BlockLayout& b, int K, cd lambda, double smin) {
  CVector6 z = CVector6::Zero();
  block_null_vector(T, b.start[K], b.size(K), lambda, true, z);
  const int begin = b.start[K];
  for (int J = K + 1; J < b.count; ++J) {
    const int j0 = b.start[J], q = b.size(J);
    cd r[2];
    for (int i = 0; i < q; ++i) {
      cd s = 0.0;
      for (int l = begin; l < j0; ++l) s += T(l, j0 + i) * z(l);
      r[i] = -s;
    }
    solve_shifted_block(T, j0, q, lambda, true, smin, r);
    for (int i = 0; i < q; ++i) z(j0 + i) = r[i];
  }
  return z;
}

}  // namespace

std::array<double, 6> eigenvalue_conditions(const Matrix6& T) {
  return eigenvalue_conditions(T, quasi_triangular_eigenvalues(T));
}

std::array<double, 6> eigenvalue_conditions(const Matrix6& T, const std::array<std::complex<double>, 6>& ev) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const BlockLayout b = block_layout(T);
  const double smin = std::numeric_limits<double>::epsilon() * std::max(T.cwiseAbs().maxCoeff(), 1e-300);
  std::array<double, 6> kappa{};
  for (int K = 0; K < b.count; ++K) {
    const int k0 = b.start[K];
    const cd lambda = ev[static_cast<std::size_t>(k0)];
    const CVector6 x = right_eigenvector(T, b, K, lambda, smin);
    const CVector6 z = left_eigenvector(T, b, K, lambda, smin);
    const cd overlap = (z.transpose() * x)(0);  // y^H x, only block K contributes
    double k = std::sqrt(x.squaredNorm() * z.squaredNorm() / std::norm(overlap));
    if (!std::isfinite(k)) k = inf;
    for (int i = k0; i < k0 + b.size(K); ++i) kappa[static_cast<std::size_t>(i)] = std::max(k, 1.0);
  }
  return kappa;
}

double lyapunov_operator_condition(const Matrix6& A) {
  using Matrix36 = Eigen::Matrix<double, 36, 36>;
  const double scale = A.cwiseAbs().maxCoeff();
  if (!(scale > 0.0) || !std::isfinite(scale)) return std::numeric_limits<double>::infinity();
  const Matrix6 A_hat = A / scale;
  // vec(A V + V A^T) = (I (x) A + A (x) I) vec(V), column-major vec.
  Matrix36 K = Matrix36::Zero();
  for (int c = 0; c < 6; ++c)
    for (int i = 0; i < 6; ++i)
      for (int j = 0; j < 6; ++j) {
        K(6 * c + i, 6 * c + j) += A_hat(i, j);  // I (x) A: block (c, c) is A
        K(6 * c + i, 6 * j + i) += A_hat(c, j);  // A (x) I: block (c, j) is A(c, j) I
      }
  const Eigen::JacobiSVD<Matrix36> svd(K);
  const auto& sigma = svd.singularValues();
  const double smallest = sigma(35);
  return smallest > 0.0 ? sigma(0) / smallest : std::numeric_limits<double>::infinity();
}

}  // namespace spincom
