// `spincom simulate --model nonlinear` and `spincom validate --model nonlinear`: thin over
// run_nonlinear_simulation, nonlinear_checks and the nonlinear writer.
#include <iostream>

#include "commands.hpp"
#include "mpi_session.hpp"
#include "simulation_options.hpp"
#include "spincom/core/error.hpp"
#include "spincom/io/atomic_file.hpp"
#include "spincom/io/nonlinear_writer.hpp"
#include "spincom/measures/log_negativity.hpp"

namespace spincom::cli {
namespace {

void print_header(const NonlinearSimulationResult& r, const std::string& note, bool validate) {
  const auto& s = r.spec;
  const FixedPoint& fp = r.roots[r.root];
  std::cout << "spincom " << (validate ? "validate" : "simulate")
            << " --model nonlinear: truncated-Wigner Eq. (3), stochastic Heun, displaced frame around root #" << r.root
            << " of " << r.roots.size() << "\n";
  if (!note.empty()) std::cout << note << "\n";
  std::cout << "point: Delta_c/omega_m = " << s.parameters.detuning << ", direction " << to_string(s.direction)
            << ", P = " << s.parameters.power << " W, T = " << s.parameters.temperature << " K, Omega = " << s.parameters.Omega
            << " s^-1, J = " << s.parameters.J << " s^-1\n";
  std::cout << "root #" << r.root << ": q_s = " << fp.q_s << ", N_driven = " << fp.N_driven
            << ", max Re lambda = " << r.stability.max_re_eig << " s^-1"
            << (r.stability.stable() ? "" : "  ** NOT STABLE (--allow-unstable) **") << "\n";
  std::cout << "start " << to_string(s.start) << ", dt = " << s.dt << " s (Heun limit " << r.step_limit << " s), t_end = "
            << s.t_end << " s, " << s.samples + 1 << " samples, seed " << s.ensemble.seed << ", trajectories "
            << r.statistics.nonlinear.trajectories << " in " << s.ensemble.groups << " jackknife groups\n";
  if (r.stability.stable())
    std::cout << "noise-free switch-on: reached root #" << r.switch_on.nearest << " to relative " << r.switch_on.nearest_distance
              << " by t = " << r.switch_on.settle_time << " s\n";
  std::cout << "\n";
}

}  // namespace

void run_nonlinear_cli(const SimulationOptions& opts, const std::string& command, bool validate, bool write_files) {
  // Under mpirun every rank ends with the same statistics; rank 0 alone writes.
  const MpiSession* mpi = MpiSession::current();
  const bool write = write_files && (!mpi || mpi->rank() == 0);
  std::string note;
  const NonlinearSimulationSpec spec = resolve_nonlinear_simulation(opts, &note);
  if (write) ensure_directory(opts.output_dir);  // fail on an unwritable directory before the run
  const NonlinearSimulationResult r = run_nonlinear_simulation(spec);
  print_header(r, note, validate);
  print_nonlinear_table(std::cout, r);
  const auto checks = nonlinear_checks(r);
  std::cout << "\nchecks:\n";
  for (const auto& c : checks)
    std::cout << "  [" << (!c.applicable ? "skip" : (c.passed ? " ok " : "FAIL")) << "] " << c.name << ": " << c.detail << "\n";
  if (r.V_lyapunov) std::cout << "steady state (Lyapunov): E_N = " << log_negativity(*r.V_lyapunov).E_N << "\n";
  if (write) {
    const auto files = write_nonlinear_csv(r, opts.output_dir, command);
    std::cout << "\nwrote";
    for (const auto& f : files) std::cout << " " << f.string();
    std::cout << "\n";
  }
  if (!validate) return;
  std::cout << "\nmodel checks (fixed parameter families, independent of the point; docs/nonlinear.md):\n";
  const ModelCheckResults model = run_model_checks(spec.execution.threads);
  for (const auto& c : model.checks)
    std::cout << "  [" << (!c.applicable ? "skip" : (c.passed ? " ok " : "FAIL")) << "] " << c.name << ": " << c.detail << "\n";
  if (write) {
    const auto files = write_model_checks_csv(model, opts.output_dir, command);
    std::cout << "wrote";
    for (const auto& f : files) std::cout << " " << f.string();
    std::cout << "\n";
  }
  std::vector<SimulationCheck> all = checks;
  all.insert(all.end(), model.checks.begin(), model.checks.end());
  finish_validation(all);
}

}  // namespace spincom::cli
