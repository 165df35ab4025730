#include "spincom/steady/sweep.hpp"

#include <cmath>
#include <limits>

#include "spincom/steady/rank_points.hpp"
#include "spincom/core/error.hpp"


namespace spincom {

std::vector<double> SweepAxis::values() const {
  std::vector<double> v(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double f = count == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(count - 1);
    v[i] = log ? start * std::pow(stop / start, f) : start + (stop - start) * f;
  }
  if (count > 1) v.back() = stop;  // exact end point
  return v;
}

SweepAxis parse_axis(std::string_view text) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : text) {
    if (c == ':') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  const std::string form = " Valid form: NAME:START:STOP:COUNT[:log], e.g. detuning:0:2:201 or Q:1e6:1e9:61:log.";
  if (parts.size() < 4 || parts.size() > 5 || (parts.size() == 5 && parts[4] != "log"))
    throw InvalidParameter("sweep.axis '" + std::string(text) + "' is malformed." + form);
  SweepAxis a;
  a.key = parts[0];
  const ParameterInfo* info = find_parameter(a.key);
  if (!info)
    throw InvalidParameter("sweep.axis: unknown parameter '" + a.key + "': valid are " + valid_keys() +
                           " (the numeric ones). Hint: see `spincom params`.");
  a.start = parse_quantity(parts[1], info->unit, a.key + " (axis start)");
  a.stop = parse_quantity(parts[2], info->unit, a.key + " (axis stop)");
  std::size_t count = 0;
  try {
    std::size_t used = 0;
    const long long c = std::stoll(parts[3], &used);
    if (used != parts[3].size() || c < 0) throw std::invalid_argument("count");
    count = static_cast<std::size_t>(c);
  } catch (const std::exception&) {
    throw InvalidParameter("sweep.axis " + std::string(text) + ": COUNT '" + parts[3] +
                           "' is not a non-negative integer." + form);
  }
  a.count = count;
  a.log = parts.size() == 5;
  if (!std::isfinite(a.start) || !std::isfinite(a.stop))
    throw InvalidParameter("sweep.axis " + std::string(text) + ": the range must be finite." + form);
  if (a.count == 0 || (a.count > 1 && a.start == a.stop))
    throw InvalidParameter("sweep.axis " + std::string(text) + ": the range is empty (COUNT = " + std::to_string(a.count) +
                           ", START = " + format_value(a.start) + ", STOP = " + format_value(a.stop) +
                           "). Hint: COUNT >= 1, and START != STOP when COUNT > 1.");
  if (a.log && !(a.start > 0.0 && a.stop > 0.0))
    throw InvalidParameter("sweep.axis " + std::string(text) + ": a log axis needs START > 0 and STOP > 0 (got " +
                           format_value(a.start) + ", " + format_value(a.stop) + "). Hint: drop ':log' or start above 0.");
  for (double v : {a.start, a.stop}) validate_value(*info, v);
  return a;
}

SweepGrid SweepGrid::make(const std::vector<SweepAxis>& axes) {
  if (axes.empty() || axes.size() > 2)
    throw InvalidParameter("a sweep takes 1 or 2 sweep.axis entries, got " + std::to_string(axes.size()) + ".");
  if (axes.size() == 2 && axes[0].key == axes[1].key)
    throw InvalidParameter("the two sweep.axis entries both sweep '" + axes[0].key + "'. Hint: sweep two different parameters.");
  SweepGrid g;
  g.axes = axes;
  g.n_points = 1;
  for (const auto& a : axes) {
    if (a.count > max_sweep_points / g.n_points)
      throw InvalidParameter("the grid has more than " + std::to_string(max_sweep_points) +
                             " points, too many to hold in memory. Hint: reduce the COUNTs or split the sweep.");
    g.n_points *= a.count;
    g.axis_values.push_back(a.values());
  }
  return g;
}

std::vector<double> SweepGrid::point_values(std::size_t point) const {
  std::vector<double> v;
  std::size_t rest = point;
  for (const auto& values : axis_values) {
    v.push_back(values[rest % values.size()]);
    rest /= values.size();
  }
  return v;
}

Parameters SweepGrid::parameters_at(const Parameters& base, std::size_t point) const {
  Parameters p = base;
  const std::vector<double> v = point_values(point);
  for (std::size_t k = 0; k < axes.size(); ++k) p.*(find_parameter(axes[k].key)->member) = v[k];
  return p;
}

std::vector<Direction> directions_of(DirectionChoice choice) {
  std::vector<Direction> dirs;
  if (choice != DirectionChoice::cw) dirs.push_back(Direction::ccw);
  if (choice != DirectionChoice::ccw) dirs.push_back(Direction::cw);
  return dirs;
}

namespace {

/// The rows of every fixed point of one grid point, ccw before cw.
void sweep_point(const SweepGrid& g, const Parameters& base, const std::vector<Direction>& dirs,
                 const SteadyStateOptions& options, std::size_t point, std::vector<SweepRow>& rows) {
  const Parameters p = g.parameters_at(base, point);
  for (Direction dir : dirs) {
    const DirectionSteadyState s = analyze_steady_state(p, dir, options);
    for (const auto& a : s.fixed_points) {
      const FixedPoint& fp = a.fixed_point;
      rows.push_back(SweepRow{point, dir, a.index, s.n_fixed_points, s.selected && *s.selected == a.index, fp.N_driven,
                              fp.N_other, std::abs(fp.G_driven) / p.omega_m, std::abs(fp.G_other) / p.omega_m,
                              fp.Delta_tilde_driven, fp.Delta_tilde_other, a.stability.stable(), a.stability.undetermined(),
                              a.stability.max_re_eig,
                              a.stability.Theta[4], a.stability.Theta[5],
                              a.steady ? a.steady->entanglement.E_N : std::numeric_limits<double>::quiet_NaN(),
                              a.steady ? a.steady->entanglement.nu_minus : std::numeric_limits<double>::quiet_NaN()});
    }
  }
}

/// E_N(ccw) - E_N(cw) of the selected branches per grid point (NaN unless both directions ran).
std::vector<double> direction_differences(const std::vector<SweepRow>& rows, std::size_t n_points, std::size_t n_dirs) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> E[2] = {std::vector<double>(n_points, nan), std::vector<double>(n_points, nan)};
  for (const auto& row : rows)
    if (row.selected) E[row.direction == Direction::ccw ? 0 : 1][row.point] = row.E_N;
  std::vector<double> d(n_points, nan);
  if (n_dirs == 2)
    for (std::size_t p = 0; p < n_points; ++p) d[p] = E[0][p] - E[1][p];
  return d;
}

}  // namespace

SweepResult run_sweep(const Parameters& base, const std::vector<SweepAxis>& axes, DirectionChoice directions,
                      BranchSelection branches, int threads,
                      const std::function<void(std::size_t, std::size_t)>& progress, const RankPartition& ranks) {
  SweepResult r;
  static_cast<SweepGrid&>(r) = SweepGrid::make(axes);
  const std::vector<Direction> dirs = directions_of(directions);
  SteadyStateOptions options;
  options.branches = branches;
  options.check_physicality = false;
  r.rows = run_points_across_ranks<SweepRow>(
      r.n_points, threads, ranks,
      [&](std::size_t point, std::vector<SweepRow>& rows) { sweep_point(r, base, dirs, options, point, rows); }, progress);
  r.Delta_E_N = direction_differences(r.rows, r.n_points, dirs.size());
  return r;
}

}  // namespace spincom
