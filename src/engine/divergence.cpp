#include "spincom/engine/divergence.hpp"

#include "spincom/core/error.hpp"

namespace spincom {

const DivergenceReport* lowest_failure(const std::vector<DivergenceReport>& per_group) {
  const DivergenceReport* lowest = nullptr;
  for (const auto& f : per_group)
    if (f.trajectory != no_trajectory && (!lowest || f.trajectory < lowest->trajectory)) lowest = &f;
  return lowest;
}

std::optional<DivergenceReport> handle_divergence(const std::optional<DivergenceReport>& failure, OnDivergence policy,
                                                  const std::string& what, const std::string& hint) {
  if (!failure || policy == OnDivergence::report) return failure;
  throw NumericalFailure(what + " " + std::to_string(failure->trajectory) + " became non-finite at step " +
                         std::to_string(failure->step) + " (t = " + format_value(failure->time) + " s). Hint: " + hint);
}

}  // namespace spincom
