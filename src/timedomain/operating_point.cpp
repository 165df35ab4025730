#include "spincom/timedomain/operating_point.hpp"

#include <cmath>
#include <sstream>

#include "spincom/core/error.hpp"
#include "spincom/steady/detuning_peak.hpp"
#include "spincom/steady/steady_state.hpp"

namespace spincom {

std::string resolve_detuning(OperatingPoint& point, std::vector<Warning>& warnings) {
  if (!point.detuning_at_peak) return "";
  const DetuningScan range = point.peak_range ? *point.peak_range : default_peak_range(point.parameters);
  const PeakSearch search = search_entanglement_peak(point.parameters, point.direction, range);
  if (!search.peak)
    throw UnstableSystem("no stable detuning in point.peak_range [" + format_value(range.lower) + ", " +
                         format_value(range.upper) +
                         "] for these parameters, so there is no E_N peak to start from. Hint: widen point.peak_range, "
                         "or set the detuning explicitly (with point.allow_unstable if needed).");
  point.parameters.detuning = search.peak->detuning;
  point.detuning_at_peak = false;
  append_warnings(warnings, search.warnings);
  std::ostringstream os;
  os << "detuning: " << search.what() << " of the " << to_string(point.direction) << " direction over ["
     << range.lower << ", " << range.upper << "], Delta_c/omega_m = " << search.peak->detuning
     << " (steady E_N = " << search.peak->E_N << ")";
  const DirectionSteadyState s = analyze_steady_state(point.parameters, point.direction);
  if (const FixedPointAnalysis* f = s.selected_analysis())
    os << "; " << margin_summary(stability_margin(point.parameters, point.direction, f->fixed_point, f->stability));
  os << "; set the detuning to choose another point";
  return os.str();
}

std::string stability_summary(const StabilityReport& st) {
  return "verdict " + std::string(to_string(st.verdict)) + ", max Re lambda = " + format_value(st.max_re_eig) +
         " s^-1, Routh-Hurwitz " + (st.routh_hurwitz_stable ? "stable" : "unstable") + ", eigenvalues " +
         (st.eigenvalue_stable ? "stable" : "unstable");
}

PointAnalysis analyze_point(const OperatingPoint& point) {
  const Parameters& p = point.parameters;
  const DirectionSteadyState steady = analyze_steady_state(p, point.direction, {BranchSelection::all});
  PointAnalysis a;
  for (const auto& f : steady.fixed_points) a.roots.push_back(f.fixed_point);
  if (point.root && *point.root >= a.roots.size())
    throw InvalidParameter("point.root = " + std::to_string(*point.root) + ": valid is 0.." + std::to_string(a.roots.size() - 1) +
                           " (Eq. 7 has " + std::to_string(a.roots.size()) +
                           " roots here). Hint: spincom steady --branches all lists them.");
  a.root = point.root ? *point.root : steady.selected.value_or(0);
  const FixedPointAnalysis& chosen = steady.fixed_points[a.root];
  a.model = chosen.model;
  a.stability = chosen.stability;
  if (chosen.steady) a.V_lyapunov = chosen.steady->V;
  a.margin = stability_margin(p, point.direction, a.fixed_point(), a.stability);
  a.warnings = margin_warnings(a.margin, p, point.direction);
  if (!a.stability.stable() && !point.allow_unstable) {
    const char* why = a.stability.undetermined()
                          ? ". Double precision cannot tell whether fluctuations decay or grow here"
                          : ". No steady state exists, so fluctuations grow without bound";
    throw UnstableSystem("root #" + std::to_string(a.root) + " at Delta_c/omega_m = " + format_value(p.detuning) + " (" +
                         std::string(to_string(point.direction)) + ") is not stable: " + stability_summary(a.stability) +
                         why + ". Hint: pick a stable point (spincom steady)" +
                         std::string(a.roots.size() > 1 ? " or another point.root" : "") +
                         ", or set point.allow_unstable to simulate the growth.");
  }
  return a;
}

}  // namespace spincom
