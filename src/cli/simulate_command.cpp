// `spincom simulate`: binds the flags (simulation_options.hpp) and calls the library; rank 0
// alone writes under mpirun.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "field_flags.hpp"
#include "mpi_session.hpp"
#include "progress_reporter.hpp"
#include "stop_signal.hpp"
#include "simulation_options.hpp"
#include "spincom/config/config.hpp"
#include "spincom/io/simulation_writer.hpp"
#include "spincom/measures/log_negativity.hpp"

namespace spincom::cli {
namespace {

void print_header(const LinearSimulationResult& r) {
  const auto& s = r.spec;
  const Parameters& p = s.point.parameters;
  std::cout << "spincom simulate --model linear: du = A u dt + B dW, ensemble of trajectories\n";
  if (!r.resolution_note.empty()) std::cout << r.resolution_note << "\n";
  std::cout << "point: Delta_c/omega_m = " << p.detuning << ", direction " << to_string(s.point.direction) << ", E_N of "
            << to_string(s.pair.a) << "," << to_string(s.pair.b)
            << ", P = " << p.power << " W, T = " << p.temperature << " K, Omega = " << p.Omega << " s^-1, J = " << p.J
            << " s^-1\n";
  std::cout << "stability: " << margin_summary(r.margin)
            << (r.stability.stable() ? "" : "  ** NOT STABLE (--allow-unstable) **") << "\n";
  std::cout << "stepper " << to_string(s.stepper) << ", dt = " << s.grid.dt << " s, t_end = " << s.grid.t_end << " s, "
            << s.grid.samples + 1 << " samples, initial " << to_string(s.initial.kind) << ", seed " << s.ensemble.seed
            << ", trajectories " << r.statistics.trajectories << " in " << s.ensemble.groups << " jackknife groups\n\n";
}

}  // namespace

bool writes_files() {
  const MpiSession* mpi = MpiSession::current();
  return !mpi || mpi->rank() == 0;
}

void print_checks(std::ostream& os, const std::vector<SimulationCheck>& checks) {
  for (const auto& c : checks)
    os << "  [" << (!c.applicable ? "skip" : (c.passed ? " ok " : "FAIL")) << "] " << c.name << ": "
       << with_flag_names(c.detail) << "\n";
}

void print_verdict(std::ostream& os, const LinearSimulationResult& r, const std::vector<SimulationCheck>& checks) {
  os << "\ncross-checks:\n";
  print_checks(os, checks);
  if (r.V_lyapunov)
    os << "steady state (Lyapunov): E_N = " << log_negativity(*r.V_lyapunov, r.spec.pair.a, r.spec.pair.b).E_N << "\n";
  if (!r.stopping.target_reached)
    os << "WARNING: --target-tol " << r.spec.stopping.target_tol << " was not reached: the E_N CI at t_end is +-"
       << r.stopping.final_ci << " with " << r.statistics.trajectories << " trajectories (the --max-trajectories cap).\n";
}

void print_written(const std::vector<std::filesystem::path>& files) {
  std::cout << "\nwrote";
  for (const auto& f : files) std::cout << " " << f.string();
  std::cout << "\n";
}

namespace {

/// The ensemble of a prepared run, with its progress on stderr.
void run_with_progress(LinearSimulationResult& r, const SimulationOptions& opts, const TrajectoryStream* stream = nullptr,
                       RunControl* control = nullptr) {
  ProgressReporter progress("simulate", r.spec.stopping.trajectories == 0 ? r.spec.stopping.target_tol : 0.0);
  run_prepared(r, execution(opts, progress.counter()), stream, control);
  settle_rows(stream);
}

}  // namespace

void report(const LinearSimulationResult& r) {
  print_warnings(std::cerr, r.warnings);
  print_header(r);
  print_simulation_table(std::cout, r);
  print_verdict(std::cout, r, simulation_checks(r));
}

namespace {

/// The linear model into an HDF5 dataset (--output), written while the trajectories run.
void run_linear_dataset(const LinearSimulationSpec& spec, const SimulationOptions& opts, const std::string& command) {
  if (!opts.pair.empty())
    throw UsageError("--pair " + opts.pair + " with --output " + opts.output + ": the HDF5 dataset records the "
                     "driven-mechanics E_N. Hint: write CSV files (--output-dir) for another pair.");
  DatasetOutput data = plan_dataset(opts);
  LinearSimulationResult r = prepare_linear_simulation(spec, execution(opts), &data.stream);  // every check first
  run_into_dataset(opts, command, data, r, [&](RunControl& control) {
    run_with_progress(r, opts, &data.stream, &control);
    report(r);
  });
}

}  // namespace

void run_simulate(const SimulationOptions& opts, const std::string& command) {
  if (opts.model == "nonlinear") return run_nonlinear(opts, command, false, true);
  const std::vector<LinearSimulationSpec> specs = linear_specs(opts);
  if (specs.size() > 1) return run_both_directions(specs, opts, command);
  const LinearSimulationSpec& spec = specs.front();
  const StopSignal stop;  // SIGINT/SIGTERM now stop with a checkpoint (before the output set is opened)
  if (!opts.output.empty()) return run_linear_dataset(spec, opts, command);
  LinearSimulationResult r = prepare_linear_simulation(spec, execution(opts));  // every check first
  std::optional<OutputSet> out = open_output_dir(  // then the output, before the run
      opts, simulation_csv_names(), command, estimate_simulation_csv_bytes(r.spec.grid.samples + 1, spec.ensemble.recorded_paths));
  const std::optional<Checkpoint> resume = read_resume(opts);
  RunControl control = run_control(opts, out.has_value(), resume);
  keep_on_interrupt(opts, out, [&] { run_with_progress(r, opts, nullptr, &control); });
  report(r);
  if (!out) return;
  write_simulation_csv(r, *out, command);
  print_written(out->commit());
}

void setup_simulate(CLI::App& app, const std::string& command) {
  auto opts = std::make_shared<SimulationOptions>();
  auto* sub = app.add_subcommand("simulate", "Time-domain ensemble of stochastic trajectories, E_N(t) with CIs, CSV output");
  add_simulation_options(*sub, *opts);
  sub->callback([opts, command] { run_simulate(*opts, command); });
}

}  // namespace spincom::cli
