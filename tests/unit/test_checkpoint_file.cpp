// Checkpoints (io/checkpoint_file.hpp, timedomain/run_control.hpp, the resumable stopping rule):
// a written checkpoint reads back bit for bit; a damaged or foreign file is refused with its name;
// a stopping rule resumed from its completed rounds takes the path of an uninterrupted one.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>

#include "spincom/core/error.hpp"
#include "spincom/io/checkpoint_file.hpp"
#include "support/scratch_path.hpp"

using namespace spincom;

namespace {

EnsembleStatistics sample_statistics() {
  EnsembleSpec spec;
  spec.seed = 42;
  spec.groups = 3;
  spec.recorded_paths = 2;
  spec.first_trajectory = 17;
  EnsembleStatistics s(spec, {0.0, 1e-7, 2e-7});
  s.trajectories = 12;
  for (std::size_t i = 0; i < s.groups.size(); ++i)
    for (std::size_t slot = 0; slot < LaneAccumulators::slots; ++slot)
      s.groups[i].add(slot, Vector6::Constant(0.1 * static_cast<double>(i + slot)) + Vector6::Unit(slot % 6));
  s.groups[1].m2[LaneAccumulators::upper(2, 3)][4] = -0.0;
  s.groups[2].mean[5][7] = std::numeric_limits<double>::quiet_NaN();
  s.paths = {std::vector<Vector6>(3, Vector6::Constant(-1.25)), std::vector<Vector6>(3, Vector6::Constant(3.5))};
  return s;
}

bool same_bits(const EnsembleStatistics& a, const EnsembleStatistics& b) {
  if (a.times != b.times || a.trajectories != b.trajectories || a.groups.size() != b.groups.size() ||
      a.paths.size() != b.paths.size() || a.spec.seed != b.spec.seed || a.spec.groups != b.spec.groups ||
      a.spec.first_trajectory != b.spec.first_trajectory || a.spec.recorded_paths != b.spec.recorded_paths)
    return false;
  for (std::size_t i = 0; i < a.groups.size(); ++i)
    if (std::memcmp(&a.groups[i], &b.groups[i], sizeof(LaneAccumulators)) != 0) return false;
  for (std::size_t i = 0; i < a.paths.size(); ++i)
    for (std::size_t k = 0; k < a.paths[i].size(); ++k)
      if (std::memcmp(a.paths[i][k].data(), b.paths[i][k].data(), 48) != 0) return false;
  return true;
}

// Overwrites the u64 that follows the first occurrence of `marker` in the file with `value`.
void patch_u64_after(const std::filesystem::path& path, std::uint64_t marker, std::uint64_t value) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const std::size_t at = bytes.find(std::string(reinterpret_cast<const char*>(&marker), sizeof marker));
  REQUIRE(at != std::string::npos);
  f.seekp(static_cast<std::streamoff>(at + sizeof marker));
  f.write(reinterpret_cast<const char*>(&value), sizeof value);
}

}  // namespace

TEST_CASE("A checkpoint reads back bit for bit; a damaged one is refused with its name") {
  const auto path = spincom::test::scratch_path("checkpoint");
  const EnsembleStatistics u = sample_statistics();
  EnsembleStatistics v = sample_statistics();
  v.trajectories = 13;
  const CheckpointView view{"linear ccw parameters: 1 2 3", {{2048, 4096}, {0.02, 0.011}, false, 0.011}, {&u, &v}};
  write_checkpoint(path, view);
  const Checkpoint back = read_checkpoint(path);
  CHECK(back.fingerprint == view.fingerprint);
  CHECK(back.stopping.rounds == view.stopping.rounds);
  CHECK(back.stopping.cis == view.stopping.cis);
  REQUIRE(back.channels.size() == 2);
  CHECK(same_bits(back.channels[0], u));
  CHECK(same_bits(back.channels[1], v));

  // A channel claiming 2^40 groups over no sample times (and so no accumulators): refused as
  // damaged, not a std::length_error from allocating the groups.
  EnsembleStatistics huge = sample_statistics();
  huge.spec.groups = std::size_t{1} << 40;
  huge.times.clear();
  huge.groups = AccumulatorTable();
  write_checkpoint(path, CheckpointView{"run", {}, {&huge}});
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains(path.string()) &&
                                               Catch::Contains(std::to_string(huge.spec.groups) + " groups"));
  // 2^38 groups x 1 time with the accumulator count patched to match: refused because the file
  // cannot hold 2^38 accumulators, before 2^38 x 1792 bytes are allocated for them.
  EnsembleStatistics many = sample_statistics();
  many.times.resize(1);
  many.groups = AccumulatorTable(2, 1);
  many.spec.groups = std::size_t{1} << 38;
  many.trajectories = 0x1122334455667788u;  // the accumulator count follows it in the file
  write_checkpoint(path, CheckpointView{"run", {}, {&many}});
  patch_u64_after(path, many.trajectories, many.spec.groups);
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains(path.string()) && Catch::Contains("bytes are left"));
  write_checkpoint(path, view);

  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 7);  // cut short
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains(path.string()) && Catch::Contains("ends early"));
  std::ofstream(path, std::ios::trunc) << "not a checkpoint at all";
  CHECK_THROWS_AS(read_checkpoint(path), ConfigError);
  // Format 1 (one Welford accumulator per group, before decision 64) cannot be continued.
  std::ofstream(path, std::ios::trunc) << "SPINCOM-CHECKPOINT 1\n" << std::string(64, '\0');
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains(path.string()) && Catch::Contains("format 1"));
  std::filesystem::remove(path);
  CHECK_THROWS_WITH(read_checkpoint(path), Catch::Contains("no checkpoint"));
}

TEST_CASE("A checkpoint of another run is refused when resuming") {
  const EnsembleStatistics u = sample_statistics();
  Checkpoint c{"run A", {}, {u}};
  CHECK_NOTHROW(check_resume(c, "run A", {u}));
  CHECK_THROWS_WITH(check_resume(c, "run B", {u}), Catch::Contains("belongs to another run"));
  EnsembleStatistics other = u;
  other.times.push_back(3e-7);
  CHECK_THROWS_WITH(check_resume(c, "run A", {other}), Catch::Contains("do not fit"));
}

TEST_CASE("A stopping rule resumed from its completed rounds takes the uninterrupted path") {
  // A fake ensemble whose CI falls slower than the rule assumes (n^-0.3): several rounds, each
  // sized from the CIs seen after the last.
  const StoppingRule rule{0, 0.004, std::size_t{1} << 22};
  const std::size_t K = 32;
  std::size_t n = 0;
  auto ci = [&] { return 0.5 * std::pow(static_cast<double>(n), -0.3); };
  const StoppingOutcome whole = apply_stopping_rule(rule, K, [&](std::size_t to) { n = to; }, ci);
  REQUIRE(whole.rounds.size() >= 3);
  // Interrupted during the third round: resume from the first two (their CIs stored).
  StoppingOutcome partial;
  partial.rounds = {whole.rounds[0], whole.rounds[1]};
  partial.cis = {whole.cis[0], whole.cis[1]};
  n = whole.rounds[1] + 100;  // the checkpoint's statistics went a little past the last round
  std::vector<std::size_t> ran;
  StoppingOutcome resumed;
  apply_stopping_rule(rule, K, [&](std::size_t to) { ran.push_back(to); n = to; }, ci, nullptr, resumed, &partial);
  CHECK(resumed.rounds == whole.rounds);
  CHECK(resumed.cis == whole.cis);
  CHECK(ran.front() == whole.rounds[2]);  // completed rounds are not run again
  // A checkpoint whose rounds this rule would not take is refused.
  partial.rounds[1] += K;
  CHECK_THROWS_WITH(apply_stopping_rule(rule, K, [&](std::size_t to) { n = to; }, ci, nullptr, resumed, &partial),
                    Catch::Contains("resume: the checkpoint's round 2"));
}
