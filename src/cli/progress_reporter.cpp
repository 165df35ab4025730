#include "progress_reporter.hpp"

#include <cmath>
#include <cstdio>

#include <unistd.h>

#include "mpi_session.hpp"

namespace spincom::cli {

ProgressReporter::ProgressReporter(std::string what, double target_ci)
    : what_(std::move(what)),
      target_ci_(target_ci),
      terminal_(::isatty(STDERR_FILENO) == 1),
      speaks_(!MpiSession::current() || MpiSession::current()->rank() == 0),
      start_(std::chrono::steady_clock::now()) {
  if (const MpiSession* mpi = MpiSession::current()) progress_.ranks = mpi->size();
  if (speaks_) thread_ = std::thread([this] { loop(); });
}

ProgressReporter::~ProgressReporter() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (printed_ && terminal_) std::fprintf(stderr, "\n");
  if (printed_) std::fflush(stderr);
}

std::string ProgressReporter::line(double seconds) const {
  const double ranks = progress_.ranks.load();
  const double done = static_cast<double>(progress_.done.load()) * ranks;  // each rank counts its share
  const double target = static_cast<double>(progress_.target.load());
  const double rate = seconds > 0.0 ? done / seconds : 0.0;
  char buf[256];
  int n = std::snprintf(buf, sizeof buf, "%s: %.0f trajectories%s, %.3g/s", what_.c_str(), done, ranks > 1 ? " (est.)" : "", rate);
  if (target > 0.0 && rate > 0.0 && done < target)
    n += std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), ", round %zu to %.0f: ETA %.0f s",
                       progress_.rounds.load() + 1, target, (target - done) / rate);
  const double ci = progress_.ci.load();
  if (target_ci_ > 0.0 && std::isfinite(ci))
    std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), ", E_N CI %.3g (target %.3g)", ci, target_ci_);
  return buf;
}

void ProgressReporter::loop() {
  using namespace std::chrono;
  std::size_t rounds_seen = 0;
  auto last_line = steady_clock::now();
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (wake_.wait_for(lock, milliseconds(250), [this] { return stop_; })) return;  // not a quarter second more
    }
    const auto now = steady_clock::now();
    const double elapsed = duration<double>(now - start_).count();
    if (elapsed < 1.0) continue;  // short runs stay quiet
    if (terminal_) {
      std::fprintf(stderr, "\r%-110s", line(elapsed).c_str());
      printed_ = true;
    } else if (progress_.rounds.load() != rounds_seen || now - last_line > seconds(10)) {
      rounds_seen = progress_.rounds.load();
      last_line = now;
      std::fprintf(stderr, "%s (%.0f s)\n", line(elapsed).c_str(), elapsed);
      printed_ = true;
    }
    std::fflush(stderr);
  }
}

}  // namespace spincom::cli
