#pragma once
// The saved trajectories of a run that writes periodic checkpoints (docs/decisions.md 61): rows go
// to a plain append-only file of native doubles in the output's partial folder, which a kill
// cannot damage below its last synced length, and the HDF5 dataset takes them over when the run
// completes. (An HDF5 file that is being extended can be left unreadable by a kill.)
#include <cstddef>
#include <filesystem>
#include <functional>
#include <vector>

namespace spincom {

class TrajectoryJournal {
 public:
  /// Creates `path` for rows of `row_doubles` doubles. Throws IoError.
  TrajectoryJournal(const std::filesystem::path& path, std::size_t row_doubles);
  /// Opens the journal of an interrupted run and cuts it to its first `rows` rows (what its
  /// checkpoint counted). Throws ConfigError when the file is missing or holds fewer rows.
  static TrajectoryJournal resume(const std::filesystem::path& path, std::size_t row_doubles, std::size_t rows);

  TrajectoryJournal(TrajectoryJournal&&) noexcept;
  TrajectoryJournal& operator=(TrajectoryJournal&&) noexcept;
  TrajectoryJournal(const TrajectoryJournal&) = delete;
  TrajectoryJournal& operator=(const TrajectoryJournal&) = delete;
  ~TrajectoryJournal();

  /// Appends `count` rows (count x row_doubles doubles). Throws IoError (e.g. a full disk).
  void append(std::size_t count, const std::vector<double>& rows);
  /// Makes every appended row durable (fdatasync): called before a checkpoint names them.
  void sync() const;
  /// Hands the stored rows to `take(count, rows)` in order, at most `max_bytes` at a time.
  void replay(const std::function<void(std::size_t, const std::vector<double>&)>& take, std::size_t max_bytes) const;
  /// Deletes the file (after the dataset took the rows over).
  void remove();

  [[nodiscard]] std::size_t rows() const { return rows_; }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  TrajectoryJournal(std::filesystem::path path, int fd, std::size_t row_doubles, std::size_t rows);
  std::filesystem::path path_;
  int fd_ = -1;
  std::size_t row_doubles_ = 0, rows_ = 0;
};

}  // namespace spincom
