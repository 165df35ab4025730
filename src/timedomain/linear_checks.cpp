// The checks of `spincom validate --model linear` (simulation_checks in linear_simulation.hpp),
// one function per check.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "spincom/core/error.hpp"
#include "spincom/covariance/ou_propagator.hpp"
#include "spincom/measures/relative_difference.hpp"
#include "spincom/stability/conditioning.hpp"
#include "spincom/timedomain/linear_simulation.hpp"

namespace spincom {
namespace {

/// max(floor, c eps cond), and how it came about, for a check's detail.
struct ConditionedTolerance {
  double value;
  std::string text;
};

ConditionedTolerance conditioned_tolerance(double floor, double cond, const char* cond_name,
                                           const SimulationCheckTolerances& tol) {
  const double scaled = tol.conditioning_safety * std::numeric_limits<double>::epsilon() * cond;
  const std::string c = std::string(cond_name) + " = " + format_value(cond);
  if (!(scaled > floor)) return {floor, "tolerance " + format_value(floor) + ", " + c};
  return {scaled, "tolerance " + format_value(scaled) + " = " + format_value(tol.conditioning_safety) + " eps " +
                      cond_name + ", " + c + ": rounding alone moves V by ~eps " + cond_name + "; floor " +
                      format_value(floor)};
}

SimulationCheck ode_check(const LinearSimulationResult& r, const SimulationCheckTolerances& tol,
                          const CovarianceConditioning& cond) {
  const std::string name = "closed form vs odeint covariance ODE";
  if (std::isnan(r.ode_closed_form_difference))
    return {name, true, false,
            "skipped: t_end spans more than 1e6 of the fastest rate's periods; shorten grid.t_end to run it"};
  const ConditionedTolerance t = conditioned_tolerance(tol.ode_vs_closed_form, cond.transient, "cond(V(t))", tol);
  return {name, r.ode_closed_form_difference <= t.value, true,
          "max relative difference " + format_value(r.ode_closed_form_difference) + " (" + t.text + ")"};
}

SimulationCheck ensemble_check(const LinearSimulationResult& r) {
  return {"ensemble V(t) and E_N(t) vs the scheme's reference", r.validation.pass, true,
          r.validation.pass ? "all " + std::to_string(r.validation.samples.size()) +
                                  " sample times within the Bonferroni thresholds at alpha = " +
                                  format_value(r.validation.alpha)
                            : r.validation.failed_check};
}

SimulationCheck closed_form_vs_lyapunov(const LinearSimulationResult& r, const SimulationCheckTolerances& tol,
                                        const CovarianceConditioning& cond) {
  const std::string name = "closed form V(t -> inf) vs Lyapunov";
  if (!r.V_lyapunov) return {name, true, false, "skipped: the point is not stable"};
  const double t_long = 50.0 / std::abs(r.stability.max_re_eig);
  const Matrix6 V_long = covariance_closed_form(r.model.A, r.model.D, r.V0, t_long);
  const double diff = relative_max_difference(V_long, *r.V_lyapunov);
  const ConditionedTolerance t = conditioned_tolerance(tol.closed_form_vs_lyapunov, cond.lyapunov, "cond(L)", tol);
  return {name, diff <= t.value, true,
          "at t = " + format_value(t_long) + " s: max relative difference " + format_value(diff) + " (" + t.text + ")"};
}

/// The final sample against V_inf, only for the exact scheme and only when the transient left at
/// t_end is far below the sampling error.
SimulationCheck final_sample_vs_lyapunov(const LinearSimulationResult& r) {
  const std::string name = "ensemble at t_end vs Lyapunov";
  const Matrix6& Vinf = *r.V_lyapunov;
  const auto& last = r.validation.samples.back();
  const double transient = (r.V_reference.back() - Vinf).cwiseAbs().maxCoeff();
  const double min_se = std::sqrt(Vinf.diagonal().minCoeff() * Vinf.diagonal().minCoeff() / static_cast<double>(last.n));
  if (r.spec.stepper != StepperKind::exact)
    return {name, true, false,
            "skipped: the " + std::string(to_string(r.spec.stepper)) +
                " scheme has its own stationary covariance (see the weak-bias check)"};
  if (transient > 0.1 * min_se)
    return {name, true, false,
            "skipped: the transient left at t_end (" + format_value(transient) +
                ") is not negligible against the sampling error; increase grid.t_end"};
  // The last sample alone (not a copy of every sample's accumulators).
  EnsembleStatistics final_only(r.statistics.spec, {r.statistics.times.back()});
  final_only.trajectories = r.statistics.trajectories;
  const std::size_t S = r.statistics.times.size();
  for (std::size_t g = 0; g < r.statistics.spec.groups; ++g) final_only.groups[g] = r.statistics.at(g, S - 1);
  const ValidationReport v = validate_ensemble(final_only, {Vinf}, 0.5 * r.spec.alpha, r.spec.pair.a, r.spec.pair.b);
  return {name, v.pass, true,
          v.pass ? "max |z| = " + format_value(v.samples[0].max_abs_z) + ", chi2 p = " + format_value(v.samples[0].p_value) +
                       ", E_N " + format_value(v.samples[0].E_N) + " vs " + format_value(v.samples[0].E_N_reference)
                 : v.failed_check};
}

SimulationCheck weak_bias_check(const LinearSimulationResult& r, const SimulationCheckTolerances& tol) {
  if (r.spec.stepper == StepperKind::exact)
    return {"scheme weak bias", true, false, "exact stepper: no time-step bias (scheme V(t) = closed form)"};
  return {"scheme weak bias", r.scheme_bias <= tol.scheme_bias, true,
          "max relative bias of V(t) at dt = " + format_value(r.spec.grid.dt) + " s: " + format_value(r.scheme_bias) +
              " (tolerance " + format_value(tol.scheme_bias) + ")"};
}

}  // namespace

CovarianceConditioning covariance_conditioning(const LinearSimulationResult& r) {
  CovarianceConditioning c;
  c.lyapunov = r.V_lyapunov ? lyapunov_operator_condition(r.model.A) : std::numeric_limits<double>::infinity();
  c.transient = std::min(2.0 * r.model.A.norm() * r.spec.grid.t_end, c.lyapunov);
  return c;
}

std::vector<SimulationCheck> simulation_checks(const LinearSimulationResult& r, const SimulationCheckTolerances& tol) {
  const CovarianceConditioning cond = covariance_conditioning(r);
  std::vector<SimulationCheck> out{ode_check(r, tol, cond), ensemble_check(r), closed_form_vs_lyapunov(r, tol, cond)};
  if (r.V_lyapunov) out.push_back(final_sample_vs_lyapunov(r));
  out.push_back(weak_bias_check(r, tol));
  return out;
}

}  // namespace spincom
