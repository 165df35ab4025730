#include "simulation_options.hpp"

#include <cmath>
#include <iostream>

#include "mpi_session.hpp"
#include "whole_number.hpp"
#include "stop_signal.hpp"
#include "spincom/io/checkpoint_file.hpp"
#include "spincom/core/error.hpp"
#include "spincom/config/matrix_file.hpp"
#include "spincom/config/vector_text.hpp"
#include "spincom/dynamics/transient_moments.hpp"

namespace spincom::cli {
namespace {

/// --direction when given, else the preset's/config's direction (defaults < preset < config < flags).
/// "both" from the built-in defaults or a preset (jiao2020.toml says both, for steady) is no choice
/// and means ccw; "both" from a config file is refused, as a simulation drives one mode.
Direction simulation_direction(const SimulationOptions& o, const Settings& s) {
  const DirectionChoice d = o.direction.empty() ? s.direction : parse_direction_choice(o.direction);
  if (d == DirectionChoice::both && s.explicit_keys.count("direction"))
    throw InvalidParameter("direction = 'both' in --config " + o.parameters.config +
                           " is not valid for simulate and validate, which drive one mode: valid are ccw (laser drives "
                           "the CCW mode, Delta_F > 0) and cw (Delta_F < 0). Hint: set direction = \"ccw\" or \"cw\" in "
                           "the config or pass --direction ccw|cw (or --direction both: simulate, linear model, one run per direction); "
                           "spincom steady and sweep report both directions.");
  return d == DirectionChoice::cw ? Direction::cw : Direction::ccw;
}

/// The model, the direction and pair, the stepper and the time grid.
void add_model_options(CLI::App& app, SimulationOptions& o, const char* g) {
  app.add_option("--model", o.model,
                 "linear: the linearized fluctuation SDE du = A u dt + B dW; nonlinear: the truncated-Wigner "
                 "Langevin equations of Eq. (3) with stochastic Heun, side by side with the linearization")
      ->check(CLI::IsMember({"linear", "nonlinear"}))->group(g);
  app.add_option("--direction", o.direction,
                 "Driven mode: ccw (Delta_F > 0), cw (Delta_F < 0), or both (simulate --model linear: one run per direction, "
                 "files ccw_*.csv and cw_*.csv) (default: the config's direction, else ccw)")
      ->check(CLI::IsMember({"ccw", "cw", "both"}))->group(g);
  app.add_option("--pair", o.pair,
                 "--model linear: the two modes of E_N, two of driven, other, mechanics (default driven,mechanics)")
      ->group(g);
  app.add_option("--stepper", o.linear.stepper,
                 "exact (Van Loan, no step error; the linear default), em (Euler-Maruyama), heun (weak order 2; the only "
                 "scheme of --model nonlinear)")
      ->check(CLI::IsMember({"exact", "em", "heun"}))->group(g);
  app.add_option_function<double>(
         "--dt", [&o](double v) { o.dt = v; },
         "Time step in s, > 0 (default: t_end/samples for exact; for em, heun the largest t_end/(samples 2^j) "
         "whose weak bias of V is <= 1%)")
      ->group(g);
  app.add_option_function<double>(
         "--t-end", [&o](double v) { o.t_end = v; },
         "End time in s, > 0 and at most 1e6 relaxation times (default 10/|max Re lambda|, past relaxation)")
      ->group(g);
  app.add_option("--samples", o.samples, "Sample intervals between 0 and t_end (default 100, --model linear: more, up to 2000, when "
                 "needed for a spacing <= min(2 pi/omega_m / 4, 1/kappa))")
      ->check(CLI::Range(1.0, 1e6))->group(g);
}

/// The ensemble: seed, size and stopping rule, groups, threads, initial state, verdict.
void add_ensemble_options(CLI::App& app, SimulationOptions& o, const char* g) {
  app.add_option("--seed", o.seed, "Master seed; trajectory i uses a stream derived from (seed, i)")->group(g);
  app.add_option("--trajectories", o.trajectories,
                 "Fixed number of trajectories (default: --model linear adds trajectories until --target-tol is met; "
                 "--model nonlinear runs 4096)")
      ->check(CLI::Range(0.0, 1e10))->group(g);
  const auto given = [&o](const std::string&) { o.linear.target_given = true; };
  app.add_option("--target-tol", o.linear.target_tol,
                 "Target 95% CI half-width of E_N at t_end: trajectories are added in rounds until it is met "
                 "(default 0.005 for --model linear; --model nonlinear grows only when it is given)")
      ->each(given)->group(g);
  app.add_option("--max-trajectories", o.linear.max_trajectories, "Upper bound for --target-tol (default 4194304)")
      ->check(CLI::Range(4.0, 1e10))->each(given)->group(g);
  app.add_option("--target-quantity", o.linear.target_quantity,
                 "--model nonlinear: what --target-tol applies to at t_end: E_N (default) or E_N_difference (the paired "
                 "nonlinear-minus-linearized E_N)")
      ->check(CLI::IsMember({"E_N", "E_N_difference"}))->group(g);
  app.add_option("--groups", o.groups, "Jackknife groups (default 32)")->check(CLI::Range(2.0, 4096.0))->group(g);
  app.add_option("--threads", o.threads, "OpenMP threads (default: all); results do not depend on it")
      ->check(CLI::Range(0.0, 1024.0))->group(g);
  auto* initial = app.add_option("--initial", o.initial, "Initial state: vacuum-thermal or steady-state (the Lyapunov state of the root). Default: "
                                 "vacuum-thermal for --model linear (the build-up), steady-state for --model nonlinear "
                                 "--start fixed-point (the stationary fluctuations the tables of docs/nonlinear.md use)")
                      ->check(CLI::IsMember({"vacuum-thermal", "steady-state"}))->group(g);
  app.add_option("--V0", o.linear.V0_file, "--model linear: initial covariance from a file (6 rows of 6 numbers)")->group(g)->excludes(initial);
  app.add_option("--mean0", o.linear.mean0, "--model linear: initial mean, six comma-separated numbers (default 0)")->group(g);
  app.add_flag("--allow-unstable", o.allow_unstable, "Simulate a point that is not stable (fluctuations grow)")->group(g);
  app.add_option("--alpha", o.alpha, "False-alarm rate of the PASS/FAIL verdict (default 1e-3)")
      ->check(CLI::Range(1e-12, 0.5))->group(g);
}

/// Where the results go (CSV folder or HDF5 dataset), what a dataset keeps, memory, checkpoints.
void add_output_options(CLI::App& app, SimulationOptions& o, const char* g) {
  auto* output_dir = app.add_option("--output-dir", o.output_dir,
                 "Folder for the CSV files (default ./out); all appear together or none; an earlier result is kept "
                 "unless --force")->group(g);
  app.add_option("--max-memory", o.max_memory_gb,
                 "GB a run may plan to use, > 0 (default: 3/4 of this machine's memory); larger runs are refused before "
                 "they start")
      ->check(CLI::Range(1e-3, 1e6))->group(g);
  app.add_flag("--long-run", o.long_run,
               "Confirm a run estimated to take more than an hour (otherwise refused with the estimate)")
      ->group(g);
  app.add_flag("--force", o.force, "Replace an earlier result in --output-dir / --output")->group(g);
  auto* output = app.add_option("--output", o.output,
                 "HDF5 dataset FILE.h5 instead of the CSV folder: summary, and with --save-trajectories the "
                 "trajectories, written while they run")->group(g)->excludes(output_dir);
  app.add_option("--save-trajectories", o.save_trajectories,
                 "all or N: store the first N trajectories in --output (default 0: the summary alone)")
      ->group(g)->needs(output);
  app.add_option("--save-every", o.save_every, "Store every K-th sample time of the trajectories (default 1)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 40))->group(g)->needs(output);
  app.add_option("--save-quadratures", o.save_quadratures,
                 "Comma-separated subset of X_driven,Y_driven,X_other,Y_other,q,p to store (default all)")
      ->group(g)->needs(output);
  app.add_option("--deflate", o.deflate, "gzip level of the stored trajectories with shuffle, 1 to 9; 0 (default): none")
      ->check(CLI::Range(0, 9))->group(g)->needs(output);
  app.add_option("--first-trajectory", o.first_trajectory,
                 "Index of the first trajectory: runs over disjoint ranges are pieces of one larger run (default 0)")
      ->check(CLI::NonNegativeNumber)->group(g);
  app.add_option("--checkpoint-every", o.checkpoint_every,
                 "Seconds between checkpoints (default 0: only when SIGINT/SIGTERM/SIGUSR1 stops the run; --resume "
                 "continues, with the same result as an uninterrupted run)")->group(g);
  app.add_flag("--resume", o.resume, "Continue the interrupted run into --output-dir or --output from its checkpoint")->group(g);
  app.add_option("--paths", o.paths, "Sample trajectories written to paths.csv (default 8)")
      ->check(CLI::Range(0.0, 10000.0))->group(g);
}

}  // namespace

void add_simulation_options(CLI::App& app, SimulationOptions& o) {
  add_parameter_options(app, o.parameters);
  const char* g = "Simulation";
  add_model_options(app, o, g);
  add_ensemble_options(app, o, g);
  add_output_options(app, o, g);
  app.add_option("--start", o.nonlinear.start,
                 "--model nonlinear: fixed-point (default: at the root, fluctuations Wigner-sampled from the Lyapunov "
                 "state, or from --initial vacuum-thermal for a hot start) or switch-on (empty cavity, mechanics at "
                 "rest, vacuum-thermal fluctuations)")
      ->check(CLI::IsMember({"fixed-point", "switch-on"}))->group(g);
  app.add_option("--root", o.root, "Index of the root of Eq. (7) to run at (default: the selected stable branch; see "
                                   "spincom steady --branches all)")
      ->check(CLI::Range(0, 4))->group(g);
  add_peak_range_option(app, o.peak_range, g);
  accept_whole_numbers(app, {"--samples", "--seed", "--trajectories", "--max-trajectories", "--groups", "--save-every",
                             "--first-trajectory", "--paths"});
}

namespace {

/// The point both models share: parameters (defaults < preset < config < flags), direction, and
/// the E_N-peak detuning when neither a config nor a flag set one. `direction` overrides the
/// flag/config (one of --direction both).
OperatingPoint operating_point(const SimulationOptions& o, std::optional<Direction> direction = std::nullopt) {
  const Settings s = resolve_settings(o.parameters);
  OperatingPoint point = operating_point_from(s, o.root, o.peak_range);
  point.direction = direction ? *direction : simulation_direction(o, s);
  point.allow_unstable = o.allow_unstable;
  return point;
}

TimeGrid time_grid(const SimulationOptions& o, TimeGrid grid) {
  if (o.dt) grid.dt = requested_time("--dt", *o.dt);
  if (o.t_end) grid.t_end = requested_time("--t-end", *o.t_end);
  if (o.samples > 0) {  // exactly what was asked for; otherwise the library's minimum, raised when needed
    grid.samples = o.samples;
    grid.raise_samples = false;
  }
  return grid;
}

EnsembleSpec ensemble_spec(const SimulationOptions& o) {
  EnsembleSpec e;
  e.seed = o.seed;
  e.groups = o.groups;
  e.recorded_paths = o.paths;
  e.first_trajectory = o.first_trajectory;
  return e;
}

}  // namespace

std::optional<OutputSet> open_output_dir(const SimulationOptions& o, const std::vector<std::string>& names,
                                         const std::string& command, double bytes) {
  const MpiSession* mpi = MpiSession::current();
  if (mpi && mpi->rank() != 0) return std::nullopt;  // rank 0 writes for all ranks
  const OnExisting existing = o.force ? OnExisting::replace : OnExisting::refuse;
  OutputSet set = o.resume ? OutputSet::resume_directory(o.output_dir, names, existing, command)
                           : OutputSet::directory(o.output_dir, names, existing, command);
  set.require_space(bytes, std::to_string(names.size()) + " CSV files");
  return set;
}

DatasetOutput plan_dataset(const SimulationOptions& o) {
  const std::filesystem::path file(o.output);
  const std::string ext = file.extension().string();
  if (ext != ".h5" && ext != ".hdf5")
    throw InvalidParameter("--output " + o.output + ": valid is a file name ending in .h5 or .hdf5 (an HDF5 dataset). "
                           "Hint: CSV files go to a folder, --output-dir.");
  DatasetOutput out;
  out.spec.save_trajectories = parse_save_count(o.save_trajectories);
  out.spec.selection.time_stride = o.save_every;
  out.spec.selection.quadratures = parse_quadrature_list(o.save_quadratures);
  out.spec.deflate = o.deflate;
  out.stream = dataset_stream(out.spec, o.first_trajectory);  // checks the spec
  return out;
}

namespace {

/// Where the output goes: the dataset file, else the CSV folder.
std::filesystem::path output_target(const SimulationOptions& o) { return o.output.empty() ? o.output_dir : o.output; }

/// The one-file set of --output, taken over from the interrupted run with --resume.
OutputSet dataset_set(const SimulationOptions& o) {
  const OnExisting existing = o.force ? OnExisting::replace : OnExisting::refuse;
  return o.resume ? OutputSet::resume_single_file(o.output, existing) : OutputSet::single_file(o.output, existing);
}

}  // namespace

void DatasetOutput::open(const SimulationOptions& o, std::size_t sample_times, std::size_t trajectories, std::size_t cap,
                         const std::optional<Checkpoint>& resume) {
  stream.writer = &writer;  // every rank: its round buffers are reused over the run's drives
  const MpiSession* mpi = MpiSession::current();
  if (mpi && mpi->rank() != 0) return;  // the other ranks run the same rounds and write nothing
  set = dataset_set(o);
  const std::size_t saved = std::min(spec.save_trajectories, trajectories > 0 ? trajectories : cap);
  const double bytes = estimate_dataset_bytes(spec, sample_times, saved);  // the resolved grid's
  if (trajectories > 0 || spec.save_trajectories != DatasetSpec::all)
    set->require_space(bytes, std::to_string(saved) + " trajectories");
  else if (bytes > 1e9)
    std::cerr << "spincom: note: --save-trajectories all with --target-tol stores up to " << cap
              << " trajectories (the --max-trajectories cap), up to " << bytes / 1e9 << " GB\n";
  const std::filesystem::path file = set->staging_path(set->names().front());
  const DatasetRows rows{o.checkpoint_every > 0.0 || resume ? set->scratch_path(journal_name) : std::filesystem::path(),
                         sample_times};
  if (resume)
    dataset.emplace(TrajectoryDataset::resume(file, spec, rows, o.first_trajectory,
                                              saved_rows(stream, o.first_trajectory, resume->channels.front().trajectories)));
  else
    dataset.emplace(file, spec, rows);
  if (resume && o.checkpoint_every > 0.0 && !dataset->journaled())
    throw UsageError("--checkpoint-every with --resume of a run started without it: its dataset is written directly, which "
                     "a kill between checkpoints could damage. Hint: resume without --checkpoint-every (SIGINT/SIGTERM "
                     "still write a checkpoint), or start afresh with --force --checkpoint-every.");
  TrajectoryDataset* writer = &*dataset;
  stream.append = [writer](std::size_t first, std::size_t count, const std::vector<double>& rows) {
    writer->append(first, count, rows);
  };
}

void DatasetOutput::commit() {
  if (!set) return;
  dataset.reset();  // closes the file: everything is on disk before it is published
  for (const auto& f : set->commit()) std::cout << "\nwrote " << f.string() << "\n";
}

std::optional<Checkpoint> read_resume(const SimulationOptions& o) {
  if (!o.resume) return std::nullopt;
  return read_checkpoint(staging_folder(output_target(o)) / checkpoint_name);
}

RunControl run_control(const SimulationOptions& o, bool writes, const std::optional<Checkpoint>& resume,
                       std::function<void()> make_durable) {
  if (!(o.checkpoint_every >= 0.0) || !std::isfinite(o.checkpoint_every))
    throw InvalidParameter("--checkpoint-every " + format_value(o.checkpoint_every) +
                           ": valid is a finite number of seconds >= 0 (0: only on SIGINT/SIGTERM). Hint: 600.");
  RunControl c;
  c.stop_requested = &StopSignal::requested;
  c.checkpoint_every = o.checkpoint_every;
  const std::filesystem::path file = staging_folder(output_target(o)) / checkpoint_name;
  c.write_checkpoint = [writes, file, durable = std::move(make_durable)](const CheckpointView& k) {
    if (!writes) return;
    if (durable) durable();
    write_checkpoint(file, k);
  };
  if (resume) c.resume = &*resume;
  return c;
}

RunControl dataset_run_control(const SimulationOptions& o, DatasetOutput& data, const std::optional<Checkpoint>& resume) {
  RunControl c = run_control(o, data.set.has_value(), resume, [&data] {
    data.settle();
    if (data.dataset) data.dataset->checkpoint();
  });
  c.also_fingerprint = dataset_fingerprint(data.spec);
  return c;
}

void refuse_checkpoints(const SimulationOptions& o, const char* where) {
  if (o.resume || o.checkpoint_every != 0.0)
    throw UsageError(std::string("--resume and --checkpoint-every are not available with ") + where +
                     ": only simulate writes checkpoints. Hint: drop them.");
}

void keep_on_interrupt(const SimulationOptions& o, std::optional<OutputSet>& out, const std::function<void()>& run) {
  try {
    run();
  } catch (const Interrupted& e) {
    if (out) out->keep_for_resume();
    const std::filesystem::path target = output_target(o);
    throw Interrupted(std::string(e.what()) + " Checkpoint: " + (staging_folder(target) / checkpoint_name).string() +
                      "; " + target.string() + " is written when the run completes.");
  }
}

Execution execution(const SimulationOptions& o, Progress* progress) {
  Execution x;
  x.progress = progress;
  x.threads = o.threads;
  x.max_memory = static_cast<std::size_t>(o.max_memory_gb * 1e9);
  x.allow_long_run = o.long_run;
  if (const MpiSession* mpi = MpiSession::current()) x.partition = mpi->partition();
  return x;
}

LinearSimulationSpec linear_spec_for(const SimulationOptions& o, std::optional<Direction> direction);

LinearSimulationSpec linear_spec(const SimulationOptions& o) {
  if (o.direction == "both")
    throw UsageError("--direction both runs one simulation per direction, which simulate --model linear does. Hint: "
                     "run validate once with --direction ccw and once with --direction cw, or use simulate --direction "
                     "both (spincom dynamics --direction both gives the exact build-up of both without sampling).");
  return linear_spec_for(o, std::nullopt);
}

std::vector<LinearSimulationSpec> linear_specs(const SimulationOptions& o) {
  if (o.direction != "both") return {linear_spec_for(o, std::nullopt)};
  return {linear_spec_for(o, Direction::ccw), linear_spec_for(o, Direction::cw)};
}

LinearSimulationSpec linear_spec_for(const SimulationOptions& o, std::optional<Direction> direction) {
  if (!o.nonlinear.start.empty())
    throw UsageError("--start is for --model nonlinear. Hint: add --model nonlinear, or drop it (the linear model "
                     "starts from --initial, --V0 and --mean0).");
  if (o.linear.target_quantity != LinearFlags{}.target_quantity)
    throw UsageError("--target-quantity " + o.linear.target_quantity + " is for --model nonlinear (the linear model has "
                     "no paired linearization). Hint: drop it; --target-tol applies to E_N.");
  LinearSimulationSpec spec;
  spec.point = operating_point(o, direction);
  if (!o.pair.empty()) spec.pair = parse_bipartition(o.pair);
  spec.stepper = parse_stepper(o.linear.stepper.empty() ? "exact" : o.linear.stepper);
  spec.grid = time_grid(o, spec.grid);
  spec.stopping = {o.trajectories, o.linear.target_tol, o.linear.max_trajectories};
  spec.ensemble = ensemble_spec(o);
  spec.alpha = o.alpha;
  if (!o.linear.V0_file.empty()) {
    spec.initial.kind = InitialKind::matrix;
    spec.initial.V0 = read_matrix6(o.linear.V0_file);
  } else if (o.initial == "steady-state") {
    spec.initial.kind = InitialKind::steady_state;
  }
  if (!o.linear.mean0.empty()) spec.initial.mean0 = parse_vector6(o.linear.mean0, "initial.mean0");
  return spec;
}

NonlinearSimulationSpec nonlinear_spec(const SimulationOptions& o) {
  const LinearFlags& l = o.linear;
  if (!l.stepper.empty() && l.stepper != "heun")
    throw UsageError("--stepper " + l.stepper + " with --model nonlinear: the nonlinear equations are stepped with "
                     "stochastic Heun only. Hint: drop --stepper or pass --stepper heun.");
  if (!l.V0_file.empty() || !l.mean0.empty())
    throw UsageError("--V0 and --mean0 are for --model linear. Hint: --model nonlinear starts from --start fixed-point "
                     "(with --initial) or --start switch-on.");
  if (l.target_given && o.trajectories > 0)
    throw UsageError("--target-tol or --max-trajectories with --trajectories " + std::to_string(o.trajectories) +
                     ": a run either has a fixed size or grows to a target. Hint: drop one of them.");
  if (o.direction == "both")
    throw UsageError("--direction both is not supported by --model nonlinear (one run drives one mode). Hint: run "
                     "--direction ccw and --direction cw separately, or use --model linear for both in one call.");
  if (!o.pair.empty())
    throw UsageError("--pair " + o.pair + " is not supported by --model nonlinear, whose outputs compare the driven-"
                     "mechanics E_N with the linearization. Hint: drop --pair, or use --model linear (or spincom dynamics "
                     "--pair) for another bipartition.");
  NonlinearSimulationSpec spec;
  spec.point = operating_point(o);
  spec.initial.start = parse_nonlinear_start(o.nonlinear.start.empty() ? "fixed-point" : o.nonlinear.start);
  if (spec.initial.start == NonlinearStart::switch_on && !o.initial.empty())
    throw UsageError("--initial " + o.initial + " with --start switch-on: the switch-on starts from the empty cavity "
                     "with vacuum-thermal fluctuations. Hint: drop --initial, or use --start fixed-point.");
  spec.initial.vacuum_thermal = o.initial == "vacuum-thermal";  // default (empty): the Lyapunov state
  spec.grid = time_grid(o, spec.grid);
  if (o.trajectories > 0) spec.stopping.trajectories = o.trajectories;
  if (l.target_given) spec.stopping = {0, l.target_tol, l.max_trajectories};
  spec.target = parse_nonlinear_target(l.target_quantity);
  spec.ensemble = ensemble_spec(o);
  spec.alpha = o.alpha;
  return spec;
}

std::string command_line(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

}  // namespace spincom::cli
