#include "spincom/io/output_set.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "spincom/core/error.hpp"
#include "spincom/core/version.hpp"

namespace spincom {
namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Removal on SIGINT and SIGTERM. The handler may only call async-signal-safe functions, so the
// staged paths live in fixed buffers: unlink() every file, rmdir() the folder, then die of the
// signal as before.
namespace {

struct StagedPath {
  char path[4096];
  volatile std::sig_atomic_t used;
};
constexpr std::size_t max_staged = 128;
StagedPath staged[max_staged];

extern "C" void remove_staged_and_reraise(int sig) {
  for (std::size_t i = max_staged; i-- > 0;)  // files were registered after their folder
    if (staged[i].used) {
      if (::unlink(staged[i].path) != 0) ::rmdir(staged[i].path);
    }
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

void install_signal_cleanup() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  for (int sig : {SIGINT, SIGTERM}) {
    struct sigaction old {};
    ::sigaction(sig, nullptr, &old);
    if (old.sa_handler != SIG_DFL) continue;  // someone else owns it (e.g. a checkpointing run)
    struct sigaction sa {};
    sa.sa_handler = remove_staged_and_reraise;
    ::sigemptyset(&sa.sa_mask);
    ::sigaction(sig, &sa, nullptr);
  }
}

/// Signals blocked while the table changes, so the handler never sees half a path.
class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t set;
    ::sigemptyset(&set);
    ::sigaddset(&set, SIGINT);
    ::sigaddset(&set, SIGTERM);
    ::pthread_sigmask(SIG_BLOCK, &set, &old_);
  }
  ~SignalsBlocked() { ::pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

 private:
  sigset_t old_;
};

std::size_t register_staged(const fs::path& p) {
  const SignalsBlocked blocked;
  const std::string s = p.string();
  for (std::size_t i = 0; i < max_staged; ++i)
    if (!staged[i].used && s.size() < sizeof staged[i].path) {
      std::memcpy(staged[i].path, s.c_str(), s.size() + 1);
      staged[i].used = 1;
      return i;
    }
  return max_staged;  // table full: removal on error still works, only the signal path misses it
}

void unregister_staged(std::size_t slot) {
  if (slot >= max_staged) return;
  const SignalsBlocked blocked;
  staged[slot].used = 0;
}

std::string describe_type(const fs::file_status& st) {
  switch (st.type()) {
    case fs::file_type::regular: return "a regular file";
    case fs::file_type::directory: return "a directory";
    case fs::file_type::symlink: return "a symbolic link";
    case fs::file_type::block: return "a block device";
    case fs::file_type::character: return "a character device";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    default: return "not a regular file";
  }
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

int rename_at2(const fs::path& from, const fs::path& to, unsigned flags) {
  return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags);
}

}  // namespace

const std::vector<std::string>& known_result_names() {
  static const std::vector<std::string> names{
      manifest_name,          "timeseries.csv",        "covariance.csv",    "mean.csv",
      "paths.csv",            "nonlinear_timeseries.csv", "nonlinear_covariance.csv", "mean_field.csv",
      "nonlinear_paths.csv",  "stability_map.csv",     "hysteresis.csv",    "hysteresis_roots.csv",
      "growth.csv", "dynamics_ccw.csv", "dynamics_cw.csv", "covariance_ccw.csv", "covariance_cw.csv",
      "ccw_timeseries.csv", "ccw_covariance.csv", "ccw_mean.csv", "ccw_paths.csv",  // simulate --direction both
      "cw_timeseries.csv", "cw_covariance.csv", "cw_mean.csv", "cw_paths.csv"};
  return names;
}

// ---------------------------------------------------------------------------------------------
struct OutputSet::State {
  enum class Kind { directory, file, standard_output } kind;
  fs::path target;
  std::vector<std::string> names;
  std::string command_line;
  bool target_exists = false;  ///< an earlier result (or an empty folder) to swap out
  fs::path staging;            ///< ".NAME.spincom-partial" beside the target
  int lock_fd = -1;            ///< holds the flock on the staging folder
  std::vector<std::size_t> slots;  ///< signal-cleanup registrations
  std::vector<std::string> written;
  std::vector<std::string> scratch;  ///< scratch_path's files: never published, kept only for a resume
  std::string standard_output_text;
  bool committed = false;
  bool keep_staging = false;  ///< a failed publication keeps the finished files and says where

  ~State() { abandon(); }

  void abandon() noexcept {
    if (kind == Kind::standard_output || staging.empty()) return;
    if (!committed && !keep_staging) {
      std::error_code ec;
      for (const auto& name : written) fs::remove(staging / name, ec);
      for (const auto& name : scratch) fs::remove(staging / name, ec);
      fs::remove(staging / manifest_name, ec);
      fs::remove(staging / checkpoint_name, ec);  // a failed run's checkpoint cannot help
      fs::remove(staging / (std::string(checkpoint_name) + ".tmp"), ec);
      fs::remove(staging, ec);
    }
    release();
  }

  void release() noexcept {
    for (std::size_t s : slots) unregister_staged(s);
    slots.clear();
    if (lock_fd >= 0) ::close(lock_fd);
    lock_fd = -1;
  }
};

namespace {

using State = OutputSet::State;

/// The parent folder of a target, "." for a bare name.
fs::path parent_of(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); }

/// A sibling of the target: "dir/NAME" beside "dir/target", or a bare "NAME".
fs::path sibling(const fs::path& target, const std::string& name) { return target.parent_path() / name; }

void check_parent_writable(const fs::path& target) {
  // The nearest existing ancestor must be a writable folder (missing folders are created on open).
  fs::path dir = parent_of(target);
  std::error_code ec;
  while (!fs::exists(dir, ec) && dir.has_parent_path() && dir != dir.parent_path()) dir = dir.parent_path();
  if (!fs::exists(dir, ec)) dir = ".";
  if (!fs::is_directory(dir, ec))
    throw IoError("cannot write " + quoted(target) + ": " + quoted(dir) + " is " +
                  describe_type(fs::symlink_status(dir, ec)) + ", not a folder. Nothing was written. Hint: choose another place.");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw IoError("cannot write " + quoted(target) + ": the folder " + quoted(dir) + " is not writable (" +
                  std::strerror(errno) + "). Nothing was written. Hint: choose a writable place.");
}

/// Files in an existing folder that no spincom writer produces.
std::vector<std::string> foreign_entries(const fs::path& dir, const std::vector<std::string>& own) {
  std::vector<std::string> foreign;
  const auto& known = known_result_names();
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec)
    throw IoError("output folder " + quoted(dir) + " cannot be read (" + ec.message() +
                  "). Nothing was written. Hint: choose another folder.");
  for (const auto& entry : it) {
    const std::string name = entry.path().filename().string();
    const bool ours = std::find(known.begin(), known.end(), name) != known.end() ||
                      std::find(own.begin(), own.end(), name) != own.end();
    if (!ours || !entry.is_regular_file()) foreign.push_back(name);
  }
  std::sort(foreign.begin(), foreign.end());
  return foreign;
}

std::string list_some(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < 5; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > 5) out += " and " + std::to_string(names.size() - 5) + " more";
  return out;
}

/// "N files, written TIME by `COMMAND`" from the manifest, when there is one.
std::string describe_earlier_set(const fs::path& dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) ++n;
  std::string what = std::to_string(n) + " files";
  try {
    std::ifstream in(dir / manifest_name);
    if (!in) return what;
    const auto m = nlohmann::json::parse(in);
    what += ", written " + m.at("completed").get<std::string>() + " by `" + m.at("command").get<std::string>() + "`";
  } catch (const std::exception&) {  // an unreadable manifest only shortens the message
  }
  return what;
}

void refuse_earlier_result(const fs::path& target, const std::string& what) {
  throw OutputConflict(quoted(target) + " holds an earlier result (" + what +
                       "); it is kept and nothing was written. Hint: output.force replaces it, or choose another place.");
}

/// A result folder is renamed into place: it cannot be the current folder or hold it.
void refuse_current_folder(const fs::path& dir) {
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(fs::absolute(dir), ec);
  const fs::path here = fs::current_path(ec);
  if (ec) return;
  const auto [t, h] = std::mismatch(target.begin(), target.end(), here.begin(), here.end());
  if (t == target.end())
    throw IoError("output folder " + quoted(dir) + " is the current folder" + (h == here.end() ? "" : " or holds it") +
                  "; a result folder is moved into place whole. Nothing was written. Hint: name a new folder, e.g. out.");
}

/// Checks a directory set's target; returns whether something is there to swap out.
bool check_directory_target(const fs::path& dir, const std::vector<std::string>& names, OnExisting existing) {
  refuse_current_folder(dir);
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(dir, ec);
  if (st.type() == fs::file_type::not_found || st.type() == fs::file_type::none) return false;  // parent checked next
  if (st.type() != fs::file_type::directory)
    throw IoError("output folder " + quoted(dir) + " is " + describe_type(st) +
                  "; spincom never replaces it. Nothing was written. Hint: choose a new or empty folder" +
                  (st.type() == fs::file_type::symlink ? " (or the link's target " + quoted(fs::read_symlink(dir, ec)) + ")" : "") + ".");
  const auto foreign = foreign_entries(dir, names);
  if (!foreign.empty())
    throw IoError("output folder " + quoted(dir) + " holds files spincom did not write (" + list_some(foreign) +
                  "); spincom replaces only its own result folders. Nothing was written. Hint: choose a new or empty folder.");
  if (!fs::is_empty(dir, ec) && existing == OnExisting::refuse) refuse_earlier_result(dir, describe_earlier_set(dir));
  return true;
}

/// Checks a one-file set's target; returns whether an earlier file is there.
bool check_file_target(const fs::path& file, OnExisting existing) {
  if (file.empty() || !file.has_filename() || file.filename() == "." || file.filename() == "..")
    throw IoError("output file " + quoted(file) + " names no file. Nothing was written. Hint: e.g. out/sweep.csv, or - for standard output.");
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(file, ec);
  if (st.type() == fs::file_type::not_found || st.type() == fs::file_type::none) return false;  // parent checked next
  if (st.type() == fs::file_type::directory)
    throw IoError("output file " + quoted(file) + " is a directory. Nothing was written. Hint: give a file name, e.g. " +
                  quoted(file / "sweep.csv") + ".");
  if (st.type() != fs::file_type::regular)
    throw IoError("output file " + quoted(file) + " is " + describe_type(st) +
                  "; spincom never replaces it. Nothing was written. Hint: choose a regular file, or - for standard output.");
  if (existing == OnExisting::refuse) refuse_earlier_result(file, "a file of " + std::to_string(fs::file_size(file, ec)) + " bytes");
  return true;
}

/// Removes a stale staging folder (its run died: the lock was free). Only plain files inside. One
/// with a checkpoint is an interrupted run's: kept unless replacing was asked for.
void remove_stale(const fs::path& staging, OnExisting existing) {
  std::error_code ec;
  if (fs::exists(staging / checkpoint_name, ec) && existing == OnExisting::refuse)
    throw OutputConflict("an interrupted run left a checkpoint in " + quoted(staging) +
                         "; it is kept and nothing was written. Hint: continue it with resume (the same command), "
                         "or discard it with output.force.");
  for (const auto& entry : fs::directory_iterator(staging, ec))
    if (entry.is_regular_file(ec)) fs::remove(entry.path(), ec);
  fs::remove(staging, ec);
  if (ec || fs::exists(staging))
    throw IoError("a partial folder " + quoted(staging) + " left by an earlier, interrupted run could not be removed (" +
                  (ec ? ec.message() : std::string("it holds folders")) + "). Nothing was written. Hint: remove it by hand.");
}

/// Creates and locks ".NAME.spincom-partial": a private folder is locked first, then renamed
/// into place without replacing, so the lock never has a gap.
void take_staging(State& s, OnExisting existing) {
  std::error_code ec;
  if (s.target.has_parent_path()) fs::create_directories(s.target.parent_path(), ec);
  const fs::path staging = staging_folder(s.target);  // staging only once it is ours
  const fs::path mine = staging.string() + "." + std::to_string(::getpid());
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (::mkdir(mine.c_str(), 0755) != 0)
      throw IoError("cannot create the staging folder " + quoted(mine) + ": " + std::strerror(errno) +
                    ". Nothing was written. Hint: choose a writable place.");
    s.lock_fd = ::open(mine.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s.lock_fd < 0 || ::flock(s.lock_fd, LOCK_EX | LOCK_NB) != 0) {
      ::rmdir(mine.c_str());
      throw IoError("cannot lock the staging folder " + quoted(mine) + ": " + std::strerror(errno) + ". Nothing was written.");
    }
    if (rename_at2(mine, staging, RENAME_NOREPLACE) == 0) {
      s.staging = staging;
      s.slots.push_back(register_staged(staging));
      return;
    }
    const int err = errno;
    s.release();
    ::rmdir(mine.c_str());
    if (err != EEXIST && err != ENOTEMPTY)
      throw IoError("cannot create the staging folder " + quoted(staging) + ": " + std::strerror(err) + ". Nothing was written.");
    // Someone's partial folder: busy if its lock is held, stale otherwise.
    const int fd = ::open(staging.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const bool busy = fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0;
    if (busy) {
      ::close(fd);
      throw OutputConflict("another spincom run is writing to " + quoted(s.target) + " (its partial folder " +
                           quoted(staging) + " is locked). Nothing was written. Hint: wait for it, or choose another place.");
    }
    if (fd >= 0) ::close(fd);
    if (fd >= 0) remove_stale(staging, existing);
  }
  throw OutputConflict("the staging folder " + quoted(staging_folder(s.target)) + " is taken repeatedly by another process. Nothing was written.");
}

/// Takes over and locks the partial folder an interrupted run left (with its checkpoint).
void take_interrupted_staging(State& s) {
  const fs::path staging = staging_folder(s.target);  // s.staging only once it is ours
  std::error_code ec;
  if (!fs::exists(staging / checkpoint_name, ec))
    throw ConfigError("resume: no interrupted run to continue at " + quoted(s.target) + " (no " +
                      quoted(staging / checkpoint_name) + "). Hint: run without resume.");
  s.lock_fd = ::open(staging.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (s.lock_fd < 0 || ::flock(s.lock_fd, LOCK_EX | LOCK_NB) != 0)
    throw OutputConflict("another spincom run is writing to " + quoted(s.target) + " (its partial folder " +
                         quoted(staging) + " is locked). Nothing was written. Hint: wait for it.");
  s.staging = staging;
  s.keep_staging = true;  // until committed: a failed or refused resume leaves the checkpoint it continues
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return buf;
}

void write_manifest(State& s) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& name : s.written) {
    std::error_code ec;
    files.push_back({{"name", name}, {"bytes", fs::file_size(s.staging / name, ec)}});
  }
  const nlohmann::json m{{"spincom", version}, {"command", s.command_line}, {"completed", utc_now()}, {"files", files}};
  std::ofstream out(s.staging / manifest_name, std::ios::binary | std::ios::trunc);
  out << m.dump(2) << "\n";
  out.flush();
  if (!out) throw IoError("writing the manifest of " + quoted(s.target) + " failed (" + std::strerror(errno) + ").");
}

/// The one rename that publishes; the earlier result, if any, ends up at the staging path.
void publish(State& s, const fs::path& from) {
  std::error_code ec;
  const fs::file_status now = fs::symlink_status(s.target, ec);
  const bool exists = now.type() != fs::file_type::not_found;
  const bool same_kind = s.kind == State::Kind::directory ? now.type() == fs::file_type::directory
                                                          : now.type() == fs::file_type::regular;
  if (exists != s.target_exists || (exists && !same_kind)) {
    s.keep_staging = true;
    throw IoError(quoted(s.target) + " changed during the run (it is now " + (exists ? describe_type(now) : "gone") +
                  "); it was left alone. The finished result is in " + quoted(s.staging) + ".");
  }
  int rc = 0;
  if (!exists)
    rc = rename_at2(from, s.target, RENAME_NOREPLACE);
  else if (s.kind == State::Kind::directory)
    rc = rename_at2(from, s.target, RENAME_EXCHANGE);
  else
    rc = ::rename(from.c_str(), s.target.c_str());  // atomic replacement of a regular file
  if (rc != 0) {
    const int err = errno;
    s.keep_staging = true;
    throw IoError("cannot move the finished result into place at " + quoted(s.target) + ": " + std::strerror(err) +
                  ". The earlier content there is intact; the finished result is in " + quoted(s.staging) + ".");
  }
}

}  // namespace

OutputSet::OutputSet(std::unique_ptr<State> state) : state_(std::move(state)) {}
OutputSet::OutputSet(OutputSet&&) noexcept = default;
OutputSet& OutputSet::operator=(OutputSet&&) noexcept = default;
OutputSet::~OutputSet() = default;

OutputSet OutputSet::directory(const fs::path& dir, std::vector<std::string> names, OnExisting existing,
                               std::string command_line) {
  if (dir.empty()) throw IoError("output folder '' names no folder. Nothing was written. Hint: e.g. out.");
  auto s = std::make_unique<State>();
  s->kind = State::Kind::directory;
  s->target = dir.filename().empty() ? dir.parent_path() : dir;  // "out/" -> "out"
  s->names = std::move(names);
  s->command_line = std::move(command_line);
  s->target_exists = check_directory_target(s->target, s->names, existing);
  check_parent_writable(s->target);
  install_signal_cleanup();
  take_staging(*s, existing);
  return OutputSet(std::move(s));
}

OutputSet OutputSet::resume_directory(const fs::path& dir, std::vector<std::string> names, OnExisting existing,
                                      std::string command_line) {
  auto s = std::make_unique<State>();
  s->kind = State::Kind::directory;
  s->target = dir.filename().empty() ? dir.parent_path() : dir;
  s->names = std::move(names);
  s->command_line = std::move(command_line);
  s->target_exists = check_directory_target(s->target, s->names, existing);
  take_interrupted_staging(*s);
  std::error_code ec;
  for (const auto& name : s->names)
    if (fs::exists(s->staging / name, ec)) s->written.push_back(name);  // written again before the commit
  return OutputSet(std::move(s));
}

OutputSet OutputSet::resume_single_file(const fs::path& file, OnExisting existing) {
  if (file == "-") throw IoError("resume: standard output (-) keeps nothing to continue. Hint: write to a file.");
  auto s = std::make_unique<State>();
  s->kind = State::Kind::file;
  s->target = file;
  s->names = {file.filename().string()};
  s->target_exists = check_file_target(file, existing);
  take_interrupted_staging(*s);
  std::error_code ec;
  if (fs::exists(s->staging / s->names.front(), ec)) s->written.push_back(s->names.front());
  return OutputSet(std::move(s));
}

OutputSet OutputSet::single_file(const fs::path& file, OnExisting existing) {
  auto s = std::make_unique<State>();
  s->target = file;
  s->names = {file.filename().string()};
  if (file == "-") {
    s->kind = State::Kind::standard_output;
    return OutputSet(std::move(s));
  }
  s->kind = State::Kind::file;
  s->target_exists = check_file_target(file, existing);
  check_parent_writable(file);
  install_signal_cleanup();
  take_staging(*s, existing);
  return OutputSet(std::move(s));
}

fs::path staging_folder(const fs::path& target) {
  const fs::path t = target.filename().empty() ? target.parent_path() : target;
  return sibling(t, "." + t.filename().string() + ".spincom-partial");
}

fs::path OutputSet::scratch_path(std::string_view name) const {
  if (to_stdout()) throw std::logic_error("OutputSet: standard output has no staging folder");
  const fs::path path = state_->staging / std::string(name);
  auto& scratch = state_->scratch;
  if (name != checkpoint_name && std::find(scratch.begin(), scratch.end(), name) == scratch.end()) {
    if (!state_->keep_staging) state_->slots.push_back(register_staged(path));  // a signal removes it
    scratch.emplace_back(name);
  }
  return path;
}

void OutputSet::keep_for_resume() { state_->keep_staging = true; }

const std::vector<std::string>& OutputSet::names() const { return state_->names; }
const fs::path& OutputSet::target() const { return state_->target; }
bool OutputSet::to_stdout() const { return state_->kind == State::Kind::standard_output; }

fs::path OutputSet::staging_path(std::string_view name) const {
  const auto& n = state_->names;
  if (std::find(n.begin(), n.end(), name) == n.end())
    throw std::logic_error("OutputSet: '" + std::string(name) + "' is not a member of the set");
  if (to_stdout()) throw std::logic_error("OutputSet: standard output has no staging path");
  const fs::path path = state_->staging / std::string(name);
  auto& written = state_->written;
  if (std::find(written.begin(), written.end(), name) == written.end()) {  // its writer opens it: clean it up too
    if (!state_->keep_staging) state_->slots.push_back(register_staged(path));
    written.emplace_back(name);
  }
  return path;
}

void OutputSet::write(std::string_view name, const std::function<void(std::ostream&)>& content) {
  State& s = *state_;
  if (to_stdout()) {
    std::ostringstream text;
    content(text);
    s.standard_output_text += text.str();
    return;
  }
  const fs::path path = staging_path(name);  // registered for the clean-up
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) content(out);
  out.flush();
  if (!out) {
    const std::string reason = std::strerror(errno);
    throw IoError("writing " + quoted(s.target / std::string(s.kind == State::Kind::directory ? name : "")) +
                  " failed (" + reason + "). Nothing was written" +
                  (s.target_exists ? "; the earlier result at " + quoted(s.target) + " is intact" : "") +
                  ". Hint: free space, or choose another place.");
  }
}

void OutputSet::require_space(double bytes, const std::string& what) const {
  if (to_stdout()) return;
  struct statvfs st {};
  if (::statvfs(state_->staging.c_str(), &st) != 0) return;  // unknown: the writes will tell
  const double free = static_cast<double>(st.f_bavail) * static_cast<double>(st.f_frsize);
  if (bytes <= free) return;
  char buf[160];
  std::snprintf(buf, sizeof buf, "about %.3g GB, but %.3g GB are free there", bytes / 1e9, free / 1e9);
  throw IoError("the output " + quoted(state_->target) + " (" + what + ") needs " + buf +
                ". Nothing was written. Hint: free space, choose another place, or store less.");
}

std::vector<fs::path> OutputSet::commit() {
  State& s = *state_;
  if (s.committed) throw std::logic_error("OutputSet: committed twice");
  if (to_stdout()) {
    std::cout << s.standard_output_text << std::flush;
    if (!std::cout) throw IoError("writing to standard output failed. Hint: check the pipe or the redirection.");
    s.committed = true;
    return {"-"};
  }
  std::vector<fs::path> published;
  std::error_code ec;
  fs::remove(s.staging / checkpoint_name, ec);  // scratch: never published
  for (const auto& name : s.scratch) fs::remove(s.staging / name, ec);
  if (s.kind == State::Kind::directory) {
    write_manifest(s);
    s.written.push_back(manifest_name);
    publish(s, s.staging);  // staging -> target; an earlier result is now at the staging path
    for (const auto& name : s.written) published.push_back(s.target / name);
  } else {
    publish(s, s.staging / s.names.front());
    published.push_back(s.target);
  }
  s.committed = true;
  // Remove what is left at the staging path: the swapped-out earlier folder, or the empty staging.
  if (s.kind == State::Kind::directory && s.target_exists)
    for (const auto& entry : fs::directory_iterator(s.staging, ec))
      if (entry.is_regular_file(ec)) fs::remove(entry.path(), ec);
  fs::remove(s.staging, ec);
  s.release();
  return published;
}

}  // namespace spincom
