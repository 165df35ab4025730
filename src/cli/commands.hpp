#pragma once
// One subcommand per file: setup_X registers the options and the callback; run_X takes the
// options and calls only the library and the writers, so tests can run a command in-process.
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "parameter_options.hpp"
#include "simulation_options.hpp"
#include "spincom/model/feasibility.hpp"
#include "spincom/timedomain/closed_form_dynamics.hpp"
#include "spincom/timedomain/noise_spectra.hpp"

namespace spincom::cli {

void setup_params(CLI::App& app);
void setup_steady(CLI::App& app);
void setup_simulate(CLI::App& app, const std::string& command_line);
void setup_validate(CLI::App& app, const std::string& command_line);
void setup_sweep(CLI::App& app, const std::string& command_line);
void setup_feasibility(CLI::App& app);

struct ParamsOptions {
  ParameterOptions parameters;
  bool json = false;
};

struct SteadyOptions {
  ParameterOptions parameters;
  bool json = false;
  std::string direction;  ///< empty: from the preset/config (default both)
  std::string branches = "stable";
  bool show_V = false;
  std::string pair = "driven,mechanics";
};

struct SweepOptions {
  ParameterOptions parameters;
  std::vector<std::string> axes;
  std::string output;
  bool force = false;     ///< replace an earlier file at output
  std::string direction;  ///< empty: from the preset/config (direction key), else both
  std::string branches = "stable";
  int threads = 0;
  std::string max_over;
};

struct FeasibilityOptions {
  ParameterOptions parameters;
  FeasibilityInputs inputs;
};

void run_params(const ParamsOptions& opts);
void run_steady(const SteadyOptions& opts);
void run_sweep(const SweepOptions& opts, const std::string& command_line);
void run_feasibility(const FeasibilityOptions& opts);

/// The flags of `validate`: those of `simulate` plus the verdict's tolerance and --write.
struct ValidateOptions {
  SimulationOptions simulation;
  double bias_tol = SimulationCheckTolerances{}.scheme_bias;
  bool write = false;
};

/// `spincom simulate` (both models): prints the report and writes the CSV files.
void run_simulate(const SimulationOptions& opts, const std::string& command_line);
/// `spincom validate` (both models): prints the report; throws (exit code 8) when a check fails.
void run_validate(const ValidateOptions& opts, const std::string& command_line);
/// --model nonlinear for simulate (validate = false) and validate; write: the CSV files.
void run_nonlinear(const SimulationOptions& opts, const std::string& command_line, bool validate, bool write);

/// Ends `validate`: prints PASS, or `FAIL: <check>` and throws (exit code 8) for the first
/// applicable check that failed.
void finish_validation(const std::vector<SimulationCheck>& checks);

/// The checks as "[ ok ] name: detail" lines, with spec fields shown as flags.
void print_checks(std::ostream& os, const std::vector<SimulationCheck>& checks);
void print_verdict(std::ostream& os, const LinearSimulationResult& r, const std::vector<SimulationCheck>& checks);
void print_written(const std::vector<std::filesystem::path>& files);
/// simulate --model linear's report of one run: warnings (stderr), header, table, checks.
void report(const LinearSimulationResult& r);
/// simulate --direction both: `specs` (one per direction) into one output set.
void run_both_directions(const std::vector<LinearSimulationSpec>& specs, const SimulationOptions& opts,
                         const std::string& command);

/// Whether this process writes files: always, except on MPI ranks other than 0.
bool writes_files();

/// `spincom dynamics`: closed-form transient moments and build-up metrics (no sampling).
struct DynamicsOptions {
  ParameterOptions parameters;
  std::string direction;  ///< empty: from the preset/config (default both)
  std::string times;      ///< empty: the library's automatic grid
  std::string pair = "driven,mechanics";
  std::string peak_range;  ///< --peak-range; empty: the library's default
  std::string V0_file;
  int root = -1;  ///< -1: the selected branch
  bool allow_unstable = false;
  std::string output_dir = "dynamics";
  std::string output;  ///< --output FILE.h5: one HDF5 file instead of the CSV folder
  bool force = false;  ///< replace an earlier result in output_dir (or the file at output)
  bool json = false;
};

/// `spincom spectrum`: closed-form stationary spectra.
struct SpectrumOptions {
  ParameterOptions parameters;
  std::string direction;  ///< empty: from the preset/config, else ccw
  std::string omega;      ///< empty: the library's automatic grid
  std::vector<std::string> entries;
  std::vector<std::string> homodyne;
  int root = -1;
  std::string peak_range;  ///< --peak-range; empty: the library's default
  std::string output = "spectrum.csv";
  bool force = false;  ///< replace an earlier file at output
  TrajectorySpectrumSpec estimate;  ///< --trajectories, --segment-length, --segments, --dt, --seed, --alpha
  int threads = 0;                  ///< --threads (the estimate; the numbers do not depend on it)
};

void setup_dynamics(CLI::App& app, const std::string& command_line);
void setup_spectrum(CLI::App& app, const std::string& command_line);
DynamicsSpec dynamics_spec(const DynamicsOptions& opts);
SpectrumSpec spectrum_spec(const SpectrumOptions& opts);
void run_dynamics(const DynamicsOptions& opts, const std::string& command_line);
void run_spectrum(const SpectrumOptions& opts, const std::string& command_line);

}  // namespace spincom::cli
