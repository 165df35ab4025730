// Stability (supplement S3): Routh-Hurwitz from the characteristic polynomial vs eigenvalues.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <complex>
#include <random>

#include <Eigen/Eigenvalues>
#include <Eigen/LU>

#include "spincom/steady/steady_state.hpp"
#include "spincom/stability/characteristic_polynomial.hpp"
#include "spincom/model/derived_quantities.hpp"
#include "spincom/stability/stability.hpp"
#include "support/matchers.hpp"

using namespace spincom;

namespace {

/// A random 6x6 matrix shifted so its rightmost eigenvalue sits at a random abscissa in
/// [-1, 1] times its scale, including values 1e-10 of it from 0 and values within rounding of 0.
Matrix6 random_matrix(std::mt19937_64& rng, int trial) {
  std::normal_distribution<double> n01;
  Matrix6 A;
  for (int i = 0; i < 36; ++i) A(i) = n01(rng);
  const double max_re = Eigen::EigenSolver<Matrix6>(A, false).eigenvalues().real().maxCoeff();
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  double target = u(rng);
  if (trial % 10 == 0) target *= 1e-10;  // every tenth: beside the boundary, still resolved
  if (trial % 10 == 5) target *= 1e-15;  // and every tenth within rounding of it: undetermined
  return A + (target - max_re) * Matrix6::Identity();
}

/// The eigenvalue bound alone resolves the sign of max Re lambda.
bool eigenvalues_resolve(const StabilityReport& r) { return r.max_re_eig_upper < 0.0 || r.max_re_eig_lower > 0.0; }

}  // namespace

TEST_CASE("Routh-Hurwitz and the eigenvalues agree on 10^4 random matrices wherever the eigenvalue bound resolves the sign") {
  std::mt19937_64 rng(1987);  // DeJesus & Kaufman, PRA 35, 5288 (1987)
  int stable = 0, unstable = 0, disagreements = 0, unresolved = 0;
  for (int trial = 0; trial < 10000; ++trial) {
    const StabilityReport r = check_stability(random_matrix(rng, trial));
    r.eigenvalue_stable ? ++stable : ++unstable;
    unresolved += !eigenvalues_resolve(r);
    CHECK(r.undetermined() == (!eigenvalues_resolve(r) || r.verdicts_disagree));
    if (r.verdicts_disagree) {
      ++disagreements;
      INFO("trial " << trial << ": max Re lambda / scale = " << r.max_re_eig / r.scale);
      CHECK_FALSE(eigenvalues_resolve(r));  // a disagreement is allowed only where rounding can flip the sign
    }
  }
  CHECK(stable > 3000);
  CHECK(unstable > 3000);
  CHECK(unresolved > 100);  // the undetermined class was exercised
  CHECK(disagreements <= unresolved);
}

TEST_CASE("Routh-Hurwitz and the eigenvalues agree on drift matrices of random physical points") {
  // Drift matrices have entries spread over many decades (gamma_m ~ 1e-4 of omega_m), which
  // random N(0,1) matrices do not exercise. Log-uniform draws around Table I.
  std::mt19937_64 rng(1882);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  auto log_uniform = [&](double lo, double hi) { return lo * std::pow(hi / lo, u(rng)); };
  int stable = 0, unstable = 0;
  for (int trial = 0; trial < 600; ++trial) {
    Parameters p;
    p.Q = log_uniform(1e5, 1e10);
    p.gamma_m = log_uniform(1.0, 1e5);
    p.omega_m = log_uniform(1e6, 1e9);
    p.power = log_uniform(1e-4, 0.5);
    p.J = u(rng) < 0.5 ? 0.0 : log_uniform(1e3, 1e8);
    p.Omega = u(rng) < 0.3 ? 0.0 : log_uniform(1e2, 1e5);
    p.detuning = -1.0 + 4.0 * u(rng);
    for (Direction dir : {Direction::ccw, Direction::cw}) {
      SteadyStateOptions all;
      all.branches = BranchSelection::all;
      for (const auto& a : analyze_steady_state(p, dir, all).fixed_points) {
        const auto& st = a.stability;
        st.eigenvalue_stable ? ++stable : ++unstable;
        if (st.verdicts_disagree) {
          INFO("trial " << trial << ": max Re lambda / scale = " << st.max_re_eig / st.scale);
          CHECK_FALSE(eigenvalues_resolve(st));
        }
      }
    }
  }
  CHECK(stable > 100);
  CHECK(unstable > 100);
}

TEST_CASE("The characteristic polynomial from La Budde's recurrence matches prod (lambda - lambda_i)") {
  std::mt19937_64 rng(6);
  std::normal_distribution<double> n01;
  for (int trial = 0; trial < 200; ++trial) {
    Matrix6 A;
    for (int i = 0; i < 36; ++i) A(i) = n01(rng);
    const auto a = characteristic_polynomial(A);
    const auto lambda = Eigen::EigenSolver<Matrix6>(A, false).eigenvalues();
    std::vector<std::complex<double>> c{1.0};  // descending coefficients
    for (int i = 0; i < 6; ++i) {
      std::vector<std::complex<double>> next(c.size() + 1, 0.0);
      for (std::size_t k = 0; k < c.size(); ++k) {
        next[k] += c[k];
        next[k + 1] -= lambda(i) * c[k];
      }
      c = next;
    }
    for (int k = 1; k <= 6; ++k) {
      INFO("trial " << trial << " a_" << k);
      CHECK(std::abs(a[static_cast<std::size_t>(k - 1)] - c[static_cast<std::size_t>(k)].real()) <=
            1e-10 * std::max(1.0, std::abs(c[static_cast<std::size_t>(k)])));
    }
  }
}

TEST_CASE("Orlando's formula: det theta_5 = -prod_{i<k} (lambda_i + lambda_k)") {
  std::mt19937_64 rng(1882);
  std::normal_distribution<double> n01;
  for (int trial = 0; trial < 200; ++trial) {
    Matrix6 A;
    for (int i = 0; i < 36; ++i) A(i) = n01(rng);
    const StabilityReport r = check_stability(A);
    const auto lambda = Eigen::EigenSolver<Matrix6>(A / r.scale, false).eigenvalues();
    std::complex<double> prod = 1.0;
    for (int i = 0; i < 6; ++i)
      for (int k = i + 1; k < 6; ++k) prod *= lambda(i) + lambda(k);
    INFO("trial " << trial);
    CHECK(std::abs(r.hurwitz_dets_scaled[4] - (-prod.real())) <= 1e-9 * std::max(1.0, std::abs(prod)));
    // det theta_6 = a_6 det theta_5
    CHECK(spincom::test::rel_diff(r.hurwitz_dets_scaled[5], r.a_scaled[5] * r.hurwitz_dets_scaled[4], 1e-300) <= 1e-12);
  }
}

TEST_CASE("Hurwitz matrices follow S3.17 with the polynomial degree: theta_2 = a1 a2 - a3") {
  const std::array<double, 6> a{2.0, 3.0, 5.0, 7.0, 11.0, 13.0};
  CHECK(hurwitz_matrix(a, 1).determinant() == 2.0);
  CHECK(hurwitz_matrix(a, 2).determinant() == Approx(2.0 * 3.0 - 5.0));
  const Eigen::MatrixXd t6 = hurwitz_matrix(a, 6);
  CHECK(t6(0, 0) == 2.0);   // a_1
  CHECK(t6(0, 1) == 1.0);   // a_0
  CHECK(t6(2, 0) == 11.0);  // a_5
  CHECK(t6(5, 5) == 13.0);  // a_6
  CHECK(t6(5, 4) == 0.0);   // a_7 = 0
}

TEST_CASE("Table I points: the Fig. 2 operating point is stable and Theta_k has the sign of theta_k") {
  for (Direction dir : {Direction::ccw, Direction::cw}) {
    const auto s = analyze_steady_state(Parameters{}, dir);
    const auto& st = s.fixed_points.at(0).stability;
    CHECK(st.stable());
    CHECK_FALSE(st.verdicts_disagree);
    for (int k = 0; k < 6; ++k) CHECK(st.Theta[static_cast<std::size_t>(k)] > 0.0);
  }
  // cw at Delta_c/omega_m = 0.27 (Fig. 2(b,c)) is unstable by both verdicts.
  Parameters p;
  p.detuning = 0.27;
  const auto unstable = analyze_steady_state(p, Direction::cw);
  const auto& st = unstable.fixed_points.at(0).stability;
  CHECK_FALSE(st.routh_hurwitz_stable);
  CHECK_FALSE(st.eigenvalue_stable);
  CHECK(st.max_re_eig > 0.0);
}
