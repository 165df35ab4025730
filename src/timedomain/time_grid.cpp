#include "spincom/timedomain/time_grid.hpp"

#include <cmath>
#include <string>

#include "spincom/core/error.hpp"

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

void resolve_t_end(TimeGrid& g, double multiple, double rate) {
  if (g.t_end == 0.0) g.t_end = multiple / rate;
  if (!(g.t_end > 0.0) || !std::isfinite(g.t_end))
    throw InvalidParameter("grid.t_end = " + format_value(g.t_end) + " s: valid is a finite value > 0. Hint: "
                           "the default is " + format_value(multiple) + "/|max Re lambda| = " +
                           format_value(multiple / rate) + " s.");
}

}  // namespace spincom
