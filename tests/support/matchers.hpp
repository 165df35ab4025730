#pragma once
// Test support: named tolerances and a matrix comparison that reports the worst entry.
#include <cmath>
#include <sstream>
#include <string>

#include <Eigen/Core>
#include <catch2/catch.hpp>

namespace spincom::test {

/// Relative difference |a - b| / max(|a|, |b|, floor).
inline double rel_diff(double a, double b, double floor = 0.0) {
  const double s = std::max({std::abs(a), std::abs(b), floor});
  return s > 0.0 ? std::abs(a - b) / s : 0.0;
}

/// max_ij |A_ij - B_ij| / max_ij |B_ij|, with the location of the worst entry.
struct MatrixComparison {
  double worst_relative;
  Eigen::Index row, col;
  std::string describe() const {
    std::ostringstream os;
    os << "worst relative difference " << worst_relative << " at (" << row << ", " << col << ")";
    return os.str();
  }
};

template <class MA, class MB>
MatrixComparison compare_matrices(const MA& A, const MB& B) {
  const double scale = std::max(B.cwiseAbs().maxCoeff(), 1e-300);
  MatrixComparison c{0.0, 0, 0};
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < A.cols(); ++j) {
      const double d = std::abs(A(i, j) - B(i, j)) / scale;
      if (d > c.worst_relative) c = {d, i, j};
    }
  return c;
}

#define SPINCOM_REQUIRE_MATRIX_CLOSE(A, B, tol)                         \
  do {                                                                 \
    const auto cmp_ = ::spincom::test::compare_matrices((A), (B));     \
    INFO(cmp_.describe());                                             \
    REQUIRE(cmp_.worst_relative <= (tol));                             \
  } while (0)

}  // namespace spincom::test
