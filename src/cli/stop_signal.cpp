#include "stop_signal.hpp"

#include <csignal>

namespace spincom::cli {
namespace {

volatile std::sig_atomic_t stop_flag = 0;
struct sigaction previous_int {}, previous_term {}, previous_usr1 {};

extern "C" void on_stop_signal(int sig) {
  if (stop_flag) {  // the second one: die of it now
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  stop_flag = 1;
}

}  // namespace

StopSignal::StopSignal() {
  stop_flag = 0;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &previous_int);
  sigaction(SIGTERM, &sa, &previous_term);
  sigaction(SIGUSR1, &sa, &previous_usr1);  // Open MPI's mpirun forwards it to every rank
}

StopSignal::~StopSignal() {
  sigaction(SIGINT, &previous_int, nullptr);
  sigaction(SIGTERM, &previous_term, nullptr);
  sigaction(SIGUSR1, &previous_usr1, nullptr);
}

bool StopSignal::requested() { return stop_flag != 0; }

}  // namespace spincom::cli
