#include "spincom/timedomain/time_grid.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <sstream>
#include <string>

#include "spincom/core/error.hpp"
#include "spincom/model/derived_quantities.hpp"

namespace spincom {

void check_time_grid(const TimeGrid& g) {
  if (g.samples == 0)
    throw InvalidParameter("grid.samples = 0: valid is >= 1 sample interval. Hint: 100.");
  if (!(g.t_end >= 0.0) || !std::isfinite(g.t_end))
    throw InvalidParameter("grid.t_end = " + format_value(g.t_end) +
                           " s: valid is a finite value > 0, or 0 for the automatic end time.");
  if (!(g.dt >= 0.0) || !std::isfinite(g.dt))
    throw InvalidParameter("grid.dt = " + format_value(g.dt) +
                           " s: valid is a finite value > 0, or 0 for the automatic step.");
  if (!(g.auto_dt_bias > 0.0) || !std::isfinite(g.auto_dt_bias))
    throw InvalidParameter("grid.auto_dt_bias = " + format_value(g.auto_dt_bias) + ": valid is a finite value > 0.");
}

double requested_time(std::string_view name, double seconds) {
  if (std::isfinite(seconds) && seconds > 0.0) return seconds;
  throw InvalidParameter(std::string(name) + " = " + format_value(seconds) +
                         " s: valid is a finite time > 0. Hint: leave " + std::string(name) +
                         " out for the automatic value; 0 does not mean automatic.");
}

void resolve_t_end(TimeGrid& g, double multiple, double rate) {
  if (g.t_end == 0.0) g.t_end = multiple / rate;
  const double longest = max_relaxation_times / rate;
  if (g.t_end > 0.0 && std::isfinite(g.t_end) && g.t_end <= longest) return;
  throw InvalidParameter("grid.t_end = " + format_value(g.t_end) + " s: valid is a finite value > 0 and <= " +
                         format_value(max_relaxation_times) + " relaxation times 1/|max Re lambda| = " +
                         format_value(longest) + " s (beyond, every state has long relaxed to the steady state "
                         "or overflowed). Hint: the default is " + format_value(multiple) + "/|max Re lambda| = " +
                         format_value(multiple / rate) + " s.");
}

double resolving_interval(const Parameters& p) {
  const double period = 2.0 * std::numbers::pi / p.omega_m;
  return std::min(period / samples_per_mechanical_period, 1.0 / derive(p).kappa);
}

std::size_t max_sample_times(const TimeGrid& g) {
  return (g.raise_samples ? std::max(g.samples, max_resolving_samples) : g.samples) + 1;
}

bool resolve_samples(TimeGrid& g, const Parameters& p) {
  if (!g.raise_samples) return false;
  const double needed = std::ceil(g.t_end / resolving_interval(p) * (1.0 - 1e-12));
  if (needed <= static_cast<double>(g.samples)) return false;
  if (needed > static_cast<double>(max_resolving_samples)) return true;
  g.samples = static_cast<std::size_t>(needed);
  return false;
}

std::vector<Warning> sample_spacing_warnings(double t_end, std::size_t intervals, const Parameters& p, bool capped,
                                             std::size_t cap, const GridFields& fields) {
  const double h = t_end / static_cast<double>(intervals), target = resolving_interval(p);
  if (!(h > target * (1.0 + 1e-9))) return {};
  const double period = 2.0 * std::numbers::pi / p.omega_m, kappa = derive(p).kappa;
  const double needed_d = std::ceil(t_end / target);
  const std::string needed = needed_d < 1e15 ? std::to_string(static_cast<long long>(needed_d)) : format_value(needed_d);
  std::ostringstream os;
  os.precision(4);
  os << "the sample spacing " << h << " s is " << h / period << " mechanical periods (2 pi/omega_m = " << period
     << " s) and " << h * kappa << "/kappa: q(t) and p(t) are aliased";
  if (h > 1.0 / kappa) os << " and the cavity build-up (1/kappa = " << 1.0 / kappa << " s) falls between samples";
  os << "; resolving both needs a spacing <= " << target << " s, i.e. " << needed << " intervals up to t_end = " << t_end
     << " s";
  if (capped)
    os << ", above the cap of " << cap << " for the automatic grid, so t_end (past relaxation) and the spacing cannot both "
       << "be met. Hint: give " << fields.samples << " " << needed << " (" << needed_d / static_cast<double>(intervals)
       << " times the cost), or a shorter " << fields.t_end << " <= " << target * static_cast<double>(cap)
       << " s to see the build-up.";
  else
    os << ". Hint: give " << fields.samples << " >= " << needed << ", or a shorter " << fields.t_end << ".";
  return {Warning{"sample_spacing", os.str()}};
}

}  // namespace spincom
