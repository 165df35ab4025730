#include "spincom/timedomain/linear_simulation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "spincom/core/error.hpp"
#include "spincom/statistics/jackknife.hpp"
#include "spincom/covariance/covariance_ode.hpp"
#include "spincom/covariance/lyapunov.hpp"
#include "spincom/covariance/ou_propagator.hpp"
#include "spincom/measures/relative_difference.hpp"
#include "spincom/sde/euler_maruyama.hpp"
#include "spincom/sde/exact_ou_stepper.hpp"
#include "spincom/sde/noise_factor.hpp"
#include "spincom/sde/stochastic_heun.hpp"

namespace spincom {
namespace {

std::string stability_summary(const StabilityReport& st) {
  return "max Re lambda = " + format_value(st.max_re_eig) + " s^-1, Routh-Hurwitz " +
         (st.routh_hurwitz_stable ? "stable" : "unstable") + ", eigenvalues " +
         (st.eigenvalue_stable ? "stable" : "unstable");
}

}  // namespace

std::string_view to_string(StepperKind k) {
  switch (k) {
    case StepperKind::exact: return ExactOuStepper::name;
    case StepperKind::em: return EulerMaruyama::name;
    case StepperKind::heun: return StochasticHeun::name;
  }
  return "exact";
}

StepperKind parse_stepper(std::string_view text) {
  for (StepperKind k : {StepperKind::exact, StepperKind::em, StepperKind::heun})
    if (text == to_string(k)) return k;
  throw InvalidParameter("stepper '" + std::string(text) +
                         "' is unknown: valid are exact (Van Loan, no time-step error), em "
                         "(Euler-Maruyama, weak order 1) and heun (stochastic Heun, weak order 2).");
}

std::string_view to_string(InitialKind k) {
  switch (k) {
    case InitialKind::vacuum_thermal: return "vacuum-thermal";
    case InitialKind::steady_state: return "steady-state";
    case InitialKind::matrix: return "matrix";
  }
  return "vacuum-thermal";
}

AffineStep scheme_step(StepperKind kind, const Matrix6& A, const Matrix6& D, const Matrix6& B, double h) {
  switch (kind) {
    case StepperKind::exact: return ExactOuStepper::affine_from_D(A, D, h);
    case StepperKind::em: return EulerMaruyama::affine(A, B, h);
    case StepperKind::heun: return StochasticHeun::affine(A, B, h);
  }
  return ExactOuStepper::affine_from_D(A, D, h);
}

double max_stable_step(StepperKind kind, const Matrix6& A, const Matrix6& B) {
  if (kind == StepperKind::exact) return std::numeric_limits<double>::infinity();
  auto stable = [&](double h) { return spectral_radius(scheme_step(kind, A, Matrix6::Zero(), B, h).M) < 1.0; };
  double lo = 0.0, hi = 1.0 / std::max(A.cwiseAbs().maxCoeff(), 1e-300);
  while (stable(hi) && hi < 1e300) {
    lo = hi;
    hi *= 2.0;
  }
  for (int it = 0; it < 60; ++it) {
    const double mid = 0.5 * (lo + hi);
    (stable(mid) ? lo : hi) = mid;
  }
  return lo;
}

LinearSimulationResult run_linear_simulation(const LinearSimulationSpec& spec_in) {
  LinearSimulationResult r;
  r.spec = spec_in;
  LinearSimulationSpec& spec = r.spec;
  if (spec.samples == 0)
    throw InvalidParameter("samples = 0: valid is >= 1 sample interval. Hint: --samples 100.");
  if (spec.trajectories == 1)
    throw InvalidParameter("trajectories = 1: valid is 0 (automatic) or >= 2 x groups. Hint: a "
                           "covariance needs many trajectories.");
  if (!(spec.target_tol > 0.0) || !std::isfinite(spec.target_tol))
    throw InvalidParameter("target tolerance = " + format_value(spec.target_tol) +
                           ": valid is a finite value > 0. Hint: 0.005 (the CI half-width of E_N).");

  // parameters -> fixed point -> linear model -> stability
  const DerivedQuantities d = derive(spec.parameters);
  const DirectionSteadyState steady = analyze_steady_state(spec.parameters, spec.direction);
  const FixedPointAnalysis& fpa = steady.fixed_points.at(0);
  r.fixed_point = fpa.fixed_point;
  r.model = fpa.model;
  r.stability = fpa.stability;
  if (!r.stability.stable() && !spec.allow_unstable)
    throw UnstableSystem("the fixed point at Delta_c/omega_m = " + format_value(spec.parameters.detuning) +
                         " (" + std::string(to_string(spec.direction)) +
                         ") is not stable: " + stability_summary(r.stability) +
                         ". No steady state exists, so fluctuations grow without bound. Hint: pick a "
                         "stable point (spincom steady), or pass --allow-unstable to simulate the growth.");
  if (fpa.steady) r.V_lyapunov = fpa.steady->V;
  const Matrix6& A = r.model.A;
  const Matrix6& D = r.model.D;
  const Matrix6 B = noise_factor(D).L;

  // initial state
  switch (spec.initial) {
    case InitialKind::vacuum_thermal:
      r.V0 = Matrix6::Identity() * vacuum_variance;
      r.V0(quadrature::q, quadrature::q) = r.V0(quadrature::p, quadrature::p) = d.n_m + 0.5;
      break;
    case InitialKind::steady_state:
      if (!r.V_lyapunov)
        throw UnstableSystem("--initial steady-state needs a stable point, and this one is not: " +
                             stability_summary(r.stability) + ".");
      r.V0 = *r.V_lyapunov;
      break;
    case InitialKind::matrix: r.V0 = spec.V0; break;
  }
  if (!check_physicality(r.V0).physical)
    throw InvalidParameter("the initial covariance V0 is not a quantum state: " + check_physicality(r.V0).reason +
                           ". Hint: V0 + (i/2) Omega >= 0 is required (vacuum variance is 1/2).");

  // time grid
  const double relax = std::abs(r.stability.max_re_eig);
  if (spec.t_end == 0.0) spec.t_end = 10.0 / relax;
  if (!(spec.t_end > 0.0) || !std::isfinite(spec.t_end))
    throw InvalidParameter("t_end = " + format_value(spec.t_end) + " s: valid is a finite value > 0. Hint: "
                           "the default is 10/|max Re lambda| = " + format_value(10.0 / relax) + " s.");
  const double interval = spec.t_end / static_cast<double>(spec.samples);
  r.max_stable_dt = max_stable_step(spec.stepper, A, B);
  if (spec.dt < 0.0 || !std::isfinite(spec.dt) || spec.dt > interval * (1 + 1e-12))
    throw InvalidParameter("dt = " + format_value(spec.dt) + " s: valid is 0 < dt <= t_end/samples = " +
                           format_value(interval) + " s. Hint: omit --dt for an automatic step.");
  const bool automatic_dt = spec.dt == 0.0;
  if (automatic_dt) spec.dt = interval;
  constexpr double max_total_steps_per_trajectory = 1e9;
  auto make_schedule = [&](double dt) {
    const double steps_d = std::ceil(interval / dt - 1e-9);
    if (!(steps_d * static_cast<double>(spec.samples) <= max_total_steps_per_trajectory))
      throw InvalidParameter("dt = " + format_value(dt) + " s needs " + format_value(steps_d * static_cast<double>(spec.samples)) +
                             " steps per trajectory: valid is at most 1e9. Hint: a larger --dt, fewer --samples, or "
                             "--stepper exact (one step per sample).");
    const auto steps = static_cast<std::size_t>(steps_d);
    return StepSchedule{scheme_step(spec.stepper, A, D, B, interval / static_cast<double>(steps)), steps, spec.samples};
  };
  r.schedule = make_schedule(spec.dt);
  if (automatic_dt && spec.stepper != StepperKind::exact) {
    // Halve until stable, then until the scheme's exact weak bias of V (from its own covariance
    // recursion, no sampling) is below auto_dt_bias.
    constexpr std::size_t max_total_steps = std::size_t{1} << 24;
    for (;;) {
      const bool stable_step = r.schedule.step.h < r.max_stable_dt;
      double bias = HUGE_VAL;
      if (stable_step) {
        Matrix6 Ve = r.V0, Vs = r.V0;
        const OuPropagator exact = ou_propagator(A, D, interval);
        bias = 0.0;
        for (std::size_t k = 1; k <= spec.samples; ++k) {
          Ve = (exact.Phi * Ve * exact.Phi.transpose() + exact.Q).eval();
          Vs = propagate_covariance(r.schedule.step, Vs, r.schedule.steps_per_sample);
          bias = std::max(bias, relative_max_difference(Vs, Ve));
        }
      }
      if (bias <= spec.auto_dt_bias) break;
      if (r.schedule.steps_per_sample * spec.samples * 2 > max_total_steps)
        throw InvalidParameter("no automatic dt for the " + std::string(to_string(spec.stepper)) +
                               " scheme reaches a weak bias of " + format_value(spec.auto_dt_bias) +
                               " within 2^24 steps (bias " + format_value(bias) + " at dt = " +
                               format_value(r.schedule.step.h) +
                               " s). Hint: use --stepper exact (no bias at any dt), or give --dt.");
      r.schedule = make_schedule(0.5 * r.schedule.step.h);
    }
  }
  spec.dt = r.schedule.step.h;  // samples fall on the step grid
  if (spec.dt >= r.max_stable_dt)
    throw InvalidParameter("dt = " + format_value(spec.dt) + " s is too large for the " +
                           std::string(to_string(spec.stepper)) +
                           " scheme: its one-step matrix has spectral radius >= 1, so trajectories "
                           "would diverge. Valid is dt < " + format_value(r.max_stable_dt) +
                           " s. Hint: use a smaller --dt, or --stepper exact (stable for any dt).");
  const std::size_t steps_per_sample = r.schedule.steps_per_sample;

  // references
  const std::vector<double> times = r.schedule.times();
  const OuPropagator per_sample = ou_propagator(A, D, interval);
  Matrix6 V = r.V0, Vs = r.V0;
  Vector6 m = spec.mean0;
  for (std::size_t k = 0; k < times.size(); ++k) {
    if (k > 0) {
      V = (per_sample.Phi * V * per_sample.Phi.transpose() + per_sample.Q).eval();
      V = (0.5 * (V + V.transpose())).eval();
      if (spec.stepper != StepperKind::exact) Vs = propagate_covariance(r.schedule.step, Vs, steps_per_sample);
      m = (per_sample.Phi * m).eval();
    }
    r.V_reference.push_back(V);
    r.V_scheme.push_back(spec.stepper == StepperKind::exact ? V : Vs);
    r.mean_reference.push_back(m);
  }
  for (std::size_t k = 0; k < times.size(); ++k)
    if (!r.V_reference[k].allFinite() || !r.V_scheme[k].allFinite())
      throw NumericalFailure("the covariance overflows (non-finite) by t = " + format_value(times[k]) +
                             " s, sample " + std::to_string(k) + " (max Re lambda = " +
                             format_value(r.stability.max_re_eig) + " s^-1). Hint: shorten --t-end.");
  // The adaptive ODE needs ~10 steps per fastest period: skip the cross-check (NaN) when that
  // would exceed ~1e7 steps rather than run for minutes.
  const bool ode_affordable = spec.t_end * A.cwiseAbs().maxCoeff() <= 1e6;
  r.ode_closed_form_difference = ode_affordable ? 0.0 : std::numeric_limits<double>::quiet_NaN();
  r.scheme_bias = 0.0;
  const CovarianceTrajectory ode =
      ode_affordable ? integrate_covariance_ode(A, D, r.V0, times) : CovarianceTrajectory{};
  for (std::size_t k = 0; k < times.size(); ++k) {
    if (ode_affordable)
      r.ode_closed_form_difference =
          std::max(r.ode_closed_form_difference, relative_max_difference(ode.V[k], r.V_reference[k]));
    r.scheme_bias = std::max(r.scheme_bias, relative_max_difference(r.V_scheme[k], r.V_reference[k]));
  }

  // ensemble: fixed size, or grow until the E_N CI at the final time reaches target_tol
  InitialState init{spec.mean0, r.V0};
  r.statistics = make_ensemble(r.schedule, spec.ensemble);
  const std::size_t K = spec.ensemble.groups;
  // Multiples of K (equal groups), never above max_trajectories (rounded down to a multiple of K).
  const std::size_t cap = std::max<std::size_t>(2 * K, spec.max_trajectories / K * K);
  auto round_up = [&](std::size_t n) { return std::min(cap, std::max<std::size_t>(2 * K, (n + K - 1) / K * K)); };
  if (spec.trajectories > 0) {
    run_linear_ensemble(r.statistics, r.schedule, init, spec.trajectories, spec.execution);
    r.rounds.push_back(spec.trajectories);
  } else {
    std::size_t n = round_up(64 * K);
    for (;;) {
      run_linear_ensemble(r.statistics, r.schedule, init, n, spec.execution);
      r.rounds.push_back(n);
      const auto last = r.statistics.groups_at(times.size() - 1);
      const double ci = jackknife(last, [](const Matrix6& M) { return raw_log_negativity(M); }).ci_half_width;
      r.final_ci = ci;
      if (ci <= spec.target_tol) break;
      if (n >= spec.max_trajectories) {
        r.target_reached = false;
        break;
      }
      // CI ~ 1/sqrt(n): aim 10% past the estimate, at least doubling the last growth stops short.
      const double factor = std::max(1.25, 1.1 * (ci / spec.target_tol) * (ci / spec.target_tol));
      n = round_up(static_cast<std::size_t>(std::min(factor * static_cast<double>(n), 1e12)));
    }
    spec.trajectories = r.statistics.trajectories;
  }
  // alpha is shared with the t_end-vs-Lyapunov check of simulation_checks: alpha/2 each.
  r.validation = validate_ensemble(r.statistics, r.V_scheme, 0.5 * spec.alpha);
  return r;
}

std::vector<SimulationCheck> simulation_checks(const LinearSimulationResult& r, const SimulationCheckTolerances& tol) {
  std::vector<SimulationCheck> out;
  if (std::isnan(r.ode_closed_form_difference))
    out.push_back({"closed form vs odeint covariance ODE", true, false,
                   "skipped: t_end spans more than 1e6 of the fastest rate's periods; shorten --t-end to run it"});
  else
    out.push_back({"closed form vs odeint covariance ODE", r.ode_closed_form_difference <= tol.ode_vs_closed_form,
                   true, "max relative difference " + format_value(r.ode_closed_form_difference) + " (tolerance " +
                             format_value(tol.ode_vs_closed_form) + ")"});
  out.push_back({"ensemble V(t) and E_N(t) vs the scheme's reference", r.validation.pass, true,
                 r.validation.pass ? "all " + std::to_string(r.validation.samples.size()) +
                                         " sample times within the Bonferroni thresholds at alpha = " +
                                         format_value(r.validation.alpha)
                                   : r.validation.failed_check});
  if (r.V_lyapunov) {
    const Matrix6& Vinf = *r.V_lyapunov;
    const double t_long = 50.0 / std::abs(r.stability.max_re_eig);
    const Matrix6 V_long = covariance_closed_form(r.model.A, r.model.D, r.V0, t_long);
    const double diff = relative_max_difference(V_long, Vinf);
    out.push_back({"closed form V(t -> inf) vs Lyapunov", diff <= tol.closed_form_vs_lyapunov, true,
                   "at t = " + format_value(t_long) + " s: max relative difference " + format_value(diff)});
    // The final sample tests the ensemble against V_inf only when the transient left at t_end is
    // far below the sampling error.
    const auto& last = r.validation.samples.back();
    const double transient = (r.V_reference.back() - Vinf).cwiseAbs().maxCoeff();
    const double min_se = std::sqrt(Vinf.diagonal().minCoeff() * Vinf.diagonal().minCoeff() / static_cast<double>(last.n));
    if (r.spec.stepper != StepperKind::exact) {
      out.push_back({"ensemble at t_end vs Lyapunov", true, false,
                     "skipped: the " + std::string(to_string(r.spec.stepper)) +
                         " scheme has its own stationary covariance (see the weak-bias check)"});
    } else if (transient > 0.1 * min_se) {
      out.push_back({"ensemble at t_end vs Lyapunov", true, false,
                     "skipped: the transient left at t_end (" + format_value(transient) +
                         ") is not negligible against the sampling error; increase --t-end"});
    } else {
      EnsembleStatistics final_only = r.statistics;
      const std::size_t S = r.statistics.times.size();
      final_only.times = {r.statistics.times.back()};
      final_only.groups.clear();
      for (std::size_t g = 0; g < r.statistics.spec.groups; ++g) final_only.groups.push_back(r.statistics.at(g, S - 1));
      const ValidationReport v = validate_ensemble(final_only, {Vinf}, 0.5 * r.spec.alpha);
      out.push_back({"ensemble at t_end vs Lyapunov", v.pass, true,
                     v.pass ? "max |z| = " + format_value(v.samples[0].max_abs_z) + ", chi2 p = " +
                                  format_value(v.samples[0].p_value) + ", E_N " + format_value(v.samples[0].E_N) +
                                  " vs " + format_value(v.samples[0].E_N_reference)
                            : v.failed_check});
    }
  } else {
    out.push_back({"closed form V(t -> inf) vs Lyapunov", true, false, "skipped: the point is not stable"});
  }
  if (r.spec.stepper == StepperKind::exact) {
    out.push_back({"scheme weak bias", true, false, "exact stepper: no time-step bias (scheme V(t) = closed form)"});
  } else {
    out.push_back({"scheme weak bias", r.scheme_bias <= tol.scheme_bias, true,
                   "max relative bias of V(t) at dt = " + format_value(r.spec.dt) + " s: " +
                       format_value(r.scheme_bias) + " (tolerance " + format_value(tol.scheme_bias) + ")"});
  }
  return out;
}

}  // namespace spincom
