#pragma once
// The HDF5 dataset of a time-domain run (schema in the README, "HDF5 datasets"):
//   /time [T'], /trajectory_index [n], /trajectories [n, T', Q]   the saved sampled states, written
//       in rounds while the ensemble runs (TrajectoryStream), chunked, shuffle + deflate;
//   /summary/...   per sample time: the ensemble mean, V, E_N (clipped and unclipped) with its CI,
//       nu^-, the references;
//   /mean_field [S, 6]   the noise-free transient (nonlinear runs);
//   /parameters/NAME, /derived/NAME   scalars with a "unit" attribute; /model/A, /model/D;
//   root attributes: model, stepper, dt, t_end, samples, seed and the seed rule, groups, the
//       trajectory range, spincom version and git commit, the command line, the conventions.
// The stored attributes are enough to rerun the command and get the same trajectories.
#include <cstddef>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <array>
#include <vector>

#include "spincom/engine/trajectory_rows.hpp"
#include "spincom/timedomain/linear_simulation.hpp"
#include "spincom/timedomain/nonlinear_simulation.hpp"

namespace spincom {

/// What a dataset keeps besides the summary.
struct DatasetSpec {
  static constexpr std::size_t all = std::numeric_limits<std::size_t>::max();
  std::size_t save_trajectories = 0;  ///< the first N of the run; 0: the summary alone; `all`
  TrajectorySelection selection;
  int deflate = 0;                    ///< gzip level 1-9 with shuffle; 0 (default): none (decision 36)
};

/// Throws InvalidParameter (naming dataset.*) for a spec that cannot be written.
void check_dataset_spec(const DatasetSpec& spec);

/// "all" or a count >= 0 of trajectories to save. Throws InvalidParameter (dataset.save_trajectories).
std::size_t parse_save_count(std::string_view text);
/// A comma-separated subset of X_driven, Y_driven, X_other, Y_other, q, p (or "all").
/// Throws InvalidParameter (dataset.quadratures) naming the unknown entry.
std::array<bool, 6> parse_quadrature_list(std::string_view text);

/// The size of a dataset with `saved` stored trajectories over `sample_times` times (uncompressed).
double estimate_dataset_bytes(const DatasetSpec& spec, std::size_t sample_times, std::size_t saved);

/// The stream a run hands its trajectories to (without `append`: every MPI rank needs the same
/// rounds, only the writing rank attaches a dataset). Nothing is saved when save_trajectories = 0.
TrajectoryStream dataset_stream(const DatasetSpec& spec, std::size_t first_trajectory);

/// The trajectories saved (rows of the dataset) once `done` trajectories of a run that starts at
/// `first_trajectory` are complete.
std::size_t saved_rows(const TrajectoryStream& stream, std::size_t first_trajectory, std::size_t done);

/// The dataset's layout as text, for a checkpoint's fingerprint (RunControl::also_fingerprint): a
/// resume with other --save-* or --deflate flags is refused.
std::string dataset_fingerprint(const DatasetSpec& spec);

/// The journal's file name in the output's partial folder.
inline constexpr const char* journal_name = "trajectories.journal";

/// Where a dataset's saved rows go while the run goes on: straight into the HDF5 file, or, for a
/// run that writes periodic checkpoints, into a journal (io/trajectory_journal.hpp) that the file
/// takes over in finish() (docs/decisions.md 61).
struct DatasetRows {
  std::filesystem::path journal;  ///< empty: straight into the file
  std::size_t sample_times = 0;   ///< of the run (sizes a journal's rows)
};

class TrajectoryDataset {
 public:
  /// Creates the file (truncating: it is an output set's staging file). Throws IoError.
  TrajectoryDataset(const std::filesystem::path& path, const DatasetSpec& spec, const DatasetRows& rows = {});
  /// Continues the dataset of an interrupted run that had saved `rows` trajectories from
  /// `first_trajectory` on (its checkpoint's count): a journal, when `how.journal` exists, is cut
  /// to them and the file started afresh; otherwise the file is reopened and its table cut to
  /// them. Throws ConfigError when they are not all there.
  static TrajectoryDataset resume(const std::filesystem::path& path, const DatasetSpec& spec, const DatasetRows& how,
                                  std::size_t first_trajectory, std::size_t rows);
  TrajectoryDataset(TrajectoryDataset&&) noexcept;
  ~TrajectoryDataset();

  /// Appends rows of trajectories [first, first + count) (TrajectoryStream::append).
  void append(std::size_t first, std::size_t count, const std::vector<double>& rows);
  /// Makes every appended row durable, before a checkpoint counts them. Throws IoError.
  void checkpoint();
  /// Whether the rows go to a journal (safe to checkpoint periodically).
  [[nodiscard]] bool journaled() const;
  /// Writes the summary, the references and the attributes, and flushes. Throws IoError.
  void finish(const LinearSimulationResult& r, const std::string& command_line);
  void finish(const NonlinearSimulationResult& r, const std::string& command_line);

  struct Impl;

 private:
  explicit TrajectoryDataset(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace spincom
