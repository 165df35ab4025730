#pragma once
// A trajectory whose state became non-finite, and what the caller wants done about it.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace spincom {

/// What a non-finite state looked like when it was caught.
struct DivergenceReport {
  std::size_t trajectory;
  std::size_t step;  ///< global step number (from t = 0)
  double time;       ///< s
};

/// The `trajectory` of a DivergenceReport that records no failure.
inline constexpr std::size_t no_trajectory = static_cast<std::size_t>(-1);

/// What an ensemble run does when a trajectory diverges: throw NumericalFailure (naming the
/// trajectory, step and time), or stop and return the report as a status.
enum class OnDivergence { throw_error, report };

/// The lowest failing trajectory among per-group reports (nullptr if none): the one a run
/// reports, whatever the thread schedule.
const DivergenceReport* lowest_failure(const std::vector<DivergenceReport>& per_group);

/// Applies the policy: returns `failure` (report), or throws NumericalFailure with `what` (the
/// kind of trajectory) and `hint` (throw_error). Returns nullopt for no failure.
std::optional<DivergenceReport> handle_divergence(const std::optional<DivergenceReport>& failure, OnDivergence policy,
                                                  const std::string& what, const std::string& hint);

}  // namespace spincom
