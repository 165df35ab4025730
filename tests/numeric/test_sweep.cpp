// Parameter sweeps: every row is the single-point steady state, independent of threads.
#include <catch2/catch.hpp>
#include <cmath>

#include "spincom/steady/peak_sweep.hpp"
#include "spincom/steady/sweep.hpp"
#include "spincom/core/error.hpp"

using namespace spincom;

namespace {

bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

}  // namespace

TEST_CASE("Every sweep row equals the single-point steady-state result") {
  Parameters base;
  base.power = 0.1;  // includes bistable points at Omega = 0
  const std::vector<SweepAxis> axes{parse_axis("detuning:0.5:2.5:21"), parse_axis("Omega:0:23k:3")};
  const SweepResult r = run_sweep(base, axes, DirectionChoice::both, BranchSelection::all);
  REQUIRE(r.n_points == 63);
  std::size_t checked = 0, multi = 0;
  for (const SweepRow& row : r.rows) {
    Parameters p = base;
    const auto v = r.point_values(row.point);
    p.detuning = v[0];
    p.Omega = v[1];
    SteadyStateOptions all;
    all.branches = BranchSelection::all;
    const DirectionSteadyState s = analyze_steady_state(p, row.direction, all);
    const FixedPointAnalysis& a = s.fixed_points.at(row.branch);
    INFO("point " << row.point << " " << to_string(row.direction) << " branch " << row.branch);
    CHECK(row.n_fixed_points == s.n_fixed_points);
    CHECK(row.selected == (s.selected && *s.selected == a.index));
    CHECK(row.N_driven == a.fixed_point.N_driven);
    CHECK(row.abs_G_driven_over_omega_m == std::abs(a.fixed_point.G_driven) / p.omega_m);
    CHECK(row.Delta_tilde_other == a.fixed_point.Delta_tilde_other);
    CHECK(row.stable == a.stability.stable());
    CHECK(row.max_re_eig == a.stability.max_re_eig);
    CHECK(same(row.Theta_6, a.stability.Theta[5]));
    CHECK(same(row.E_N, a.steady ? a.steady->entanglement.E_N : NAN));
    multi += s.n_fixed_points > 1;
    ++checked;
  }
  CHECK(checked == r.rows.size());
  CHECK(multi > 0);  // the bistable region was covered
}

TEST_CASE("Sweep output does not depend on the thread count") {
  const std::vector<SweepAxis> axes{parse_axis("detuning:-0.5:2.5:41"), parse_axis("temperature:0.01:1:5:log")};
  const SweepResult one = run_sweep(Parameters{}, axes, DirectionChoice::both, BranchSelection::stable, 1);
  const SweepResult two = run_sweep(Parameters{}, axes, DirectionChoice::both, BranchSelection::stable, 2);
  REQUIRE(one.rows.size() == two.rows.size());
  for (std::size_t i = 0; i < one.rows.size(); ++i) {
    CHECK(one.rows[i].point == two.rows[i].point);
    CHECK(same(one.rows[i].E_N, two.rows[i].E_N));
    CHECK(one.rows[i].max_re_eig == two.rows[i].max_re_eig);
  }
  for (std::size_t i = 0; i < one.Delta_E_N.size(); ++i) CHECK(same(one.Delta_E_N[i], two.Delta_E_N[i]));
}

TEST_CASE("Log axes are geometric and include both ends") {
  const auto v = parse_axis("Q:1e6:1e9:4:log").values();
  REQUIRE(v.size() == 4);
  CHECK(v[0] == 1e6);
  CHECK(v[1] == Approx(1e7).epsilon(1e-12));
  CHECK(v[3] == 1e9);
  CHECK(parse_axis("Omega:0:23k:3").values()[2] == 23e3);
}

TEST_CASE("Bad sweep axes are refused: empty range, unknown axis, non-positive log range, too large, malformed") {
  CHECK_THROWS_WITH(parse_axis("detuning:0:2:0"), Catch::Contains("empty"));
  CHECK_THROWS_WITH(parse_axis("detuning:1:1:5"), Catch::Contains("empty"));
  CHECK_THROWS_WITH(parse_axis("detunin:0:2:10"), Catch::Contains("unknown parameter"));
  CHECK_THROWS_WITH(parse_axis("Q:0:1e9:10:log"), Catch::Contains("log axis"));
  CHECK_THROWS_WITH(parse_axis("detuning:0:2"), Catch::Contains("NAME:START:STOP:COUNT"));
  CHECK_THROWS_WITH(parse_axis("detuning:0:2:ten"), Catch::Contains("COUNT"));
  CHECK_THROWS_WITH(parse_axis("temperature:-1:1:3"), Catch::Contains("valid is"));
  CHECK_THROWS_WITH(parse_axis("detuning:0:nan:3"), Catch::Contains("finite"));
  const std::vector<SweepAxis> huge{parse_axis("detuning:0:2:100000"), parse_axis("Omega:0:1k:100000")};
  CHECK_THROWS_WITH(run_sweep(Parameters{}, huge, DirectionChoice::both, BranchSelection::stable),
                    Catch::Contains("too many"));
  CHECK_THROWS_WITH(run_sweep(Parameters{}, {parse_axis("detuning:0:2:3")}, DirectionChoice::both,
                              BranchSelection::stable, 100000),
                    Catch::Contains("threads"));
  CHECK_THROWS_AS(run_sweep(Parameters{}, {parse_axis("detuning:0:2:3")}, DirectionChoice::both,
                            BranchSelection::stable, -1),
                  InvalidParameter);
  const std::vector<SweepAxis> dup{parse_axis("detuning:0:2:3"), parse_axis("detuning:0:1:3")};
  CHECK_THROWS_AS(run_sweep(Parameters{}, dup, DirectionChoice::both, BranchSelection::stable), InvalidParameter);
}

TEST_CASE("Peak sweeps: chi = 1 at J = 0 for every spin rate, and rows equal the single-point optimizer") {
  const DetuningScan scan = parse_max_over("detuning:-1.5:3.5:201");
  const std::vector<SweepAxis> axes{parse_axis("Omega:0:20k:5"), parse_axis("J:0:60M:3")};
  const PeakSweepResult r = run_peak_sweep(Parameters{}, axes, DirectionChoice::both, scan);
  REQUIRE(r.rows.size() == 30);
  for (const auto& row : r.rows) {
    const auto v = r.point_values(row.point);
    Parameters p;
    p.Omega = v[0];
    p.J = v[1];
    const auto peak = maximize_entanglement_over_detuning(p, row.direction, scan);
    INFO("Omega = " << v[0] << ", J = " << v[1] << ", " << to_string(row.direction));
    REQUIRE(row.found == peak.has_value());
    if (!peak) continue;
    CHECK(row.peak.E_N == peak->E_N);
    CHECK(row.peak.detuning == peak->detuning);
    // At J = 0 the spin only shifts the E_N(Delta_c) curve (Eq. 7 depends on Delta_c + Delta_F):
    // the maximum is unchanged up to the optimizer's resolution (~1e-8 relative in E_N).
    if (v[1] == 0.0) CHECK(row.chi == Approx(1.0).epsilon(1e-6));
    else CHECK(row.chi < 1.0);  // backscattering costs entanglement (Fig. 3)
  }
  CHECK_THROWS_AS(run_peak_sweep(Parameters{}, {parse_axis("detuning:0:1:3")}, DirectionChoice::both, scan),
                  InvalidParameter);
  CHECK_THROWS_AS(parse_max_over("Omega:0:1:5"), InvalidParameter);
  CHECK_THROWS_AS(parse_max_over("detuning:0:1:2"), InvalidParameter);
}
