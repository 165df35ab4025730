#include "spincom/timedomain/resource_estimate.hpp"

#include <algorithm>
#include <cstdio>
#include <thread>

#include <unistd.h>

#include "spincom/core/error.hpp"
#include "spincom/engine/group_accumulators.hpp"

namespace spincom {
namespace {

constexpr double base_bytes = 64.0 * (1 << 20);  ///< the program, its libraries and fixed tables
constexpr double double_bytes = sizeof(double);

std::string gigabytes(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g GB", bytes / 1e9);
  return buf;
}

/// The terms shared by both models: `channels` accumulator sets, `per_sample` bytes of references
/// and summaries per sample time, the recorded paths, the dataset rounds and the MPI buffers.
MemoryEstimate estimate(std::size_t channels, double per_sample, const TimeGrid& grid, const EnsembleSpec& ensemble,
                        const Execution& execution, const TrajectoryStream* stream) {
  const double S = static_cast<double>(grid.samples) + 1.0;
  const double K = static_cast<double>(ensemble.groups);
  const double accumulators = static_cast<double>(channels) * K * S * GroupAccumulators::per_accumulator * double_bytes;
  const double references = S * per_sample;
  const double paths = static_cast<double>(ensemble.recorded_paths) * S * 6.0 * double_bytes;
  const bool saves = stream && stream->up_to > ensemble.first_trajectory;  // any trajectory to store
  // One round written, one running; a run that saves fewer trajectories than a round holds only those.
  const double rounds =
      saves ? 2.0 * static_cast<double>(std::min(stream->round(grid.samples + 1, ensemble.groups),
                                                 stream->up_to - ensemble.first_trajectory)) *
                  static_cast<double>(stream->row_doubles(grid.samples + 1)) * double_bytes
            : 0.0;
  // Under MPI the reduction holds a send and a receive copy of everything the ranks combine.
  const double reduction = execution.partition.size > 1 ? 2.0 * (accumulators + paths + rounds) : 0.0;
  MemoryEstimate e;
  e.bytes = base_bytes + accumulators + references + paths + rounds + reduction;
  e.breakdown = "jackknife accumulators " + gigabytes(accumulators) + " (" + std::to_string(ensemble.groups) + " groups x " +
                std::to_string(grid.samples + 1) + " sample times), references " + gigabytes(references) +
                ", recorded paths " + gigabytes(paths) + ", dataset rounds " + gigabytes(rounds) +
                (reduction > 0.0 ? ", MPI reduction " + gigabytes(reduction) : "");
  return e;
}

}  // namespace

MemoryEstimate estimate_memory(const LinearSimulationSpec& spec, const Execution& execution, const TrajectoryStream* stream) {
  // V_reference, V_scheme, the ODE check, the validation sample: about 8 matrices per time (measured
  // with /usr/bin/time: 2.0 kB per sample time beyond the accumulators).
  TimeGrid grid = spec.grid;  // the sample count resolve_samples may raise it to, at most
  grid.samples = max_sample_times(grid) - 1;
  return estimate(1, 8.0 * 36.0 * double_bytes, grid, spec.ensemble, execution, stream);
}

MemoryEstimate estimate_memory(const NonlinearSimulationSpec& spec, const Execution& execution,
                               const TrajectoryStream* stream) {
  // u, its linearized partner and u - v; V_scheme, V_closed_form, the samples (V, V_linear, ...):
  // about 12 matrices per time (measured: 3.5 kB per sample time beyond the accumulators).
  return estimate(3, 12.0 * 36.0 * double_bytes, spec.grid, spec.ensemble, execution, stream);
}

double default_memory_limit() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? 0.75 * static_cast<double>(pages) * static_cast<double>(page) : 8e9;
}

void check_memory(const MemoryEstimate& e, const Execution& execution) {
  const bool set = execution.max_memory > 0;
  const double limit = set ? static_cast<double>(execution.max_memory) : default_memory_limit();
  if (e.bytes <= limit) return;
  throw InvalidParameter("the run needs about " + gigabytes(e.bytes) + " of memory (" + e.breakdown +
                         "): valid is at most " + gigabytes(limit) +
                         (set ? " (execution.max_memory)" : " (3/4 of this machine's memory; execution.max_memory)") +
                         ". Hint: fewer grid.samples, ensemble.groups or ensemble.recorded_paths; the trajectories "
                         "themselves need no memory (store them with an HDF5 dataset).");
}

RunTimeEstimate estimate_run_time(double trajectories, double steps_per_trajectory, double step_seconds,
                                  const Execution& execution) {
  const unsigned hardware = std::max(1u, std::thread::hardware_concurrency());
  const double threads = execution.threads > 0 ? static_cast<double>(execution.threads) : static_cast<double>(hardware);
  const double workers = threads * static_cast<double>(std::max<std::size_t>(1, execution.partition.size));
  RunTimeEstimate e;
  e.trajectory_steps = trajectories * steps_per_trajectory;
  e.seconds = e.trajectory_steps * step_seconds / workers;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%.3g trajectories x %.3g steps at %.0f ns per trajectory-step on %.0f threads",
                trajectories, steps_per_trajectory, step_seconds * 1e9, workers);
  e.breakdown = buf;
  return e;
}

void check_run_time(const RunTimeEstimate& e, const Execution& execution) {
  if (execution.allow_long_run || e.seconds <= long_run_seconds) return;
  char hours[32];
  std::snprintf(hours, sizeof hours, "%.3g h", e.seconds / 3600.0);
  throw InvalidParameter("the run is estimated to take about " + std::string(hours) + " (" + e.breakdown +
                         "): valid without confirmation is at most " + format_value(long_run_seconds / 3600.0) +
                         " h. Hint: confirm with execution.allow_long_run if this is meant, or ask for "
                         "fewer trajectories, samples or steps.");
}

}  // namespace spincom
