#include "mpi_session.hpp"

#include <cstdlib>
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
    MPI_Init(&argc, &argv);
    initialized_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
#else
  (void)argc;
  (void)argv;
#endif
  g_session = this;
}

MpiSession::~MpiSession() {
#ifdef SPINCOM_WITH_MPI
  if (initialized_) MPI_Finalize();
#endif
  g_session = nullptr;
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
  if (size_ > 1)
    p.sum_across_ranks = [](std::vector<double>& buf) {
      if (buf.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        throw NumericalFailure("MPI reduction of " + std::to_string(buf.size()) +
                               " doubles exceeds one message. Hint: fewer --samples or --paths.");
      MPI_Allreduce(MPI_IN_PLACE, buf.data(), static_cast<int>(buf.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    };
#endif
  return p;
}

}  // namespace spincom::cli
