#pragma once
// Gaussian elimination with partial pivoting for the tiny dense systems of the hot path
// (Bartels-Stewart blocks up to 4 x 4, Hurwitz determinants up to 6 x 6), on the stack.
#include <cmath>
#include <utility>

namespace spincom::detail {

/// In-place LU with partial pivoting of the n x n row-major `a` (n <= Max). Returns the
/// determinant; `min_pivot` receives the smallest |pivot|. `rhs` (may be null) is solved.
template <int Max>
double small_lu_solve(double (&a)[Max * Max], int n, double* rhs, double& min_pivot) {
  double det = 1.0;
  min_pivot = HUGE_VAL;
  for (int k = 0; k < n; ++k) {
    int piv = k;
    for (int r = k + 1; r < n; ++r)
      if (std::abs(a[r * Max + k]) > std::abs(a[piv * Max + k])) piv = r;
    if (piv != k) {
      for (int c = 0; c < n; ++c) std::swap(a[k * Max + c], a[piv * Max + c]);
      if (rhs) std::swap(rhs[k], rhs[piv]);
      det = -det;
    }
    const double pk = a[k * Max + k];
    det *= pk;
    min_pivot = std::min(min_pivot, std::abs(pk));
    if (pk == 0.0) continue;
    const double inv_pk = 1.0 / pk;  // one division per column, not one per row
    for (int r = k + 1; r < n; ++r) {
      const double f = a[r * Max + k] * inv_pk;
      if (f == 0.0) continue;
      for (int c = k + 1; c < n; ++c) a[r * Max + c] -= f * a[k * Max + c];
      if (rhs) rhs[r] -= f * rhs[k];
    }
  }
  if (rhs && min_pivot > 0.0)
    for (int r = n - 1; r >= 0; --r) {
      double s = rhs[r];
      for (int c = r + 1; c < n; ++c) s -= a[r * Max + c] * rhs[c];
      rhs[r] = s / a[r * Max + r];
    }
  return det;
}

}  // namespace spincom::detail
