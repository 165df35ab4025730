#include "spincom/timedomain/linear_simulation.hpp"
#include "spincom/timedomain/resource_estimate.hpp"
#include "spincom/timedomain/run_control.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "spincom/core/error.hpp"
#include "spincom/covariance/covariance_ode.hpp"
#include "spincom/covariance/ou_propagator.hpp"
#include "spincom/measures/relative_difference.hpp"
#include "spincom/measures/symplectic.hpp"
#include "spincom/model/initial_covariance.hpp"
#include "spincom/sde/noise_factor.hpp"
#include "spincom/statistics/jackknife.hpp"

namespace spincom {

std::string_view to_string(InitialKind k) {
  switch (k) {
    case InitialKind::vacuum_thermal: return "vacuum-thermal";
    case InitialKind::steady_state: return "steady-state";
    case InitialKind::matrix: return "matrix";
  }
  return "vacuum-thermal";
}

namespace {

constexpr double max_total_steps_per_trajectory = 1e9;
/// The largest rounding error of a reference E_N a run may report (log_negativity_rounding).
constexpr double max_log_negativity_rounding = 1e-3;
constexpr std::size_t max_auto_dt_steps = std::size_t{1} << 24;

void check_spec(const LinearSimulationSpec& spec) {
  check_time_grid(spec.grid);
  check_bipartition(spec.pair, "simulation.pair");
  check_stopping_rule(spec.stopping, spec.ensemble.groups);
  check_recorded_paths(spec.ensemble.recorded_paths, spec.stopping);
  if (!(spec.alpha > 0.0 && spec.alpha < 1.0))
    throw InvalidParameter("alpha = " + format_value(spec.alpha) + ": valid is 0 < alpha < 1. Hint: 1e-3.");
  const Vector6& m = spec.initial.mean0;
  if (!m.allFinite() || m.cwiseAbs().maxCoeff() > 1e100)
    throw InvalidParameter("initial.mean0: valid is six finite numbers of magnitude <= 1e100.");
}

/// Stage 1: the steady chain at the point.
void analyze(LinearSimulationResult& r) {
  r.resolution_note = resolve_detuning(r.spec.point, r.warnings);
  PointAnalysis a = analyze_point(r.spec.point);
  append_warnings(r.warnings, a.warnings);
  r.margin = a.margin;
  r.fixed_point = a.fixed_point();
  r.model = a.model;
  r.stability = a.stability;
  r.V_lyapunov = a.V_lyapunov;
}

/// Stage 2: V0 of the fluctuations, which must be a quantum state.
Matrix6 initial_covariance(const LinearSimulationResult& r) {
  const LinearInitialState& init = r.spec.initial;
  Matrix6 V0;
  switch (init.kind) {
    case InitialKind::vacuum_thermal: V0 = vacuum_thermal_covariance(derive(r.spec.point.parameters)); break;
    case InitialKind::steady_state:
      if (!r.V_lyapunov)
        throw UnstableSystem("initial.kind = steady-state needs a stable point, and this one is not: " +
                             stability_summary(r.stability) + ".");
      V0 = *r.V_lyapunov;
      break;
    case InitialKind::matrix: V0 = init.V0; break;
  }
  const PhysicalityReport physical = check_physicality(V0);
  if (!physical.physical)
    throw InvalidParameter(std::string(init.kind == InitialKind::matrix ? "initial.V0" : "the initial covariance") +
                           " is not a quantum state: " + physical.reason +
                           ". Hint: V0 + (i/2) Omega >= 0 is required (vacuum variance is 1/2).");
  return V0;
}

/// A fixed-step schedule with at least one step per sample interval and steps <= dt.
StepSchedule make_schedule(const LinearSimulationResult& r, const Matrix6& B, double dt) {
  const double interval = r.spec.grid.interval();
  const std::size_t samples = r.spec.grid.samples;
  const double steps_d = std::ceil(interval / dt - 1e-9);
  if (!(steps_d * static_cast<double>(samples) <= max_total_steps_per_trajectory))
    throw InvalidParameter("grid.dt = " + format_value(dt) + " s needs " + format_value(steps_d * static_cast<double>(samples)) +
                           " steps per trajectory: valid is at most 1e9. Hint: a larger grid.dt, fewer grid.samples, or "
                           "the exact stepper (one step per sample).");
  const auto steps = static_cast<std::size_t>(steps_d);
  return StepSchedule{scheme_step(r.spec.stepper, r.model.A, r.model.D, B, interval / static_cast<double>(steps)), steps,
                      samples};
}

/// The exact V at sample times 1..samples, by the per-interval propagator.
std::vector<Matrix6> exact_covariances(const LinearSimulationResult& r) {
  const OuPropagator exact = ou_propagator(r.model.A, r.model.D, r.spec.grid.interval());
  std::vector<Matrix6> out;
  Matrix6 Ve = r.V0;
  for (std::size_t k = 1; k <= r.spec.grid.samples; ++k) {
    Ve = (exact.Phi * Ve * exact.Phi.transpose() + exact.Q).eval();
    out.push_back(Ve);
  }
  return out;
}

/// The scheme's largest relative weak bias of V over the sample times against `exact`
/// (exact_covariances), from its own covariance recursion (no sampling); HUGE_VAL for an
/// unstable step.
double weak_bias(const LinearSimulationResult& r, const StepSchedule& schedule, const std::vector<Matrix6>& exact) {
  if (!(schedule.step.h < r.max_stable_dt)) return HUGE_VAL;
  Matrix6 Vs = r.V0;
  double bias = 0.0;
  for (const Matrix6& Ve : exact) {
    Vs = propagate_covariance(schedule.step, Vs, schedule.steps_per_sample);
    bias = std::max(bias, relative_max_difference(Vs, Ve));
  }
  return bias;
}

/// Automatic dt for em/heun: halve until stable, then until the weak bias is <= auto_dt_bias.
void halve_until_unbiased(LinearSimulationResult& r, const Matrix6& B) {
  const TimeGrid& g = r.spec.grid;
  const std::vector<Matrix6> exact = exact_covariances(r);  // the same for every candidate step
  for (;;) {
    const double bias = weak_bias(r, r.schedule, exact);
    if (bias <= g.auto_dt_bias) return;
    if (r.schedule.steps_per_sample * g.samples * 2 > max_auto_dt_steps)
      throw InvalidParameter("no automatic dt for the " + std::string(to_string(r.spec.stepper)) +
                             " scheme reaches a weak bias of " + format_value(g.auto_dt_bias) +
                             " within 2^24 steps (bias " + format_value(bias) + " at dt = " +
                             format_value(r.schedule.step.h) +
                             " s). Hint: use the exact stepper (no bias at any dt), or give grid.dt.");
    r.schedule = make_schedule(r, B, 0.5 * r.schedule.step.h);
  }
}

/// Stage 3: t_end, the step and the schedule; samples fall on the step grid.
void resolve_grid(LinearSimulationResult& r, const Matrix6& B) {
  TimeGrid& g = r.spec.grid;
  resolve_t_end(g, 10.0, std::abs(r.stability.max_re_eig));
  const bool capped = resolve_samples(g, r.spec.point.parameters);
  append_warnings(r.warnings, sample_spacing_warnings(g.t_end, g.samples, r.spec.point.parameters, capped));
  const double interval = g.interval();
  r.max_stable_dt = max_stable_step(r.spec.stepper, r.model.A, B);
  if (g.dt > interval * (1 + 1e-12))
    throw InvalidParameter("grid.dt = " + format_value(g.dt) + " s: valid is 0 < dt <= t_end/samples = " +
                           format_value(interval) + " s. Hint: a smaller grid.dt, or none for the automatic step.");
  const bool automatic_dt = g.dt == 0.0;
  r.schedule = make_schedule(r, B, automatic_dt ? interval : g.dt);
  if (automatic_dt && r.spec.stepper != StepperKind::exact) halve_until_unbiased(r, B);
  g.dt = r.schedule.step.h;
  if (g.dt >= r.max_stable_dt)
    throw InvalidParameter("grid.dt = " + format_value(g.dt) + " s is too large for the " +
                           std::string(to_string(r.spec.stepper)) +
                           " scheme: its one-step matrix has spectral radius >= 1, so trajectories "
                           "would diverge. Valid is dt < " + format_value(r.max_stable_dt) +
                           " s. Hint: use a smaller grid.dt, or the exact stepper (stable for any dt).");
}

/// Where V(t) grows (an unstable point, --allow-unstable), E_N stops being resolvable in double
/// precision once V is dominated by the growing direction: refuse the end time before the first
/// sample whose reference E_N carries a rounding error above max_log_negativity_rounding, rather
/// than write E_N = inf (docs/decisions.md 75).
void check_growth_resolvable(const LinearSimulationResult& r, const std::vector<double>& times) {
  if (r.V_lyapunov) return;  // a steady state exists: V(t) stays bounded (its conditioning is that of V0 and V_inf)
  const Bipartition& pair = r.spec.pair;
  for (std::size_t k = 0; k < times.size(); ++k) {
    const double rounding = log_negativity_rounding(r.V_reference[k], pair.a, pair.b);
    if (rounding <= max_log_negativity_rounding) continue;
    throw InvalidParameter(
        "at t = " + format_value(times[k]) + " s (sample " + std::to_string(k) + ") the growing V(t) (max Re lambda = " +
        format_value(r.stability.max_re_eig) + " s^-1, max|V| = " + format_value(r.V_reference[k].cwiseAbs().maxCoeff()) +
        ") leaves E_N a rounding error of " + format_value(rounding) + " in double precision: valid is grid.t_end " +
        "with every sample's E_N resolvable to " + format_value(max_log_negativity_rounding) +
        (k > 1 ? ", i.e. grid.t_end <= " + format_value(times[k - 1]) + " s at this spacing" : std::string()) +
        ". Hint: a shorter grid.t_end shows the growth while E_N is still defined.");
  }
}

/// Stage 4a: the closed form V(t) and mean, and the scheme's own V(t), at the sample times.
void build_references(LinearSimulationResult& r) {
  const std::vector<double> times = r.schedule.times();
  const bool exact = r.spec.stepper == StepperKind::exact;
  const OuPropagator per_sample = ou_propagator(r.model.A, r.model.D, r.spec.grid.interval());
  Matrix6 V = r.V0, Vs = r.V0;
  Vector6 m = r.spec.initial.mean0;
  for (std::size_t k = 0; k < times.size(); ++k) {
    if (k > 0) {
      V = (per_sample.Phi * V * per_sample.Phi.transpose() + per_sample.Q).eval();
      V = (0.5 * (V + V.transpose())).eval();
      if (!exact) Vs = propagate_covariance(r.schedule.step, Vs, r.schedule.steps_per_sample);
      m = (per_sample.Phi * m).eval();
    }
    r.V_reference.push_back(V);
    r.V_scheme.push_back(exact ? V : Vs);
    r.mean_reference.push_back(m);
  }
  for (std::size_t k = 0; k < times.size(); ++k)
    if (!r.V_reference[k].allFinite() || !r.V_scheme[k].allFinite())
      throw NumericalFailure("the covariance overflows (non-finite) by t = " + format_value(times[k]) +
                             " s, sample " + std::to_string(k) + " (max Re lambda = " +
                             format_value(r.stability.max_re_eig) + " s^-1). Hint: shorten grid.t_end.");
  check_growth_resolvable(r, times);
}

/// Stage 4b: the odeint covariance ODE against the closed form, and the scheme's weak bias. The
/// adaptive ODE needs ~10 steps per fastest period: it is skipped (NaN) beyond ~1e7 steps.
void cross_check_references(LinearSimulationResult& r) {
  const std::vector<double> times = r.schedule.times();
  const bool ode_affordable = r.spec.grid.t_end * r.model.A.cwiseAbs().maxCoeff() <= 1e6;
  r.ode_closed_form_difference = ode_affordable ? 0.0 : std::numeric_limits<double>::quiet_NaN();
  r.scheme_bias = 0.0;
  const CovarianceTrajectory ode =
      ode_affordable ? integrate_covariance_ode(r.model.A, r.model.D, r.V0, times) : CovarianceTrajectory{};
  for (std::size_t k = 0; k < times.size(); ++k) {
    if (ode_affordable)
      r.ode_closed_form_difference =
          std::max(r.ode_closed_form_difference, relative_max_difference(ode.V[k], r.V_reference[k]));
    r.scheme_bias = std::max(r.scheme_bias, relative_max_difference(r.V_scheme[k], r.V_reference[k]));
  }
}

/// Stage 5: the ensemble, until the stopping rule is met; in rounds under a run control, from its
/// checkpoint when resuming.
void run_ensemble(LinearSimulationResult& r, const Execution& execution, const TrajectoryStream* stream,
                  RunControl* control) {
  const InitialState init{r.spec.initial.mean0, r.V0};
  r.statistics = make_ensemble(r.schedule, r.spec.ensemble);
  const std::string print = fingerprint(r) + (control ? control->also_fingerprint : std::string());
  const StoppingOutcome* resume = nullptr;
  if (control && control->resume) {
    check_resume(*control->resume, print, {r.statistics});
    r.statistics = control->resume->channels.front();
    resume = &control->resume->stopping;
    if (execution.progress)  // this process's share of what the checkpoint holds
      execution.progress->done = r.statistics.trajectories / static_cast<std::size_t>(execution.partition.size);
  }
  const std::size_t last = r.statistics.times.size() - 1;
  RoundScheduler rounds(control, execution.partition, r.spec.ensemble.groups);
  const auto snapshot = [&] { return CheckpointView{print, r.stopping, {&r.statistics}}; };
  const auto run_to = [&](std::size_t n) {
    run_linear_ensemble(r.statistics, r.schedule, init, n, execution, OnDivergence::throw_error, stream);
  };
  apply_stopping_rule(
      r.spec.stopping, r.spec.ensemble.groups,
      [&](std::size_t n) { rounds.extend(r.statistics.trajectories, n, run_to, snapshot); },
      [&] { return log_negativity_jackknife(r.statistics, last, r.spec.pair.a, r.spec.pair.b).ci_half_width; },
      execution.progress, r.stopping, resume);
  r.spec.stopping.trajectories = r.statistics.trajectories;
}

}  // namespace

LinearSimulationResult prepare_linear_simulation(const LinearSimulationSpec& spec, const Execution& execution,
                                                 const TrajectoryStream* stream) {
  LinearSimulationResult r;
  r.spec = spec;
  r.processes = execution.partition.size;
  check_spec(r.spec);
  check_memory(estimate_memory(r.spec, execution, stream), execution);  // before anything grows
  analyze(r);
  r.V0 = initial_covariance(r);
  const Matrix6 B = noise_factor(r.model.D).L;
  resolve_grid(r, B);
  check_run_time(estimate_run_time(static_cast<double>(most_trajectories(r.spec.stopping)),
                                   static_cast<double>(r.spec.grid.samples * r.schedule.steps_per_sample),
                                   linear_step_seconds, execution),
                 execution);
  build_references(r);
  cross_check_references(r);
  return r;
}

std::string fingerprint(const LinearSimulationResult& r) {
  const auto& s = r.spec;
  std::string out = "linear " + std::string(to_string(s.point.direction)) + " stepper " +
                    std::string(to_string(s.stepper)) + " initial " + std::string(to_string(s.initial.kind));
  append_numbers(out, "parameters", parameter_values(s.point.parameters));
  append_numbers(out, "root q_s", {r.fixed_point.q_s});
  append_numbers(out, "pair", {static_cast<double>(s.pair.a), static_cast<double>(s.pair.b)});
  append_numbers(out, "grid", {s.grid.dt, s.grid.t_end, static_cast<double>(s.grid.samples),
                               static_cast<double>(r.schedule.steps_per_sample)});
  append_numbers(out, "stopping", {static_cast<double>(s.stopping.trajectories), s.stopping.target_tol,
                                   static_cast<double>(s.stopping.max_trajectories)});
  append_numbers(out, "ensemble", {static_cast<double>(s.ensemble.seed), static_cast<double>(s.ensemble.groups),
                                   static_cast<double>(s.ensemble.recorded_paths), static_cast<double>(s.ensemble.first_trajectory)});
  append_numbers(out, "mean0", {s.initial.mean0.data(), s.initial.mean0.data() + 6});
  append_numbers(out, "V0", {r.V0.data(), r.V0.data() + 36});
  return out;
}

void run_prepared(LinearSimulationResult& r, const Execution& execution, const TrajectoryStream* stream,
                  RunControl* control) {
  run_ensemble(r, execution, stream, control);
  // alpha is shared with the t_end-vs-Lyapunov check of simulation_checks: alpha/2 each.
  r.validation = validate_ensemble(r.statistics, r.V_scheme, 0.5 * r.spec.alpha, r.spec.pair.a, r.spec.pair.b);
}

LinearSimulationResult run_linear_simulation(const LinearSimulationSpec& spec, const Execution& execution,
                                             const TrajectoryStream* stream) {
  LinearSimulationResult r = prepare_linear_simulation(spec, execution, stream);
  run_prepared(r, execution, stream, nullptr);
  return r;
}

}  // namespace spincom
