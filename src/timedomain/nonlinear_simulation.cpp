#include "spincom/timedomain/nonlinear_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "spincom/steady/steady_state.hpp"
#include "spincom/core/error.hpp"
#include "spincom/covariance/lyapunov.hpp"
#include "spincom/covariance/ou_propagator.hpp"
#include "spincom/measures/log_negativity.hpp"
#include "spincom/sde/affine_step.hpp"
#include "spincom/sde/stochastic_heun.hpp"
#include "spincom/measures/relative_difference.hpp"
#include "spincom/statistics/entry_z.hpp"

namespace spincom {

std::string_view to_string(NonlinearStart s) { return s == NonlinearStart::fixed_point ? "fixed-point" : "switch-on"; }

NonlinearStart parse_nonlinear_start(std::string_view text) {
  if (text == "fixed-point") return NonlinearStart::fixed_point;
  if (text == "switch-on") return NonlinearStart::switch_on;
  throw InvalidParameter("start '" + std::string(text) +
                         "': valid are fixed-point, switch-on. Hint: switch-on starts from the empty cavity.");
}

ModePhotons mode_photons(const NonlinearSample& s, int mode, std::size_t trajectories) {
  const int x = 2 * mode, y = x + 1;
  const double n = static_cast<double>(trajectories);
  const double coherent = 0.5 * (s.mean_z(x) * s.mean_z(x) + s.mean_z(y) * s.mean_z(y));
  return {coherent, coherent + 0.5 * ((n - 1.0) / n * (s.V(x, x) + s.V(y, y)) - 1.0)};
}

NonlinearSimulationResult run_nonlinear_simulation(const NonlinearSimulationSpec& in) {
  NonlinearSimulationResult r;
  r.spec = in;
  NonlinearSimulationSpec& spec = r.spec;
  const Parameters& p = spec.parameters;
  const DerivedQuantities d = derive(p);
  if (spec.samples == 0) throw InvalidParameter("--samples 0: valid is >= 1. Hint: 100.");
  if (spec.trajectories < 2 * spec.ensemble.groups)
    throw InvalidParameter("--trajectories " + std::to_string(spec.trajectories) + ": valid is >= 2 x groups = " +
                           std::to_string(2 * spec.ensemble.groups) + ". Hint: 4096.");
  if (!(spec.alpha > 0.0 && spec.alpha < 1.0))
    throw InvalidParameter("--alpha " + format_value(spec.alpha) + ": valid is 0 < alpha < 1. Hint: 1e-3.");
  r.roots = solve_mean_field(mean_field_problem(p, d, spec.direction));
  if (spec.root) {
    if (*spec.root >= r.roots.size())
      throw InvalidParameter("--root " + std::to_string(*spec.root) + ": valid is 0.." + std::to_string(r.roots.size() - 1) +
                             " (Eq. 7 has " + std::to_string(r.roots.size()) + " roots here). Hint: spincom steady --branches all.");
    r.root = *spec.root;
  } else {
    const auto st = analyze_steady_state(p, spec.direction, {BranchSelection::all});
    const auto sel = select_branch(st.fixed_points);
    r.root = sel ? *sel : 0;
  }
  const FixedPoint& fp = r.roots[r.root];
  r.model = linearize(p, d, fp);
  r.stability = check_stability(r.model.A);
  if (!r.stability.stable() && !spec.allow_unstable)
    throw UnstableSystem("root #" + std::to_string(r.root) + " is not stable: max Re lambda = " +
                         format_value(r.stability.max_re_eig) +
                         " s^-1. Hint: pick another --detuning or --root, or pass --allow-unstable to watch the run-away.");
  if (r.stability.stable()) r.V_lyapunov = solve_lyapunov<6>(r.model.A, r.model.D).V;
  const double rate = std::abs(r.stability.max_re_eig);

  const LangevinEquations eq(langevin_coefficients(p, d, spec.direction), reference_at(fp));
  r.step_limit = heun_step_limit(r.model.A);
  if (spec.t_end == 0.0) spec.t_end = (spec.start == NonlinearStart::switch_on ? 30.0 : 10.0) / rate;
  if (!(spec.t_end > 0.0) || !std::isfinite(spec.t_end))
    throw InvalidParameter("--t-end " + format_value(spec.t_end) + " s: valid is a finite time > 0. Hint: 0 = automatic.");
  const double interval = spec.t_end / static_cast<double>(spec.samples);
  const bool automatic_dt = spec.dt == 0.0;
  if (automatic_dt) {
    r.steps_per_sample = static_cast<std::size_t>(std::ceil(interval / (r.step_limit / 8.0)));
    spec.dt = interval / static_cast<double>(r.steps_per_sample);
  } else {
    if (spec.dt > r.step_limit)  // refused before any integration (make_nonlinear_ensemble checks the start too)
      throw InvalidParameter("--dt " + format_value(spec.dt) + " s is too large for stochastic Heun here: valid is dt <= " +
                             format_value(r.step_limit) +
                             " s (every decaying eigenvalue lambda of the drift matrix needs |1 + lambda dt + "
                             "(lambda dt)^2/2| < 1, and |lambda| dt <= 1). Hint: pass a smaller --dt, or omit it.");
    if (!(spec.dt > 0.0) || !std::isfinite(spec.dt) || spec.dt > interval)
      throw InvalidParameter("--dt " + format_value(spec.dt) + " s: valid is 0 < dt <= t_end/samples = " +
                             format_value(interval) + " s. Hint: 0 = automatic.");
    r.steps_per_sample = static_cast<std::size_t>(std::llround(interval / spec.dt));
    spec.dt = interval / static_cast<double>(r.steps_per_sample);
  }

  // Initial state in the displaced frame.
  Matrix6 V_vt = vacuum_variance * Matrix6::Identity();
  V_vt(quadrature::q, quadrature::q) = V_vt(quadrature::p, quadrature::p) = d.n_m + 0.5;
  if (spec.start == NonlinearStart::switch_on) {
    r.mean0 = eq.from_lab({{0.0, 0.0}, {0.0, 0.0}, 0.0, 0.0});
    r.V0 = V_vt;
  } else {
    r.mean0.setZero();
    if (spec.vacuum_thermal || !r.V_lyapunov) r.V0 = V_vt;
    else r.V0 = *r.V_lyapunov;
  }

  // Linear references at the sample times: the Heun scheme's own V(t) and the closed form. With an
  // automatic dt the step is halved until the scheme's weak bias of V is <= auto_dt_bias.
  const Matrix6 B = Matrix6(r.model.D.diagonal().cwiseSqrt().asDiagonal());
  auto linear_references = [&] {
    const AffineStep heun = StochasticHeun::affine(r.model.A, B, spec.dt);
    Matrix6 Vs = r.V0;
    r.scheme_bias = 0.0;
    r.V_scheme.clear();
    r.V_closed_form.clear();
    for (std::size_t k = 0; k <= spec.samples; ++k) {
      const double t = static_cast<double>(k * r.steps_per_sample) * spec.dt;
      if (k > 0) Vs = propagate_covariance(heun, Vs, r.steps_per_sample);
      r.V_scheme.push_back(Vs);
      r.V_closed_form.push_back(covariance_closed_form(r.model.A, r.model.D, r.V0, t));
      if (r.stability.stable()) r.scheme_bias = std::max(r.scheme_bias, relative_max_difference(Vs, r.V_closed_form.back()));
    }
  };
  linear_references();
  while (automatic_dt && r.scheme_bias > spec.auto_dt_bias && r.steps_per_sample < (std::size_t{1} << 20)) {
    r.steps_per_sample *= 2;
    spec.dt = interval / static_cast<double>(r.steps_per_sample);
    linear_references();
  }

  // Noise-free references: the transient over the sample times, and a long switch-on.
  MeanFieldDynamicsSpec mf{langevin_coefficients(p, d, spec.direction, false), r.roots};
  mf.reference = reference_at(fp);
  mf.initial = eq.to_lab(r.mean0);
  mf.t_end = spec.t_end;
  mf.samples = spec.samples;
  r.mean_field = integrate_mean_field(mf);
  if (r.stability.stable()) {
    mf.initial = {{0.0, 0.0}, {0.0, 0.0}, 0.0, 0.0};
    mf.t_end = 60.0 / rate;
    mf.samples = 600;
    r.switch_on = integrate_mean_field(mf);
  }

  NonlinearEnsembleSpec es{eq, r.model.D};
  es.mean0 = r.mean0;
  es.V0 = r.V0;
  es.h = spec.dt;
  es.steps_per_sample = r.steps_per_sample;
  es.samples = spec.samples;
  es.A_linear = r.model.A;
  es.ensemble = spec.ensemble;
  es.execution = spec.execution;
  r.statistics = make_nonlinear_ensemble(es);
  run_nonlinear_ensemble(r.statistics, es, spec.trajectories);


  const Vector6 z_root = root_vector(fp);
  const auto& times = r.statistics.nonlinear.times;
  auto f = [](const Matrix6& V) { return raw_log_negativity(V); };
  for (std::size_t k = 0; k < times.size(); ++k) {
    NonlinearSample s;
    s.t = times[k];
    const CovarianceAccumulator nl = r.statistics.nonlinear.merged(k);
    const CovarianceAccumulator li = r.statistics.linear->merged(k);
    s.mean_z = z_root + nl.mean;
    s.mean_field_z = r.mean_field.transient[k].z;
    s.V = nl.covariance();
    s.V_linear = li.covariance();
    const LeaveOneOut ga = leave_one_out(r.statistics.nonlinear.groups_at(k));
    const LeaveOneOut gb = leave_one_out(r.statistics.linear->groups_at(k));
    s.E_N = jackknife(r.statistics.nonlinear.groups_at(k), f);
    s.E_N_linear = jackknife(r.statistics.linear->groups_at(k), f);
    s.E_N_difference = jackknife(ga, gb, [&](const Matrix6& a, const Matrix6& b) { return f(a) - f(b); });
    s.E_N_closed_form = raw_log_negativity(r.V_closed_form[k]);
    s.departure = 0.0;
    s.departure_z = 0.0;
    for (int a = 0; a < 6; ++a)
      for (int b = a; b < 6; ++b) {
        const double diff = s.V(a, b) - s.V_linear(a, b);
        s.departure = std::max(s.departure, std::abs(diff) / std::sqrt(s.V(a, a) * s.V(b, b)));
        const auto e = jackknife(ga, gb, [&](const Matrix6& x, const Matrix6& y) { return x(a, b) - y(a, b); });
        if (e.standard_error > 0.0) s.departure_z = std::max(s.departure_z, std::abs(e.estimate) / e.standard_error);
      }
    r.samples.push_back(s);
  }
  return r;
}

std::vector<SimulationCheck> nonlinear_checks(const NonlinearSimulationResult& r) {
  std::vector<SimulationCheck> out;
  const auto& spec = r.spec;
  // 1. Noise-free switch-on reaches the root (deterministic, 1e-8 relative).
  if (r.stability.stable()) {
    const auto& s = r.switch_on;
    const bool ok = s.reached && *s.reached == r.root;
    out.push_back({"mean field: noise-free switch-on reaches root #" + std::to_string(r.root), ok, true,
                   "reached root #" + std::to_string(s.nearest) + " at relative distance " + format_value(s.nearest_distance) +
                       " (tolerance 1e-8) by t = " + format_value(s.settle_time) + " s of " + format_value(s.t_end) + " s"});
  } else {
    out.push_back({"mean field: noise-free switch-on reaches the root", true, false, "skipped: the root is not stable"});
  }
  // 2. Nonlinear ensemble vs the linear scheme's V(t) at every sample (chi2 + E_N, validate_ensemble).
  if (spec.start == NonlinearStart::fixed_point && r.stability.stable()) {
    const ValidationReport v = validate_ensemble(r.statistics.nonlinear, r.V_scheme, 0.5 * spec.alpha);
    double worst_p = 1.0;
    for (const auto& s : v.samples) worst_p = std::min(worst_p, s.p_value);
    out.push_back({"linearization: nonlinear ensemble V(t) vs linearized V(t) (chi2 and E_N, every sample)", v.pass, true,
                   v.pass ? "all " + std::to_string(v.samples.size()) + " sample times within the Bonferroni thresholds at alpha = " +
                                format_value(0.5 * spec.alpha) + " (smallest chi2 p = " + format_value(worst_p) + ")"
                          : v.failed_check});
  } else {
    out.push_back({"linearization: nonlinear ensemble V(t) vs linearized V(t)", true, false,
                   spec.start == NonlinearStart::switch_on
                       ? "skipped for switch-on: the linearization about the final root does not describe the transient"
                       : "skipped: the root is not stable"});
  }
  // 3. At t_end: per-entry z against Lyapunov, Bonferroni over 21 entries, and E_N.
  if (r.V_lyapunov) {
    const auto& last = r.samples.back();
    const std::size_t n = r.statistics.nonlinear.trajectories;
    const EntryZ z = max_entry_z(last.V, *r.V_lyapunov, n);
    // alpha/2 for this check, split over 21 entries and E_N; a factor 2 of margin for the
    // heavier-than-normal tails of sample covariances at finite N (docs/time-domain.md).
    const double zc = bonferroni_z(0.25 * spec.alpha, 22);
    const double EN_ref = raw_log_negativity(*r.V_lyapunov);
    const double EN_z = std::abs(last.E_N.estimate - EN_ref) / last.E_N.standard_error;
    const bool ok = z.max_abs_z <= zc && EN_z <= zc && std::isfinite(z.max_abs_z) && std::isfinite(EN_z);
    out.push_back({"linearization at t_end: nonlinear ensemble vs Lyapunov V (per-entry z, Bonferroni)", ok, true,
                   "max |z| = " + format_value(z.max_abs_z) + " at (" + std::string(quadrature::names[static_cast<std::size_t>(z.row)]) +
                       ", " + std::string(quadrature::names[static_cast<std::size_t>(z.col)]) + "), E_N z = " + format_value(EN_z) +
                       ", threshold " + format_value(zc) + "; E_N " + format_value(std::max(0.0, last.E_N.estimate)) +
                       " vs Lyapunov " + format_value(std::max(0.0, EN_ref)) + "; Heun weak bias " + format_value(r.scheme_bias)});
  } else {
    out.push_back({"linearization at t_end vs Lyapunov", true, false, "skipped: no Lyapunov V (not stable)"});
  }
  // 4. The linear scheme's weak bias is small against the statistical error.
  if (r.stability.stable()) {
    out.push_back({"Heun weak bias of V at this dt", r.scheme_bias <= 1e-2, true,
                   "max relative bias " + format_value(r.scheme_bias) + " (tolerance 1e-2)"});
  }
  return out;
}

}  // namespace spincom
