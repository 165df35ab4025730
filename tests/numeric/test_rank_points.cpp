// Sweep points split over ranks (steady/rank_points.hpp), with two "ranks" as two threads of
// this process joined by an in-memory gather and sum: the rows are those of one process, bit for
// bit, and a failing point on one rank ends both ranks with the same error, none left waiting.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "spincom/core/error.hpp"
#include "spincom/steady/rank_points.hpp"
#include "spincom/steady/sweep.hpp"

using namespace spincom;

namespace {

/// Two ranks in one process: a gather to rank 0 and an element-wise sum, each a barrier.
class TwoRanks {
 public:
  RankPartition partition(int rank) {
    RankPartition p;
    p.rank = rank;
    p.size = 2;
    p.points_per_gather = 32;  // several gathers, and a last chunk that is not full
    p.gather_to_root = [this, rank](const std::vector<char>& mine) {
      std::vector<std::vector<char>> all;
      exchange(rank, [&] { gathered_[static_cast<std::size_t>(rank)] = mine; }, [&] {
        if (rank == 0) all = gathered_;
      });
      return all;
    };
    p.sum_across_ranks = [this, rank](std::vector<double>& v) {
      exchange(rank, [&] { summed_[static_cast<std::size_t>(rank)] = v; }, [&] {
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = summed_[0][i] + summed_[1][i];
      });
    };
    return p;
  }

 private:
  /// Both ranks deposit, wait for each other, read, and wait again before the next exchange.
  void exchange(int rank, const std::function<void()>& deposit, const std::function<void()>& read) {
    std::unique_lock<std::mutex> lock(m_);
    deposit();
    barrier(lock);
    read();
    barrier(lock);
    (void)rank;
  }
  void barrier(std::unique_lock<std::mutex>& lock) {
    const std::size_t gen = generation_;
    if (++arrived_ == 2) {
      arrived_ = 0;
      ++generation_;
      cv_.notify_all();
    } else {
      cv_.wait(lock, [&] { return generation_ != gen; });
    }
  }
  std::mutex m_;
  std::condition_variable cv_;
  std::size_t arrived_ = 0, generation_ = 0;
  std::vector<std::vector<char>> gathered_{2};
  std::vector<std::vector<double>> summed_{2};
};

bool same_rows(const std::vector<SweepRow>& a, const std::vector<SweepRow>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)  // every field, bit for bit (NaNs included)
    if (a[i].point != b[i].point || a[i].direction != b[i].direction || a[i].branch != b[i].branch ||
        a[i].selected != b[i].selected || a[i].stable != b[i].stable || a[i].undetermined != b[i].undetermined ||
        std::memcmp(&a[i].N_driven, &b[i].N_driven, sizeof(double) * 6) != 0 ||
        std::memcmp(&a[i].max_re_eig, &b[i].max_re_eig, sizeof(double) * 5) != 0)
      return false;
  return true;
}

}  // namespace

TEST_CASE("A sweep over two ranks gives the rows of one process, bit for bit, on rank 0") {
  Parameters base;
  base.power = 0.1;  // bistable points: a varying number of rows per point
  const std::vector<SweepAxis> axes{parse_axis("detuning:0.5:2.5:150"), parse_axis("Omega:0:23k:2")};  // 300 points: 5 chunks
  const SweepResult one = run_sweep(base, axes, DirectionChoice::both, BranchSelection::all, 1);
  TwoRanks ranks;
  SweepResult r0, r1;
  std::thread other([&] { r1 = run_sweep(base, axes, DirectionChoice::both, BranchSelection::all, 1, {}, ranks.partition(1)); });
  r0 = run_sweep(base, axes, DirectionChoice::both, BranchSelection::all, 1, {}, ranks.partition(0));
  other.join();
  REQUIRE(one.rows.size() > 2 * one.n_points);  // some points have several fixed points
  CHECK(same_rows(r0.rows, one.rows));
  CHECK(r1.rows.empty());
  CHECK(std::memcmp(r0.Delta_E_N.data(), one.Delta_E_N.data(), one.Delta_E_N.size() * sizeof(double)) == 0);
}

TEST_CASE("A point failing on one rank ends both ranks with the same error and exit code") {
  TwoRanks ranks;
  const auto work = [](std::size_t point, std::vector<int>& rows) {
    if (point == 5) throw InvalidParameter("point 5 is out of range");
    rows.push_back(static_cast<int>(point));
  };
  int code[2] = {0, 0};
  std::string message[2];
  const auto run = [&](int rank) {
    try {
      (void)run_points_across_ranks<int>(20, 1, ranks.partition(rank), work);
    } catch (const AgreedError& e) {
      code[rank] = e.exit_code();
      message[rank] = e.what();
    }
  };
  std::thread other(run, 1);  // point 5 belongs to rank 1
  run(0);
  other.join();
  CHECK(code[0] == exit_code::invalid_parameter);
  CHECK(code[1] == exit_code::invalid_parameter);
  CHECK(message[0] == "point 5 is out of range");  // rank 0 speaks with the failing rank's words
}
