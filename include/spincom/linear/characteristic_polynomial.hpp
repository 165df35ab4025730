#pragma once
// Characteristic polynomial det(lambda I - A) = lambda^n + a_1 lambda^(n-1) + ... + a_n,
// computed without eigenvalues: Hessenberg reduction, then La Budde's recurrence
// (Wilkinson, The Algebraic Eigenvalue Problem, sec. 6.57), which is backward stable for
// upper Hessenberg matrices. Used by Routh-Hurwitz (supplement S3.14), where an
// eigenvalue-free route keeps the two stability verdicts independent.
#include <vector>

#include <Eigen/Core>

namespace spincom {

/// a_1 ... a_n of det(lambda I - A) for square A (a_0 = 1 is implied).
std::vector<double> characteristic_polynomial(const Eigen::MatrixXd& A);

}  // namespace spincom
