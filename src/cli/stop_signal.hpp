#pragma once
// SIGINT, SIGTERM and SIGUSR1 as a request to stop at the end of the current round (with a
// checkpoint), while this object lives; a second signal ends the process at once (the last
// periodic checkpoint, if any, is kept). Installed before the output set, which then leaves the
// signals alone. Under Open MPI, SIGUSR1 is the one to send to mpirun: it forwards it to every
// rank, whereas it answers SIGINT/SIGTERM by killing the ranks (SIGTERM, then SIGKILL at once).
namespace spincom::cli {

class StopSignal {
 public:
  StopSignal();
  ~StopSignal();  ///< restores the previous handlers
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  [[nodiscard]] static bool requested();
};

}  // namespace spincom::cli
