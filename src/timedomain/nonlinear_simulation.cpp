#include "spincom/timedomain/nonlinear_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "spincom/model/initial_covariance.hpp"
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

namespace {

void check_spec(const NonlinearSimulationSpec& spec) {
  check_time_grid(spec.grid);
  check_stopping_rule(spec.stopping, spec.ensemble.groups);
  if (!(spec.alpha > 0.0 && spec.alpha < 1.0))
    throw InvalidParameter("alpha = " + format_value(spec.alpha) + ": valid is 0 < alpha < 1. Hint: 1e-3.");
}

/// Stage 1: the steady chain at the chosen root.
void analyze(NonlinearSimulationResult& r) {
  r.resolution_note = resolve_detuning(r.spec.point);
  PointAnalysis a = analyze_point(r.spec.point);
  r.roots = a.roots;
  r.root = a.root;
  r.model = a.model;
  r.stability = a.stability;
  r.V_lyapunov = a.V_lyapunov;
}

/// Stage 2: t_end and the Heun step (refused above the limit before any integration;
/// make_nonlinear_ensemble checks the start too).
void resolve_grid(NonlinearSimulationResult& r) {
  TimeGrid& g = r.spec.grid;
  const double rate = std::abs(r.stability.max_re_eig);
  resolve_t_end(g, r.spec.initial.start == NonlinearStart::switch_on ? 30.0 : 10.0, rate);
  const double interval = g.interval();
  if (g.dt == 0.0) {
    r.steps_per_sample = static_cast<std::size_t>(std::ceil(interval / (r.step_limit / 8.0)));
    g.dt = interval / static_cast<double>(r.steps_per_sample);
    return;
  }
  if (g.dt > r.step_limit)
    throw InvalidParameter("grid.dt = " + format_value(g.dt) + " s is too large for stochastic Heun here: valid is dt <= " +
                           format_value(r.step_limit) +
                           " s (every decaying eigenvalue lambda of the drift matrix needs |1 + lambda dt + "
                           "(lambda dt)^2/2| < 1, and |lambda| dt <= 1). Hint: a smaller grid.dt, or 0 for the automatic step.");
  if (g.dt > interval)
    throw InvalidParameter("grid.dt = " + format_value(g.dt) + " s: valid is 0 < dt <= t_end/samples = " +
                           format_value(interval) + " s. Hint: 0 = automatic.");
  r.steps_per_sample = static_cast<std::size_t>(std::llround(interval / g.dt));
  g.dt = interval / static_cast<double>(r.steps_per_sample);
}

/// Stage 3: the initial state in the displaced frame.
void initial_state(NonlinearSimulationResult& r, const LangevinEquations& eq) {
  const Matrix6 V_vt = vacuum_thermal_covariance(derive(r.spec.point.parameters));
  if (r.spec.initial.start == NonlinearStart::switch_on) {
    r.mean0 = eq.from_lab({{0.0, 0.0}, {0.0, 0.0}, 0.0, 0.0});
    r.V0 = V_vt;
    return;
  }
  r.mean0.setZero();
  r.V0 = (r.spec.initial.vacuum_thermal || !r.V_lyapunov) ? V_vt : *r.V_lyapunov;
}

/// The linear Heun scheme's own V(t) and the closed form at the sample times, and the bias.
void linear_references(NonlinearSimulationResult& r) {
  const Matrix6 B = Matrix6(r.model.D.diagonal().cwiseSqrt().asDiagonal());
  const AffineStep heun = StochasticHeun::affine(r.model.A, B, r.spec.grid.dt);
  Matrix6 Vs = r.V0;
  r.scheme_bias = 0.0;
  r.V_scheme.clear();
  r.V_closed_form.clear();
  for (std::size_t k = 0; k <= r.spec.grid.samples; ++k) {
    const double t = static_cast<double>(k * r.steps_per_sample) * r.spec.grid.dt;
    if (k > 0) Vs = propagate_covariance(heun, Vs, r.steps_per_sample);
    r.V_scheme.push_back(Vs);
    r.V_closed_form.push_back(covariance_closed_form(r.model.A, r.model.D, r.V0, t));
    if (r.stability.stable()) r.scheme_bias = std::max(r.scheme_bias, relative_max_difference(Vs, r.V_closed_form.back()));
  }
}

/// Stage 4: the linear references; with an automatic dt the step is halved until the scheme's
/// weak bias of V is <= auto_dt_bias.
void build_references(NonlinearSimulationResult& r, bool automatic_dt) {
  linear_references(r);
  TimeGrid& g = r.spec.grid;
  while (automatic_dt && r.scheme_bias > g.auto_dt_bias && r.steps_per_sample < (std::size_t{1} << 20)) {
    r.steps_per_sample *= 2;
    g.dt = g.interval() / static_cast<double>(r.steps_per_sample);
    linear_references(r);
  }
}

/// Stage 5: the noise-free transient over the sample times, and a long switch-on.
void mean_field_references(NonlinearSimulationResult& r, const LangevinEquations& eq) {
  const Parameters& p = r.spec.point.parameters;
  MeanFieldDynamicsSpec mf{langevin_coefficients(p, derive(p), r.spec.point.direction, false), r.roots};
  mf.reference = reference_at(r.roots[r.root]);
  mf.initial = eq.to_lab(r.mean0);
  mf.t_end = r.spec.grid.t_end;
  mf.samples = r.spec.grid.samples;
  r.mean_field = integrate_mean_field(mf);
  if (!r.stability.stable()) return;
  mf.initial = {{0.0, 0.0}, {0.0, 0.0}, 0.0, 0.0};
  mf.t_end = 60.0 / std::abs(r.stability.max_re_eig);
  mf.samples = 600;
  r.switch_on = integrate_mean_field(mf);
}

/// Stage 6: the paired ensemble, until the stopping rule is met.
void run_ensemble(NonlinearSimulationResult& r, const LangevinEquations& eq, const Execution& execution) {
  NonlinearEnsembleSpec es{eq, r.model.D};
  es.mean0 = r.mean0;
  es.V0 = r.V0;
  es.h = r.spec.grid.dt;
  es.steps_per_sample = r.steps_per_sample;
  es.samples = r.spec.grid.samples;
  es.A_linear = r.model.A;
  es.ensemble = r.spec.ensemble;
  es.execution = execution;
  r.statistics = make_nonlinear_ensemble(es);
  const std::size_t last = r.spec.grid.samples;
  const StoppingOutcome outcome = apply_stopping_rule(
      r.spec.stopping, r.spec.ensemble.groups, [&](std::size_t n) { run_nonlinear_ensemble(r.statistics, es, n); },
      [&] {
        return jackknife(r.statistics.nonlinear.groups_at(last), [](const Matrix6& M) { return raw_log_negativity(M); })
            .ci_half_width;
      });
  r.rounds = outcome.rounds;
  r.target_reached = outcome.target_reached;
  r.final_ci = outcome.final_ci;
  r.spec.stopping.trajectories = r.statistics.nonlinear.trajectories;
}

/// Stage 7: the statistics of one sample time.
NonlinearSample summarize_sample(const NonlinearSimulationResult& r, std::size_t k, const Vector6& z_root) {
  auto f = [](const Matrix6& V) { return raw_log_negativity(V); };
  NonlinearSample s;
  s.t = r.statistics.nonlinear.times[k];
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
  return s;
}

}  // namespace

NonlinearSimulationResult run_nonlinear_simulation(const NonlinearSimulationSpec& in, const Execution& execution) {
  NonlinearSimulationResult r;
  r.spec = in;
  r.processes = execution.partition.size;
  check_spec(r.spec);
  analyze(r);
  const Parameters& p = r.spec.point.parameters;
  const LangevinEquations eq(langevin_coefficients(p, derive(p), r.spec.point.direction), reference_at(r.roots[r.root]));
  r.step_limit = heun_step_limit(r.model.A);
  const bool automatic_dt = r.spec.grid.dt == 0.0;
  resolve_grid(r);
  initial_state(r, eq);
  build_references(r, automatic_dt);
  mean_field_references(r, eq);
  run_ensemble(r, eq, execution);
  const Vector6 z_root = root_vector(r.roots[r.root]);
  for (std::size_t k = 0; k < r.statistics.nonlinear.times.size(); ++k) r.samples.push_back(summarize_sample(r, k, z_root));
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
  if (spec.initial.start == NonlinearStart::fixed_point && r.stability.stable()) {
    const ValidationReport v = validate_ensemble(r.statistics.nonlinear, r.V_scheme, 0.5 * spec.alpha);
    double worst_p = 1.0;
    for (const auto& s : v.samples) worst_p = std::min(worst_p, s.p_value);
    out.push_back({"linearization: nonlinear ensemble V(t) vs linearized V(t) (chi2 and E_N, every sample)", v.pass, true,
                   v.pass ? "all " + std::to_string(v.samples.size()) + " sample times within the Bonferroni thresholds at alpha = " +
                                format_value(0.5 * spec.alpha) + " (smallest chi2 p = " + format_value(worst_p) + ")"
                          : v.failed_check});
  } else {
    out.push_back({"linearization: nonlinear ensemble V(t) vs linearized V(t)", true, false,
                   spec.initial.start == NonlinearStart::switch_on
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
