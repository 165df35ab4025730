#include "spincom/timedomain/nonlinear_simulation.hpp"
#include "spincom/timedomain/resource_estimate.hpp"
#include "spincom/timedomain/run_control.hpp"
#include "spincom/timedomain/truncated_wigner_validity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "spincom/model/initial_covariance.hpp"
#include "spincom/core/error.hpp"
#include "spincom/covariance/ou_propagator.hpp"
#include "spincom/ensemble/heun_step_safety.hpp"
#include "spincom/measures/log_negativity.hpp"
#include "spincom/sde/affine_step.hpp"
#include "spincom/sde/stochastic_heun.hpp"
#include "spincom/measures/relative_difference.hpp"

namespace spincom {

std::string_view to_string(NonlinearStart s) { return s == NonlinearStart::fixed_point ? "fixed-point" : "switch-on"; }

NonlinearStart parse_nonlinear_start(std::string_view text) {
  if (text == "fixed-point") return NonlinearStart::fixed_point;
  if (text == "switch-on") return NonlinearStart::switch_on;
  throw InvalidParameter("start '" + std::string(text) +
                         "': valid are fixed-point, switch-on. Hint: switch-on starts from the empty cavity.");
}

std::string_view to_string(NonlinearTarget t) { return t == NonlinearTarget::E_N ? "E_N" : "E_N_difference"; }

NonlinearTarget parse_nonlinear_target(std::string_view text) {
  if (text == "E_N") return NonlinearTarget::E_N;
  if (text == "E_N_difference") return NonlinearTarget::E_N_difference;
  throw InvalidParameter("target '" + std::string(text) +
                         "': valid are E_N, E_N_difference. Hint: E_N_difference is the paired nonlinear-minus-linearized E_N.");
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
  check_recorded_paths(spec.ensemble.recorded_paths, spec.stopping);
  if (!(spec.alpha > 0.0 && spec.alpha < 1.0))
    throw InvalidParameter("alpha = " + format_value(spec.alpha) + ": valid is 0 < alpha < 1. Hint: 1e-3.");
  if (!(spec.step_sigmas >= 0.0 && spec.step_sigmas <= 40.0))
    throw InvalidParameter("step_sigmas = " + format_value(spec.step_sigmas) +
                           ": valid is 0 <= step_sigmas <= 40 (standard deviations of the state the Heun step must be "
                           "stable over). Hint: 7.");
}

/// Stage 1: the steady chain at the chosen root.
void analyze(NonlinearSimulationResult& r) {
  r.resolution_note = resolve_detuning(r.spec.point, r.warnings);
  PointAnalysis a = analyze_point(r.spec.point);
  append_warnings(r.warnings, a.warnings);
  append_warnings(r.warnings, truncated_wigner_warnings(r.spec.point.parameters));
  r.margin = a.margin;
  r.roots = a.roots;
  r.root = a.root;
  r.model = a.model;
  r.stability = a.stability;
  r.V_lyapunov = a.V_lyapunov;
}

/// Heun steps per sample interval as a count, refused beyond 1e9 steps per trajectory.
std::size_t steps_per_sample(const TimeGrid& g, double steps) {
  if (!(steps * static_cast<double>(g.samples) <= 1e9))
    throw InvalidParameter("grid.t_end = " + format_value(g.t_end) + " s with grid.dt = " + format_value(g.interval() / steps) +
                           " s needs " + format_value(steps * static_cast<double>(g.samples)) +
                           " Heun steps per trajectory: valid is at most 1e9. Hint: a shorter grid.t_end, fewer "
                           "grid.samples, or a larger grid.dt (up to the Heun limit).");
  return static_cast<std::size_t>(steps);
}

/// Stage 2: t_end (the step comes after the spread of the state is known, resolve_step).
void resolve_end(NonlinearSimulationResult& r) {
  TimeGrid& g = r.spec.grid;
  resolve_t_end(g, r.spec.initial.start == NonlinearStart::switch_on ? 30.0 : 10.0, std::abs(r.stability.max_re_eig));
  append_warnings(r.warnings, sample_spacing_warnings(g.t_end, g.samples, r.spec.point.parameters, false));
}

/// Stage 3b: the Heun limit over the spread of the state (ensemble/heun_step_safety): the root, the
/// initial mean and the noise-free transient, each +-7 sigma of the initial and the Lyapunov V.
void check_step_safety(NonlinearSimulationResult& r, const LangevinEquations& eq) {
  std::vector<Vector6> centres{Vector6::Zero(), r.mean0};
  for (const auto& m : r.mean_field.transient) centres.push_back(eq.from_lab(lab_state(m.z)));
  std::vector<Matrix6> spreads{r.V0};
  if (r.V_lyapunov) spreads.push_back(*r.V_lyapunov);
  r.step_safety = heun_step_safety(eq, centres, spreads, r.spec.step_sigmas);
  r.step_limit = r.step_safety.limit;
}

/// Stage 4: the Heun step, refused above the limit over the spread before any integration
/// (make_nonlinear_ensemble checks the root and the start too). Automatic: the root's limit/8,
/// or the spread's limit when that is smaller (build_references then halves for the bias).
void resolve_step(NonlinearSimulationResult& r) {
  TimeGrid& g = r.spec.grid;
  const double interval = g.interval();
  if (g.dt == 0.0) {
    const double start = std::min(r.step_safety.limit_at_reference / 8.0, r.step_safety.limit);
    r.steps_per_sample = steps_per_sample(g, std::ceil(interval / start));
    g.dt = interval / static_cast<double>(r.steps_per_sample);
    return;
  }
  if (g.dt > r.step_limit)
    throw InvalidParameter("grid.dt = " + format_value(g.dt) + " s is too large for stochastic Heun here: valid is dt <= " +
                           format_value(r.step_limit) + " s, the Heun limit over the spread of the state (the root " +
                           "and the initial mean +-" + format_value(r.step_safety.sigmas) + " standard deviations, " +
                           "where every decaying eigenvalue lambda of the local drift Jacobian needs |1 + lambda dt + "
                           "(lambda dt)^2/2| < 1, and |lambda| dt <= 1; at the root alone " +
                           format_value(r.step_safety.limit_at_reference) +
                           " s). Hint: a smaller grid.dt, or 0 for the automatic step.");
  if (g.dt > interval)
    throw InvalidParameter("grid.dt = " + format_value(g.dt) + " s: valid is 0 < dt <= t_end/samples = " +
                           format_value(interval) + " s. Hint: 0 = automatic.");
  r.steps_per_sample = steps_per_sample(g, std::round(interval / g.dt));
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
  if (!r.spec.initial.vacuum_thermal && !r.V_lyapunov)
    throw UnstableSystem("the fixed-point start from the Lyapunov V (initial.kind = steady-state) needs a stable root, and "
                         "root #" + std::to_string(r.root) + " is not: " + stability_summary(r.stability) +
                         ". Hint: start from vacuum-thermal fluctuations (initial.vacuum_thermal).");
  r.V0 = r.spec.initial.vacuum_thermal ? V_vt : *r.V_lyapunov;
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

/// The channels of a checkpoint: u, then v and u - v when paired.
std::vector<EnsembleStatistics> channels_of(const NonlinearEnsembleStatistics& s) {
  std::vector<EnsembleStatistics> c{s.nonlinear};
  if (s.linear && s.difference) {
    c.push_back(*s.linear);
    c.push_back(*s.difference);
  }
  return c;
}

void restore_channels(NonlinearEnsembleStatistics& s, const std::vector<EnsembleStatistics>& c) {
  s.nonlinear = c[0];
  if (s.linear && s.difference) {
    *s.linear = c[1];
    *s.difference = c[2];
  }
}

/// The 95% CI half-width of the stopping rule's target at sample k (jackknife over the groups).
double target_ci(const NonlinearSimulationResult& r, std::size_t k) {
  if (r.spec.target == NonlinearTarget::E_N) return log_negativity_jackknife(r.statistics.nonlinear, k).ci_half_width;
  const auto f = [](const Matrix6& V) { return raw_log_negativity(V); };
  const LeaveOneOut ga = leave_one_out(r.statistics.nonlinear.groups_at(k));
  const LeaveOneOut gb = leave_one_out(r.statistics.linear->groups_at(k));
  return jackknife(ga, gb, [&](const Matrix6& a, const Matrix6& b) { return f(a) - f(b); }).ci_half_width;
}

/// Stage 6: the paired ensemble, until the stopping rule is met; in rounds under a run control,
/// from its checkpoint when resuming.
void run_ensemble(NonlinearSimulationResult& r, const LangevinEquations& eq, const Execution& execution,
                  const TrajectoryStream* stream, RunControl* control) {
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
  const std::string print = fingerprint(r) + (control ? control->also_fingerprint : std::string());
  const StoppingOutcome* resume = nullptr;
  if (control && control->resume) {
    check_resume(*control->resume, print, channels_of(r.statistics));
    restore_channels(r.statistics, control->resume->channels);
    resume = &control->resume->stopping;
    if (execution.progress)  // this process's share of what the checkpoint holds
      execution.progress->done = r.statistics.nonlinear.trajectories / static_cast<std::size_t>(execution.partition.size);
  }
  const std::size_t last = r.spec.grid.samples;
  RoundScheduler rounds(control, execution.partition, r.spec.ensemble.groups);
  const auto snapshot = [&] {
    CheckpointView v{print, r.stopping, {&r.statistics.nonlinear}};
    if (r.statistics.linear && r.statistics.difference) {
      v.channels.push_back(&*r.statistics.linear);
      v.channels.push_back(&*r.statistics.difference);
    }
    return v;
  };
  const auto run_to = [&](std::size_t n) {
    run_nonlinear_ensemble(r.statistics, es, n, OnDivergence::throw_error, stream);
  };
  apply_stopping_rule(
      r.spec.stopping, r.spec.ensemble.groups,
      [&](std::size_t n) { rounds.extend(r.statistics.nonlinear.trajectories, n, run_to, snapshot); },
      [&] { return target_ci(r, last); }, execution.progress,
      r.stopping, resume);
  r.spec.stopping.trajectories = r.statistics.nonlinear.trajectories;
}

/// Stage 7: the statistics of one sample time.
NonlinearSample summarize_sample(const NonlinearSimulationResult& r, std::size_t k, const Vector6& z_root) {
  auto f = [](const Matrix6& V) { return raw_log_negativity(V); };
  NonlinearSample s;
  s.t = r.statistics.nonlinear.times[k];
  const LeaveOneOut ga = leave_one_out(r.statistics.nonlinear.groups_at(k));
  const LeaveOneOut gb = leave_one_out(r.statistics.linear->groups_at(k));
  s.mean_z = z_root + r.statistics.nonlinear.merged(k).mean;
  s.mean_field_z = r.mean_field.transient[k].z;
  s.V = ga.all;  // all groups merged in order: the covariance of merged(k)
  s.V_linear = gb.all;
  s.E_N = jackknife(ga, f);
  s.E_N_linear = jackknife(gb, f);
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


/// Eq. (3) in the frame of the chosen root.
LangevinEquations frame_equations(const NonlinearSimulationResult& r) {
  const Parameters& p = r.spec.point.parameters;
  return LangevinEquations(langevin_coefficients(p, derive(p), r.spec.point.direction), reference_at(r.roots[r.root]));
}

}  // namespace

NonlinearSimulationResult prepare_nonlinear_simulation(const NonlinearSimulationSpec& in, const Execution& execution,
                                                       const TrajectoryStream* stream) {
  NonlinearSimulationResult r;
  r.spec = in;
  r.processes = execution.partition.size;
  check_spec(r.spec);
  check_memory(estimate_memory(r.spec, execution, stream), execution);  // before anything grows
  analyze(r);
  const LangevinEquations eq = frame_equations(r);
  const bool automatic_dt = r.spec.grid.dt == 0.0;
  resolve_end(r);
  initial_state(r, eq);
  mean_field_references(r, eq);
  check_step_safety(r, eq);
  resolve_step(r);
  check_run_time(estimate_run_time(static_cast<double>(most_trajectories(r.spec.stopping)),
                                   static_cast<double>(r.spec.grid.samples * r.steps_per_sample),
                                   nonlinear_step_seconds, execution),
                 execution);
  build_references(r, automatic_dt);
  return r;
}

std::string fingerprint(const NonlinearSimulationResult& r) {
  const auto& s = r.spec;
  std::string out = "nonlinear " + std::string(to_string(s.point.direction)) + " root " + std::to_string(r.root) +
                    " start " + std::string(to_string(s.initial.start)) + (s.initial.vacuum_thermal ? " vacuum-thermal" : "");
  append_numbers(out, "parameters", parameter_values(s.point.parameters));
  append_numbers(out, "grid", {s.grid.dt, s.grid.t_end, static_cast<double>(s.grid.samples),
                               static_cast<double>(r.steps_per_sample)});
  append_numbers(out, "stopping", {static_cast<double>(s.stopping.trajectories), s.stopping.target_tol,
                                   static_cast<double>(s.stopping.max_trajectories)});
  if (s.stopping.trajectories == 0) out += " target " + std::string(to_string(s.target));
  append_numbers(out, "ensemble", {static_cast<double>(s.ensemble.seed), static_cast<double>(s.ensemble.groups),
                                   static_cast<double>(s.ensemble.recorded_paths), static_cast<double>(s.ensemble.first_trajectory)});
  append_numbers(out, "mean0", {r.mean0.data(), r.mean0.data() + 6});
  append_numbers(out, "V0", {r.V0.data(), r.V0.data() + 36});
  return out;
}

void run_prepared(NonlinearSimulationResult& r, const Execution& execution, const TrajectoryStream* stream,
                  RunControl* control) {
  run_ensemble(r, frame_equations(r), execution, stream, control);
  const Vector6 z_root = root_vector(r.roots[r.root]);
  for (std::size_t k = 0; k < r.statistics.nonlinear.times.size(); ++k) r.samples.push_back(summarize_sample(r, k, z_root));
}

NonlinearSimulationResult run_nonlinear_simulation(const NonlinearSimulationSpec& in, const Execution& execution,
                                                   const TrajectoryStream* stream) {
  NonlinearSimulationResult r = prepare_nonlinear_simulation(in, execution, stream);
  run_prepared(r, execution, stream, nullptr);
  return r;
}

}  // namespace spincom
