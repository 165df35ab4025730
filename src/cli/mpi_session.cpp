#include "mpi_session.hpp"

#include <cstdlib>
#include <iostream>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "spincom/core/error.hpp"

#ifdef SPINCOM_WITH_MPI
#include <mpi.h>
#endif

namespace spincom::cli {
namespace {
const MpiSession* g_session = nullptr;

bool launched_by_mpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(var) != nullptr) return true;
  return false;
}
#ifdef SPINCOM_WITH_MPI
/// Every rank's bytes on rank 0, in rank order (MPI_Gather of the sizes, then MPI_Gatherv).
std::vector<std::vector<char>> gather(const std::vector<char>& mine, int rank, int size) {
  if (mine.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::logic_error("gather_to_root: a buffer above 2 GB");
  const int count = static_cast<int>(mine.size());
  std::vector<int> counts(static_cast<std::size_t>(size)), offsets(static_cast<std::size_t>(size));
  MPI_Gather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::size_t total = 0;
  for (int r = 0; r < size; ++r) {
    offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
    total += static_cast<std::size_t>(counts[static_cast<std::size_t>(r)]);
  }
  if (rank == 0 && total > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::logic_error("gather_to_root: more than 2 GB in all");
  std::vector<char> all(rank == 0 ? total : 0);
  MPI_Gatherv(mine.data(), count, MPI_CHAR, all.data(), counts.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  std::vector<std::vector<char>> out;
  if (rank != 0) return out;
  for (int r = 0; r < size; ++r) {
    const auto at = all.begin() + offsets[static_cast<std::size_t>(r)];
    out.emplace_back(at, at + counts[static_cast<std::size_t>(r)]);
  }
  return out;
}
#endif

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
#ifdef SPINCOM_WITH_MPI
  if (launched_by_mpi()) {
    int provided = 0;  // OpenMP threads run inside a rank; only the main thread calls MPI
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    initialized_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
#else
  (void)argc;
  (void)argv;
  if (launched_by_mpi())
    std::cerr << "spincom: warning: started by an MPI launcher, but this build has no MPI "
                 "(SPINCOM_MPI=OFF or Open MPI missing): every process runs the whole job.\n";
#endif
  g_session = this;
}

MpiSession::~MpiSession() {
#ifdef SPINCOM_WITH_MPI
  if (initialized_) MPI_Finalize();
#endif
  g_session = nullptr;
}

void MpiSession::abort_if_parallel(int exit_code) const {
#ifdef SPINCOM_WITH_MPI
  // An error on one rank must not leave the others waiting in a collective forever.
  if (initialized_ && size_ > 1) MPI_Abort(MPI_COMM_WORLD, exit_code);
#else
  (void)exit_code;
#endif
}

bool MpiSession::compiled_in() {
#ifdef SPINCOM_WITH_MPI
  return true;
#else
  return false;
#endif
}

const MpiSession* MpiSession::current() { return g_session; }

RankPartition MpiSession::partition() const {
  RankPartition p;
  p.rank = rank_;
  p.size = size_;
#ifdef SPINCOM_WITH_MPI
  p.max_buffer = static_cast<std::size_t>(std::numeric_limits<int>::max());  // MPI counts are int
  if (size_ > 1) {
    p.sum_across_ranks = [](std::vector<double>& buf) {
      MPI_Allreduce(MPI_IN_PLACE, buf.data(), static_cast<int>(buf.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    };
    p.gather_to_root = [rank = rank_, size = size_](const std::vector<char>& mine) { return gather(mine, rank, size); };
  }
#endif
  return p;
}

}  // namespace spincom::cli
