#pragma once
// MPI for `simulate` and `validate` across processes (Open MPI). The library never calls MPI:
// the session hands it a RankPartition whose reduction is an MPI_Allreduce. MPI is initialized
// only when the program was started by an MPI launcher (mpirun/mpiexec/srun set
// OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_RANK), so a plain `spincom ...` never touches MPI.
// Rank 0 prints and writes; the other ranks compute silently (their output is discarded). Only
// simulate and validate (both models) use the ranks; other commands run on rank 0 alone. An
// error on a rank
// aborts them all (no rank is left waiting in a collective).
#include "spincom/engine/rank_partition.hpp"

namespace spincom::cli {

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }
  /// The partition for the ensemble runner (size 1 without MPI).
  [[nodiscard]] RankPartition partition() const;

  /// Ends every rank at once (MPI_Abort) when running on several; a no-op otherwise.
  void abort_if_parallel(int exit_code) const;

  /// Whether this binary was built with MPI (SPINCOM_MPI).
  static bool compiled_in();
  /// The session of this process (set by the constructor in main), or nullptr.
  static const MpiSession* current();

 private:
  int rank_ = 0;
  int size_ = 1;
  bool initialized_ = false;
};

}  // namespace spincom::cli
