#include "spincom/stability/characteristic_polynomial.hpp"

#include <Eigen/Eigenvalues>

namespace spincom {
namespace {

/// La Budde's recurrence on an upper Hessenberg H (n x n). p(i, c) is the coefficient of
/// lambda^c in det(lambda I - H_i) for the leading i x i block; `p` holds (n+1)^2 doubles.
/// Writes a_1..a_n to `a`.
template <class Hess>
void la_budde(const Hess& H, Eigen::Index n, double* p, double* a) {
  const auto P = [&](Eigen::Index i, Eigen::Index c) -> double& { return p[i * (n + 1) + c]; };
  for (Eigen::Index k = 0; k < (n + 1) * (n + 1); ++k) p[k] = 0.0;
  P(0, 0) = 1.0;
  for (Eigen::Index i = 1; i <= n; ++i) {
    // (lambda - h_ii) p_{i-1}
    for (Eigen::Index c = 0; c < i; ++c) {
      P(i, c + 1) += P(i - 1, c);
      P(i, c) -= H(i - 1, i - 1) * P(i - 1, c);
    }
    // - sum_m h_{i-m, i} (beta_i ... beta_{i-m+1}) p_{i-m-1}, beta_k = h_{k, k-1} (1-based)
    double beta = 1.0;
    for (Eigen::Index m = 1; m < i; ++m) {
      beta *= H(i - m, i - m - 1);
      const double coef = H(i - m - 1, i - 1) * beta;
      for (Eigen::Index c = 0; c <= i - m - 1; ++c) P(i, c) -= coef * P(i - m - 1, c);
    }
  }
  // a_k is the coefficient of lambda^(n-k).
  for (Eigen::Index k = 1; k <= n; ++k) a[k - 1] = P(n, n - k);
}

}  // namespace

std::vector<double> characteristic_polynomial(const Eigen::MatrixXd& A) {
  if (A.rows() <= 2) return characteristic_polynomial_hessenberg(A);
  const Eigen::MatrixXd H = Eigen::HessenbergDecomposition<Eigen::MatrixXd>(A).matrixH();
  return characteristic_polynomial_hessenberg(H);
}

std::vector<double> characteristic_polynomial_hessenberg(const Eigen::MatrixXd& H) {
  const Eigen::Index n = H.rows();
  std::vector<double> work(static_cast<std::size_t>((n + 1) * (n + 1)));
  std::vector<double> a(static_cast<std::size_t>(n));
  if (n > 0) la_budde(H, n, work.data(), a.data());
  return a;
}

std::array<double, 6> characteristic_polynomial_hessenberg(const Matrix6& H) {
  double work[49];
  std::array<double, 6> a{};
  la_budde(H, 6, work, a.data());
  return a;
}

}  // namespace spincom
