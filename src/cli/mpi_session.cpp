#include "mpi_session.hpp"

#include <cstdlib>
#include <iostream>
#include <limits>
#include <string>

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
  if (size_ > 1)
    p.sum_across_ranks = [](std::vector<double>& buf) {
      MPI_Allreduce(MPI_IN_PLACE, buf.data(), static_cast<int>(buf.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    };
#endif
  return p;
}

}  // namespace spincom::cli
