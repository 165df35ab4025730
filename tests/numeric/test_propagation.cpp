// Deterministic references of the time domain: Van Loan propagator, closed form, covariance
// ODE (odeint), noise factor, and the exact weak bias of each scheme.
#include <catch2/catch.hpp>
#include <cmath>

#include <boost/numeric/odeint/integrate/integrate_n_steps.hpp>
#include <unsupported/Eigen/MatrixFunctions>

#include "spincom/core/error.hpp"
#include "spincom/random/normal_source.hpp"
#include "spincom/covariance/covariance_ode.hpp"
#include "spincom/covariance/lyapunov.hpp"
#include "spincom/covariance/ou_propagator.hpp"
#include "spincom/sde/additive_noise.hpp"
#include "spincom/sde/euler_maruyama.hpp"
#include "spincom/sde/exact_ou_stepper.hpp"
#include "spincom/sde/noise_factor.hpp"
#include "spincom/sde/stochastic_heun.hpp"
#include "support/matchers.hpp"
#include "support/paper_points.hpp"

using namespace spincom;
using namespace spincom::test;


TEST_CASE("The closed form e^{At} V0 e^{A^T t} + Q(t) and the odeint covariance ODE agree to 1e-9") {
  for (const auto& s : paper_systems()) {
    std::vector<double> times;
    for (int k = 0; k <= 20; ++k) times.push_back(s.t_end * k / 20.0);
    const auto ode = integrate_covariance_ode(s.model.A, s.model.D, s.V0, times);
    for (std::size_t k = 0; k < times.size(); ++k) {
      INFO(s.name << " at t = " << times[k]);
      SPINCOM_REQUIRE_MATRIX_CLOSE(ode.V[k], covariance_closed_form(s.model.A, s.model.D, s.V0, times[k]), 1e-9);
    }
  }
}

TEST_CASE("Van Loan: Phi = e^{Ah}, Q is a semigroup, Q(h) ~ D h for small h, and Q(inf) is Lyapunov") {
  for (const auto& s : paper_systems()) {
    INFO(s.name);
    const Matrix6& A = s.model.A;
    const Matrix6& D = s.model.D;
    const double h = s.t_end / 7.0;
    const OuPropagator p = ou_propagator(A, D, h);
    SPINCOM_REQUIRE_MATRIX_CLOSE(p.Phi, Matrix6((A * h).exp()), 1e-11);
    // Q(2h) = Phi(h) Q(h) Phi(h)^T + Q(h)
    const OuPropagator p2 = ou_propagator(A, D, 2 * h);
    SPINCOM_REQUIRE_MATRIX_CLOSE(p2.Q, Matrix6(p.Phi * p.Q * p.Phi.transpose() + p.Q), 1e-11);
    // leading order: Q(h) = D h + O(h^2)
    const double tiny = 1e-6 / A.cwiseAbs().maxCoeff();
    SPINCOM_REQUIRE_MATRIX_CLOSE(ou_propagator(A, D, tiny).Q / tiny, D, 1e-5);
    // long times: the stationary covariance
    const double t_long = 60.0 / std::abs(Eigen::EigenSolver<Matrix6>(A, false).eigenvalues().real().maxCoeff());
    SPINCOM_REQUIRE_MATRIX_CLOSE(ou_propagator(A, D, t_long).Q, solve_lyapunov<6>(A, D).V, 1e-10);
  }
  CHECK_THROWS_AS(ou_propagator(Matrix6::Identity(), Matrix6::Identity(), -1.0), InvalidParameter);
}

TEST_CASE("The noise factor reproduces rank-deficient D and nearly singular Q(h), and refuses indefinite input") {
  const LinearModel m = fig2_ccw_peak();
  const NoiseFactor fd = noise_factor(m.D);
  CHECK(fd.rank == 5);  // Brownian bath: no noise on q
  SPINCOM_REQUIRE_MATRIX_CLOSE(Matrix6(fd.L * fd.L.transpose()), m.D, 1e-14);
  const Matrix6 Q = ou_propagator(m.A, m.D, 1e-12).Q;  // Q_qq ~ h^3
  const NoiseFactor fq = noise_factor(Q);
  SPINCOM_REQUIRE_MATRIX_CLOSE(Matrix6(fq.L * fq.L.transpose()), Q, 1e-12);
  Matrix6 bad = Matrix6::Identity();
  bad(0, 0) = -1.0;
  CHECK_THROWS_AS(noise_factor(bad), InvalidParameter);
}

TEST_CASE("The exact stepper's expected covariance equals the closed form at h = 10/kappa") {
  const LinearModel m = fig2_ccw_peak();
  const double kappa = derive(Parameters{}).kappa;
  const double h = 10.0 / kappa;
  const AffineStep step = ExactOuStepper::affine_from_D(m.A, m.D, h);
  const Matrix6 V0 = vacuum_thermal_V0();
  for (std::size_t n : {1u, 3u, 10u})
    SPINCOM_REQUIRE_MATRIX_CLOSE(propagate_covariance(step, V0, n),
                                 covariance_closed_form(m.A, m.D, V0, static_cast<double>(n) * h), 1e-12);
}

// [slow]: ~0.1 s in Release, ~1 min under the sanitizers.
TEST_CASE("Weak order: the bias of V is O(h) for Euler-Maruyama and O(h^2) for stochastic Heun", "[slow]") {
  // Exact: each scheme's expected covariance follows V <- M V M^T + N N^T, so the bias at a fixed
  // time is measured without sampling noise, against the exact (Van Loan) covariance.
  for (const auto& s : paper_systems()) {
    INFO(s.name);
    const Matrix6 B = noise_factor(s.model.D).L;
    const double T = s.t_end / 4.0;
    const Matrix6 V_exact = covariance_closed_form(s.model.A, s.model.D, s.V0, T);
    auto bias = [&](auto affine, std::size_t n) {
      const AffineStep step = affine(s.model.A, B, T / static_cast<double>(n));
      return (propagate_covariance(step, s.V0, n) - V_exact).cwiseAbs().maxCoeff() / V_exact.cwiseAbs().maxCoeff();
    };
    // Asymptotic regime: max|A| h <= 0.005 at the coarsest step (EM's stability limit is ~0.08/omega_m here).
    const auto n0 = static_cast<std::size_t>(std::ceil(s.model.A.cwiseAbs().maxCoeff() * T / 0.005));
    double em_prev = bias(EulerMaruyama::affine, n0), heun_prev = bias(StochasticHeun::affine, n0);
    for (std::size_t n = 2 * n0; n <= 8 * n0; n *= 2) {
      const double em = bias(EulerMaruyama::affine, n), heun = bias(StochasticHeun::affine, n);
      INFO("n = " << n << ": EM bias " << em << " (ratio " << em_prev / em << "), Heun bias " << heun
                  << " (ratio " << heun_prev / heun << ")");
      // halving h halves the EM bias and quarters the Heun bias (20% slack for higher orders)
      CHECK(em_prev / em == Approx(2.0).epsilon(0.2));
      CHECK(heun_prev / heun == Approx(4.0).epsilon(0.2));
      em_prev = em;
      heun_prev = heun;
    }
  }
}

TEST_CASE("Steppers run through odeint's integrate_n_steps and match their affine form") {
  const LinearModel m = fig2_ccw_peak();
  const Matrix6 B = noise_factor(m.D).L;
  const double h = 1e-11;
  const Vector6 x0 = (Vector6() << 1.0, -0.5, 0.2, 0.0, 3.0, -2.0).finished();
  auto compare = [&](auto stepper, const AffineStep& step) {
    NormalSource src_a(42, 7), src_b(42, 7);
    Vector6 x = x0;
    boost::numeric::odeint::integrate_n_steps(stepper, std::make_pair(LinearDrift{m.A}, AdditiveNoise{B, src_a}), x,
                                              0.0, h, 50);
    Vector6 y = x0;
    for (int i = 0; i < 50; ++i) y = step.M * y + step.N * src_b.vector();
    CHECK((x - y).cwiseAbs().maxCoeff() <= 1e-12 * y.cwiseAbs().maxCoeff());
  };
  compare(EulerMaruyama{}, EulerMaruyama::affine(m.A, B, h));
  compare(StochasticHeun{}, StochasticHeun::affine(m.A, B, h));
  // The exact stepper draws from the linear model itself.
  NormalSource src_a(42, 7), src_b(42, 7);
  ExactOuStepper exact;
  Vector6 x = x0, y = x0;
  const AffineStep step = ExactOuStepper::affine_from_D(m.A, m.D, 1e-8);
  for (int i = 0; i < 20; ++i) {
    exact.do_step(LinearOuSystem{m.A, m.D, src_a}, x, i * 1e-8, 1e-8);
    y = step.M * y + step.N * src_b.vector();
  }
  CHECK((x - y).cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("Sample times out of order are refused by the covariance ODE") {
  const LinearModel m = fig2_ccw_peak();
  CHECK_THROWS_AS(integrate_covariance_ode(m.A, m.D, vacuum_thermal_V0(), {0.0, 2e-7, 1e-7}), InvalidParameter);
  CHECK_THROWS_AS(integrate_covariance_ode(m.A, m.D, vacuum_thermal_V0(), {-1e-7, 1e-7}), InvalidParameter);
}
