#include "simulation_options.hpp"

#include <sstream>

#include "mpi_session.hpp"
#include "spincom/steady/detuning_peak.hpp"
#include "spincom/core/error.hpp"
#include "spincom/config/matrix_file.hpp"

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
                           "the config or pass --direction ccw|cw; spincom steady and sweep report both directions.");
  return d == DirectionChoice::cw ? Direction::cw : Direction::ccw;
}

}  // namespace

void add_simulation_options(CLI::App& app, SimulationOptions& o) {
  add_parameter_options(app, o.parameters);
  const char* g = "Simulation";
  app.add_option("--model", o.model,
                 "linear: the linearized fluctuation SDE du = A u dt + B dW; nonlinear: the truncated-Wigner "
                 "Langevin equations of Eq. (3) with stochastic Heun, side by side with the linearization")
      ->check(CLI::IsMember({"linear", "nonlinear"}))->group(g);
  app.add_option("--direction", o.direction,
                 "Driven mode: ccw (Delta_F > 0) or cw (Delta_F < 0) (default: the config's direction, else ccw)")
      ->check(CLI::IsMember({"ccw", "cw"}))->group(g);
  app.add_option("--stepper", o.stepper,
                 "exact (Van Loan, no step error; the linear default), em (Euler-Maruyama), heun (weak order 2; the only "
                 "scheme of --model nonlinear)")
      ->check(CLI::IsMember({"exact", "em", "heun"}))->group(g);
  app.add_option("--dt", o.dt,
                 "Time step in s (default: t_end/samples for exact; for em, heun the largest t_end/(samples 2^j) "
                 "whose weak bias of V is <= 1%)")
      ->group(g);
  app.add_option("--t-end", o.t_end, "End time in s (default 10/|max Re lambda|, past relaxation)")->group(g);
  app.add_option("--samples", o.samples, "Sample intervals between 0 and t_end (default 100)")
      ->check(CLI::Range(1.0, 1e6))->group(g);
  app.add_option("--seed", o.seed, "Master seed; trajectory i uses a stream derived from (seed, i)")->group(g);
  app.add_option("--trajectories", o.trajectories,
                 "Fixed number of trajectories (default: add trajectories until --target-tol is met)")
      ->check(CLI::Range(0.0, 1e10))->group(g);
  app.add_option("--target-tol", o.target_tol, "Target 95% CI half-width of E_N at t_end (default 0.005)")->group(g);
  app.add_option("--max-trajectories", o.max_trajectories, "Upper bound for --target-tol (default 4194304)")
      ->check(CLI::Range(4.0, 1e10))->group(g);
  app.add_option("--groups", o.groups, "Jackknife groups (default 32)")->check(CLI::Range(2.0, 4096.0))->group(g);
  app.add_option("--threads", o.threads, "OpenMP threads (default: all); results do not depend on it")
      ->check(CLI::Range(0.0, 1024.0))->group(g);
  auto* initial = app.add_option("--initial", o.initial, "Initial state: vacuum-thermal (default) or steady-state")
                      ->check(CLI::IsMember({"vacuum-thermal", "steady-state"}))->group(g);
  app.add_option("--V0", o.V0_file, "Initial covariance from a file (6 rows of 6 numbers)")->group(g)->excludes(initial);
  app.add_option("--mean0", o.mean0, "Initial mean: six comma-separated numbers (default 0)")->group(g);
  app.add_flag("--allow-unstable", o.allow_unstable, "Simulate a point that is not stable (fluctuations grow)")->group(g);
  app.add_option("--alpha", o.alpha, "False-alarm rate of the PASS/FAIL verdict (default 1e-3)")
      ->check(CLI::Range(1e-12, 0.5))->group(g);
  app.add_option("--output-dir", o.output_dir, "Directory for the CSV files (default ./out)")->group(g);
  app.add_option("--paths", o.paths, "Sample trajectories written to paths.csv (default 8)")
      ->check(CLI::Range(0.0, 10000.0))->group(g);
  app.add_option("--start", o.start,
                 "--model nonlinear: fixed-point (the root, fluctuations Wigner-sampled from --initial) or switch-on "
                 "(empty cavity, mechanics at rest, vacuum-thermal fluctuations)")
      ->check(CLI::IsMember({"fixed-point", "switch-on"}))->group(g);
  app.add_option("--root", o.root, "--model nonlinear: index of the root of Eq. (7) to start from (default: the selected "
                                   "stable branch; see spincom steady --branches all)")
      ->check(CLI::Range(0, 4))->group(g);
}

LinearSimulationSpec resolve_simulation(const SimulationOptions& o, std::string* note) {
  LinearSimulationSpec spec;
  Settings s = resolve_settings(o.parameters);
  spec.parameters = s.parameters;
  spec.direction = simulation_direction(o, s);
  if (!s.explicit_keys.count("detuning")) {
    const auto peak = maximize_entanglement_over_detuning(spec.parameters, spec.direction, {-0.5, 2.5, 301});
    if (!peak)
      throw UnstableSystem("no stable detuning in [-0.5, 2.5] for these parameters, so there is no E_N peak to "
                           "start from. Hint: set --detuning explicitly (with --allow-unstable if needed).");
    spec.parameters.detuning = peak->detuning;
    if (note) {
      std::ostringstream os;
      os << "detuning: the E_N peak of the " << to_string(spec.direction) << " direction, Delta_c/omega_m = " << peak->detuning
         << " (steady E_N = " << peak->E_N << "); set --detuning to choose another point";
      *note = os.str();
    }
  }
  spec.stepper = parse_stepper(o.stepper.empty() ? "exact" : o.stepper);
  spec.dt = o.dt;
  spec.t_end = o.t_end;
  spec.samples = o.samples;
  spec.trajectories = o.trajectories;
  spec.target_tol = o.target_tol;
  spec.max_trajectories = o.max_trajectories;
  spec.ensemble.seed = o.seed;
  spec.ensemble.groups = o.groups;
  spec.execution.threads = o.threads;
  spec.ensemble.recorded_paths = o.paths;
  if (const MpiSession* mpi = MpiSession::current()) spec.execution.partition = mpi->partition();
  spec.allow_unstable = o.allow_unstable;
  spec.alpha = o.alpha;
  if (o.dt < 0.0 || o.t_end < 0.0)
    throw InvalidParameter("--dt and --t-end must be > 0 (or omitted for the defaults); got dt = " + format_value(o.dt) +
                           " s, t_end = " + format_value(o.t_end) + " s.");
  if (o.trajectories > 0 && o.trajectories < 2 * o.groups)
    throw InvalidParameter("--trajectories " + std::to_string(o.trajectories) + ": valid is 0 (automatic) or >= 2 x --groups = " +
                           std::to_string(2 * o.groups) + ". Hint: the jackknife needs >= 2 trajectories per group.");
  if (o.max_trajectories < 2 * o.groups)
    throw InvalidParameter("--max-trajectories " + std::to_string(o.max_trajectories) + ": valid is >= 2 x --groups.");
  if (!o.V0_file.empty()) {
    spec.initial = InitialKind::matrix;
    spec.V0 = read_matrix6(o.V0_file);
  } else if (o.initial == "steady-state") {
    spec.initial = InitialKind::steady_state;
  }
  if (!o.mean0.empty()) {
    std::stringstream ss(o.mean0);
    std::string item;
    int i = 0;
    while (std::getline(ss, item, ',')) {
      if (i >= 6) throw InvalidParameter("--mean0 '" + o.mean0 + "': valid is six comma-separated numbers.");
      spec.mean0(i++) = parse_quantity(item, Unit::dimensionless, "--mean0");
    }
    if (!o.mean0.empty() && o.mean0.back() == ',') i = -1;  // a trailing comma: a seventh, empty entry
    if (i != 6 || !spec.mean0.allFinite() || spec.mean0.cwiseAbs().maxCoeff() > 1e100)
      throw InvalidParameter("--mean0 '" + o.mean0 + "': valid is six finite comma-separated numbers, e.g. 1,0,0,0,0,0.");
  }
  return spec;
}

NonlinearSimulationSpec resolve_nonlinear_simulation(const SimulationOptions& o, std::string* note) {
  if (!o.stepper.empty() && o.stepper != "heun")
    throw UsageError("--stepper " + o.stepper + " with --model nonlinear: the nonlinear equations are stepped with "
                     "stochastic Heun only. Hint: drop --stepper or pass --stepper heun.");
  if (!o.V0_file.empty() || !o.mean0.empty())
    throw UsageError("--V0 and --mean0 are for --model linear. Hint: --model nonlinear starts from --start fixed-point "
                     "(with --initial) or --start switch-on.");
  SimulationOptions linear = o;
  linear.stepper = "heun";
  const LinearSimulationSpec l = resolve_simulation(linear, note);
  NonlinearSimulationSpec spec;
  spec.parameters = l.parameters;
  spec.direction = l.direction;
  spec.start = parse_nonlinear_start(o.start);
  spec.vacuum_thermal = l.initial == InitialKind::vacuum_thermal;
  if (o.root >= 0) spec.root = static_cast<std::size_t>(o.root);
  spec.dt = l.dt;
  spec.t_end = l.t_end;
  spec.samples = l.samples;
  spec.trajectories = o.trajectories > 0 ? o.trajectories : 4096;
  spec.ensemble = l.ensemble;
  spec.execution = l.execution;
  spec.alpha = l.alpha;
  spec.allow_unstable = l.allow_unstable;
  return spec;
}

std::string command_line(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

}  // namespace spincom::cli
