#pragma once
// Characteristic polynomial det(lambda I - A) = lambda^n + a_1 lambda^(n-1) + ... + a_n,
// computed without eigenvalues: Hessenberg reduction, then La Budde's recurrence
// (Wilkinson, The Algebraic Eigenvalue Problem, sec. 6.57), which is backward stable for
// upper Hessenberg matrices. Used by Routh-Hurwitz (supplement S3.14), where an
// eigenvalue-free route keeps the two stability verdicts independent.
#include <array>
#include <vector>

#include <Eigen/Core>

#include "spincom/core/conventions.hpp"

namespace spincom {

/// a_1 ... a_n of det(lambda I - A) for square A (a_0 = 1 is implied).
std::vector<double> characteristic_polynomial(const Eigen::MatrixXd& A);

/// a_1 ... a_n of det(lambda I - H) for an upper Hessenberg H (La Budde's recurrence only).
std::vector<double> characteristic_polynomial_hessenberg(const Eigen::MatrixXd& H);

/// The same for the 6 x 6 drift matrix, without heap allocation.
std::array<double, 6> characteristic_polynomial_hessenberg(const Matrix6& H);

}  // namespace spincom
