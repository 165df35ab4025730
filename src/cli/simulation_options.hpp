#pragma once
// The flags shared by `simulate` and `validate` (issue: "common flags"), on top of the
// parameter flags of `steady`.
#include <string>

#include <CLI/CLI.hpp>

#include "parameter_options.hpp"
#include "spincom/timedomain/linear_simulation.hpp"
#include "spincom/timedomain/nonlinear_simulation.hpp"

namespace spincom::cli {

struct SimulationOptions {
  ParameterOptions parameters;
  std::string model = "linear";
  std::string direction;  ///< empty: from the preset/config (direction key), else ccw
  std::string stepper;  ///< empty: exact (linear), heun (nonlinear)
  double dt = 0.0;
  double t_end = 0.0;
  std::size_t samples = 100;
  std::uint64_t seed = 20201001;
  std::size_t trajectories = 0;
  double target_tol = 0.005;
  std::size_t max_trajectories = std::size_t{1} << 22;
  std::size_t groups = 32;
  int threads = 0;
  std::string initial = "vacuum-thermal";
  std::string V0_file;
  std::string mean0;
  bool allow_unstable = false;
  double alpha = 1e-3;
  std::string output_dir = "out";
  std::size_t paths = 8;
  std::string start = "fixed-point";  ///< --model nonlinear: fixed-point or switch-on
  int root = -1;                       ///< --model nonlinear: root index (-1: the selected branch)
};

void add_simulation_options(CLI::App& app, SimulationOptions& opts);

/// The library spec from the options; resolves the default detuning to the E_N peak of the
/// chosen direction (Fig. 2, core optimizer) when no config or flag set it. The direction is
/// --direction, else the preset's/config's `direction`, else ccw; a config's direction = "both"
/// is refused (InvalidParameter): simulate drives one mode. Throws spincom errors.
LinearSimulationSpec resolve_simulation(const SimulationOptions& opts, std::string* note);

/// The nonlinear spec (--model nonlinear): the shared settings of resolve_simulation plus --start
/// and --root; --trajectories 0 means 4096. Refuses linear-only flags (--V0, --mean0, a stepper
/// other than heun) with a UsageError.
NonlinearSimulationSpec resolve_nonlinear_simulation(const SimulationOptions& opts, std::string* note);

/// argv joined with spaces, for provenance.
std::string command_line(int argc, char** argv);

}  // namespace spincom::cli
