#include <cmath>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "simulation_options.hpp"
#include "spincom/core/error.hpp"
#include "spincom/io/atomic_file.hpp"
#include "spincom/io/simulation_writer.hpp"

namespace spincom::cli {

void print_verdict(std::ostream& os, const LinearSimulationResult& r, const std::vector<SimulationCheck>& checks);

namespace {

/// Thrown to end `validate` with its own exit code after the report is printed.
class ValidationFailed : public Error {
 public:
  using Error::Error;
  [[nodiscard]] int exit_code() const noexcept override { return exit_code::validation_failed; }
};

}  // namespace

void finish_validation(const std::vector<SimulationCheck>& checks) {
  for (const auto& c : checks)
    if (c.applicable && !c.passed) {
      std::cout << "\nFAIL: " << c.name << "\n";
      throw ValidationFailed("validation failed: " + c.name + ": " + c.detail);
    }
  std::cout << "\nPASS\n";
}

void setup_validate(CLI::App& app, const std::string& command) {
  auto opts = std::make_shared<SimulationOptions>();
  auto bias_tol = std::make_shared<double>(1e-2);
  auto write = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand("validate",
                                 "Cross-check the ensemble against the covariance ODE, the closed form and Lyapunov; "
                                 "prints PASS and exits 0 only if every check passes");
  add_simulation_options(*sub, *opts);
  sub->add_option("--bias-tol", *bias_tol, "Largest relative weak bias of V accepted for em/heun (default 1e-2)");
  sub->add_flag("--write", *write, "Also write the CSV files to --output-dir");
  sub->callback([opts, bias_tol, write, command] {
    if (!(*bias_tol > 0.0) || !std::isfinite(*bias_tol))
      throw InvalidParameter("--bias-tol " + format_value(*bias_tol) + ": valid is a finite value > 0. Hint: 1e-2.");
    if (opts->model == "nonlinear") return run_nonlinear_cli(*opts, command, true, *write);
    if (*write) ensure_directory(opts->output_dir);
    std::string note;
    const LinearSimulationSpec spec = resolve_simulation(*opts, &note);
    const LinearSimulationResult r = run_linear_simulation(spec);
    std::cout << "spincom validate --model linear (" << to_string(r.spec.stepper) << ", dt = " << r.spec.dt
              << " s, " << r.statistics.trajectories << " trajectories, seed " << r.spec.ensemble.seed << ")\n";
    if (!note.empty()) std::cout << note << "\n";
    std::cout << "\n";
    print_simulation_table(std::cout, r);
    SimulationCheckTolerances tol;
    tol.scheme_bias = *bias_tol;
    const auto checks = simulation_checks(r, tol);
    print_verdict(std::cout, r, checks);
    if (*write) write_simulation_csv(r, opts->output_dir, command);
    finish_validation(checks);
  });
}

}  // namespace spincom::cli
