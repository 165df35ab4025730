#pragma once
// Writes dataset rounds on a second thread, so that writing round k overlaps computing round k+1.
// At most one round is pending (memory: two rounds), rounds are written in order, and an error
// of the writer is rethrown by the next submit() or by finish(). The writer never runs at the
// same time as the caller's next use of the file: submit() and finish() wait for it first.
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
  /// Waits for a pending job; its error is dropped (another exception is already on its way).
  ~BackgroundWriter() {
    if (pending_.valid()) pending_.wait();
  }

  /// Waits for the previous job (rethrowing its error), then starts `write(rows)` on its own thread.
  /// Returns the previous job's rows, to be reused as the next round's storage.
  std::vector<double> submit(std::function<void(const std::vector<double>&)> write, std::vector<double> rows) {
    std::vector<double> spare = finish();
    pending_ = std::async(std::launch::async, [w = std::move(write), r = std::move(rows)]() mutable {
      w(r);
      return std::move(r);
    });
    return spare;
  }

  /// Waits for the pending job, if any (rethrowing its error); returns its rows.
  std::vector<double> finish() { return pending_.valid() ? pending_.get() : std::vector<double>{}; }

 private:
  std::future<std::vector<double>> pending_;
};

}  // namespace spincom
