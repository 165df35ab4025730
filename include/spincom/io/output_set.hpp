#pragma once
// An output set: the files of one run, which appear together or not at all (docs/decisions.md 32).
//
//   open      every target is checked before the run: a directory set's folder is absent, empty,
//             or holds an earlier spincom result (replaced only with output.force); a one-file
//             set's file is absent or a regular file (replaced only with output.force). A
//             symbolic link, device, FIFO or socket is never renamed over. A refused set creates
//             nothing.
//   staging   the files are written into the sibling folder ".NAME.spincom-partial", locked
//             (flock) for the life of the set: a second run into the same place is refused at
//             once; a partial folder left by a killed run is found unlocked and removed.
//   commit    one rename publishes the set (renameat2: RENAME_NOREPLACE onto a new name,
//             RENAME_EXCHANGE to swap out an earlier result, which is then removed); a directory
//             set gets a manifest (spincom-manifest.json) listing its files.
//   abandon   a set that is not committed (an exception, SIGINT, SIGTERM) removes its staging.
// The target "-" of a one-file set is standard output, written at commit.
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace spincom {

/// What to do with an earlier result at the target.
enum class OnExisting { refuse, replace };

class OutputSet {
 public:
  /// A folder holding exactly `names` (plus the manifest). Throws IoError (unusable target,
  /// unwritable parent) or OutputConflict (an earlier result without `replace`, another run
  /// writing there); nothing is created then.
  static OutputSet directory(const std::filesystem::path& dir, std::vector<std::string> names, OnExisting existing,
                             std::string command_line);
  /// The same, continuing an interrupted run: its partial folder (left by keep_for_resume) is
  /// taken over with its files. Throws ConfigError when there is none, OutputConflict when
  /// another run holds it. Until it is committed the folder is kept, whatever happens: the
  /// checkpoint it continues stays valid (a refused or failed resume can be retried).
  static OutputSet resume_directory(const std::filesystem::path& dir, std::vector<std::string> names,
                                    OnExisting existing, std::string command_line);
  /// One file; "-" is standard output. Throws as directory().
  static OutputSet single_file(const std::filesystem::path& file, OnExisting existing);
  /// The same, continuing an interrupted run (as resume_directory).
  static OutputSet resume_single_file(const std::filesystem::path& file, OnExisting existing);

  OutputSet(OutputSet&&) noexcept;
  OutputSet& operator=(OutputSet&&) noexcept;
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;
  ~OutputSet();  ///< not committed: removes the staging folder

  /// Writes one member (a directory set: one of its names; a one-file set: its file name) into
  /// the staging folder. Throws IoError naming the file and the reason (the set stays unpublished).
  void write(std::string_view name, const std::function<void(std::ostream&)>& content);
  /// Where a member is staged, for writers that open files themselves (HDF5); the file is then
  /// cleaned up with the set (errors, signals). Not for "-".
  [[nodiscard]] std::filesystem::path staging_path(std::string_view name) const;
  /// A file in the staging folder that is not a member (a checkpoint, a trajectory journal):
  /// never published; removed with the set unless it is kept for a resume.
  [[nodiscard]] std::filesystem::path scratch_path(std::string_view name) const;
  /// Keeps the staging folder with its files when the set is destroyed uncommitted (an
  /// interrupted run that wrote a checkpoint); the lock is released.
  void keep_for_resume();

  /// The member names of the set.
  [[nodiscard]] const std::vector<std::string>& names() const;
  /// The published place of the set (the folder, the file, or "-").
  [[nodiscard]] const std::filesystem::path& target() const;
  [[nodiscard]] bool to_stdout() const;

  /// Throws IoError (nothing written) when the file system of the staging folder has less than
  /// `bytes` free: the estimate, the free space and the place are named.
  void require_space(double bytes, const std::string& what) const;

  /// Publishes the set; returns the published files. Throws IoError with what was and was not
  /// written (the earlier result is then intact).
  std::vector<std::filesystem::path> commit();

  struct State;

 private:
  explicit OutputSet(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

/// The names spincom writes into a result folder (every writer's), which an earlier result may hold.
const std::vector<std::string>& known_result_names();

/// The staging folder of a target (".NAME.spincom-partial" beside it), for every rank's reading.
std::filesystem::path staging_folder(const std::filesystem::path& target);

/// The checkpoint file kept in a staging folder by an interrupted run.
inline constexpr const char* checkpoint_name = "checkpoint.spincom";

/// The manifest file of a directory set.
inline constexpr const char* manifest_name = "spincom-manifest.json";

}  // namespace spincom
