#include "spincom/timedomain/closed_form_dynamics.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>

#include "spincom/core/error.hpp"
#include "spincom/dynamics/sample_list.hpp"
#include "spincom/measures/log_negativity.hpp"
#include "spincom/measures/symplectic.hpp"
#include "spincom/model/initial_covariance.hpp"
#include "spincom/timedomain/time_grid.hpp"

namespace spincom {
namespace {

std::vector<Direction> directions_of(DirectionChoice c) {
  if (c == DirectionChoice::both) return {Direction::ccw, Direction::cw};
  return {c == DirectionChoice::cw ? Direction::cw : Direction::ccw};
}

void check_times(const std::vector<double>& t) {
  for (std::size_t i = 0; i < t.size(); ++i)
    if (!std::isfinite(t[i]) || t[i] < 0.0 || (i > 0 && !(t[i] > t[i - 1])))
      throw InvalidParameter("dynamics.times[" + std::to_string(i) + "] = " + format_value(t[i]) +
                             " s: valid are finite times >= 0 in strictly ascending order. Hint: e.g. "
                             "linear:0:2e-6:201 or log:1e-9:1e-5:100.");
}

Matrix6 initial_V(const DynamicsSpec& spec, const Parameters& p) {
  if (!spec.V0) return vacuum_thermal_covariance(derive(p));
  const PhysicalityReport ph = check_physicality(*spec.V0);
  if (!ph.physical)
    throw InvalidParameter("dynamics.initial.V0 is not a quantum state: " + ph.reason +
                           ". Valid is V0 + (i/2) Omega >= 0 (vacuum variance 1/2). Hint: the vacuum is I/2.");
  return *spec.V0;
}

/// Resolves and analyzes the point of one direction (the moments come later, on the common grid).
DirectionDynamics analyze_direction(const DynamicsSpec& spec, Direction d) {
  OperatingPoint point = spec.point;
  point.direction = d;
  DirectionDynamics out;
  out.direction = d;
  out.resolution_note = resolve_detuning(point, out.warnings);
  out.parameters = point.parameters;
  out.analysis = analyze_point(point);
  append_warnings(out.warnings, out.analysis.warnings);
  out.V0 = initial_V(spec, point.parameters);
  return out;
}

/// 201 points (more, up to dynamics_max_samples, when needed to resolve the fastest direction's
/// resolving_interval) from 0 to 10/|max Re lambda| of the slowest of the directions; a direction
/// whose spacing is still too coarse gets a "sample_spacing" warning.
std::vector<double> automatic_times(std::vector<DirectionDynamics>& dirs, std::string& note) {
  double rate = INFINITY;
  for (const auto& d : dirs) rate = std::min(rate, -d.analysis.stability.max_re_eig);
  if (!(rate > 0.0) || !std::isfinite(rate))
    throw UnstableSystem("the automatic time grid needs a relaxing point (max Re lambda < 0), but max Re lambda = " +
                         format_value(-rate) + " s^-1. Hint: give dynamics.times explicitly, e.g. linear:0:1e-6:201.");
  const double t_end = dynamics_default_relaxations / rate;
  double h = INFINITY;
  for (const auto& d : dirs) h = std::min(h, resolving_interval(d.parameters));
  const double needed = std::ceil(t_end / h * (1.0 - 1e-12)) + 1.0;
  const bool capped = needed > static_cast<double>(dynamics_max_samples);
  const std::size_t points = needed <= static_cast<double>(dynamics_default_samples) ? dynamics_default_samples
                             : capped ? dynamics_max_samples : static_cast<std::size_t>(needed);
  for (auto& d : dirs)
    append_warnings(d.warnings, sample_spacing_warnings(t_end, points - 1, d.parameters, capped, dynamics_max_samples - 1,
                                                        {"dynamics.times (more points)", "dynamics.times (an earlier end)"}));
  std::ostringstream os;
  os << "times: " << points << " points from 0 to " << dynamics_default_relaxations << "/|max Re lambda| = " << t_end
     << " s" << (points > dynamics_default_samples ? " (more than 201, to resolve 2 pi/omega_m / 4 and 1/kappa)" : "")
     << "; set dynamics.times to choose others";
  note = os.str();
  return linear_samples(0.0, t_end, points);
}

void evaluate(DirectionDynamics& d, const std::vector<double>& times, const Bipartition& pair) {
  const CovarianceEvolution evolution(d.analysis.model.A, d.analysis.model.D, d.V0);
  d.method = evolution.method();
  d.condition = evolution.basis().condition;
  d.samples = transient_moments(evolution, times, pair, d.analysis.V_lyapunov);
  std::optional<double> steady;
  if (d.analysis.V_lyapunov) steady = log_negativity(*d.analysis.V_lyapunov, pair.a, pair.b).E_N;
  d.metrics = buildup_metrics(evolution, d.samples, pair, steady);
}

}  // namespace

DynamicsResult run_dynamics(const DynamicsSpec& spec) {
  check_bipartition(spec.pair);
  check_times(spec.times);
  DynamicsResult r;
  r.spec = spec;
  for (Direction d : directions_of(spec.directions)) r.directions.push_back(analyze_direction(spec, d));
  r.times = spec.times.empty() ? automatic_times(r.directions, r.grid_note) : spec.times;
  for (auto& d : r.directions) evaluate(d, r.times, spec.pair);
  return r;
}

std::string buildup_comparison(const DynamicsResult& r) {
  if (r.directions.size() != 2) return "";
  return compare_buildup(r.directions[0].direction, r.directions[0].metrics, r.directions[1].direction,
                         r.directions[1].metrics);
}

std::string compare_buildup(Direction da, const BuildupMetrics& ma, Direction db, const BuildupMetrics& mb) {
  const auto compare = [&](const char* what, const std::optional<double>& ta, const std::optional<double>& tb) {
    std::ostringstream os;
    os << std::setprecision(4) << what << ": ";
    const auto when = [](const std::optional<double>& t) {
      std::ostringstream w;
      w << std::setprecision(4);
      if (t) w << *t << " s"; else w << "never";
      return w.str();
    };
    if (!ta && !tb) return os.str() + "neither direction on these times";
    // equal to 1e-6: at J = 0 the two E_N peaks are the same dynamics (the drive sees the same
    // effective detuning), and rounding must not pick a winner
    if (ta && tb && std::abs(*ta - *tb) <= 1e-6 * std::max(*ta, *tb)) return os.str() + "equal, " + when(ta);
    const bool a_first = ta && (!tb || *ta < *tb);
    os << to_string(a_first ? da : db) << " first (" << to_string(da) << " " << when(ta) << ", " << to_string(db) << " "
       << when(tb) << ")";
    return os.str();
  };
  return compare("sustained onset", ma.sustained_onset, mb.sustained_onset) + "; " + compare("t90", ma.t90, mb.t90) +
         "; " + compare("first onset", ma.onset, mb.onset);
}

}  // namespace spincom
