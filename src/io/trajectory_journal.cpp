#include "spincom/io/trajectory_journal.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spincom/core/error.hpp"

namespace spincom {
namespace {

std::string reason() { return std::strerror(errno); }

}  // namespace

TrajectoryJournal::TrajectoryJournal(std::filesystem::path path, int fd, std::size_t row_doubles, std::size_t rows)
    : path_(std::move(path)), fd_(fd), row_doubles_(row_doubles), rows_(rows) {}

TrajectoryJournal::TrajectoryJournal(const std::filesystem::path& path, std::size_t row_doubles)
    : path_(path), row_doubles_(row_doubles) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw IoError("cannot create the trajectory journal '" + path.string() + "': " + reason() + ".");
}

TrajectoryJournal TrajectoryJournal::resume(const std::filesystem::path& path, std::size_t row_doubles, std::size_t rows) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0)
    throw ConfigError("resume: the saved trajectories of the interrupted run ('" + path.string() + "') cannot be opened: " +
                      reason() + ". Hint: rerun without resume to start afresh.");
  TrajectoryJournal j(path, fd, row_doubles, rows);
  struct stat st {};
  const auto needed = static_cast<off_t>(rows * row_doubles * sizeof(double));
  if (::fstat(fd, &st) != 0 || st.st_size < needed)
    throw ConfigError("resume: '" + path.string() + "' holds " + std::to_string(st.st_size) + " bytes, fewer than the " +
                      std::to_string(rows) + " trajectories its checkpoint counts (" + std::to_string(needed) +
                      " bytes). Hint: rerun without resume to start afresh.");
  if (::ftruncate(fd, needed) != 0 || ::lseek(fd, needed, SEEK_SET) != needed)
    throw IoError("resume: cannot cut '" + path.string() + "' to its checkpoint: " + reason() + ".");
  return j;
}

TrajectoryJournal::TrajectoryJournal(TrajectoryJournal&& o) noexcept
    : path_(std::move(o.path_)), fd_(std::exchange(o.fd_, -1)), row_doubles_(o.row_doubles_), rows_(o.rows_) {}

TrajectoryJournal& TrajectoryJournal::operator=(TrajectoryJournal&& o) noexcept {
  std::swap(path_, o.path_);
  std::swap(fd_, o.fd_);
  std::swap(row_doubles_, o.row_doubles_);
  std::swap(rows_, o.rows_);
  return *this;
}

TrajectoryJournal::~TrajectoryJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void TrajectoryJournal::append(std::size_t count, const std::vector<double>& rows) {
  if (rows.size() != count * row_doubles_) throw std::logic_error("TrajectoryJournal: rows of the wrong length");
  const auto* p = reinterpret_cast<const char*>(rows.data());
  std::size_t left = rows.size() * sizeof(double);
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw IoError("writing the trajectory journal '" + path_.string() + "' failed: " + reason() + ".");
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  rows_ += count;
}

void TrajectoryJournal::sync() const {
  if (::fdatasync(fd_) != 0)
    throw IoError("writing the trajectory journal '" + path_.string() + "' to disk failed: " + reason() + ".");
}

void TrajectoryJournal::replay(const std::function<void(std::size_t, const std::vector<double>&)>& take,
                               std::size_t max_bytes) const {
  const std::size_t row_bytes = std::max<std::size_t>(1, row_doubles_ * sizeof(double));
  const std::size_t per_block = std::max<std::size_t>(1, max_bytes / row_bytes);
  std::vector<double> block;
  for (std::size_t done = 0; done < rows_;) {
    const std::size_t count = std::min(per_block, rows_ - done);
    block.resize(count * row_doubles_);
    auto* p = reinterpret_cast<char*>(block.data());
    std::size_t left = block.size() * sizeof(double);
    auto at = static_cast<off_t>(done * row_bytes);
    while (left > 0) {
      const ssize_t n = ::pread(fd_, p, left, at);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw IoError("reading the trajectory journal '" + path_.string() + "' failed: " + reason() + ".");
      p += n;
      at += n;
      left -= static_cast<std::size_t>(n);
    }
    take(count, block);
    done += count;
  }
}

void TrajectoryJournal::remove() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(path_.c_str());
}

}  // namespace spincom
