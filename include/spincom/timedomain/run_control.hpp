#pragma once
// What a long run does between its rounds: stop when asked (SIGINT/SIGTERM in the CLI), write a
// checkpoint now and then, and continue from one. The trajectories are run in rounds of about
// `round_seconds` each; rounds change no number (an ensemble extended from N0 to N1 has the bits
// of one run of N1), and under MPI every rank takes the same rounds and the same stop decision
// (one small sum over the ranks per round; rank 0's clock sizes the next round).
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "spincom/engine/rank_partition.hpp"
#include "spincom/model/parameters.hpp"
#include "spincom/statistics/ensemble_statistics.hpp"
#include "spincom/timedomain/stopping_rule.hpp"

namespace spincom {

/// Enough to continue a run exactly: the statistics and how far the stopping rule got.
struct Checkpoint {
  std::string fingerprint;                    ///< the resolved run, as text: a resume must match it
  StoppingOutcome stopping;                   ///< completed rounds of the stopping rule and their CIs
  std::vector<EnsembleStatistics> channels;   ///< linear: 1; nonlinear: u (and v, u - v when paired)
};

/// A checkpoint to be written: the same, pointing at the live statistics (no copy of them).
struct CheckpointView {
  std::string fingerprint;
  StoppingOutcome stopping;
  std::vector<const EnsembleStatistics*> channels;
};

struct RunControl {
  std::function<bool()> stop_requested;        ///< polled at the end of every round (this process)
  double round_seconds = 2.0;                  ///< target duration of a round
  double checkpoint_every = 0.0;               ///< s between periodic checkpoints; 0: only when stopping
  std::function<void(const CheckpointView&)> write_checkpoint;  ///< the front end writes it (one rank)
  const Checkpoint* resume = nullptr;          ///< continue from this state (checked against the run)
  std::string also_fingerprint;                ///< what else a resume must match (e.g. the dataset's layout)
};

/// Runs `run_to` in rounds from `from` to `to` trajectories. After each round: progress, the stop
/// decision (agreed over the ranks) and, when due, a checkpoint from `snapshot()`. A stop writes
/// a checkpoint and throws Interrupted. Without a control, one call of run_to(to).
class RoundScheduler {
 public:
  RoundScheduler(RunControl* control, const RankPartition& partition, std::size_t groups);

  void extend(std::size_t from, std::size_t to, const std::function<void(std::size_t)>& run_to,
              const std::function<CheckpointView()>& snapshot);

 private:
  RunControl* control_;
  const RankPartition& partition_;
  std::size_t groups_;
  std::size_t next_round_;  ///< trajectories in the next round (a multiple of the groups)
  std::chrono::steady_clock::time_point last_checkpoint_;
};

/// Appends " NAME: v1 v2 ..." with every value to 17 significant digits (a part of a fingerprint).
void append_numbers(std::string& fingerprint, const char* name, const std::vector<double>& values);
/// Every Table I parameter (parameter_table order) and the bath, as numbers.
std::vector<double> parameter_values(const Parameters& p);

/// Throws InvalidParameter (naming resume) unless the checkpoint belongs to this run: the same
/// fingerprint and statistics of the same shape.
void check_resume(const Checkpoint& checkpoint, const std::string& fingerprint, const std::vector<EnsembleStatistics>& fresh);

}  // namespace spincom
