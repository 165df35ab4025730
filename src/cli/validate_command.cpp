// `spincom validate`: the simulation plus its cross-checks; PASS (exit 0) or the first failing
// check (exit 8).
#include <cmath>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "field_flags.hpp"
#include "progress_reporter.hpp"
#include "simulation_options.hpp"
#include "spincom/core/error.hpp"
#include "spincom/io/simulation_writer.hpp"

namespace spincom::cli {
namespace {

/// Thrown to end `validate` with its own exit code after the report is printed.
class ValidationFailed : public Error {
 public:
  using Error::Error;
  [[nodiscard]] int exit_code() const noexcept override { return exit_code::validation_failed; }
};

}  // namespace

void finish_validation(const std::vector<SimulationCheck>& checks) {
  if (const SimulationCheck* c = first_failure(checks)) {
    std::cout << "\nFAIL: " << c->name << "\n";
    throw ValidationFailed("validation failed: " + c->name + ": " + c->detail);
  }
  std::cout << "\nPASS\n";
}

void run_validate(const ValidateOptions& v, const std::string& command) {
  if (!(v.bias_tol > 0.0) || !std::isfinite(v.bias_tol))
    throw InvalidParameter("--bias-tol " + format_value(v.bias_tol) + ": valid is a finite value > 0. Hint: 1e-2.");
  const SimulationOptions& opts = v.simulation;
  refuse_checkpoints(opts, "validate");
  if (!opts.output.empty())
    throw UsageError("--output (an HDF5 dataset) is for simulate. Hint: validate writes its CSV files with --write "
                     "--output-dir DIR.");
  if (opts.model == "nonlinear") return run_nonlinear(opts, command, true, v.write);
  const LinearSimulationSpec spec = linear_spec(opts);
  LinearSimulationResult r = prepare_linear_simulation(spec, execution(opts));  // every check first
  std::optional<OutputSet> out;
  if (v.write)  // then the output, before the run
    out = open_output_dir(opts, simulation_csv_names(), command,
                          estimate_simulation_csv_bytes(r.spec.grid.samples + 1, spec.ensemble.recorded_paths));
  print_warnings(std::cerr, r.warnings);  // the point's and the grid's, before the long part
  {
    ProgressReporter progress("validate", spec.stopping.trajectories == 0 ? spec.stopping.target_tol : 0.0);
    run_prepared(r, execution(opts, progress.counter()));
  }
  std::cout << "spincom validate --model linear (" << to_string(r.spec.stepper) << ", dt = " << r.spec.grid.dt << " s, "
            << r.statistics.trajectories << " trajectories, seed " << r.spec.ensemble.seed << ")\n";
  if (!r.resolution_note.empty()) std::cout << r.resolution_note << "\n";
  std::cout << "\n";
  print_simulation_table(std::cout, r);
  SimulationCheckTolerances tol;
  tol.scheme_bias = v.bias_tol;
  const auto checks = simulation_checks(r, tol);
  print_verdict(std::cout, r, checks);
  if (out) {
    write_simulation_csv(r, *out, command);
    print_written(out->commit());
  }
  finish_validation(checks);
}

void setup_validate(CLI::App& app, const std::string& command) {
  auto opts = std::make_shared<ValidateOptions>();
  auto* sub = app.add_subcommand("validate",
                                 "Cross-check the ensemble against the covariance ODE, the closed form and Lyapunov; "
                                 "prints PASS and exits 0 only if every check passes");
  add_simulation_options(*sub, opts->simulation);
  sub->add_option("--bias-tol", opts->bias_tol, "Largest relative weak bias of V accepted for em/heun (default 1e-2)");
  sub->add_flag("--write", opts->write, "Also write the CSV files to --output-dir");
  sub->callback([opts, command] { run_validate(*opts, command); });
}

}  // namespace spincom::cli
