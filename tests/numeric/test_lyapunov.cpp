// Lyapunov equation A V + V A^T = -D (Eq. 11) by Bartels-Stewart.
#include <catch2/catch.hpp>
#include <random>

#include <Eigen/Eigenvalues>
#include <Eigen/LU>

#include "spincom/steady/steady_state.hpp"
#include "spincom/core/error.hpp"
#include "spincom/covariance/lyapunov.hpp"
#include "support/matchers.hpp"

using namespace spincom;

// Bartels-Stewart is backward stable: residuals are a few ulps times the conditioning of the
// Schur basis; the bar is 1e-12 relative.
constexpr double lyapunov_tolerance = 1e-12;

namespace {

/// A random Hurwitz 6x6 matrix: a random matrix shifted left past its rightmost eigenvalue.
Matrix6 random_stable(std::mt19937_64& rng) {
  std::normal_distribution<double> n01;
  Matrix6 A;
  for (int i = 0; i < 36; ++i) A(i) = n01(rng);
  const double max_re = Eigen::EigenSolver<Matrix6>(A, false).eigenvalues().real().maxCoeff();
  std::uniform_real_distribution<double> margin(0.01, 2.0);
  return A - (max_re + margin(rng)) * Matrix6::Identity();
}

Matrix6 random_psd(std::mt19937_64& rng) {
  std::normal_distribution<double> n01;
  Matrix6 B;
  for (int i = 0; i < 36; ++i) B(i) = n01(rng);
  return B * B.transpose();
}

}  // namespace

TEST_CASE("Lyapunov residual is below 1e-12 on random stable 6x6 systems and matches a Kronecker solve") {
  std::mt19937_64 rng(20201001);
  for (int trial = 0; trial < 300; ++trial) {
    const Matrix6 A = random_stable(rng);
    const Matrix6 D = random_psd(rng);
    const auto sol = solve_lyapunov<6>(A, D);
    INFO("trial " << trial);
    CHECK(sol.residual <= lyapunov_tolerance);
    CHECK((sol.V - sol.V.transpose()).norm() == 0.0);
    // Independent: (I (x) A + A (x) I) vec V = -vec D with a full-pivot LU.
    Eigen::Matrix<double, 36, 36> K = Eigen::Matrix<double, 36, 36>::Zero();
    for (int i = 0; i < 6; ++i)
      for (int j = 0; j < 6; ++j)
        for (int k = 0; k < 6; ++k) {
          K(j * 6 + i, j * 6 + k) += A(i, k);
          K(j * 6 + i, k * 6 + i) += A(j, k);
        }
    Eigen::Matrix<double, 36, 1> rhs;
    for (int j = 0; j < 6; ++j)
      for (int i = 0; i < 6; ++i) rhs(j * 6 + i) = -D(i, j);
    const Eigen::Matrix<double, 36, 1> v = K.fullPivLu().solve(rhs);
    const Matrix6 V_kron = Eigen::Map<const Matrix6>(v.data());
    SPINCOM_REQUIRE_MATRIX_CLOSE(sol.V, V_kron, 1e-9);
  }
}

TEST_CASE("Lyapunov covariance of a damped thermal oscillator equals n_m + 1/2 for both bath models") {
  const double omega = 63e6, gamma = 5.2e3, n = 269.65;
  Matrix2 A_brownian, D_brownian, A_symmetric, D_symmetric;
  A_brownian << 0.0, omega, -omega, -gamma;
  D_brownian << 0.0, 0.0, 0.0, gamma * (2 * n + 1);
  A_symmetric << -gamma / 2, omega, -omega, -gamma / 2;
  D_symmetric << gamma * (n + 0.5), 0.0, 0.0, gamma * (n + 0.5);
  const Matrix2 expected = (n + 0.5) * Matrix2::Identity();
  for (const auto& [A, D] : {std::pair{A_brownian, D_brownian}, std::pair{A_symmetric, D_symmetric}}) {
    const auto sol = solve_lyapunov<2>(A, D);
    SPINCOM_REQUIRE_MATRIX_CLOSE(sol.V, expected, 1e-12);
    CHECK(sol.residual <= lyapunov_tolerance);
  }
}

TEST_CASE("Lyapunov residual is below 1e-12 at the paper's operating points") {
  const DerivedQuantities d = derive(Parameters{});
  for (double Omega : {0.0, 8e3, 23e3})
    for (double J : {0.0, 2.0 * d.kappa})
      for (double detuning : {0.4, 0.8, 1.0, 1.2, 1.6})
        for (Direction dir : {Direction::ccw, Direction::cw}) {
          Parameters p;
          p.Omega = Omega;
          p.J = J;
          p.detuning = detuning;
          SteadyStateOptions all;
          all.branches = BranchSelection::all;
          for (const auto& a : analyze_steady_state(p, dir, all).fixed_points) {
            if (!a.steady) continue;
            INFO("Omega=" << Omega << " J=" << J << " detuning=" << detuning);
            CHECK(a.steady->lyapunov_residual <= lyapunov_tolerance);
          }
        }
}

TEST_CASE("Lyapunov refuses a system with lambda_i + lambda_j = 0") {
  Matrix2 A;
  A << 0.0, 1.0, -1.0, 0.0;  // undamped oscillator: eigenvalues +-i
  CHECK_THROWS_AS(solve_lyapunov<2>(A, Matrix2::Identity()), NumericalFailure);
}
