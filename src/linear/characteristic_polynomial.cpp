#include "spincom/linear/characteristic_polynomial.hpp"

#include <Eigen/Eigenvalues>

namespace spincom {

std::vector<double> characteristic_polynomial(const Eigen::MatrixXd& A) {
  const Eigen::Index n = A.rows();
  if (n == 0) return {};
  Eigen::MatrixXd H = n > 2 ? Eigen::MatrixXd(Eigen::HessenbergDecomposition<Eigen::MatrixXd>(A).matrixH())
                            : A;
  // p[i] holds det(lambda I - H_i) for the leading i x i block, as ascending coefficients
  // (p[i][i] = 1). 0-based: H(i-1, i-1) is the i-th diagonal entry.
  std::vector<std::vector<double>> p(static_cast<std::size_t>(n + 1));
  p[0] = {1.0};
  for (Eigen::Index i = 1; i <= n; ++i) {
    std::vector<double> pi(static_cast<std::size_t>(i + 1), 0.0);
    const auto& prev = p[static_cast<std::size_t>(i - 1)];
    // (lambda - h_ii) p_{i-1}
    for (Eigen::Index c = 0; c < i; ++c) {
      pi[static_cast<std::size_t>(c + 1)] += prev[static_cast<std::size_t>(c)];
      pi[static_cast<std::size_t>(c)] -= H(i - 1, i - 1) * prev[static_cast<std::size_t>(c)];
    }
    // - sum_m h_{i-m, i} (beta_i ... beta_{i-m+1}) p_{i-m-1}, beta_k = h_{k, k-1} (1-based)
    double beta = 1.0;
    for (Eigen::Index m = 1; m < i; ++m) {
      beta *= H(i - m, i - m - 1);
      const double coef = H(i - m - 1, i - 1) * beta;
      const auto& low = p[static_cast<std::size_t>(i - m - 1)];
      for (std::size_t c = 0; c < low.size(); ++c) pi[c] -= coef * low[c];
    }
    p[static_cast<std::size_t>(i)] = std::move(pi);
  }
  // Ascending coefficients c_0..c_n with c_n = 1; a_k is the coefficient of lambda^(n-k).
  const auto& c = p[static_cast<std::size_t>(n)];
  std::vector<double> a(static_cast<std::size_t>(n));
  for (Eigen::Index k = 1; k <= n; ++k) a[static_cast<std::size_t>(k - 1)] = c[static_cast<std::size_t>(n - k)];
  return a;
}

}  // namespace spincom
