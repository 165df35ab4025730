#pragma once
// How far rounding can move what the steady chain computes from A (docs/decisions.md 68-70):
//   the condition number of each eigenvalue, kappa(lambda) = ||x|| ||y|| / |y^H x| from its right
//   and left eigenvectors x, y (first order: |delta lambda| <= kappa(lambda) ||E||_2 for A + E), and
//   the condition number of the Lyapunov operator L(V) = A V + V A^T of Eq. (11)
//   (first order: ||delta V|| / ||V|| <= cond(L) ||delta L|| / ||L||).
#include <array>
#include <complex>

#include "spincom/core/conventions.hpp"

namespace spincom {

/// kappa(lambda_i) of every eigenvalue of the real quasi-triangular T (1x1 and 2x2 diagonal
/// blocks), in the order of quasi_triangular_eigenvalues(T); both members of a complex pair get
/// the same value. 1 for a normal matrix, >= 1 always, +inf for a defective eigenvalue
/// (y^H x = 0). An orthogonal similarity leaves kappa unchanged: those of T = U^T A U are those of A.
std::array<double, 6> eigenvalue_conditions(const Matrix6& T);
/// The same with the eigenvalues of T already at hand (quasi_triangular_eigenvalues(T)).
std::array<double, 6> eigenvalue_conditions(const Matrix6& T, const std::array<std::complex<double>, 6>& eigenvalues);

/// cond_2(L) = sigma_max / sigma_min of the 36 x 36 Kronecker form I (x) A + A (x) I of
/// L(V) = A V + V A^T; +inf when L is singular (some lambda_i + lambda_j = 0). Invariant under
/// A -> c A. For a normal stable A it equals max|lambda_i + lambda_j| / (2 |max Re lambda|); a
/// non-normal A only raises it. About 0.3 ms: for checks, not for the sweep path.
double lyapunov_operator_condition(const Matrix6& A);

}  // namespace spincom
