#include "spincom/steady/steady_state.hpp"

#include <algorithm>
#include <cmath>

#include "spincom/core/error.hpp"
#include "spincom/covariance/lyapunov.hpp"
#include "spincom/model/sagnac_shift.hpp"

namespace spincom {
namespace {

/// Why a fixed point has no steady covariance ("" when it is stable).
std::string stability_note(const StabilityReport& st) {
  switch (st.verdict) {
    case StabilityVerdict::stable: return {};
    case StabilityVerdict::unstable: return "unstable: A has an eigenvalue with Re > 0, so no steady state exists";
    case StabilityVerdict::undetermined: break;
  }
  if (st.verdicts_disagree)
    return std::string("stability undetermined at double precision: Routh-Hurwitz says ") +
           (st.routh_hurwitz_stable ? "stable" : "unstable") + ", the eigenvalues say " +
           (st.eigenvalue_stable ? "stable" : "unstable") + "; no steady state is reported";
  const double kappa = *std::max_element(st.eigenvalue_condition.begin(), st.eigenvalue_condition.end());
  if (!std::isfinite(st.max_re_eig_upper))
    return "stability undetermined at double precision: max Re lambda = " + format_value(st.max_re_eig) +
           " s^-1, and A has a defective eigenvalue, which rounding can move without bound; no steady state is reported";
  return "stability undetermined at double precision: max Re lambda = " + format_value(st.max_re_eig) +
         " s^-1, but rounding can put it anywhere in [" + format_value(st.max_re_eig_lower) + ", " +
         format_value(st.max_re_eig_upper) + "] s^-1 (max|A_ij| = " + format_value(st.scale) +
         " s^-1, largest eigenvalue condition number " + format_value(kappa) + "); no steady state is reported";
}

FixedPointAnalysis analyze_fixed_point(const Parameters& p, const DerivedQuantities& d,
                                       std::size_t index, const FixedPoint& fp,
                                       const SteadyStateOptions& options) {
  FixedPointAnalysis a{index, fp, linearize(p, d, fp), {}, std::nullopt, {}};
  const ScaledSchurForm form = scaled_schur_form(a.model.A);
  a.stability = check_stability(form);
  a.note = stability_note(a.stability);
  if (!a.stability.stable()) return a;
  try {
    const auto sol = solve_lyapunov(a.model.A, form, a.model.D);
    SteadyCovariance s{sol.V, sol.residual, log_negativity(sol.V, options.mode_a, options.mode_b), {}};
    if (options.check_physicality) s.physicality = check_physicality(sol.V);
    a.steady = s;
  } catch (const NumericalFailure& e) {
    a.note = std::string("no steady state reported: ") + e.what();
  }
  return a;
}

}  // namespace

const FixedPointAnalysis* DirectionSteadyState::selected_analysis() const {
  if (!selected) return nullptr;
  for (const auto& a : fixed_points)
    if (a.index == *selected) return &a;
  return nullptr;
}

std::optional<std::size_t> select_branch(const std::vector<FixedPointAnalysis>& all) {
  for (const auto& a : all)  // ascending q_s, so the first stable one has the fewest photons
    if (a.stability.stable()) return a.index;
  return std::nullopt;
}

DirectionSteadyState analyze_steady_state(const Parameters& p, Direction dir,
                                          const SteadyStateOptions& options) {
  const DerivedQuantities d = derive(p);
  DirectionSteadyState out{dir, sagnac_shift(p, dir), mean_field_problem(p, d, dir), 0, {}, std::nullopt,
                           StabilityVerdict::unstable};
  const std::vector<FixedPoint> roots = solve_mean_field(out.problem);
  out.n_fixed_points = roots.size();
  std::vector<FixedPointAnalysis> all;
  all.reserve(roots.size());
  for (std::size_t i = 0; i < roots.size(); ++i) all.push_back(analyze_fixed_point(p, d, i, roots[i], options));
  out.selected = select_branch(all);
  const auto undetermined = std::find_if(all.begin(), all.end(), [](const auto& a) { return a.stability.undetermined(); });
  out.status = out.selected                ? StabilityVerdict::stable
               : undetermined != all.end() ? StabilityVerdict::undetermined
                                           : StabilityVerdict::unstable;
  if (options.branches == BranchSelection::all) {
    out.fixed_points = std::move(all);
  } else {
    // The selected branch; when none is stable, the lowest undetermined fixed point (else the
    // lowest) with its report.
    const std::size_t keep = out.selected.value_or(undetermined != all.end() ? undetermined->index : 0);
    out.fixed_points.push_back(std::move(all[keep]));
  }
  return out;
}

std::optional<double> steady_entanglement(const Parameters& p, Direction dir) {
  const DerivedQuantities d = derive(p);
  const std::vector<FixedPoint> roots = solve_mean_field(mean_field_problem(p, d, dir));
  for (const auto& fp : roots) {
    const LinearModel m = linearize(p, d, fp);
    const ScaledSchurForm form = scaled_schur_form(m.A);
    if (!check_stability(form).stable()) continue;
    try {
      return log_negativity(solve_lyapunov(m.A, form, m.D).V).E_N;
    } catch (const NumericalFailure&) {
      return std::nullopt;  // numerically singular Lyapunov operator: treated as no steady state
    }
  }
  return std::nullopt;
}

}  // namespace spincom
