// The checks of `spincom validate --model nonlinear` (nonlinear_checks in nonlinear_simulation.hpp),
// one function per check.
#include <algorithm>
#include <cmath>

#include "spincom/core/error.hpp"
#include "spincom/measures/log_negativity.hpp"
#include "spincom/timedomain/nonlinear_simulation.hpp"

namespace spincom {
namespace {

/// 1. The noise-free switch-on reaches the root (deterministic, 1e-8 relative).
SimulationCheck switch_on_check(const NonlinearSimulationResult& r) {
  if (!r.stability.stable())
    return {"mean field: noise-free switch-on reaches the root", true, false, "skipped: the root is not stable"};
  const auto& s = r.switch_on;
  const bool ok = s.reached && *s.reached == r.root;
  return {"mean field: noise-free switch-on reaches root #" + std::to_string(r.root), ok, true,
          "reached root #" + std::to_string(s.nearest) + " at relative distance " + format_value(s.nearest_distance) +
              " (tolerance 1e-8) by t = " + format_value(s.settle_time) + " s of " + format_value(s.t_end) + " s"};
}

/// 2. The nonlinear ensemble against the linear scheme's V(t) at every sample (chi2 and E_N).
SimulationCheck linearization_check(const NonlinearSimulationResult& r) {
  const auto& spec = r.spec;
  if (spec.initial.start != NonlinearStart::fixed_point || !r.stability.stable())
    return {"linearization: nonlinear ensemble V(t) vs linearized V(t)", true, false,
            spec.initial.start == NonlinearStart::switch_on
                ? "skipped for switch-on: the linearization about the final root does not describe the transient"
                : "skipped: the root is not stable"};
  const ValidationReport v = validate_ensemble(r.statistics.nonlinear, r.V_scheme, 0.5 * spec.alpha);
  double worst_p = 1.0;
  for (const auto& s : v.samples) worst_p = std::min(worst_p, s.p_value);
  return {"linearization: nonlinear ensemble V(t) vs linearized V(t) (chi2 and E_N, every sample)", v.pass, true,
          v.pass ? "all " + std::to_string(v.samples.size()) + " sample times within the Bonferroni thresholds at alpha = " +
                       format_value(0.5 * spec.alpha) + " (smallest chi2 p = " + format_value(worst_p) + ")"
                 : v.failed_check};
}

/// 3. At t_end: per-entry z against the Lyapunov V (Bonferroni over 21 entries) and E_N.
SimulationCheck lyapunov_check(const NonlinearSimulationResult& r) {
  if (!r.V_lyapunov) return {"linearization at t_end vs Lyapunov", true, false, "skipped: no Lyapunov V (not stable)"};
  const auto& last = r.samples.back();
  const EntryZ z = max_entry_z(last.V, *r.V_lyapunov, r.statistics.nonlinear.trajectories);
  // alpha/2 for this check, split over 21 entries and E_N; a factor 2 of margin for the
  // heavier-than-normal tails of sample covariances at finite N (docs/time-domain.md).
  const double zc = bonferroni_z(0.25 * r.spec.alpha, 22);
  const double EN_ref = raw_log_negativity(*r.V_lyapunov);
  const double EN_z = std::abs(last.E_N.estimate - EN_ref) / last.E_N.standard_error;
  const bool ok = z.max_abs_z <= zc && EN_z <= zc && std::isfinite(z.max_abs_z) && std::isfinite(EN_z);
  const auto name = [](int i) { return std::string(quadrature::names[static_cast<std::size_t>(i)]); };
  return {"linearization at t_end: nonlinear ensemble vs Lyapunov V (per-entry z, Bonferroni)", ok, true,
          "max |z| = " + format_value(z.max_abs_z) + " at (" + name(z.row) + ", " + name(z.col) + "), E_N z = " +
              format_value(EN_z) + ", threshold " + format_value(zc) + "; E_N " + format_value(std::max(0.0, last.E_N.estimate)) +
              " vs Lyapunov " + format_value(std::max(0.0, EN_ref)) + "; Heun weak bias " + format_value(r.scheme_bias)};
}

}  // namespace

std::vector<SimulationCheck> nonlinear_checks(const NonlinearSimulationResult& r) {
  std::vector<SimulationCheck> out{switch_on_check(r), linearization_check(r), lyapunov_check(r)};
  // 4. The linear scheme's weak bias is small against the statistical error.
  if (r.stability.stable())
    out.push_back({"Heun weak bias of V at this dt", r.scheme_bias <= 1e-2, true,
                   "max relative bias " + format_value(r.scheme_bias) + " (tolerance 1e-2)"});
  return out;
}

}  // namespace spincom
