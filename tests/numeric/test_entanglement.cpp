// Logarithmic negativity (Eqs. 12-13) and the symplectic tools.
#include <catch2/catch.hpp>
#include <cmath>

#include "spincom/steady/steady_state.hpp"
#include "spincom/measures/log_negativity.hpp"
#include "spincom/measures/symplectic.hpp"

using namespace spincom;

namespace {

/// Two-mode squeezed vacuum with squeezing r (vacuum variance 1/2).
Matrix4 two_mode_squeezed_vacuum(double r) {
  const double c = 0.5 * std::cosh(2 * r), s = 0.5 * std::sinh(2 * r);
  Matrix4 V;
  V << c, 0, s, 0,
       0, c, 0, -s,
       s, 0, c, 0,
       0, -s, 0, c;
  return V;
}

}  // namespace

TEST_CASE("A two-mode squeezed vacuum has E_N = 2r and nu^- = exp(-2r)/2") {
  for (double r : {0.01, 0.1, 0.5, 1.0, 2.0}) {
    const auto e = log_negativity(two_mode_squeezed_vacuum(r));
    CHECK(e.E_N == Approx(2 * r).epsilon(1e-12));
    CHECK(e.nu_minus == Approx(0.5 * std::exp(-2 * r)).epsilon(1e-10));
    CHECK(symplectic_eigenvalues(two_mode_squeezed_vacuum(r)).isApprox(Eigen::Vector2d(0.5, 0.5), 1e-12));
  }
}

TEST_CASE("Product and thermal states have E_N = 0") {
  Matrix4 thermal = Matrix4::Zero();
  thermal.diagonal() << 270.15, 270.15, 0.5, 0.5;
  CHECK(log_negativity(thermal).E_N == 0.0);
  Matrix4 squeezed_product = Matrix4::Zero();  // two single-mode squeezed vacua, pure
  squeezed_product.diagonal() << 0.5 * std::exp(2.0), 0.5 * std::exp(-2.0), 0.5 * std::exp(-1.0), 0.5 * std::exp(1.0);
  const auto e = log_negativity(squeezed_product);
  CHECK(e.E_N == 0.0);
  CHECK(e.nu_minus == Approx(0.5).epsilon(1e-12));
  const Eigen::VectorXd nu = symplectic_eigenvalues(thermal);
  CHECK(nu(0) == Approx(0.5).epsilon(1e-14));
  CHECK(nu(1) == Approx(270.15).epsilon(1e-14));
}

TEST_CASE("A beam splitter on two thermal states gives a correlated but separable state with E_N = 0") {
  // Passive (beam-splitter) transformations of product thermal states stay separable, yet
  // the result has nonzero cross-correlations C.
  for (double theta : {0.3, 0.7, 1.2}) {
    const double c = std::cos(theta), s = std::sin(theta);
    Matrix4 S;
    S << c, 0, s, 0,
         0, c, 0, s,
        -s, 0, c, 0,
         0, -s, 0, c;
    Matrix4 thermal = Matrix4::Zero();
    thermal.diagonal() << 270.15, 270.15, 0.5, 0.5;
    const Matrix4 V = S * thermal * S.transpose();
    REQUIRE(std::abs(V(0, 2)) > 10.0);  // really correlated
    CHECK(log_negativity(V).E_N == 0.0);
    CHECK(log_negativity(V).nu_minus >= 0.5);
  }
}

TEST_CASE("nu^- of Eq. (12) equals the smallest symplectic eigenvalue of the partial transpose") {
  // Independent route: flip p_b (partial transposition) and take the Williamson spectrum.
  Parameters p;
  p.detuning = 0.4;
  const auto s = analyze_steady_state(p, Direction::ccw);
  REQUIRE(s.fixed_points.at(0).steady);
  const Matrix6& V6 = s.fixed_points[0].steady->V;
  for (const Matrix4& Vp : {two_mode_reduction(V6, Mode::driven, Mode::mechanics), two_mode_squeezed_vacuum(0.8),
                            two_mode_reduction(V6, Mode::other, Mode::mechanics)}) {
    Matrix4 P = Matrix4::Identity();
    P(3, 3) = -1.0;
    const Eigen::VectorXd nu = symplectic_eigenvalues(Eigen::MatrixXd(P * Vp * P));
    CHECK(log_negativity(Vp).nu_minus == Approx(nu.minCoeff()).epsilon(1e-10));
  }
}

TEST_CASE("E_N is symmetric under swapping the two modes") {
  Parameters p;
  p.detuning = 0.4;
  const auto s = analyze_steady_state(p, Direction::ccw);
  REQUIRE(s.fixed_points.at(0).steady);
  const Matrix6& V = s.fixed_points[0].steady->V;
  for (auto [a, b] : {std::pair{Mode::driven, Mode::mechanics}, std::pair{Mode::driven, Mode::other},
                      std::pair{Mode::other, Mode::mechanics}}) {
    CHECK(log_negativity(V, a, b).E_N == Approx(log_negativity(V, b, a).E_N).margin(1e-14));
  }
  CHECK(log_negativity(V).E_N > 0.05);  // the ccw Fig. 2 peak region is entangled
}

TEST_CASE("Lyapunov V at stable paper points passes the physicality check") {
  const DerivedQuantities d = derive(Parameters{});
  int checked = 0;
  for (double J : {0.0, 2.0 * d.kappa})
    for (double detuning = 0.0; detuning <= 2.0; detuning += 0.1)
      for (Direction dir : {Direction::ccw, Direction::cw}) {
        Parameters p;
        p.J = J;
        p.detuning = detuning;
        for (const auto& a : analyze_steady_state(p, dir).fixed_points) {
          if (!a.steady) continue;
          INFO("J=" << J << " detuning=" << detuning << ": " << a.steady->physicality.reason);
          CHECK(a.steady->physicality.physical);
          CHECK(a.steady->physicality.min_symplectic_eigenvalue >= 0.5 * (1 - 1e-9));
          ++checked;
        }
      }
  CHECK(checked > 40);
}

TEST_CASE("The physicality check rejects sub-vacuum and indefinite covariances") {
  Eigen::MatrixXd V = 0.4 * Eigen::MatrixXd::Identity(4, 4);
  const auto r = check_physicality(V);
  CHECK_FALSE(r.physical);
  CHECK(r.min_symplectic_eigenvalue == Approx(0.4));
  V(0, 0) = -1.0;
  CHECK_FALSE(check_physicality(V).physical);
  CHECK(check_physicality(Eigen::MatrixXd(two_mode_squeezed_vacuum(1.0))).physical);
}
