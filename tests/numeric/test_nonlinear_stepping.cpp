// Stochastic Heun on the nonlinear Eq. (3): its orders, verified against answers known
// independently of the scheme (nonlinear_ensemble.hpp states strong 1.0 / weak 2.0 for additive
// noise; noise-free it is the explicit trapezoidal rule, order 2).
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "spincom/core/error.hpp"
#include "spincom/model/linear_model.hpp"
#include "spincom/nonlinear/mean_field_dynamics.hpp"
#include "spincom/ensemble/nonlinear_ensemble.hpp"

using namespace spincom;

namespace {

/// Table I with G0 raised by `s` (mass / s^2) and the power lowered by s^2: G = sqrt2 G0 alpha and
/// Delta~ stay the same, so A and D are unchanged, while N falls by s^2 and the products of
/// fluctuations (G0 dq da, G0 |da|^2) grow by s relative to the linear terms.
Parameters strong_coupling(double s) {
  Parameters p;
  p.mass /= s * s;
  p.power /= s * s;
  return p;
}

}  // namespace

TEST_CASE("Noise-free Heun on Eq. (3) converges with order 2 to the Dormand-Prince switch-on transient") {
  Parameters p;
  const DerivedQuantities d = derive(p);
  const auto roots = solve_mean_field(mean_field_problem(p, d, Direction::ccw));
  MeanFieldDynamicsSpec spec{langevin_coefficients(p, d, Direction::ccw, false), roots};
  spec.t_end = 4e-8;  // the strongly nonlinear first ~0.4 mechanical periods of the switch-on
  spec.samples = 1;
  spec.relative_tolerance = 1e-13;
  spec.absolute_tolerance = 1e-13;
  const MeanFieldDynamicsResult ref = integrate_mean_field(spec);
  const LangevinEquations eq(spec.coefficients, reference_at(roots.at(0)));
  const Vector6 z_ref = root_vector(roots.at(0));
  const Vector6 u0 = eq.from_lab(spec.initial);
  std::vector<double> err;
  for (std::size_t steps : {400u, 800u, 1600u, 3200u}) {
    const Vector6 u = heun_path(eq, Vector6::Zero(), u0, spec.t_end / static_cast<double>(steps), steps,
                                [] { return Vector6(Vector6::Zero()); });
    err.push_back((z_ref + u - ref.final_z).norm() / ref.final_z.norm());
  }
  for (std::size_t k = 1; k < err.size(); ++k) {
    INFO("errors " << err[k - 1] << " -> " << err[k]);
    CHECK(err[k - 1] / err[k] == Approx(4.0).epsilon(0.1));
  }
  CHECK(err.back() > 1e3 * 1e-13);  // still far above the reference's own error
}

TEST_CASE("Stochastic Heun on Eq. (3) has strong order 1 (same Brownian path, step halving)") {
  // G0 raised 1e3-fold (N ~ 1e3): the nonlinear terms are ~1e-1 of the linear ones for O(1)
  // fluctuations, so this exercises the nonlinear drift, not only A u.
  const Parameters p = strong_coupling(1e3);
  const DerivedQuantities d = derive(p);
  const FixedPoint fp = solve_mean_field(mean_field_problem(p, d, Direction::ccw)).at(0);
  const LangevinEquations eq(langevin_coefficients(p, d, Direction::ccw), reference_at(fp));
  const Vector6 D_diagonal = diffusion_matrix(p, d).diagonal();
  const double t = 2e-8;
  const std::size_t fine = 8192;
  const std::vector<std::size_t> coarse{32, 64, 128, 256, 512};
  std::vector<double> err(coarse.size(), 0.0);
  const int paths = 200;
  std::mt19937_64 rng(5);
  std::normal_distribution<double> n01;
  for (int path = 0; path < paths; ++path) {
    std::vector<Vector6> xi(fine);
    for (auto& x : xi)
      for (int k = 0; k < 6; ++k) x(k) = n01(rng);
    Vector6 u0;
    for (int k = 0; k < 6; ++k) u0(k) = n01(rng) * (k >= 4 ? 16.0 : 0.7);
    std::size_t i = 0;
    const Vector6 u_fine = heun_path(eq, D_diagonal, u0, t / fine, fine, [&] { return xi[i++]; });
    for (std::size_t c = 0; c < coarse.size(); ++c) {
      const std::size_t m = fine / coarse[c];
      std::size_t j = 0;
      // The coarse increment is the sum of the m fine ones: the same Brownian path.
      auto summed = [&] {
        Vector6 s = Vector6::Zero();
        for (std::size_t r = 0; r < m; ++r) s += xi[j++];
        return Vector6(s / std::sqrt(static_cast<double>(m)));
      };
      const Vector6 u = heun_path(eq, D_diagonal, u0, t / static_cast<double>(coarse[c]), coarse[c], summed);
      err[c] += (u - u_fine).squaredNorm() / paths;
    }
  }
  // Root-mean-square strong error over 200 paths; its order is the least-squares slope of
  // log2(rms error) against log2(h) over the five levels: 1 for strong order 1 (0.5 would be
  // Euler-Maruyama with multiplicative noise, 2 the deterministic order). The fine path's own
  // error is 1/16 of the finest coarse level's.
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  const double n = static_cast<double>(coarse.size());
  for (std::size_t c = 0; c < coarse.size(); ++c) {
    const double x = -std::log2(static_cast<double>(coarse[c])), y = 0.5 * std::log2(err[c]);
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
    INFO("steps " << coarse[c] << ": rms strong error " << std::sqrt(err[c]));
  }
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  INFO("measured strong order " << slope);
  CHECK(slope > 0.85);
  CHECK(slope < 1.2);
}

TEST_CASE("A step too large for stochastic Heun is refused with the limit in the message") {
  Parameters p;
  const DerivedQuantities d = derive(p);
  const FixedPoint fp = solve_mean_field(mean_field_problem(p, d, Direction::ccw)).at(0);
  const LangevinEquations eq(langevin_coefficients(p, d, Direction::ccw), reference_at(fp));
  const double limit = heun_step_limit(eq.jacobian_at_reference());
  REQUIRE(limit > 0.0);
  REQUIRE(std::isfinite(limit));
  NonlinearEnsembleSpec spec{eq, diffusion_matrix(p, d)};
  spec.h = 1.01 * limit;
  try {
    make_nonlinear_ensemble(spec);
    FAIL("no exception for h above the Heun limit");
  } catch (const InvalidParameter& e) {
    const std::string msg = e.what();
    CHECK(msg.find("too large for stochastic Heun") != std::string::npos);
    CHECK(msg.find("Hint") != std::string::npos);
  }
  spec.h = 0.99 * limit;
  CHECK_NOTHROW(make_nonlinear_ensemble(spec));
  spec.h = -1e-9;
  CHECK_THROWS_AS(make_nonlinear_ensemble(spec), InvalidParameter);
}
