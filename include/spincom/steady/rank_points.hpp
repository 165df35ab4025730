#pragma once
// The points of a sweep split over MPI ranks (RankPartition) and, inside each rank, over OpenMP
// threads (parallel_points.hpp). The points go in chunks of part.points_per_gather points per
// rank; in each chunk rank r computes the points p with p mod size == r, and rank 0 gathers every
// rank's rows and puts them in point order. Every point is computed alone, so the rows are those
// of one process, bit for bit, for any number of ranks and threads. A failure on any rank ends
// every rank with the same error (the lowest failing rank's message, on rank 0) after the chunk,
// so none is left waiting.
#include <cstddef>
#include <cstring>
#include <exception>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "spincom/core/error.hpp"
#include "spincom/engine/rank_partition.hpp"
#include "spincom/steady/parallel_points.hpp"

namespace spincom {

namespace rank_points_detail {

/// The owned points' rows of one chunk, or the first error, as bytes: [failed][code][message]
/// then per owned point [count][rows].
struct ChunkBytes {
  std::vector<char> bytes;
  void put(const void* p, std::size_t n) {
    const auto* c = static_cast<const char*>(p);
    bytes.insert(bytes.end(), c, c + n);
  }
  void put_size(std::size_t n) { put(&n, sizeof n); }
};

struct ChunkReader {
  const std::vector<char>& bytes;
  std::size_t at = 0;
  void get(void* p, std::size_t n) {
    std::memcpy(p, bytes.data() + at, n);
    at += n;
  }
  std::size_t get_size() {
    std::size_t n = 0;
    get(&n, sizeof n);
    return n;
  }
};

/// One rank's part of a chunk: its rows, or the first error of its threads.
template <class Row>
ChunkBytes run_owned(std::size_t from, std::size_t to, int threads, const RankPartition& part,
                     const std::function<void(std::size_t, std::vector<Row>&)>& work) {
  std::vector<std::size_t> owned;
  for (std::size_t p = from; p < to; ++p)
    if (part.owns(p)) owned.push_back(p);
  std::vector<std::vector<Row>> rows(owned.size());
  ChunkBytes out;
  try {
    for_each_point(owned.size(), threads, [&](std::size_t i) { work(owned[i], rows[i]); });
  } catch (const std::exception& e) {
    const auto* known = dynamic_cast<const Error*>(&e);
    const std::string message = known ? e.what() : std::string("internal error: ") + e.what();
    out.put_size(1);
    out.put_size(static_cast<std::size_t>(known ? known->exit_code() : exit_code::internal));
    out.put_size(message.size());
    out.put(message.data(), message.size());
    return out;
  }
  out.put_size(0);
  for (const auto& r : rows) {
    out.put_size(r.size());
    out.put(r.data(), r.size() * sizeof(Row));
  }
  return out;
}

}  // namespace rank_points_detail

/// Runs work(point, rows) for every point in [0, n) over the ranks and threads; returns every
/// point's rows in point order on rank 0 (and with one process), nothing on the other ranks.
/// progress(done, n) is called on rank 0 after every chunk. Throws AgreedError on every rank when
/// a point failed on any rank (with one process: the point's own exception).
template <class Row>
std::vector<Row> run_points_across_ranks(std::size_t n, int threads, const RankPartition& part,
                                         const std::function<void(std::size_t, std::vector<Row>&)>& work,
                                         const std::function<void(std::size_t, std::size_t)>& progress = {}) {
  static_assert(std::is_trivially_copyable_v<Row>, "rows travel between ranks as bytes");
  using namespace rank_points_detail;
  std::vector<Row> all;
  if (part.size <= 1) {  // one process: the threads alone, exceptions as they are
    std::vector<std::vector<Row>> rows(n);
    for_each_point(n, threads, [&](std::size_t p) { work(p, rows[p]); }, progress);
    for (auto& r : rows) all.insert(all.end(), r.begin(), r.end());
    return all;
  }
  part.check();
  if (!part.gather_to_root)
    throw InvalidParameter("rank partition of " + std::to_string(part.size) + " processes without a gather to rank 0.");
  const std::size_t chunk = part.points_per_gather * static_cast<std::size_t>(part.size);
  for (std::size_t from = 0; from < n; from += chunk) {
    const std::size_t to = std::min(n, from + chunk);
    const std::vector<std::vector<char>> parts = part.gather_to_root(run_owned<Row>(from, to, threads, part, work).bytes);
    std::vector<double> verdict{0.0, 0.0};  // [failed, exit code]: rank 0 decides for all
    std::string message;
    if (part.rank == 0) {
      std::vector<ChunkReader> readers;
      for (const auto& b : parts) readers.push_back(ChunkReader{b});
      for (auto& r : readers)
        if (r.get_size() != 0 && verdict[0] == 0.0) {
          verdict = {1.0, static_cast<double>(r.get_size())};
          message.resize(r.get_size());
          r.get(message.data(), message.size());
        }
      if (verdict[0] == 0.0)
        for (std::size_t p = from; p < to; ++p) {
          ChunkReader& r = readers[p % static_cast<std::size_t>(part.size)];
          const std::size_t count = r.get_size();
          const std::size_t at = all.size();
          all.resize(at + count);
          r.get(all.data() + at, count * sizeof(Row));
        }
    }
    part.sum_across_ranks(verdict);  // the others contribute 0: every rank learns rank 0's verdict
    if (verdict[0] != 0.0)
      throw AgreedError(part.rank == 0 ? message : std::string("a point failed on some rank"), static_cast<int>(verdict[1]));
    if (part.rank == 0 && progress) progress(to, n);
  }
  return all;
}

}  // namespace spincom
