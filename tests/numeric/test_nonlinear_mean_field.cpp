// Noise-free mean-field dynamics of Eq. (3) (Boost.Odeint Dormand-Prince): the laser switch-on
// reaches the root of Eq. (7) the core predicts, and a bistable point has two attractors.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>

#include "spincom/steady/steady_state.hpp"
#include "spincom/core/error.hpp"
#include "spincom/stability/stability.hpp"
#include "spincom/model/linear_model.hpp"
#include "spincom/nonlinear/mean_field_dynamics.hpp"

using namespace spincom;

namespace {

MeanFieldDynamicsSpec switch_on(const Parameters& p, Direction dir, double relaxation_times) {
  const DerivedQuantities d = derive(p);
  MeanFieldDynamicsSpec spec{langevin_coefficients(p, d, dir, false),
                             solve_mean_field(mean_field_problem(p, d, dir))};
  const auto st = analyze_steady_state(p, dir);
  REQUIRE(st.selected_analysis() != nullptr);
  spec.t_end = relaxation_times / std::abs(st.selected_analysis()->stability.max_re_eig);
  return spec;
}

}  // namespace

TEST_CASE("Switch-on (empty cavity, mechanics at rest) reaches the lowest stable root of Eq. (7) to <= 1e-8 at Table I detunings") {
  struct Case {
    double detuning;
    Direction dir;
    double J_over_kappa;
    double Omega;
  };
  // Table I (20 mW, 130 mK): Delta_c = omega_m both directions, the Fig. 2 E_N peak (ccw), and the
  // Fig. 3 backscattering point J = 2 kappa, Omega = 23 kHz, cw, Delta_c = 2.4 omega_m.
  for (const Case& c : {Case{1.0, Direction::ccw, 0.0, 8e3}, Case{1.0, Direction::cw, 0.0, 8e3},
                        Case{0.2965, Direction::ccw, 0.0, 8e3}, Case{2.4, Direction::cw, 2.0, 23e3}}) {
    Parameters p;
    p.detuning = c.detuning;
    p.Omega = c.Omega;
    p.J = c.J_over_kappa * derive(p).kappa;
    INFO("Delta_c/omega_m = " << c.detuning << ", " << to_string(c.dir) << ", J/kappa = " << c.J_over_kappa);
    const auto st = analyze_steady_state(p, c.dir);
    const std::size_t lowest = *st.selected;
    // 60 / |max Re lambda|: the linear tail alone needs ln(1e8) = 18 of them; the nonlinear
    // transient from an empty cavity takes the rest.
    const MeanFieldDynamicsResult r = integrate_mean_field(switch_on(p, c.dir, 60.0));
    INFO("distance " << r.nearest_distance << ", settle time " << r.settle_time << " s, evaluations " << r.rhs_evaluations);
    REQUIRE(r.reached.has_value());
    CHECK(*r.reached == lowest);
    CHECK(r.nearest_distance <= 1e-8);
    CHECK(r.settle_time < r.t_end);
    // The transient starts at the empty cavity.
    CHECK(r.transient.front().z.norm() == 0.0);
  }
}

TEST_CASE("Bistability (100 mW, Omega = 8 kHz, ccw, Delta_c = 1.7 omega_m): two initial conditions reach the two stable roots") {
  // At 100 mW, Omega = 0, 1.6 < Delta_c/omega_m < 2.15 Eq. (7) has three roots but only the lowest
  // is linearly stable (the upper branch is parametrically unstable: docs/nonlinear.md). With
  // Omega = 8 kHz (ccw) the upper branch is stable for 1.66 < Delta_c/omega_m < 1.71.
  Parameters p;
  p.power = 0.1;
  p.Omega = 8e3;
  p.detuning = 1.7;
  const DerivedQuantities d = derive(p);
  const auto roots = solve_mean_field(mean_field_problem(p, d, Direction::ccw));
  REQUIRE(roots.size() == 3);
  const auto stable = stable_roots(p, d, roots);
  REQUIRE(stable.size() == 2);
  double slowest = 0.0;
  for (std::size_t i : stable) {
    const double re = check_stability(drift_matrix(p, d, roots[i])).max_re_eig;
    slowest = std::max(slowest, 1.0 / std::abs(re));
  }
  MeanFieldDynamicsSpec spec{langevin_coefficients(p, d, Direction::ccw, false), roots};
  spec.t_end = 80.0 * slowest;
  // (1) switch-on from the empty cavity; (2) the upper root with its field raised by 1%.
  const MeanFieldDynamicsResult low = integrate_mean_field(spec);
  spec.initial = {1.01 * roots[2].alpha_driven, 1.01 * roots[2].alpha_other, roots[2].q_s, 0.0};
  const MeanFieldDynamicsResult high = integrate_mean_field(spec);
  INFO("low: root " << low.nearest << " at " << low.nearest_distance << "; high: root " << high.nearest << " at "
                    << high.nearest_distance);
  REQUIRE(low.reached.has_value());
  REQUIRE(high.reached.has_value());
  CHECK(*low.reached != *high.reached);
  CHECK(std::find(stable.begin(), stable.end(), *low.reached) != stable.end());
  CHECK(std::find(stable.begin(), stable.end(), *high.reached) != stable.end());
  CHECK(low.nearest_distance <= 1e-8);
  CHECK(high.nearest_distance <= 1e-8);
}

TEST_CASE("Mean-field dynamics refuse a bad time span and need the roots") {
  Parameters p;
  const DerivedQuantities d = derive(p);
  MeanFieldDynamicsSpec spec{langevin_coefficients(p, d, Direction::ccw, false),
                             solve_mean_field(mean_field_problem(p, d, Direction::ccw))};
  spec.t_end = 0.0;
  CHECK_THROWS_AS(integrate_mean_field(spec), InvalidParameter);
  spec.t_end = std::nan("");
  CHECK_THROWS_AS(integrate_mean_field(spec), InvalidParameter);
  spec.t_end = 1e-6;
  spec.roots.clear();
  CHECK_THROWS_AS(integrate_mean_field(spec), InvalidParameter);
}
