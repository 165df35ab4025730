// Mean field, Eq. (7): every fixed point, to full precision, and bistability.
#include <catch2/catch.hpp>
#include <vector>

#include "spincom/steady/steady_state.hpp"
#include "spincom/model/mean_field.hpp"

using namespace spincom;

// Eq. (7) residuals are rounding-level (~1e-16) when the root is polished; 1e-10 leaves room
// for conditioning near saddle-node points of the quintic.
constexpr double eq7_tolerance = 1e-10;

namespace {
std::vector<FixedPoint> roots_for(const Parameters& p, Direction d) {
  return solve_mean_field(mean_field_problem(p, derive(p), d));
}
}  // namespace

TEST_CASE("Every fixed point satisfies Eq. 7 to 1e-10 relative across the paper's parameter space") {
  const DerivedQuantities d0 = derive(Parameters{});
  int checked = 0;
  for (double power : {1e-3, 0.02, 0.1, 0.5})
    for (double Omega : {0.0, 8e3, 23e3})
      for (double J : {0.0, 2.0 * d0.kappa, 50e6})
        for (double detuning = -1.0; detuning <= 4.0; detuning += 0.25)
          for (Direction dir : {Direction::ccw, Direction::cw}) {
            Parameters p;
            p.power = power;
            p.Omega = Omega;
            p.J = J;
            p.detuning = detuning;
            const auto roots = roots_for(p, dir);
            REQUIRE((roots.size() == 1 || roots.size() == 3 || roots.size() == 5));
            for (std::size_t i = 0; i < roots.size(); ++i) {
              INFO("P=" << power << " Omega=" << Omega << " J=" << J << " detuning=" << detuning);
              CHECK(roots[i].residual <= eq7_tolerance);
              CHECK(mean_field_residual(mean_field_problem(p, derive(p), dir), roots[i]) <= eq7_tolerance);
              if (i > 0) CHECK(roots[i].q_s > roots[i - 1].q_s);
              ++checked;
            }
          }
  CHECK(checked > 1000);
}

TEST_CASE("At 100 mW and Omega = 0 a detuning sweep goes through 1 -> 3 -> 1 fixed points") {
  Parameters p;
  p.power = 0.1;
  p.Omega = 0.0;
  std::vector<std::size_t> sequence;  // run-length compressed root counts
  int three_root_points = 0;
  for (double detuning = 1.0; detuning <= 3.5; detuning += 0.01) {
    p.detuning = detuning;
    const auto roots = roots_for(p, Direction::ccw);
    if (roots.size() == 3) {
      ++three_root_points;
      // At a bistable point the outer roots bracket the middle one, and all satisfy Eq. 7.
      for (const auto& r : roots) CHECK(r.residual <= eq7_tolerance);
    }
    if (sequence.empty() || sequence.back() != roots.size()) sequence.push_back(roots.size());
  }
  CHECK(sequence == std::vector<std::size_t>{1, 3, 1});
  CHECK(three_root_points > 5);
}

TEST_CASE("With J = 0 the undriven mode stays empty and the driven amplitude has the one-mode form") {
  Parameters p;  // Table I, J = 0
  for (Direction dir : {Direction::ccw, Direction::cw}) {
    const auto m = mean_field_problem(p, derive(p), dir);
    for (const auto& fp : solve_mean_field(m)) {
      CHECK(fp.N_other == 0.0);
      const std::complex<double> one_mode = m.epsilon / std::complex<double>(m.kappa, fp.Delta_tilde_driven);
      CHECK(std::abs(fp.alpha_driven - one_mode) <= 1e-14 * std::abs(one_mode));
    }
  }
}

TEST_CASE("At Omega = 0 both driving directions have the same fixed points (reciprocity)") {
  Parameters p;
  p.Omega = 0.0;
  p.J = 5e7;
  const auto a = roots_for(p, Direction::ccw);
  const auto b = roots_for(p, Direction::cw);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i].q_s == b[i].q_s);
}

TEST_CASE("Without drive the only fixed point is the empty cavity") {
  Parameters p;
  p.power = 0.0;
  const auto roots = roots_for(p, Direction::ccw);
  REQUIRE(roots.size() == 1);
  CHECK(roots[0].q_s == 0.0);
  CHECK(roots[0].N_driven == 0.0);
}

TEST_CASE("The selected branch is the stable fixed point with the fewest photons") {
  Parameters p;
  p.power = 0.1;
  p.Omega = 0.0;
  p.detuning = 2.0;
  SteadyStateOptions all;
  all.branches = BranchSelection::all;
  const auto s = analyze_steady_state(p, Direction::ccw, all);
  REQUIRE(s.n_fixed_points == 3);
  REQUIRE(s.selected.has_value());
  for (const auto& a : s.fixed_points) {
    if (a.index < *s.selected) CHECK_FALSE(a.stability.stable());
  }
  CHECK(s.selected_analysis()->stability.stable());
  const auto one = analyze_steady_state(p, Direction::ccw);
  REQUIRE(one.fixed_points.size() == 1);
  CHECK(one.fixed_points[0].index == *s.selected);
}
