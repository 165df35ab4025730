#pragma once
// Writes dataset rounds on a second thread, so that writing round k overlaps computing round k+1.
// At most one round is pending (memory: two rounds), rounds are written in order, and an error
// of the writer is rethrown by the next submit() or by finish(). The writer never runs at the
// same time as the caller's next use of the file: submit() and finish() wait for it first.
// A writer may serve several drives of one run (TrajectoryStream::writer): the last round of a
// drive is then written while the caller goes on, and the two round buffers are reused by the
// next drive instead of being allocated (and faulted in) again.
#include <cstddef>
#include <functional>
#include <future>
#include <utility>
#include <vector>

namespace spincom {

class BackgroundWriter {
 public:
  BackgroundWriter() = default;
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;
  BackgroundWriter(BackgroundWriter&&) = default;  ///< before use (a pending job stays with its future)
  BackgroundWriter& operator=(BackgroundWriter&&) = default;
  /// Waits for a pending job; its error is dropped (another exception is already on its way).
  ~BackgroundWriter() {
    if (pending_.valid()) pending_.wait();
  }

  /// Storage for the next round: a written round's buffer when one is free, else a new one, with
  /// room for `doubles` reserved (so that a later, larger round does not reallocate it).
  [[nodiscard]] std::vector<double> storage(std::size_t doubles) {
    std::vector<double> s;
    if (!spare_.empty()) {
      s = std::move(spare_.back());
      spare_.pop_back();
    }
    s.reserve(doubles);
    return s;
  }

  /// Waits for the previous job (rethrowing its error), then starts `write(rows)` on its own thread.
  void submit(std::function<void(const std::vector<double>&)> write, std::vector<double> rows) {
    finish();
    pending_ = std::async(std::launch::async, [w = std::move(write), r = std::move(rows)]() mutable {
      w(r);
      return std::move(r);
    });
  }

  /// Waits for the pending job, if any (rethrowing its error); its buffer becomes free storage.
  void finish() {
    if (pending_.valid()) recycle(pending_.get());
  }

  /// Takes back a round's buffer that needs no writing (a rank that does not write).
  void recycle(std::vector<double> rows) {
    if (spare_.size() < 2) spare_.push_back(std::move(rows));
  }

 private:
  std::future<std::vector<double>> pending_;
  std::vector<std::vector<double>> spare_;  ///< written rounds' buffers, at most two
};

}  // namespace spincom
