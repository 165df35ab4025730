// The CLI's commands run in-process through their run functions (src/cli/commands.hpp), with the
// same files as the binary: a front end binds options, the library does the work.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "commands.hpp"
#include "spincom/core/error.hpp"
#include "support/scratch_path.hpp"
#include "support/cli_run.hpp"

using namespace spincom;
using namespace spincom::test;

namespace {

std::string data_lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  REQUIRE(in);
  std::string line, out;
  while (std::getline(in, line))
    if (line.empty() || line[0] != '#') out += line + "\n";
  return out;
}

/// Runs `f` with std::cout sent to a string (the run functions print their report).
template <class F>
std::string captured(F&& f) {
  std::ostringstream buffer;
  std::streambuf* old = std::cout.rdbuf(buffer.rdbuf());
  try {
    f();
  } catch (...) {
    std::cout.rdbuf(old);
    throw;
  }
  std::cout.rdbuf(old);
  return buffer.str();
}

}  // namespace

TEST_CASE("cli::run_simulate in-process writes the binary's files bit for bit, for both models") {
  const auto dir = spincom::test::scratch_path("spincom_in_process_test");
  std::filesystem::remove_all(dir);
  for (const std::string model : {"linear", "nonlinear"}) {
    INFO("model " << model);
    cli::SimulationOptions o;
    o.model = model;
    o.trajectories = 256;
    o.samples = 5;
    o.seed = 11;
    o.paths = 2;
    o.output_dir = (dir / (model + "_in_process")).string();
    const std::string report = captured([&] { cli::run_simulate(o, "in-process test"); });
    CHECK(contains(report, "detuning: the E_N peak"));
    const std::string flags = (model == "nonlinear" ? "--model nonlinear " : "") +
                              std::string("--trajectories 256 --samples 5 --seed 11 --paths 2 --output-dir ") +
                              (dir / (model + "_binary")).string();
    REQUIRE(run("simulate " + flags).status == 0);
    const std::string file = model == "nonlinear" ? "nonlinear_timeseries.csv" : "timeseries.csv";
    CHECK(data_lines(dir / (model + "_in_process") / file) == data_lines(dir / (model + "_binary") / file));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("cli::run_validate in-process throws the validation-failed error with its exit code") {
  cli::ValidateOptions v;
  v.simulation.trajectories = 256;  // below the 2048 a calibrated verdict needs: the ensemble check fails
  v.simulation.samples = 3;
  try {
    captured([&] { cli::run_validate(v, "in-process test"); });
    FAIL("validate passed with too few trajectories for a verdict");
  } catch (const Error& e) {
    CHECK(e.exit_code() == exit_code::validation_failed);
    CHECK(contains(e.what(), "too few trajectories"));
  }
}
