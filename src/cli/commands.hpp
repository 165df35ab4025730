#pragma once
// One subcommand per file: setup_X registers the options and the callback, run_X calls
// only the library and the writers.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace spincom {
struct SimulationCheck;
}

namespace spincom::cli {

void setup_params(CLI::App& app);
void setup_steady(CLI::App& app);
void setup_simulate(CLI::App& app, const std::string& command_line);
void setup_validate(CLI::App& app, const std::string& command_line);
void setup_sweep(CLI::App& app, const std::string& command_line);
void setup_feasibility(CLI::App& app);

/// Ends `validate`: prints PASS, or `FAIL: <check>` and throws (exit code 8) for the first
/// applicable check that failed.
void finish_validation(const std::vector<SimulationCheck>& checks);

struct SimulationOptions;
/// --model nonlinear for simulate (validate = false) and validate; write: the CSV files.
void run_nonlinear_cli(const SimulationOptions& opts, const std::string& command_line, bool validate, bool write);

}  // namespace spincom::cli
