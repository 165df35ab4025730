#pragma once
// The flags shared by `simulate` and `validate` (issue: "common flags"), on top of the
// parameter flags of `steady`.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "parameter_options.hpp"
#include "spincom/engine/background_writer.hpp"
#include "spincom/io/output_set.hpp"
#include "spincom/io/trajectory_dataset.hpp"
#include "spincom/timedomain/run_control.hpp"
#include "spincom/timedomain/linear_simulation.hpp"
#include "spincom/timedomain/nonlinear_simulation.hpp"

namespace spincom::cli {

/// Flags of --model linear only.
struct LinearFlags {
  std::string stepper;  ///< empty: exact
  double target_tol = StoppingRule{}.target_tol;
  std::size_t max_trajectories = StoppingRule{}.max_trajectories;
  bool target_given = false;  ///< --target-tol or --max-trajectories was given (--model nonlinear then grows to it)
  std::string target_quantity = "E_N";  ///< --target-quantity: E_N or E_N_difference (nonlinear only)
  std::string V0_file;
  std::string mean0;
};

/// Flags of --model nonlinear only.
struct NonlinearFlags {
  std::string start;  ///< --start; empty: fixed-point (and refused with --model linear when given)
};

/// The flags of `simulate` and `validate`: the parameter flags, the flags both models read with
/// the same meaning, and one part per model. Defaults are the library's (bound, not restated).
struct SimulationOptions {
  ParameterOptions parameters;
  std::string model = "linear";
  std::string direction;  ///< empty: from the preset/config (direction key), else ccw; both: --model linear simulate only
  std::string pair;       ///< --pair A,B (simulation.pair); empty: driven,mechanics
  std::optional<double> dt;     ///< --dt; absent: the library's automatic step
  std::optional<double> t_end;  ///< --t-end; absent: the library's automatic end time
  std::size_t samples = 0;  ///< 0: the library's default (TimeGrid::samples, raised to resolve the dynamics)
  std::uint64_t seed = EnsembleSpec{}.seed;
  std::size_t trajectories = 0;  ///< 0: the model's default stopping rule (linear: --target-tol; nonlinear: 4096)
  std::size_t groups = EnsembleSpec{}.groups;
  int threads = 0;
  bool long_run = false;  ///< --long-run: confirm a run estimated to take more than an hour
  double max_memory_gb = 0.0;  ///< execution.max_memory in GB; 0 = 3/4 of the physical memory
  std::string initial;  ///< --initial; empty: the model's default (linear: vacuum-thermal; nonlinear fixed-point: steady-state)
  bool allow_unstable = false;
  int root = -1;  ///< -1: the selected branch
  std::string peak_range;  ///< point.peak_range LOWER:UPPER[:POINTS]; empty: the library's default
  double alpha = LinearSimulationSpec{}.alpha;
  std::string output_dir = "out";
  bool force = false;  ///< replace an earlier result in output_dir (or output)
  std::string output;  ///< an HDF5 dataset (FILE.h5) instead of the CSV folder
  std::string save_trajectories = "0";  ///< all or N: trajectories stored in the dataset
  std::size_t save_every = 1;           ///< time stride of the stored trajectories
  std::string save_quadratures = "all";
  int deflate = DatasetSpec{}.deflate;
  std::size_t first_trajectory = 0;     ///< ensemble.first_trajectory: this run is a piece
  double checkpoint_every = 0.0;        ///< s between checkpoints (0: only on SIGINT/SIGTERM)
  bool resume = false;                  ///< continue the interrupted run from its checkpoint

  std::size_t paths = 8;
  LinearFlags linear;
  NonlinearFlags nonlinear;
};

void add_simulation_options(CLI::App& app, SimulationOptions& opts);

/// The library spec of --model linear. The point's detuning is the E_N peak (resolved by the
/// library) when no config or flag set it; the direction is --direction, else the
/// preset's/config's `direction`, else ccw (a config's direction = "both" is refused). Refuses
/// --start (UsageError).
LinearSimulationSpec linear_spec(const SimulationOptions& opts);

/// One spec per direction: two (ccw, then cw, each at its own E_N peak without a detuning) for
/// --direction both, else linear_spec's one.
std::vector<LinearSimulationSpec> linear_specs(const SimulationOptions& opts);

/// The library spec of --model nonlinear: the shared flags plus --start; --trajectories
/// 0 means the library's 4096. Refuses linear-only flags (--V0, --mean0, a stepper other than
/// heun, --target-tol, --max-trajectories) with a UsageError.
NonlinearSimulationSpec nonlinear_spec(const SimulationOptions& opts);

/// The output set of --output-dir with `names` (checked and locked now, before the run), or
/// nothing on the ranks that do not write.
/// `bytes`: the estimated size of the files, checked against the free space.
std::optional<OutputSet> open_output_dir(const SimulationOptions& opts, const std::vector<std::string>& names,
                                         const std::string& command, double bytes);

/// Waits until every round handed to `stream` (if any) is written, rethrowing a write error: a
/// run calls it when its ensemble is done, so that a failed write is reported before its results.
inline void settle_rows(const TrajectoryStream* stream) {
  if (stream && stream->writer) stream->writer->finish();
}

/// The HDF5 dataset of --output: the one-file output set, the dataset in it (on the writing
/// rank), and the stream every rank hands its trajectories to. Checked and locked before the run.
struct DatasetOutput {
  DatasetSpec spec;
  TrajectoryStream stream;  ///< every rank's; its append writes on the writing rank
  std::optional<OutputSet> set;
  std::optional<TrajectoryDataset> dataset;
  BackgroundWriter writer;  ///< the stream's, over the whole run (destroyed first: it writes into dataset)

  /// Opens the one-file output set and the dataset (the writing rank only): after the run's checks,
  /// before its ensemble; with --resume, the interrupted run's, cut to what `resume` counts.
  /// `trajectories` (0 when the stopping rule decides) and `cap` size the free-space check. Must
  /// not move afterwards (the stream's append points at the dataset).
  void open(const SimulationOptions& opts, std::size_t sample_times, std::size_t trajectories, std::size_t cap,
            const std::optional<Checkpoint>& resume);
  /// Waits until every round handed to the stream is written (rethrowing a write error): before
  /// anything else touches the file.
  void settle() { settle_rows(&stream); }
  /// Closes the dataset (after finish) and publishes the file; prints what was written.
  void commit();
};
/// The dataset flags checked and turned into a spec and a stream; nothing is opened yet.
DatasetOutput plan_dataset(const SimulationOptions& opts);

/// A prepared simulation into its dataset (--output): opens the output (the interrupted run's with
/// --resume), runs `run(control)` under the stop control, then finishes and publishes the file.
template <class Result>
void run_into_dataset(const SimulationOptions& opts, const std::string& command, DatasetOutput& data, Result& r,
                      const std::function<void(RunControl&)>& run);

/// The checkpoint of the interrupted run at --output or --output-dir when --resume is given
/// (every rank reads it), else nothing.
std::optional<Checkpoint> read_resume(const SimulationOptions& opts);

/// The run control of a simulation: SIGINT/SIGTERM (caught by a StopSignal, installed before the
/// output set) stop at the end of a round with a checkpoint in the output's partial folder, written
/// by the writing rank (`writes`) after `make_durable` (the dataset's rows); --checkpoint-every
/// adds periodic ones; `resume` (read_resume) is continued. Refuses a negative or infinite
/// --checkpoint-every (InvalidParameter).
RunControl run_control(const SimulationOptions& opts, bool writes, const std::optional<Checkpoint>& resume,
                       std::function<void()> make_durable = {});
/// The run control of a dataset run (run_control with the dataset's rows made durable first and its
/// layout in the fingerprint).
RunControl dataset_run_control(const SimulationOptions& opts, DatasetOutput& data, const std::optional<Checkpoint>& resume);

/// Refuses --resume and --checkpoint-every where no checkpoint is written (validate).
void refuse_checkpoints(const SimulationOptions& opts, const char* where);

/// Runs `run` and turns an interruption into a kept partial folder and a message naming the
/// checkpoint (of --output, else --output-dir).
void keep_on_interrupt(const SimulationOptions& opts, std::optional<OutputSet>& out, const std::function<void()>& run);

/// Threads, --max-memory, the progress counter and, under mpirun, the MPI partition.
Execution execution(const SimulationOptions& opts, Progress* progress = nullptr);

/// argv joined with spaces, for provenance.
std::string command_line(int argc, char** argv);

template <class Result>
void run_into_dataset(const SimulationOptions& opts, const std::string& command, DatasetOutput& data, Result& r,
                      const std::function<void(RunControl&)>& run) {
  const std::optional<Checkpoint> resume = read_resume(opts);
  data.open(opts, r.spec.grid.samples + 1, r.spec.stopping.trajectories,  // after the run's checks, before its ensemble
            r.spec.stopping.max_trajectories, resume);
  RunControl control = dataset_run_control(opts, data, resume);
  keep_on_interrupt(opts, data.set, [&] { run(control); });
  data.settle();
  if (data.dataset) data.dataset->finish(r, command);
  data.commit();
}

}  // namespace spincom::cli
