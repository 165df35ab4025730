// spincom simulate/validate --model nonlinear: outputs, verdicts and exit codes.
#include <catch2/catch.hpp>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>

#include "support/scratch_path.hpp"
#include "support/cli_run.hpp"
#include "spincom/core/error.hpp"
#include "spincom/random/seeding.hpp"

using namespace spincom::test;

TEST_CASE("CLI --model nonlinear: bad input gets one message and its exit code") {
  const std::string point = "--model nonlinear --detuning 0.2965 ";
  Run r = run("simulate " + point + "--stepper exact");
  CHECK(r.status == spincom::exit_code::usage);
  CHECK(contains(r.output, "stochastic Heun only"));
  r = run("simulate " + point + "--dt 1e-7 --samples 10");
  CHECK(r.status == spincom::exit_code::invalid_parameter);
  CHECK(contains(r.output, "too large for stochastic Heun"));
  CHECK(contains(r.output, "Hint"));
  r = run("simulate --model nonlinear --detuning -1");
  CHECK(r.status == spincom::exit_code::unstable);
  CHECK(contains(r.output, "--allow-unstable"));
  r = run("simulate " + point + "--mean0 1,0,0,0,0,0");
  CHECK(r.status == spincom::exit_code::usage);
  r = run("simulate " + point + "--start sideways");
  CHECK(r.status == spincom::exit_code::invalid_parameter);
}

TEST_CASE("CLI validate --model nonlinear names the failing check and exits 8", "[slow]") {
  // [slow]: validate also runs the model checks (stability map, sweeps), ~2 s in Release.
  // A step just inside Heun's stability limit has a weak bias of V near 100%: the bias check must
  // fail (and with 256 trajectories the statistical verdict refuses to pass as well).
  const Run r = run("validate --model nonlinear --detuning 0.2965 --samples 10 --trajectories 256 --groups 8 --dt 9e-9");
  CHECK(r.status == spincom::exit_code::validation_failed);
  CHECK(contains(r.output, "FAIL: "));
  CHECK(contains(r.output, "[FAIL] Heun weak bias"));
  CHECK_FALSE(contains(r.output, "\nPASS"));
}

TEST_CASE("CLI validate --model nonlinear passes at the Fig. 2 point and simulate writes the CSV files", "[slow]") {
  // 4096 trajectories, seed 20201001: the statistical checks share alpha = 1e-3, so this fails for
  // a correct implementation with probability <= 1e-3.
  Run r = run("validate --model nonlinear --detuning 0.2965 --samples 20 --trajectories 4096");
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK(contains(r.output, "\nPASS"));
  const auto dir = spincom::test::scratch_path("spincom_nonlinear_cli_test");
  std::filesystem::remove_all(dir);
  r = run("simulate --model nonlinear --start switch-on --detuning 1 --samples 10 --trajectories 256 --groups 8 --output-dir " +
          dir.string());
  INFO(r.output);
  CHECK(r.status == 0);
  for (const char* f : {"nonlinear_timeseries.csv", "nonlinear_covariance.csv", "mean_field.csv", "nonlinear_paths.csv"}) {
    INFO(f);
    CHECK(std::filesystem::file_size(dir / f) > 100);
  }
  std::ifstream ts(dir / "nonlinear_timeseries.csv");
  std::string line;
  std::size_t rows = 0;
  while (std::getline(ts, line))
    if (!line.empty() && line[0] != '#' && line[0] != 't') ++rows;
  CHECK(rows == 11);
}

TEST_CASE("CLI simulate --model nonlinear: every CSV header states the seed rule of the code") {
  // The generator is xoshiro256++ (seed rule 2); the headers once named mt19937_64 (seed rule 1).
  const auto dir = spincom::test::scratch_path("spincom_nonlinear_seed_rule_test");
  std::filesystem::remove_all(dir);
  const Run r = run("simulate --model nonlinear --detuning 0.2965 --samples 2 --trajectories 64 --groups 8 --output-dir " +
                    dir.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  for (const char* f : {"nonlinear_timeseries.csv", "nonlinear_covariance.csv", "mean_field.csv", "nonlinear_paths.csv"}) {
    INFO(f);
    std::ifstream in(dir / f);
    std::string header, line;
    while (std::getline(in, line) && !line.empty() && line[0] == '#') header += line + "\n";
    CHECK(contains(header, spincom::seed_rule()));
    CHECK_FALSE(contains(header, "mt19937"));
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("CLI --model nonlinear: the default start is the fixed point with Lyapunov fluctuations, and --help says so") {
  // The tables of docs/nonlinear.md come from the Lyapunov state; before issue 14 the CLI's default
  // was the hot vacuum-thermal state (--initial's default for the linear model).
  const auto dir = spincom::test::scratch_path("spincom_nonlinear_default_start");
  std::filesystem::remove_all(dir);
  const std::string small = "--detuning 0.2965 --samples 2 --trajectories 64 --groups 8 --output-dir " + dir.string();
  Run r = run("simulate --model nonlinear --force " + small);
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "start fixed-point, fluctuations Lyapunov V (stationary)"));
  r = run("simulate --model nonlinear --force --initial vacuum-thermal " + small);
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "start fixed-point, fluctuations vacuum-thermal (hot)"));
  std::filesystem::remove_all(dir);
  r = run("simulate --help");
  CHECK(contains(r.output, "steady-state for --model nonlinear"));
  CHECK(contains(r.output, "fixed-point (default: at the root, fluctuations Wigner-sampled from the Lyapunov"));
  r = run("simulate --model nonlinear --start switch-on --initial steady-state " + small);
  CHECK(r.status == spincom::exit_code::usage);
  CHECK(contains(r.output, "--initial steady-state with --start switch-on"));
  r = run("simulate --model nonlinear --direction cw --detuning 0.27 --allow-unstable --samples 2 --trajectories 64 "
          "--groups 8 --output-dir " + dir.string());
  CHECK(r.status == spincom::exit_code::unstable);
  CHECK(contains(r.output, "--initial vacuum-thermal"));
  CHECK_FALSE(std::filesystem::exists(dir));
}

TEST_CASE("CLI --model nonlinear --target-tol grows the ensemble to the target through the shared stopping rule") {
  const auto dir = spincom::test::scratch_path("spincom_nonlinear_target_tol");
  std::filesystem::remove_all(dir);
  const std::string point = "simulate --model nonlinear --detuning 0.2965 --samples 2 --t-end 5e-7 --groups 8 ";
  Run r = run(point + "--target-tol 0.05 --output-dir " + dir.string());
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "stopping rule: 95% CI of E_N at t_end = +-"));
  CHECK_FALSE(contains(r.output, "was not reached"));
  std::filesystem::remove_all(dir);
  r = run(point + "--target-tol 1e-9 --max-trajectories 1024 --target-quantity E_N_difference --output-dir " + dir.string());
  REQUIRE(r.status == 0);
  CHECK(contains(r.output, "stopping rule: 95% CI of E_N_difference at t_end"));
  CHECK(contains(r.output, "WARNING: --target-tol 1e-09 was not reached"));
  std::filesystem::remove_all(dir);
  r = run(point + "--target-tol 0.05 --trajectories 64 --output-dir " + dir.string());
  CHECK(r.status == spincom::exit_code::usage);
  CHECK(contains(r.output, "a run either has a fixed size or grows to a target"));
  r = run("simulate --detuning 0.2965 --target-quantity E_N_difference --output-dir " + dir.string());
  CHECK(r.status == spincom::exit_code::usage);
  CHECK(contains(r.output, "--target-quantity E_N_difference is for --model nonlinear"));
  CHECK_FALSE(std::filesystem::exists(dir));
}
