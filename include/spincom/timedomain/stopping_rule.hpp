#pragma once
// When an ensemble stops: a fixed number of trajectories, or trajectories added in rounds until
// the 95% CI half-width of E_N at the final sample time reaches a target (with a cap). Counts
// are multiples of the K jackknife groups, so every group has the same size.
#include <cstddef>
#include <functional>
#include <vector>

#include "spincom/engine/progress.hpp"

namespace spincom {

struct StoppingRule {
  std::size_t trajectories = 0;  ///< fixed count (>= 2 K); 0 = grow until the E_N CI reaches target_tol
  double target_tol = 0.005;     ///< CI half-width of E_N at the final time
  std::size_t max_trajectories = std::size_t{1} << 22;  ///< cap of the target-tol rounds (>= 2 K)
};

/// Throws InvalidParameter (naming stopping.trajectories, stopping.target_tol or
/// stopping.max_trajectories) for a rule the K groups cannot follow.
void check_stopping_rule(const StoppingRule& rule, std::size_t groups);

/// The most trajectories the rule can run: the fixed count, or the target-tol cap.
std::size_t most_trajectories(const StoppingRule& rule);

/// Throws InvalidParameter when more paths are asked to be recorded than trajectories can run
/// (ensemble.recorded_paths; the CLI's --paths).
void check_recorded_paths(std::size_t recorded_paths, const StoppingRule& rule);

struct StoppingOutcome {
  std::vector<std::size_t> rounds;  ///< trajectory counts after each round
  std::vector<double> cis;          ///< the CI after each round (target-tol mode)
  bool target_reached = true;       ///< false: the cap stopped the target-tol rounds
  double final_ci = 0.0;            ///< CI half-width after the last round (target-tol mode)
};

/// Applies the rule: run_to(n) extends the ensemble to n trajectories; ci() is the current CI
/// half-width of E_N at the final time. The first target-tol round has 64 K trajectories; each
/// next one aims 10% past the 1/sqrt(N) estimate and grows by at least 25%.
/// `progress` (optional) gets each round's target before it runs and the CI after it.
StoppingOutcome apply_stopping_rule(const StoppingRule& rule, std::size_t groups,
                                    const std::function<void(std::size_t)>& run_to, const std::function<double()>& ci,
                                    Progress* progress = nullptr);

/// The same, filling `out` as the rounds complete (a checkpoint taken inside run_to reads the
/// completed rounds from it). With `resume`, its completed rounds are replayed with their stored
/// CIs (run_to is not called for them: the statistics already hold them) and the rule goes on;
/// throws InvalidParameter when they are not this rule's rounds.
void apply_stopping_rule(const StoppingRule& rule, std::size_t groups, const std::function<void(std::size_t)>& run_to,
                         const std::function<double()>& ci, Progress* progress, StoppingOutcome& out,
                         const StoppingOutcome* resume = nullptr);

}  // namespace spincom
