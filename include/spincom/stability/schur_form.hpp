#pragma once
// The real Schur form of a scaled drift matrix, computed once per point and shared by the
// stability report (eigenvalues, characteristic polynomial) and the Lyapunov solver.
//   A/s = Q H Q^T (upper Hessenberg H), A/s = U T U^T (quasi-triangular T), s = max|A_ij|.
// Scaling by s keeps every entry O(1), so the polynomial coefficients and Hurwitz
// determinants stay in range whatever the units of A.
#include "spincom/core/conventions.hpp"

namespace spincom {

struct ScaledSchurForm {
  double scale;  ///< s = max |A_ij| (1 if A = 0)
  Matrix6 H;     ///< Hessenberg form of A/s
  Matrix6 T;     ///< real Schur form of A/s (1x1 and 2x2 diagonal blocks)
  Matrix6 U;     ///< orthogonal: A/s = U T U^T
};

ScaledSchurForm scaled_schur_form(const Matrix6& A);

}  // namespace spincom
