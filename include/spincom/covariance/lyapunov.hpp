#pragma once
// Continuous Lyapunov equation A V + V A^T = -D (Eq. 11), by Bartels-Stewart on the real
// Schur form of A: A = U T U^T, then T Y + Y T^T = -U^T D U is solved block by block
// (1x1 and 2x2 diagonal blocks of the quasi-triangular T) and V = U Y U^T.
// A unique solution needs lambda_i + lambda_j != 0 for all eigenvalue pairs; the steady
// state of Eq. (11) needs A Hurwitz, which the caller checks (see steady_state.hpp).
#include <Eigen/Core>

#include "spincom/stability/schur_form.hpp"

namespace spincom {

template <int N>
struct LyapunovSolution {
  Eigen::Matrix<double, N, N> V;  ///< symmetric solution
  double residual;                ///< ||A V + V A^T + D||_F / ||D||_F
};

/// Solves A V + V A^T = -D for symmetric D (N = 2, 4 or 6).
/// Throws NumericalFailure when some lambda_i + lambda_j is (numerically) zero.
template <int N>
LyapunovSolution<N> solve_lyapunov(const Eigen::Matrix<double, N, N>& A,
                                   const Eigen::Matrix<double, N, N>& D);

/// The same for the 6 x 6 drift matrix A with its precomputed Schur form (A = s U T U^T).
LyapunovSolution<6> solve_lyapunov(const Matrix6& A, const ScaledSchurForm& form, const Matrix6& D);

/// ||A V + V A^T + D||_F / ||D||_F (||A||_F ||V||_F when D = 0).
template <int N>
double lyapunov_residual(const Eigen::Matrix<double, N, N>& A, const Eigen::Matrix<double, N, N>& V,
                         const Eigen::Matrix<double, N, N>& D);

}  // namespace spincom
