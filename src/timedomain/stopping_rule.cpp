#include "spincom/timedomain/stopping_rule.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "spincom/core/error.hpp"

namespace spincom {

void check_stopping_rule(const StoppingRule& r, std::size_t K) {
  if (r.trajectories > 0 && r.trajectories < 2 * K)
    throw InvalidParameter("stopping.trajectories = " + std::to_string(r.trajectories) +
                           ": valid is 0 (grow to the target CI) or >= 2 x ensemble.groups = " + std::to_string(2 * K) +
                           ". Hint: the jackknife needs >= 2 trajectories per group.");
  if (r.max_trajectories < 2 * K)
    throw InvalidParameter("stopping.max_trajectories = " + std::to_string(r.max_trajectories) +
                           ": valid is >= 2 x ensemble.groups = " + std::to_string(2 * K) + ".");
  if (!(r.target_tol > 0.0) || !std::isfinite(r.target_tol))
    throw InvalidParameter("stopping.target_tol = " + format_value(r.target_tol) +
                           ": valid is a finite value > 0. Hint: 0.005 (the CI half-width of E_N).");
}

std::size_t most_trajectories(const StoppingRule& r) { return r.trajectories > 0 ? r.trajectories : r.max_trajectories; }

void check_recorded_paths(std::size_t recorded_paths, const StoppingRule& r) {
  if (recorded_paths <= most_trajectories(r)) return;
  throw InvalidParameter("ensemble.recorded_paths = " + std::to_string(recorded_paths) + ": valid is at most the " +
                         (r.trajectories > 0 ? "number of trajectories, stopping.trajectories = "
                                             : "target-tol cap, stopping.max_trajectories = ") +
                         std::to_string(most_trajectories(r)) + ". Hint: ask for fewer paths or more trajectories.");
}

StoppingOutcome apply_stopping_rule(const StoppingRule& rule, std::size_t K, const std::function<void(std::size_t)>& run_to,
                                    const std::function<double()>& ci, Progress* progress) {
  StoppingOutcome out;
  apply_stopping_rule(rule, K, run_to, ci, progress, out);
  return out;
}

void apply_stopping_rule(const StoppingRule& rule, std::size_t K, const std::function<void(std::size_t)>& run_to,
                         const std::function<double()>& ci, Progress* progress, StoppingOutcome& out,
                         const StoppingOutcome* resume) {
  out = StoppingOutcome{};
  auto finished = [&](double c) {
    out.cis.push_back(c);
    out.final_ci = c;
    if (progress) {
      progress->ci = c;
      ++progress->rounds;
    }
  };
  if (rule.trajectories > 0) {
    if (progress) progress->target = rule.trajectories;
    run_to(rule.trajectories);
    out.rounds.push_back(rule.trajectories);
    if (progress) ++progress->rounds;
    return;
  }
  // Multiples of K (equal groups), never above max_trajectories (rounded down to a multiple of K).
  const std::size_t cap = std::max<std::size_t>(2 * K, rule.max_trajectories / K * K);
  auto round_up = [&](std::size_t n) { return std::min(cap, std::max<std::size_t>(2 * K, (n + K - 1) / K * K)); };
  // CI ~ 1/sqrt(n): aim 10% past the estimate, at least doubling the last growth stops short.
  auto next = [&](std::size_t n, double c) {
    const double factor = std::max(1.25, 1.1 * (c / rule.target_tol) * (c / rule.target_tol));
    return round_up(static_cast<std::size_t>(std::min(factor * static_cast<double>(n), 1e12)));
  };
  std::size_t n = round_up(64 * K);
  for (std::size_t j = 0;; ++j) {
    const bool replayed = resume && j < resume->rounds.size() && j < resume->cis.size();
    if (replayed && resume->rounds[j] != n)
      throw InvalidParameter("resume: the checkpoint's round " + std::to_string(j + 1) + " ran to " +
                             std::to_string(resume->rounds[j]) + " trajectories, this run's rule asks " +
                             std::to_string(n) + ". Hint: rerun with exactly the interrupted command.");
    if (!replayed) {
      if (progress) progress->target = n;
      run_to(n);
    }
    out.rounds.push_back(n);
    const double c = replayed ? resume->cis[j] : ci();  // a completed round's CI is taken, not recomputed
    finished(c);
    if (c <= rule.target_tol) break;
    if (n >= cap) {  // cap: max_trajectories rounded down to a multiple of K
      out.target_reached = false;
      break;
    }
    n = next(n, c);
  }
}

}  // namespace spincom
