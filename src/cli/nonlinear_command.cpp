// `spincom simulate --model nonlinear` and `spincom validate --model nonlinear`: thin over
// run_nonlinear_simulation, nonlinear_checks and the nonlinear writer.
#include <iostream>

#include "commands.hpp"
#include "field_flags.hpp"
#include "progress_reporter.hpp"
#include "stop_signal.hpp"
#include "simulation_options.hpp"
#include "spincom/core/error.hpp"
#include "spincom/io/nonlinear_writer.hpp"
#include "spincom/measures/log_negativity.hpp"

namespace spincom::cli {
namespace {

void print_header(const NonlinearSimulationResult& r, bool validate) {
  const auto& s = r.spec;
  const Parameters& p = s.point.parameters;
  const FixedPoint& fp = r.roots[r.root];
  std::cout << "spincom " << (validate ? "validate" : "simulate")
            << " --model nonlinear: truncated-Wigner Eq. (3), stochastic Heun, displaced frame around root #" << r.root
            << " of " << r.roots.size() << "\n";
  if (!r.resolution_note.empty()) std::cout << r.resolution_note << "\n";
  std::cout << "point: Delta_c/omega_m = " << p.detuning << ", direction " << to_string(s.point.direction) << ", P = "
            << p.power << " W, T = " << p.temperature << " K, Omega = " << p.Omega << " s^-1, J = " << p.J << " s^-1\n";
  std::cout << "root #" << r.root << ": q_s = " << fp.q_s << ", N_driven = " << fp.N_driven
            << ", " << margin_summary(r.margin)
            << (r.stability.stable() ? "" : "  ** NOT STABLE (--allow-unstable) **") << "\n";
  const char* fluctuations = s.initial.start == NonlinearStart::switch_on ? "empty cavity, vacuum-thermal fluctuations"
                             : s.initial.vacuum_thermal                    ? "fluctuations vacuum-thermal (hot)"
                                                                           : "fluctuations Lyapunov V (stationary)";
  std::cout << "start " << to_string(s.initial.start) << ", " << fluctuations << ", dt = " << s.grid.dt << " s (Heun limit " << r.step_limit << " s over the root and the start +-"
            << r.step_safety.sigmas << " sigma, " << r.step_safety.limit_at_reference << " s at the root), t_end = " << s.grid.t_end << " s, " << s.grid.samples + 1 << " samples, seed " << s.ensemble.seed << ", trajectories "
            << r.statistics.nonlinear.trajectories << " in " << s.ensemble.groups << " jackknife groups\n";
  if (r.stability.stable())
    std::cout << "noise-free switch-on: reached root #" << r.switch_on.nearest << " to relative " << r.switch_on.nearest_distance
              << " by t = " << r.switch_on.settle_time << " s\n";
  std::cout << "\n";
}


/// Runs the ensemble of a prepared simulation (progress on stderr) and prints its warnings, header,
/// table and checks.
std::vector<SimulationCheck> run_and_report(NonlinearSimulationResult& r, const Execution& exec, bool validate,
                                            const TrajectoryStream* stream = nullptr, RunControl* control = nullptr) {
  {
    ProgressReporter progress(validate ? "validate" : "simulate",
                              r.spec.stopping.trajectories == 0 ? r.spec.stopping.target_tol : 0.0);
    Execution with_progress = exec;
    with_progress.progress = progress.counter();
    run_prepared(r, with_progress, stream, control);
    settle_rows(stream);
  }
  print_warnings(std::cerr, r.warnings);
  print_header(r, validate);
  print_nonlinear_table(std::cout, r);
  auto checks = nonlinear_checks(r);
  std::cout << "\nchecks:\n";
  print_checks(std::cout, checks);
  if (r.V_lyapunov) std::cout << "steady state (Lyapunov): E_N = " << log_negativity(*r.V_lyapunov).E_N << "\n";
  if (!r.stopping.cis.empty()) {  // grown to --target-tol (the resolved spec holds the final count)
    std::cout << "stopping rule: 95% CI of " << to_string(r.spec.target) << " at t_end = +-" << r.stopping.final_ci
              << " after " << r.stopping.rounds.size() << " rounds (--target-tol " << r.spec.stopping.target_tol << ")\n";
    if (!r.stopping.target_reached)
      std::cout << "WARNING: --target-tol " << r.spec.stopping.target_tol << " was not reached: the " << to_string(r.spec.target)
                << " CI at t_end is +-" << r.stopping.final_ci << " with " << r.statistics.nonlinear.trajectories
                << " trajectories (the --max-trajectories cap).\n";
  }
  return checks;
}

/// simulate --model nonlinear into an HDF5 dataset (--output), written while the trajectories run.
void run_nonlinear_dataset(const NonlinearSimulationSpec& spec, const Execution& exec, const SimulationOptions& opts,
                           const std::string& command) {
  DatasetOutput data = plan_dataset(opts);
  NonlinearSimulationResult r = prepare_nonlinear_simulation(spec, exec, &data.stream);  // every check first
  run_into_dataset(opts, command, data, r,
                   [&](RunControl& control) { run_and_report(r, exec, false, &data.stream, &control); });
}

}  // namespace

void run_nonlinear(const SimulationOptions& opts, const std::string& command, bool validate, bool write_files) {
  const NonlinearSimulationSpec spec = nonlinear_spec(opts);
  const Execution exec = execution(opts);
  if (validate) refuse_checkpoints(opts, "validate");
  std::optional<StopSignal> stop;  // simulate: SIGINT/SIGTERM stop with a checkpoint (before the output set)
  if (!validate) stop.emplace();
  if (!validate && !opts.output.empty()) return run_nonlinear_dataset(spec, exec, opts, command);
  std::vector<std::string> names = nonlinear_csv_names();
  if (validate) names.insert(names.end(), model_checks_csv_names().begin(), model_checks_csv_names().end());
  NonlinearSimulationResult r = prepare_nonlinear_simulation(spec, exec);  // every check first
  std::optional<OutputSet> out;  // rank 0 writes: under mpirun every rank ends with the same statistics
  if (write_files)  // then the output, before the run
    out = open_output_dir(opts, names, command,
                          estimate_nonlinear_csv_bytes(r.spec.grid.samples + 1, spec.ensemble.recorded_paths));
  const std::optional<Checkpoint> resume = read_resume(opts);
  std::optional<RunControl> control;
  if (!validate) control = run_control(opts, out.has_value(), resume);
  std::vector<SimulationCheck> checks;
  keep_on_interrupt(opts, out, [&] { checks = run_and_report(r, exec, validate, nullptr, control ? &*control : nullptr); });
  if (out) write_nonlinear_csv(r, *out, command);
  if (!validate) {
    if (out) print_written(out->commit());
    return;
  }
  std::cout << "\nmodel checks (fixed parameter families, independent of the point; docs/nonlinear.md):\n";
  const ModelCheckResults model = run_model_checks(exec.threads);
  print_checks(std::cout, model.checks);
  if (out) {
    write_model_checks_csv(model, *out, command);
    print_written(out->commit());
  }
  std::vector<SimulationCheck> all = checks;
  all.insert(all.end(), model.checks.begin(), model.checks.end());
  finish_validation(all);
}

}  // namespace spincom::cli
