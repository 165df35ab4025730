#include "spincom/timedomain/run_control.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "spincom/core/error.hpp"

namespace spincom {

RoundScheduler::RoundScheduler(RunControl* control, const RankPartition& partition, std::size_t groups)
    : control_(control),
      partition_(partition),
      groups_(groups),
      next_round_(8 * groups),  // one eight-lane block per group to start with
      last_checkpoint_(std::chrono::steady_clock::now()) {}

void RoundScheduler::extend(std::size_t from, std::size_t to, const std::function<void(std::size_t)>& run_to,
                            const std::function<CheckpointView()>& snapshot) {
  if (!control_) return run_to(to);
  using clock = std::chrono::steady_clock;
  for (std::size_t n = from; n < to;) {
    const std::size_t next = std::min(to, n + next_round_);
    const auto start = clock::now();
    run_to(next);
    const std::size_t ran = next - n;  // less than next_round_ when the target cut the round short
    n = next;
    const double seconds = std::chrono::duration<double>(clock::now() - start).count();
    // Rank 0's clock sizes the next round (a multiple of the groups, at most 4x the last).
    const double per = seconds / static_cast<double>(ran);
    double proposal = per > 0.0 ? control_->round_seconds / per : 4.0 * static_cast<double>(next_round_);
    proposal = std::clamp(proposal, static_cast<double>(groups_), 4.0 * static_cast<double>(next_round_));
    std::vector<double> agree{control_->stop_requested && control_->stop_requested() ? 1.0 : 0.0,
                              partition_.rank == 0 ? std::floor(proposal / static_cast<double>(groups_)) : 0.0};
    if (partition_.size > 1) partition_.sum_across_ranks(agree);
    next_round_ = std::max<std::size_t>(1, static_cast<std::size_t>(agree[1])) * groups_;
    const bool stop = agree[0] > 0.0 && n < to;
    const bool due = control_->checkpoint_every > 0.0 &&
                     std::chrono::duration<double>(clock::now() - last_checkpoint_).count() >= control_->checkpoint_every;
    if ((stop || due) && control_->write_checkpoint) {
      control_->write_checkpoint(snapshot());
      last_checkpoint_ = clock::now();
    }
    if (stop)
      throw Interrupted("interrupted after " + std::to_string(n) + " trajectories; a checkpoint was written. Hint: "
                        "rerun the same command with resume to continue (the result is the same as without the stop).");
  }
}

void append_numbers(std::string& fingerprint, const char* name, const std::vector<double>& values) {
  fingerprint += std::string(" ") + name + ":";
  char buf[40];
  for (double v : values) {
    std::snprintf(buf, sizeof buf, " %.17g", v);
    fingerprint += buf;
  }
}

std::vector<double> parameter_values(const Parameters& p) {
  std::vector<double> v;
  for (const auto& row : parameter_table()) v.push_back(p.*(row.member));
  v.push_back(static_cast<double>(p.bath));
  return v;
}

void check_resume(const Checkpoint& c, const std::string& fingerprint, const std::vector<EnsembleStatistics>& fresh) {
  if (c.fingerprint != fingerprint)
    throw InvalidParameter("resume: the checkpoint belongs to another run (its settings differ from this command's). "
                           "Hint: rerun with exactly the interrupted command, or without resume to start afresh.");
  bool same = c.channels.size() == fresh.size();
  for (std::size_t i = 0; same && i < fresh.size(); ++i)
    same = c.channels[i].times == fresh[i].times && c.channels[i].groups.size() == fresh[i].groups.size() &&
           c.channels[i].spec.seed == fresh[i].spec.seed && c.channels[i].spec.groups == fresh[i].spec.groups &&
           c.channels[i].spec.first_trajectory == fresh[i].spec.first_trajectory;
  if (!same)
    throw InvalidParameter("resume: the checkpoint's statistics do not fit this run (sample times, groups or seed). "
                           "Hint: rerun without resume to start afresh.");
}

}  // namespace spincom
