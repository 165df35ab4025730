// The guards on the operating point (issue 12): each case of the issue gives its warning, a
// normal point gives none. The numbers quoted in the comments are the measured ones
// (docs/decisions.md 39-41).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "spincom/core/error.hpp"
#include "spincom/steady/peak_sweep.hpp"
#include "spincom/steady/point_guards.hpp"
#include "spincom/timedomain/closed_form_dynamics.hpp"
#include "spincom/timedomain/operating_point.hpp"
#include "spincom/timedomain/time_grid.hpp"

using namespace spincom;

namespace {

/// The automatic point of `p` and `d` with every warning of resolve_detuning and analyze_point.
struct Chosen {
  OperatingPoint point;
  std::string note;
  PointAnalysis analysis;
  std::vector<Warning> warnings;
};

Chosen choose(const Parameters& p, Direction d, std::optional<DetuningScan> range = std::nullopt) {
  Chosen c;
  c.point.parameters = p;
  c.point.direction = d;
  c.point.detuning_at_peak = true;
  c.point.peak_range = range;
  c.note = resolve_detuning(c.point, c.warnings);
  c.analysis = analyze_point(c.point);
  append_warnings(c.warnings, c.analysis.warnings);
  return c;
}

std::vector<std::string> codes(const std::vector<Warning>& w) {
  std::vector<std::string> out;
  for (const auto& x : w) out.push_back(x.code);
  return out;
}

Parameters custom_device() {
  Parameters p;
  p.mass = 5e-12;
  p.radius = 0.8e-3;
  p.Q = 1e8;
  return p;
}

const DetuningScan old_window{-0.5, 2.5, 301};

}  // namespace

TEST_CASE("The Table I E_N peak is a normal point: no warning, margin reported against kappa and gamma_m") {
  const Chosen c = choose(Parameters{}, Direction::ccw);
  CHECK(c.warnings.empty());
  CHECK(c.point.parameters.detuning == Approx(0.296527).margin(1e-5));
  const StabilityMargin& m = c.analysis.margin;
  CHECK_FALSE(m.marginal());
  CHECK(m.max_re_eig == Approx(-5.37473e6).epsilon(1e-5));
  CHECK(m.over_kappa == Approx(m.max_re_eig / derive(c.point.parameters).kappa));
  CHECK(m.over_gamma_m == Approx(m.max_re_eig / 5.2e3));
  CHECK_THAT(c.note, Catch::Contains("the E_N peak of the ccw direction") && Catch::Contains("kappa") &&
                         Catch::Contains("gamma_m"));
  // and its default grid already resolves 2 pi/omega_m / 4 and 1/kappa: 100 samples, no warning
  TimeGrid g;
  g.t_end = 10.0 / std::abs(m.max_re_eig);
  CHECK_FALSE(resolve_samples(g, c.point.parameters));
  CHECK(g.samples == 100);
  CHECK(sample_spacing_warnings(g.t_end, g.samples, c.point.parameters, false).empty());
}

TEST_CASE("The 100 mW ccw peak sits beside a saddle-node: marginal_stability with a safer detuning") {
  Parameters p;
  p.power = 0.1;
  const Chosen c = choose(p, Direction::ccw);
  REQUIRE(codes(c.warnings) == std::vector<std::string>{"marginal_stability"});
  const StabilityMargin& m = c.analysis.margin;
  CHECK(c.point.parameters.detuning == Approx(1.0996).margin(1e-3));
  CHECK(m.marginal());
  CHECK(m.slowest_real);                    // a real eigenvalue: the static (saddle-node) boundary
  CHECK(std::abs(m.over_kappa) < 1e-3);     // measured -6.2e-4
  REQUIRE(m.safer_detuning);
  CHECK(*m.safer_max_re_eig < 100.0 * m.max_re_eig);  // the suggestion relaxes > 100x faster
  CHECK_THAT(c.warnings[0].message, Catch::Contains("saddle-node") && Catch::Contains("Hint: move away"));
}

TEST_CASE("The custom device (5 ng, 0.8 mm, Q = 1e8): marginal peak, and its default grid cannot resolve the mechanics") {
  const Chosen c = choose(custom_device(), Direction::ccw);
  CHECK(codes(c.warnings) == std::vector<std::string>{"marginal_stability"});
  TimeGrid g;  // what simulate resolves: t_end = 10/|max Re lambda| = 0.62 ms
  resolve_t_end(g, 10.0, std::abs(c.analysis.margin.max_re_eig));
  const bool capped = resolve_samples(g, c.point.parameters);
  CHECK(capped);           // 24710 intervals would be needed, above the cap of 2000
  CHECK(g.samples == 100); // so the grid is left as it is, and says so
  const auto w = sample_spacing_warnings(g.t_end, g.samples, c.point.parameters, capped);
  REQUIRE(codes(w) == std::vector<std::string>{"sample_spacing"});
  const double period = 2.0 * M_PI / c.point.parameters.omega_m;
  CHECK(g.interval() / period > 50.0);  // measured 62 mechanical periods per sample
  CHECK_THAT(w[0].message, Catch::Contains("mechanical periods") && Catch::Contains("cannot both be met") &&
                               Catch::Contains("grid.samples") && Catch::Contains("grid.t_end"));
}

TEST_CASE("A grid that only needs more samples gets them up to the cap, and a given grid is only checked") {
  Parameters p;
  TimeGrid g;
  g.t_end = 1e-5;  // Table I: 402 intervals of 24.9 ns resolve 2 pi/omega_m / 4
  CHECK_FALSE(resolve_samples(g, p));
  CHECK(g.samples == static_cast<std::size_t>(std::ceil(1e-5 / resolving_interval(p))));
  CHECK(sample_spacing_warnings(g.t_end, g.samples, p, false).empty());
  TimeGrid fixed;
  fixed.t_end = 1e-5;
  fixed.raise_samples = false;
  CHECK_FALSE(resolve_samples(fixed, p));
  CHECK(fixed.samples == 100);
  CHECK(codes(sample_spacing_warnings(fixed.t_end, fixed.samples, p, false)) == std::vector<std::string>{"sample_spacing"});
}

TEST_CASE("At T = 300 K nothing in the range is entangled, and the point is not called the E_N peak") {
  Parameters p;
  p.temperature = 300.0;
  const Chosen c = choose(p, Direction::ccw);
  CHECK(has_warning(c.warnings, "no_entanglement_in_range"));
  CHECK_THAT(c.note, Catch::Contains("nothing in the range is entangled") && !Catch::Contains("the E_N peak"));
}

TEST_CASE("J = 1e10 s^-1: the Fig. 2 window holds nothing entangled (max on its edge); the default range finds the supermode peak") {
  Parameters p;
  p.J = 1e10;
  const Chosen old = choose(p, Direction::ccw, old_window);
  REQUIRE(codes(old.warnings) == std::vector<std::string>{"no_entanglement_in_range"});
  CHECK_THAT(old.warnings[0].message, Catch::Contains("on the edge of the range"));
  const DetuningScan range = default_peak_range(p);
  CHECK(range.lower < -158.0);  // -0.5 - sqrt(Delta_F^2 + J^2)/omega_m
  const Chosen wide = choose(p, Direction::ccw);
  CHECK(wide.warnings.empty());
  CHECK(wide.point.parameters.detuning == Approx(-158.12).margin(0.01));  // measured E_N = 0.0277
}

TEST_CASE("Omega = 40e3 s^-1 cw: the stable peak at 3.03 lies outside the old window, inside the default range") {
  Parameters p;
  p.Omega = 40e3;
  OperatingPoint point;
  point.parameters = p;
  point.direction = Direction::cw;
  point.detuning_at_peak = true;
  point.peak_range = old_window;
  std::vector<Warning> w;
  try {
    resolve_detuning(point, w);
    FAIL("the old window has no stable detuning");
  } catch (const UnstableSystem& e) {
    CHECK_THAT(e.what(), Catch::Contains("point.peak_range [-0.5, 2.5]") && Catch::Contains("Hint: widen point.peak_range"));
  }
  const Chosen c = choose(p, Direction::cw);
  CHECK(c.warnings.empty());
  CHECK(c.point.parameters.detuning == Approx(3.0291).margin(1e-3));
}

TEST_CASE("A maximum inside an entangled region but on the range's end is peak_on_edge") {
  const PeakSearch s = search_entanglement_peak(Parameters{}, Direction::ccw, {-0.5, 0.2, 71});  // the peak is at 0.2965
  CHECK(s.entangled);
  CHECK(s.on_edge);
  CHECK(codes(s.warnings) == std::vector<std::string>{"peak_on_edge"});
  CHECK(s.what() == "the E_N maximum on the edge of the range");
}

TEST_CASE("The default peak range follows the Sagnac shift and J with a spacing of 0.01") {
  Parameters p;
  p.Omega = 0.0;
  DetuningScan r = default_peak_range(p);
  CHECK(r.lower == -0.5);
  CHECK(r.upper == 2.5);
  CHECK(r.points == 301);
  p.Omega = 8e3;
  p.J = 3e7;
  r = default_peak_range(p);
  const double s = std::hypot(0.455430 * 63e6, 3e7) / 63e6;
  CHECK(r.lower == Approx(-0.5 - s).epsilon(1e-5));
  CHECK(r.upper == Approx(2.5 + s).epsilon(1e-5));
  CHECK((r.upper - r.lower) / (r.points - 1) == Approx(0.01).epsilon(1e-3));
}

TEST_CASE("A peak range LOWER:UPPER[:POINTS] is parsed or refused with the value, the valid form and a hint") {
  const DetuningScan r = parse_peak_range("-1:3");
  CHECK(r.lower == -1.0);
  CHECK(r.upper == 3.0);
  CHECK(r.points == 401);
  CHECK(parse_peak_range("0:1:11").points == 11);
  for (const char* bad : {"1:0", "a:1", "0:1:2", "0:1:2.5", "0", "0:1:2:3", "nan:1"}) {
    INFO(bad);
    try {
      parse_peak_range(bad);
      FAIL("accepted");
    } catch (const InvalidParameter& e) {
      CHECK_THAT(e.what(), Catch::Contains("point.peak_range '" + std::string(bad) + "'") &&
                               Catch::Contains("Valid is LOWER:UPPER") && Catch::Contains("Hint:"));
    }
  }
}

TEST_CASE("The --max-over rows carry the margin, nu^- and the edge/entanglement flags") {
  Parameters p;
  SweepAxis power{"power", 0.02, 0.1, 2, false};
  const PeakSweepResult r = run_peak_sweep(p, {power}, DirectionChoice::ccw, old_window, 1);
  REQUIRE(r.rows.size() == 2);
  CHECK_FALSE(r.rows[0].margin.marginal());  // 20 mW: max Re lambda = -5.4e6 s^-1
  CHECK(r.rows[0].margin.max_re_eig == Approx(-5.37e6).epsilon(1e-2));
  CHECK(r.rows[1].margin.marginal());        // 100 mW: -2.9e4 s^-1, beside the saddle-node
  for (const auto& row : r.rows) {
    CHECK(row.entangled);
    CHECK_FALSE(row.on_edge);
    CHECK(-std::log(2.0 * row.nu_minus) == Approx(row.peak.E_N).epsilon(1e-9));
  }
}

TEST_CASE("dynamics' automatic grid adds points to resolve the mechanics and warns when capped") {
  DynamicsSpec spec;
  spec.point.parameters = custom_device();
  spec.point.detuning_at_peak = true;
  const DynamicsResult r = run_dynamics(spec);
  CHECK(r.times.size() == dynamics_max_samples);
  REQUIRE(r.directions.size() == 1);
  CHECK(has_warning(r.directions[0].warnings, "marginal_stability"));
  CHECK(has_warning(r.directions[0].warnings, "sample_spacing"));
  DynamicsSpec table;
  table.point.detuning_at_peak = true;
  const DynamicsResult t = run_dynamics(table);
  CHECK(t.times.size() == dynamics_default_samples);
  CHECK(t.directions[0].warnings.empty());
}
