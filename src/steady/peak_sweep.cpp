#include "spincom/steady/peak_sweep.hpp"

#include <cmath>
#include <limits>

#include "spincom/steady/rank_points.hpp"
#include "spincom/steady/steady_state.hpp"
#include "spincom/core/error.hpp"


namespace spincom {

DetuningScan parse_max_over(std::string_view text) {
  SweepAxis a;
  try {
    a = parse_axis(text);
  } catch (const InvalidParameter& e) {  // same checks as an axis; name the option the user gave
    std::string message = e.what();
    if (message.rfind("sweep.axis", 0) == 0) message.replace(0, 10, "sweep.max_over");
    throw InvalidParameter(message);
  }
  if (a.key != "detuning" || a.log)
    throw InvalidParameter("sweep.max_over '" + std::string(text) +
                           "': only a linear detuning range can be maximized over. Valid form: "
                           "detuning:LOWER:UPPER:POINTS, e.g. detuning:-0.5:2.5:301.");
  if (a.count > max_detuning_scan_points)
    throw InvalidParameter("sweep.max_over '" + std::string(text) + "': POINTS = " + std::to_string(a.count) +
                           " is above " + std::to_string(max_detuning_scan_points) +
                           ", more than a maximum needs. Hint: 100-500 points, refined by Brent's method.");
  if (a.count < 3 || !(a.start < a.stop))
    throw InvalidParameter("sweep.max_over '" + std::string(text) + "': needs LOWER < UPPER and POINTS >= 3.");
  return {a.start, a.stop, static_cast<int>(a.count)};
}

namespace {

/// nu^-, the stability margin and the edge/entanglement classification at a row's maximum.
void guard_row(PeakSweepRow& row, Parameters p, const DetuningScan& scan) {
  row.margin.max_re_eig = row.margin.over_kappa = row.margin.over_gamma_m = NAN;
  if (!row.found) return;
  PeakSearch search;
  search.range = scan;
  search.peak = row.peak;
  classify_peak(search, row.direction);
  row.entangled = search.entangled;
  row.on_edge = search.on_edge;
  p.detuning = row.peak.detuning;
  const DirectionSteadyState s = analyze_steady_state(p, row.direction);
  if (const FixedPointAnalysis* f = s.selected_analysis()) {
    row.nu_minus = f->steady ? f->steady->entanglement.nu_minus : NAN;
    row.margin = stability_margin(p, row.direction, f->fixed_point, f->stability);
  }
}

}  // namespace

PeakSweepResult run_peak_sweep(const Parameters& base, const std::vector<SweepAxis>& axes, DirectionChoice directions,
                               const DetuningScan& scan, int threads,
                               const std::function<void(std::size_t, std::size_t)>& progress, const RankPartition& ranks) {
  for (const auto& a : axes)
    if (a.key == "detuning")
      throw InvalidParameter("sweep.axis detuning cannot be combined with sweep.max_over detuning: the detuning is "
                             "maximized over. Hint: sweep other parameters, e.g. J and Omega.");
  PeakSweepResult r;
  static_cast<SweepGrid&>(r) = SweepGrid::make(axes);
  r.scan = scan;
  const std::vector<Direction> dirs = directions_of(directions);
  // The chi reference depends only on parameters other than Omega and J: compute it once when
  // those are all the axes sweep.
  bool reference_constant = true;
  for (const auto& a : axes) reference_constant = reference_constant && (a.key == "Omega" || a.key == "J");
  auto reference_at = [&](Parameters p) {
    p.Omega = 0.0;
    p.J = 0.0;
    const auto peak = maximize_entanglement_over_detuning(p, Direction::ccw, scan);  // reciprocal at Omega = 0
    return peak ? peak->E_N : std::numeric_limits<double>::quiet_NaN();
  };
  const double constant_reference = reference_constant ? reference_at(base) : 0.0;

  r.rows = run_points_across_ranks<PeakSweepRow>(
      r.n_points, threads, ranks,
      [&](std::size_t point, std::vector<PeakSweepRow>& rows) {
        const Parameters p = r.parameters_at(base, point);
        const double ref = reference_constant ? constant_reference : reference_at(p);
        for (Direction dir : dirs) {
          const auto peak = maximize_entanglement_over_detuning(p, dir, scan);
          PeakSweepRow row{point, dir, peak.has_value(), peak.value_or(DetuningPeak{NAN, NAN, NAN, NAN, 0}), ref,
                           NAN,   NAN, StabilityMargin{}, false, false};
          if (peak && ref > 0.0) row.chi = peak->E_N / ref;
          guard_row(row, p, scan);
          rows.push_back(row);
        }
      },
      progress);
  return r;
}

}  // namespace spincom
