#include "spincom/timedomain/model_checks.hpp"

#include <cmath>
#include <string>

#include "spincom/core/error.hpp"
#include "spincom/model/linear_model.hpp"

namespace spincom {

namespace {

/// Growth rates at two unstable points against max Re lambda (5%).
SimulationCheck growth_check(ModelCheckResults& out) {
  out.growth_detunings = {-1.0, 0.5};
  out.growth_directions = {Direction::ccw, Direction::cw};
  bool growth_ok = true;
  std::string detail;
  for (std::size_t i = 0; i < 2; ++i) {
    Parameters p;
    p.detuning = out.growth_detunings[i];
    out.growth.push_back(growth_rate(p, out.growth_directions[i], 0, 20e-6));
    const GrowthRateResult& g = out.growth.back();
    growth_ok = growth_ok && g.relative_error < 0.05;
    detail += (i ? "; " : "") + std::string("Delta_c/omega_m = ") + format_value(p.detuning) + " " +
              std::string(to_string(out.growth_directions[i])) + ": measured " + format_value(g.measured_rate) +
              " s^-1 vs max Re lambda " + format_value(g.max_re_lambda) + " (relative " + format_value(g.relative_error) +
              "), then " + std::string(to_string(g.outcome)) + " with q amplitude " + format_value(g.q_amplitude) + " x_zp";
  }
  return {"growth rate vs max Re lambda at two unstable points (5%)", growth_ok, true, detail};
}

/// The noise-free stability map of the Fig. S2 plane (J = 2 kappa) against Routh-Hurwitz.
SimulationCheck stability_map_check(ModelCheckResults& out, int threads) {
  Parameters base;
  base.J = 2.0 * derive(base).kappa;
  std::vector<double> det, om;
  for (int i = 0; i <= 20; ++i) det.push_back(-1.0 + 0.2 * i);
  for (int j = 0; j <= 12; ++j) om.push_back(-30e3 + 5e3 * j);
  out.map = stability_map(base, det, om, 2e-5, threads);
  bool map_ok = true;
  std::string dis;
  for (const auto& q : out.map.points)
    if (!q.agree) {
      map_ok = map_ok && std::abs(q.max_re_lambda) * out.map.t_sim < 3.0;
      dis += " (" + format_value(q.detuning) + ", " + format_value(q.Omega_r) + " s^-1: max Re lambda " +
             format_value(q.max_re_lambda) + ", " + std::string(to_string(q.outcome)) + ")";
    }
  return {"stability map (J = 2 kappa) vs Routh-Hurwitz", map_ok, true,
          "agreement " + std::to_string(out.map.agreements) + "/" + std::to_string(out.map.points.size()) + " = " +
              format_value(out.map.agreement_fraction()) + "; t_sim = " + format_value(out.map.t_sim) +
              " s resolves |max Re lambda| >~ 3/t_sim = " + format_value(3.0 / out.map.t_sim) +
              " s^-1; disagreements:" + (dis.empty() ? std::string(" none") : dis)};
}

/// The bistable point of the model checks: 100 mW, 8 kHz, Delta_c = 1.7 omega_m.
Parameters bistable_point() {
  Parameters bi;
  bi.power = 0.1;
  bi.Omega = 8e3;
  bi.detuning = 1.7;
  return bi;
}

/// Two initial conditions reach the two stable roots.
SimulationCheck bistability_check(ModelCheckResults& out) {
  const Parameters bi = bistable_point();
  const DerivedQuantities d = derive(bi);
  const auto roots = solve_mean_field(mean_field_problem(bi, d, Direction::ccw));
  out.bistable_roots = roots.size();
  const auto stable = stable_roots(bi, d, roots);
  bool bi_ok = roots.size() == 3 && stable.size() == 2;
  if (bi_ok) {
    MeanFieldDynamicsSpec spec(langevin_coefficients(bi, d, Direction::ccw, false), roots);
    spec.t_end = 40e-6;
    out.bistable_low = integrate_mean_field(spec);
    spec.initial = {1.01 * roots[2].alpha_driven, 1.01 * roots[2].alpha_other, roots[2].q_s, 0.0};
    out.bistable_high = integrate_mean_field(spec);
    bi_ok = out.bistable_low.reached && out.bistable_high.reached && *out.bistable_low.reached == stable[0] &&
            *out.bistable_high.reached == stable[1];
  }
  return {"bistability: two initial conditions reach the two stable roots (100 mW, 8 kHz, Delta_c = 1.7 omega_m)", bi_ok,
          true,
          bi_ok ? "switch-on -> root #" + std::to_string(*out.bistable_low.reached) + " (" +
                      format_value(out.bistable_low.nearest_distance) + "), raised field -> root #" +
                      std::to_string(*out.bistable_high.reached) + " (" +
                      format_value(out.bistable_high.nearest_distance) + ")"
                : "expected 3 roots with 2 stable reached from two initial conditions; got " +
                      std::to_string(roots.size()) + " roots, " + std::to_string(stable.size()) + " stable"};
}

/// Up and down sweeps of Delta_c end on different attractors somewhere; every fixed point reached
/// is a stable root. Also records every root of Eq. (7) along the sweep (for the plots).
SimulationCheck hysteresis_check(ModelCheckResults& out) {
  const Parameters bi = bistable_point();
  std::vector<double> sweep_det;
  for (int i = 0; i <= 34; ++i) sweep_det.push_back(0.96 + 0.01 * i);
  out.sweep = hysteresis_sweep(bi, Direction::ccw, sweep_det, 2e-5);
  for (int i = 0; i <= 160; ++i) {
    Parameters b = bi;
    b.detuning = 0.94 + 0.0025 * i;
    const DerivedQuantities db = derive(b);
    for (const auto& r : solve_mean_field(mean_field_problem(b, db, Direction::ccw)))
      out.branches.push_back({b.detuning, r.q_s, r.N_driven + r.N_other, check_stability(drift_matrix(b, db, r)).stable()});
  }
  std::size_t differ = 0, fixed = 0;
  bool branches_ok = true;
  for (std::size_t k = 0; k < sweep_det.size(); ++k) {
    const SweepStep& up = out.sweep[k];
    const SweepStep& down = out.sweep[out.sweep.size() - 1 - k];
    if (up.root.has_value() != down.root.has_value() || (up.root && down.root && *up.root != *down.root)) ++differ;
    for (const SweepStep* s : {&up, &down})
      if (s->root) {
        ++fixed;
        branches_ok = branches_ok && s->root_stable && s->distance <= 1e-6;
      }
  }
  return {"hysteresis: up and down sweeps of Delta_c differ; every fixed point reached is a stable root",
          differ >= 1 && branches_ok, true,
          std::to_string(differ) + " detuning(s) where the sweeps end on different attractors; " + std::to_string(fixed) +
              " fixed points reached, all stable roots within 1e-6: " + (branches_ok ? "yes" : "no")};
}

}  // namespace

ModelCheckResults run_model_checks(int threads) {
  ModelCheckResults out;
  out.checks.push_back(growth_check(out));
  out.checks.push_back(stability_map_check(out, threads));
  out.checks.push_back(bistability_check(out));
  out.checks.push_back(hysteresis_check(out));
  return out;
}

}  // namespace spincom
