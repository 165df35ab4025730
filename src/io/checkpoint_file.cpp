#include "spincom/io/checkpoint_file.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include "spincom/core/error.hpp"

namespace spincom {
namespace {

// Format 2 (decision 64): every group accumulator is eight lane slots (LaneAccumulators).
// Format 1 held one Welford accumulator per group, which cannot be continued in the new order.
constexpr char magic[] = "SPINCOM-CHECKPOINT 2\n";
constexpr char magic_format1[] = "SPINCOM-CHECKPOINT 1\n";

class Writer {
 public:
  explicit Writer(std::ofstream& out) : out_(out) {}
  void u64(std::uint64_t v) { out_.write(reinterpret_cast<const char*>(&v), sizeof v); }
  void f64(double v) { out_.write(reinterpret_cast<const char*>(&v), sizeof v); }
  void doubles(const double* p, std::size_t n) { out_.write(reinterpret_cast<const char*>(p), static_cast<std::streamsize>(n * sizeof(double))); }
  void text(const std::string& s) {
    u64(s.size());
    out_.write(s.data(), static_cast<std::streamsize>(s.size()));
  }

 private:
  std::ofstream& out_;
};

class Reader {
 public:
  Reader(std::ifstream& in, const std::filesystem::path& path) : in_(in), path_(path) {
    std::error_code ec;
    size_ = std::filesystem::file_size(path, ec);
    if (ec) fail("its size cannot be read: " + ec.message());
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    read(&v, sizeof v);
    return v;
  }
  double f64() {
    double v = 0;
    read(&v, sizeof v);
    return v;
  }
  void doubles(double* p, std::size_t n) { read(p, n * sizeof(double)); }
  std::string text() {
    const std::uint64_t n = count(1 << 20, 1);
    std::string s(n, '\0');
    read(s.data(), n);
    return s;
  }
  /// A length of at most `limit` elements of at least `bytes_each` bytes that the rest of the file
  /// can hold: a corrupt length is caught here, not by a huge allocation.
  std::uint64_t count(std::uint64_t limit, std::uint64_t bytes_each) {
    const std::uint64_t n = u64();
    if (n > limit) fail("a length of " + std::to_string(n) + " is beyond " + std::to_string(limit));
    const std::uint64_t left = size_ - static_cast<std::uint64_t>(in_.tellg());
    if (n > left / bytes_each)
      fail("it ends early: a length of " + std::to_string(n) + " needs at least " + std::to_string(bytes_each) +
           " bytes each, and " + std::to_string(left) + " bytes are left");
    return n;
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw ConfigError("checkpoint '" + path_.string() + "' is damaged or not a spincom checkpoint (" + what +
                      "). Hint: rerun without resume to start afresh.");
  }

 private:
  void read(void* p, std::size_t n) {
    in_.read(static_cast<char*>(p), static_cast<std::streamsize>(n));
    if (!in_) fail("it ends early");
  }
  std::ifstream& in_;
  const std::filesystem::path& path_;
  std::uint64_t size_ = 0;  ///< of the file, to bound every length read from it
};

constexpr std::uint64_t u64_bytes = sizeof(std::uint64_t);
/// The smallest channel: seed, groups, recorded paths, first trajectory, and the lengths of the
/// times, the trajectory count, the accumulators and the paths, each one u64.
constexpr std::uint64_t channel_bytes = 8 * u64_bytes;

void put(Writer& w, const EnsembleStatistics& s) {
  w.u64(s.spec.seed);
  w.u64(s.spec.groups);
  w.u64(s.spec.recorded_paths);
  w.u64(s.spec.first_trajectory);
  w.u64(s.times.size());
  w.doubles(s.times.data(), s.times.size());
  w.u64(s.trajectories);
  w.u64(s.groups.size());
  for (std::size_t i = 0; i < s.groups.size(); ++i) w.doubles(s.groups[i].n, lane_accumulator_doubles);  // no padding
  w.u64(s.paths.size());
  for (const auto& path : s.paths) {
    w.u64(path.size());
    for (const auto& u : path) w.doubles(u.data(), 6);
  }
}

EnsembleStatistics take(Reader& r) {
  EnsembleStatistics s;
  s.spec.seed = r.u64();
  s.spec.groups = r.u64();
  s.spec.recorded_paths = r.u64();
  s.spec.first_trajectory = r.u64();
  s.times.resize(r.count(std::uint64_t{1} << 32, sizeof(double)));
  r.doubles(s.times.data(), s.times.size());
  s.trajectories = r.u64();
  const std::size_t accumulators = r.count(std::uint64_t{1} << 40, sizeof(LaneAccumulators));
  if (s.times.empty() || s.spec.groups < 2 || accumulators % s.spec.groups != 0 ||
      accumulators / s.spec.groups != s.times.size())
    r.fail(std::to_string(accumulators) + " accumulators for " + std::to_string(s.spec.groups) + " groups x " +
           std::to_string(s.times.size()) + " samples");
  s.groups = AccumulatorTable(s.spec.groups, s.times.size());
  for (std::size_t i = 0; i < accumulators; ++i) r.doubles(s.groups[i].n, lane_accumulator_doubles);
  s.paths.resize(r.count(std::uint64_t{1} << 32, u64_bytes));
  for (auto& path : s.paths) {
    path.resize(r.count(std::uint64_t{1} << 32, sizeof(Vector6)));
    for (auto& u : path) r.doubles(u.data(), 6);
  }
  return s;
}

/// Flushes the file's data to the disk before it is renamed into place.
void sync(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

void write_checkpoint(const std::filesystem::path& path, const CheckpointView& c) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    Writer w(out);
    out.write(magic, sizeof magic - 1);
    w.text(c.fingerprint);
    w.u64(c.stopping.rounds.size());
    for (std::size_t n : c.stopping.rounds) w.u64(n);
    w.u64(c.stopping.cis.size());
    w.doubles(c.stopping.cis.data(), c.stopping.cis.size());
    w.u64(c.channels.size());
    for (const EnsembleStatistics* s : c.channels) put(w, *s);
    out.flush();
    if (!out) {
      const std::string reason = std::strerror(errno);
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      throw IoError("writing the checkpoint '" + path.string() + "' failed (" + reason + "); the run goes on without it.");
    }
  }
  sync(tmp);
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw IoError("cannot move the checkpoint into place at '" + path.string() + "': " + ec.message() + ".");
}

Checkpoint read_checkpoint(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ConfigError("no checkpoint at '" + path.string() + "': nothing to resume. Hint: run without resume.");
  Reader r(in, path);
  char head[sizeof magic - 1];
  in.read(head, sizeof head);
  if (in && std::memcmp(head, magic_format1, sizeof head) == 0)
    r.fail("format 1, from an earlier spincom: its one accumulator per group cannot be continued by this version");
  if (!in || std::memcmp(head, magic, sizeof head) != 0) r.fail("no SPINCOM-CHECKPOINT 2 header");
  Checkpoint c;
  c.fingerprint = r.text();
  c.stopping.rounds.resize(r.count(1 << 20, u64_bytes));
  for (auto& n : c.stopping.rounds) n = r.u64();
  c.stopping.cis.resize(r.count(1 << 20, sizeof(double)));
  r.doubles(c.stopping.cis.data(), c.stopping.cis.size());
  c.channels.resize(r.count(8, channel_bytes));
  for (auto& s : c.channels) s = take(r);
  if (in.peek() != std::char_traits<char>::eof()) r.fail("bytes after the end");
  return c;
}

}  // namespace spincom
