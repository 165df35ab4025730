#include "spincom/steady/point_guards.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "spincom/core/error.hpp"
#include "spincom/model/derived_quantities.hpp"
#include "spincom/model/sagnac_shift.hpp"
#include "spincom/steady/steady_state.hpp"

namespace spincom {
namespace {

std::string num(double x, int digits = 4) {
  std::ostringstream os;
  os.precision(digits);
  os << x;
  return os.str();
}

/// The root of `s` with the q_s nearest to `q_s`, or nullptr.
const FixedPointAnalysis* nearest_root(const DirectionSteadyState& s, double q_s) {
  const FixedPointAnalysis* best = nullptr;
  for (const auto& f : s.fixed_points)
    if (!best || std::abs(f.fixed_point.q_s - q_s) < std::abs(best->fixed_point.q_s - q_s)) best = &f;
  return best;
}

}  // namespace

StabilityMargin stability_margin(const Parameters& p, Direction d, const FixedPoint& fp, const StabilityReport& st) {
  const DerivedQuantities dq = derive(p);
  StabilityMargin m;
  m.max_re_eig = st.max_re_eig;
  m.over_kappa = st.max_re_eig / dq.kappa;
  m.over_gamma_m = st.max_re_eig / p.gamma_m;
  const std::complex<double> slowest = st.eigenvalues[0];  // sorted by descending real part
  m.slowest_real = std::abs(slowest.imag()) <= 1e-6 * std::abs(slowest);
  if (!st.stable()) return m;
  struct Probe {
    bool stable;
    double E_N, max_re;
  };
  // The branch continues to detuning x when the root nearest to fp there has fp as its own nearest
  // root here; otherwise the branch has ended at a saddle-node in between (the nearest root at x
  // belongs to another branch), which counts as not stable.
  const DirectionSteadyState here = analyze_steady_state(p, d, {BranchSelection::all});
  const auto probe = [&](double x) {
    Parameters q = p;
    q.detuning = x;
    const DirectionSteadyState s = analyze_steady_state(q, d, {BranchSelection::all});
    const FixedPointAnalysis* f = nearest_root(s, fp.q_s);
    const FixedPointAnalysis* back = f ? nearest_root(here, f->fixed_point.q_s) : nullptr;
    const bool continues = back && std::abs(back->fixed_point.q_s - fp.q_s) <= 1e-9 * std::max(1.0, std::abs(fp.q_s));
    if (!continues || !f->stability.stable() || !f->steady) return Probe{false, NAN, f ? f->stability.max_re_eig : NAN};
    return Probe{true, f->steady->entanglement.E_N, f->stability.max_re_eig};
  };
  const double x0 = p.detuning;
  const Probe below = probe(x0 - marginal_detuning_distance), above = probe(x0 + marginal_detuning_distance);
  if (below.stable && above.stable) return m;
  m.unstable_detuning = below.stable ? x0 + marginal_detuning_distance : x0 - marginal_detuning_distance;
  if (below.stable != above.stable) {  // one side is stable: suggest a point further in on that side
    const double x = below.stable ? x0 - safer_detuning_step : x0 + safer_detuning_step;
    const Probe safer = probe(x);
    if (safer.stable) {
      m.safer_detuning = x;
      m.safer_E_N = safer.E_N;
      m.safer_max_re_eig = safer.max_re;
    }
  }
  return m;
}

std::string margin_summary(const StabilityMargin& m) {
  return "max Re lambda = " + num(m.max_re_eig) + " s^-1 = " + num(m.over_kappa) + " kappa = " + num(m.over_gamma_m) +
         " gamma_m";
}

std::vector<Warning> margin_warnings(const StabilityMargin& m, const Parameters& p, Direction d) {
  if (!m.marginal()) return {};
  std::ostringstream os;
  os << "the point Delta_c/omega_m = " << num(p.detuning, 6) << " (" << to_string(d) << ") is within "
     << marginal_detuning_distance << " omega_m of the stability boundary (not stable at " << num(*m.unstable_detuning, 6)
     << "): " << margin_summary(m) << ", "
     << (m.slowest_real ? "a real eigenvalue: beside a saddle-node (a turning point of the bistable mean field)"
                        : "a complex pair: beside a Hopf (parametric) instability")
     << ". There a small drift of the detuning or power leaves the branch, the linearization is fragile, and the "
        "relaxation (10/|max Re lambda| = "
     << num(10.0 / std::abs(m.max_re_eig)) << " s) makes runs long. Hint: move away from the boundary";
  if (m.safer_detuning)
    os << ", e.g. Delta_c/omega_m = " << num(*m.safer_detuning, 6) << " (E_N = " << num(*m.safer_E_N)
       << ", max Re lambda = " << num(*m.safer_max_re_eig) << " s^-1)";
  os << ", or lower the power.";
  return {Warning{"marginal_stability", os.str()}};
}

DetuningScan default_peak_range(const Parameters& p) {
  const double s = std::hypot(sagnac_shift(p, Direction::ccw), p.J) / p.omega_m;
  const double lower = peak_range_base_lower - s, upper = peak_range_base_upper + s;
  const double points = std::floor((upper - lower) / peak_range_spacing + 0.5) + 1.0;
  return {lower, upper, static_cast<int>(std::min<double>(points, peak_range_max_points))};
}

DetuningScan parse_peak_range(std::string_view text) {
  const std::string t(text);
  const auto fail = [&](const std::string& why) {
    return InvalidParameter("point.peak_range '" + t + "': " + why +
                            ". Valid is LOWER:UPPER or LOWER:UPPER:POINTS in Delta_c/omega_m, LOWER < UPPER, 3 <= POINTS "
                            "<= " + std::to_string(max_detuning_scan_points) +
                            ". Hint: e.g. -0.5:2.5 (spacing " + num(peak_range_spacing) + " when POINTS is left out).");
  };
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t at = t.find(':'); ; at = t.find(':', start)) {
    parts.push_back(t.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + 1;
  }
  if (parts.size() != 2 && parts.size() != 3) throw fail("needs 2 or 3 fields separated by ':'");
  double v[3] = {0, 0, 0};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::size_t used = 0;
    try {
      v[i] = std::stod(parts[i], &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != parts[i].size() || !std::isfinite(v[i])) throw fail("'" + parts[i] + "' is not a finite number");
  }
  if (!(v[0] < v[1])) throw fail("LOWER = " + num(v[0], 6) + " is not below UPPER = " + num(v[1], 6));
  if (parts.size() == 3) {
    if (v[2] != std::floor(v[2]) || v[2] < 3 || v[2] > max_detuning_scan_points)
      throw fail("POINTS = " + parts[2] + " is not an integer in range");
    return {v[0], v[1], static_cast<int>(v[2])};
  }
  const double points = std::floor((v[1] - v[0]) / peak_range_spacing + 0.5) + 1.0;
  return {v[0], v[1], static_cast<int>(std::clamp<double>(points, 3, peak_range_max_points))};
}

std::string PeakSearch::what() const {
  if (!peak) return "no stable detuning";
  if (!entangled) return "a stable detuning with E_N = 0 (nothing in the range is entangled)";
  if (on_edge) return "the E_N maximum on the edge of the range";
  return "the E_N peak";
}

void classify_peak(PeakSearch& s, Direction d) {
  s.warnings.clear();
  s.entangled = s.peak && s.peak->E_N > peak_entanglement_floor;
  s.on_edge = false;
  if (!s.peak) return;
  const double h = (s.range.upper - s.range.lower) / (s.range.points - 1);
  const double x = s.peak->detuning;
  const bool edge = x <= s.range.lower + h || x >= s.range.upper - h;
  s.on_edge = s.entangled && edge;
  const std::string range = "[" + num(s.range.lower, 6) + ", " + num(s.range.upper, 6) + "]";
  if (!s.entangled)
    s.warnings.push_back(
        {"no_entanglement_in_range",
         "nothing in the detuning range " + range + " is entangled for the " + std::string(to_string(d)) +
             " direction (the largest E_N is " + num(s.peak->E_N) + " <= " + num(peak_entanglement_floor) + ", at " +
             "Delta_c/omega_m = " + num(x, 6) + (edge ? ", on the edge of the range" : "") +
             "), so there is no E_N peak: the point is only a stable detuning. Hint: widen the range "
             "(point.peak_range), lower the temperature, or set the detuning explicitly."});
  else if (s.on_edge)
    s.warnings.push_back(
        {"peak_on_edge", "the E_N maximum over " + range + " (" + std::string(to_string(d)) + ") lies on the edge of the "
                         "range, at Delta_c/omega_m = " + num(x, 6) + " (E_N = " + num(s.peak->E_N) +
                         "): the true peak is probably outside. Hint: widen the range (point.peak_range) beyond " +
                         num(x, 6) + ", or set the detuning explicitly."});
}

PeakSearch search_entanglement_peak(const Parameters& p, Direction d, const DetuningScan& range) {
  PeakSearch s;
  s.range = range;
  s.peak = maximize_entanglement_over_detuning(p, d, range);
  classify_peak(s, d);
  return s;
}

}  // namespace spincom
