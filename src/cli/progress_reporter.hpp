#pragma once
// Shows a run's Progress on stderr while it runs: on a terminal a line redrawn four times a
// second (trajectories done, rate, ETA of the round, the CI against --target-tol); otherwise one
// line per finished round of the stopping rule, and every 10 s, once the run has taken longer
// than a second (short runs stay quiet). Only the writing rank (rank 0) speaks.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "spincom/engine/progress.hpp"

namespace spincom::cli {

class ProgressReporter {
 public:
  /// `what`: the run's name; `target_ci` > 0 when the stopping rule aims at a CI.
  ProgressReporter(std::string what, double target_ci);
  ~ProgressReporter();  ///< stops the thread; ends a terminal line
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  [[nodiscard]] Progress* counter() { return &progress_; }

 private:
  void loop();
  [[nodiscard]] std::string line(double seconds) const;

  Progress progress_;
  std::string what_;
  double target_ci_;
  bool terminal_, speaks_;
  bool stop_ = false;  ///< under mutex_: the destructor wakes the thread at once
  std::mutex mutex_;
  std::condition_variable wake_;
  std::chrono::steady_clock::time_point start_;
  bool printed_ = false;
  std::thread thread_;
};

}  // namespace spincom::cli
