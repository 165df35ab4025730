#include <iostream>
#include <memory>

#include "commands.hpp"
#include "simulation_options.hpp"
#include "spincom/io/atomic_file.hpp"
#include "spincom/io/simulation_writer.hpp"

namespace spincom::cli {
namespace {

void print_header(const LinearSimulationResult& r, const std::string& note) {
  const auto& s = r.spec;
  std::cout << "spincom simulate --model linear: du = A u dt + B dW, ensemble of trajectories\n";
  if (!note.empty()) std::cout << note << "\n";
  std::cout << "point: Delta_c/omega_m = " << s.parameters.detuning << ", direction " << to_string(s.direction)
            << ", P = " << s.parameters.power << " W, T = " << s.parameters.temperature << " K, Omega = "
            << s.parameters.Omega << " s^-1, J = " << s.parameters.J << " s^-1\n";
  std::cout << "stability: max Re lambda = " << r.stability.max_re_eig << " s^-1"
            << (r.stability.stable() ? "" : "  ** NOT STABLE (--allow-unstable) **") << "\n";
  std::cout << "stepper " << to_string(s.stepper) << ", dt = " << s.dt << " s, t_end = " << s.t_end << " s, "
            << s.samples + 1 << " samples, initial " << to_string(s.initial) << ", seed " << s.ensemble.seed
            << ", trajectories " << r.statistics.trajectories << " in " << s.ensemble.groups << " jackknife groups\n\n";
}

}  // namespace

void print_verdict(std::ostream& os, const LinearSimulationResult& r, const std::vector<SimulationCheck>& checks) {
  os << "\ncross-checks:\n";
  for (const auto& c : checks)
    os << "  [" << (!c.applicable ? "skip" : (c.passed ? " ok " : "FAIL")) << "] " << c.name << ": " << c.detail << "\n";
  if (r.V_lyapunov)
    os << "steady state (Lyapunov): E_N = " << log_negativity(*r.V_lyapunov).E_N << "\n";
  if (!r.target_reached)
    os << "WARNING: --target-tol " << r.spec.target_tol << " was not reached: the E_N CI at t_end is +-" << r.final_ci
       << " with " << r.statistics.trajectories << " trajectories (the --max-trajectories cap).\n";
}

void setup_simulate(CLI::App& app, const std::string& command) {
  auto opts = std::make_shared<SimulationOptions>();
  auto* sub = app.add_subcommand("simulate", "Time-domain ensemble of stochastic trajectories, E_N(t) with CIs, CSV output");
  add_simulation_options(*sub, *opts);
  sub->callback([opts, command] {
    if (opts->model == "nonlinear") return run_nonlinear_cli(*opts, command, false, true);
    std::string note;
    const LinearSimulationSpec spec = resolve_simulation(*opts, &note);
    ensure_directory(opts->output_dir);  // fail on an unwritable directory before the run
    const LinearSimulationResult r = run_linear_simulation(spec);
    print_header(r, note);
    print_simulation_table(std::cout, r);
    print_verdict(std::cout, r, simulation_checks(r));
    const auto files = write_simulation_csv(r, opts->output_dir, command);
    std::cout << "\nwrote";
    for (const auto& f : files) std::cout << " " << f.string();
    std::cout << "\n";
  });
}

}  // namespace spincom::cli
