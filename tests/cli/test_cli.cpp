// The spincom command line: outputs, and one clear message and exit code per bad-input class.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "support/scratch_path.hpp"
#include "support/cli_run.hpp"
#include "spincom/core/error.hpp"

using namespace spincom::test;

namespace {

Run run_stdout(const std::string& args) { return run(args, true); }

std::filesystem::path temp_file(const std::string& name, const std::string& content) {
  const auto path = spincom::test::scratch_path("spincom_cli_test_" + name);
  std::ofstream(path) << content;
  return path;
}

void check_refused(const std::string& args, int code, const std::string& must_contain) {
  const Run r = run(args);
  INFO("spincom " << args << "\n" << r.output);
  CHECK(r.status == code);
  CHECK_THAT(r.output, Catch::Contains(must_contain));
  CHECK_THAT(r.output, !Catch::Contains("terminate called"));
  CHECK_THAT(r.output, !Catch::Contains("internal error"));
}

}  // namespace

using namespace spincom;

TEST_CASE("spincom params lists Table I and the derived quantities with units") {
  const Run r = run("params");
  CHECK(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("kappa") && Catch::Contains("3797684") && Catch::Contains("s^-1"));
  const Run j = run_stdout("params --json --power 100mW");
  REQUIRE(j.status == 0);
  const auto doc = nlohmann::json::parse(j.output);
  CHECK(doc["parameters"]["power"].get<double>() == Approx(0.1));
  CHECK(doc["derived"]["n_m"].get<double>() == Approx(269.65).margin(0.005));
}

TEST_CASE("spincom steady --json has the documented schema for both directions") {
  const Run r = run_stdout("steady --json --direction both --branches all");
  REQUIRE(r.status == 0);
  const auto doc = nlohmann::json::parse(r.output);
  for (const char* dir : {"ccw", "cw"}) {
    const auto& d = doc["directions"][dir];
    REQUIRE(d["fixed_points"].size() >= 1);
    const auto& fp = d["fixed_points"][0];
    for (const char* key : {"q_s", "N_driven", "N_other", "Delta_tilde_driven", "Delta_tilde_other",
                            "G_driven", "G_other", "E_N", "nu_minus", "max_re_eig", "V",
                            "hurwitz_dets", "stable", "lyapunov_residual", "stability"})
      CHECK(fp.contains(key));
    CHECK(fp["V"].size() == 6);
    CHECK(fp["hurwitz_dets"].size() == 6);
  }
  CHECK(doc["directions"]["ccw"]["Delta_F"].get<double>() > 0.0);
  CHECK(doc["directions"]["cw"]["Delta_F"].get<double>() < 0.0);
  CHECK(doc["Delta_E_N"].is_number());
}

TEST_CASE("An unstable point gets its stability report and no E_N") {
  const Run text = run("steady --direction cw --detuning 0.27");
  CHECK(text.status == 0);
  CHECK_THAT(text.output, Catch::Contains("NO STEADY STATE"));
  CHECK_THAT(text.output, !Catch::Contains("E_N ="));
  const Run r = run_stdout("steady --json --direction cw --detuning 0.27");
  const auto doc = nlohmann::json::parse(r.output);
  const auto& fp = doc["directions"]["cw"]["fixed_points"][0];
  CHECK(fp["stable"] == false);
  CHECK(fp["E_N"].is_null());
  CHECK(fp["V"].is_null());
  CHECK(fp["max_re_eig"].get<double>() > 0.0);
  CHECK_THAT(fp["warning"].get<std::string>(), Catch::Contains("no steady state"));
}

TEST_CASE("Whole-number options take exact scientific notation and refuse signs, fractions and empty values") {
  const auto dir = spincom::test::scratch_path("spincom_cli_whole_numbers");
  std::filesystem::remove_all(dir);
  const Run r = run("simulate --detuning 0.3 --trajectories 2.56e2 --samples 4 --groups 8 --output-dir " + dir.string());
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("trajectories 256 in 8 jackknife groups"));
  std::filesystem::remove_all(dir);
  check_refused("simulate --seed -1", exit_code::invalid_parameter, "'-1' is negative");
  check_refused("simulate --seed ''", exit_code::invalid_parameter, "the value is empty");
  check_refused("simulate --trajectories 2.505e2", exit_code::invalid_parameter, "'2.505e2' is not a whole number");
  check_refused("simulate --seed 1e16", exit_code::invalid_parameter, "above 2^53");
  check_refused("simulate --seed 99999999999999999999", exit_code::invalid_parameter, "above 2^64 - 1");
  check_refused("spectrum --trajectories -4", exit_code::invalid_parameter, "'-4' is negative");
}

TEST_CASE("An unknown subcommand is named, with the valid ones") {
  check_refused("frobnicate", exit_code::usage, "unknown subcommand 'frobnicate': valid are params, steady, simulate");
  check_refused("frobnicate --power 1", exit_code::usage, "unknown subcommand 'frobnicate'");
}

TEST_CASE("Bad parameter values exit with code 3 and name the value, the range and a hint") {
  check_refused("steady --power -1", exit_code::invalid_parameter, "-1");
  check_refused("steady --gamma_m 0", exit_code::invalid_parameter, "valid is >= 1e-06 and <= 1e+10 s^-1");
  check_refused("steady --mass nan", exit_code::invalid_parameter, "not finite");
  check_refused("steady --J inf", exit_code::invalid_parameter, "J");
  check_refused("steady --temperature -10mK", exit_code::invalid_parameter, "-0.01");
  check_refused("steady --Omega 8kHz", exit_code::invalid_parameter, "angular");
  check_refused("steady --bath viscous", exit_code::invalid_parameter, "brownian");
}

TEST_CASE("Config and preset problems exit with code 4 and say where") {
  check_refused("steady --config /nonexistent/x.toml", exit_code::config, "does not exist");
  check_refused("steady --config " + temp_file("bad.toml", "power = = 2\n").string(), exit_code::config, "malformed TOML");
  check_refused("steady --config " + temp_file("unk.toml", "temprature = 0.1\n").string(), exit_code::config,
                "did you mean 'temperature'");
  check_refused("steady --preset nosuch", exit_code::config, "jiao2020");
  check_refused("steady --config " + temp_file("val.toml", "power = -3\n").string(), exit_code::invalid_parameter,
                "val.toml:1");
}

TEST_CASE("Usage errors exit with code 2 (unknown flag, contradictory flags) and a value outside its set with code 3") {
  check_refused("steady --direction up", exit_code::invalid_parameter, "direction");
  check_refused("steady --powr 1", exit_code::usage, "powr");
  check_refused("steady --json --show-V", exit_code::usage, "excludes");
  check_refused("", exit_code::usage, "subcommand");
}

TEST_CASE("Flags override the config file, which overrides the preset") {
  const auto cfg = temp_file("prec.toml", "power = \"50mW\"\ntemperature = 0.2\n");
  const Run r = run_stdout("params --json --config " + cfg.string() + " --temperature 300mK");
  REQUIRE(r.status == 0);
  const auto doc = nlohmann::json::parse(r.output);
  CHECK(doc["parameters"]["power"].get<double>() == Approx(0.05));
  CHECK(doc["parameters"]["temperature"].get<double>() == Approx(0.3));
  CHECK(doc["parameters"]["omega_m"].get<double>() == 63e6);
}

TEST_CASE("The config's direction reaches simulate, validate and sweep, --direction wins, and simulate refuses both") {
  const auto cw = temp_file("dir_cw.toml", "direction = \"cw\"\n").string();
  // --force: every run replaces the previous one's result in the same folder
  const std::string small = " --trajectories 64 --groups 8 --samples 2 --force --output-dir " +
                            (spincom::test::scratch_path("spincom_cli_direction")).string();
  Run r = run_stdout("simulate --config " + cw + small);
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("E_N peak of the cw direction") && Catch::Contains(", direction cw,"));
  r = run_stdout("simulate --config " + cw + " --direction ccw" + small);
  CHECK(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("E_N peak of the ccw direction") && Catch::Contains(", direction ccw,"));
  r = run_stdout("simulate --model nonlinear --config " + cw + small);
  CHECK(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains(", direction cw,"));
  r = run_stdout("validate --config " + cw + small);  // 64 trajectories: no verdict, but the point is reported
  CHECK_THAT(r.output, Catch::Contains("E_N peak of the cw direction"));
  // A preset's "both" (jiao2020.toml, for steady) is no choice: simulate runs ccw.
  r = run_stdout("simulate --preset jiao2020" + small);
  CHECK(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains(", direction ccw,"));
  // A config's "both" is refused by simulate and validate (one driven mode), unless --direction decides.
  const auto both = temp_file("dir_both.toml", "direction = \"both\"\n").string();
  for (const char* cmd : {"simulate", "validate", "simulate --model nonlinear", "validate --model nonlinear"}) {
    check_refused(std::string(cmd) + " --config " + both + small, exit_code::invalid_parameter, "direction = 'both'");
    check_refused(std::string(cmd) + " --config " + both + small, exit_code::invalid_parameter, "valid are ccw");
    check_refused(std::string(cmd) + " --config " + both + small, exit_code::invalid_parameter, "Hint");
  }
  r = run_stdout("simulate --config " + both + " --direction cw" + small);
  CHECK(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains(", direction cw,"));
  // sweep: the config's direction, unless --direction says otherwise.
  const auto out = spincom::test::scratch_path("spincom_cli_direction_sweep.csv");
  auto directions = [&](const std::string& args) {
    const Run s = run("sweep --axis detuning:0:2:3 --force --output " + out.string() + " --config " + cw + args);
    INFO(s.output);
    CHECK(s.status == 0);
    std::ifstream in(out);
    std::string line, seen;
    while (std::getline(in, line))
      if (!line.empty() && line[0] != '#' && line.rfind("omega_m,", 0) != 0)
        seen += line.find(",cw,") != std::string::npos ? "w" : "c";
    return seen;
  };
  CHECK(directions("") == "www");
  CHECK(directions(" --direction ccw") == "ccc");
  CHECK(directions(" --direction both").size() == 6);
}

TEST_CASE("The --pair flag chooses the bipartition of E_N and refuses the same mode twice") {
  const Run a = run_stdout("steady --json --direction ccw --detuning 0.3");
  const Run b = run_stdout("steady --json --direction ccw --detuning 0.3 --pair mechanics,driven");
  const Run c = run_stdout("steady --json --direction ccw --detuning 0.3 --pair other,mechanics");
  REQUIRE(a.status == 0);
  REQUIRE(b.status == 0);
  REQUIRE(c.status == 0);
  const auto ea = nlohmann::json::parse(a.output)["directions"]["ccw"]["fixed_points"][0]["E_N"].get<double>();
  const auto eb = nlohmann::json::parse(b.output)["directions"]["ccw"]["fixed_points"][0]["E_N"].get<double>();
  const auto ec = nlohmann::json::parse(c.output)["directions"]["ccw"]["fixed_points"][0]["E_N"].get<double>();
  CHECK(ea > 0.1);
  CHECK(eb == Approx(ea).margin(1e-14));
  CHECK(ec == 0.0);  // J = 0: the undriven mode is in vacuum and uncorrelated
  check_refused("steady --pair driven,driven", exit_code::usage, "same mode twice");
  check_refused("steady --pair driven,phonon", exit_code::usage, "not a mode");
}

TEST_CASE("spincom simulate writes the four CSV files with provenance headers and a table") {
  const auto dir = spincom::test::scratch_path("spincom_cli_simulate");
  std::filesystem::remove_all(dir);
  const Run r = run("simulate --trajectories 512 --samples 20 --seed 7 --output-dir " + dir.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("E_N ensemble") && Catch::Contains("E_N peak of the ccw direction"));
  for (const char* name : {"timeseries.csv", "covariance.csv", "mean.csv", "paths.csv"}) {
    std::ifstream in(dir / name);
    REQUIRE(in);
    std::string first;
    std::getline(in, first);
    CHECK_THAT(first, Catch::StartsWith("# spincom"));
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK_THAT(all, Catch::Contains("seed=7"));
  }
  std::ifstream ts(dir / "timeseries.csv");
  int data_rows = 0;
  for (std::string line; std::getline(ts, line);)
    if (!line.empty() && line[0] != '#' && line[0] != 't') ++data_rows;
  CHECK(data_rows == 21);  // samples + 1
  CHECK(std::filesystem::directory_iterator(dir) != std::filesystem::directory_iterator());
  for (const auto& e : std::filesystem::directory_iterator(dir))
    CHECK_THAT(e.path().string(), !Catch::Contains(".tmp."));  // no leftovers
}

TEST_CASE("spincom validate prints PASS and exits 0 when every check passes, and names the failing check otherwise") {
  const Run ok = run("validate --trajectories 2048 --samples 20");
  INFO(ok.output);
  CHECK(ok.status == 0);
  CHECK_THAT(ok.output, Catch::EndsWith("PASS\n"));
  const Run bad = run("validate --stepper heun --trajectories 2048 --samples 10 --bias-tol 1e-9");
  INFO(bad.output);
  CHECK(bad.status == exit_code::validation_failed);
  CHECK_THAT(bad.output, Catch::Contains("FAIL: scheme weak bias"));
  CHECK_THAT(bad.output, !Catch::Contains("PASS"));
}

TEST_CASE("simulate refuses unstable points, unstable steps, unwritable output and bad counts") {
  check_refused("simulate --direction cw --detuning 0.27 --trajectories 256", exit_code::unstable, "--allow-unstable");
  check_refused("simulate --stepper em --dt 1e-8 --t-end 1e-6 --trajectories 256", exit_code::invalid_parameter,
                "spectral radius");
  const auto file = temp_file("not_a_dir", "x");
  check_refused("simulate --trajectories 256 --samples 5 --output-dir " + file.string() + "/sub", exit_code::io,
                "is a regular file, not a folder");
  check_refused("simulate --trajectories 1", exit_code::invalid_parameter, "trajectories");
  // Dataset flags: each refusal names the flag, the value and the valid set.
  check_refused("simulate --trajectories 64 --save-trajectories all", exit_code::usage, "requires --output");
  check_refused("simulate --trajectories 64 --output x.csv", exit_code::invalid_parameter, "ending in .h5 or .hdf5");
  check_refused("simulate --trajectories 64 --output x.h5 --save-trajectories -3", exit_code::invalid_parameter,
                "--save-trajectories = '-3': valid is all or a whole number");
  check_refused("simulate --trajectories 64 --output x.h5 --save-quadratures q,z", exit_code::invalid_parameter,
                "'z' in 'q,z' is not a quadrature: valid are X_driven");
  check_refused("simulate --trajectories 64 --output x.h5 --deflate 12", exit_code::invalid_parameter, "--deflate");
  check_refused("simulate --trajectories 64 --output x.h5 --output-dir o", exit_code::usage, "excludes");
  check_refused("validate --trajectories 64 --output x.h5", exit_code::usage, "--output (an HDF5 dataset) is for simulate");
  check_refused("simulate --trajectories 64 --first-trajectory -1", exit_code::invalid_parameter, "--first-trajectory");
  check_refused("simulate --trajectories 64 --first-trajectory 9007199254740993", exit_code::invalid_parameter,
                "--first-trajectory = 9007199254740993: valid is 0 to 2^52");
  // Memory is estimated before anything grows: the message names the estimate, its terms and the limit.
  check_refused("simulate --samples 100000 --groups 4096 --trajectories 8192", exit_code::invalid_parameter,
                "jackknife accumulators");
  check_refused("simulate --samples 1000 --trajectories 256 --max-memory 0.01", exit_code::invalid_parameter,
                "valid is at most 0.01 GB (--max-memory)");
  check_refused("simulate --model nonlinear --samples 1000 --trajectories 256 --max-memory 0.01",
                exit_code::invalid_parameter, "--max-memory");
  check_refused("simulate --samples 0", exit_code::invalid_parameter, "samples");
  check_refused("simulate --samples -1", exit_code::invalid_parameter, "samples");
  check_refused("simulate --trajectories -5", exit_code::invalid_parameter, "trajectories");
  check_refused("simulate --threads 100000", exit_code::invalid_parameter, "threads");
  check_refused("simulate --groups 1", exit_code::invalid_parameter, "groups");
  check_refused("simulate --dt 1e-300 --trajectories 2048", exit_code::invalid_parameter, "steps per trajectory");
  check_refused("validate --bias-tol nan --trajectories 2048", exit_code::invalid_parameter, "bias-tol");
  check_refused("simulate --mean0 1,2,3,4,5,6,", exit_code::invalid_parameter, "six");
  check_refused("simulate --model nonlinear --detuning 1 --stepper em", exit_code::usage, "stochastic Heun only");
  check_refused("simulate --V0 /nonexistent/V0.txt", exit_code::config, "does not exist or is not a regular file");
  check_refused("simulate --mean0 1,2,3", exit_code::invalid_parameter, "six");
  const auto fifo = spincom::test::scratch_path("spincom_V0_fifo");  // a FIFO is never read (it would block)
  std::filesystem::remove(fifo);
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  check_refused("simulate --V0 " + fifo.string(), exit_code::config, "not a regular file");
  std::filesystem::remove(fifo);
}

TEST_CASE("spincom sweep writes one CSV row per point and direction, and refuses bad axes") {
  const auto out = spincom::test::scratch_path("spincom_cli_sweep.csv");
  std::filesystem::remove(out);
  const Run r = run("sweep --axis detuning:0:2:11 --output " + out.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  std::ifstream in(out);
  int rows = 0;
  bool header = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("omega_m,", 0) == 0) header = true;
    else if (!line.empty() && line[0] != '#') ++rows;
  }
  CHECK(header);
  CHECK(rows == 22);  // 11 points x 2 directions, selected branch
  // Refusals go to a place that does not exist, and must leave it so.
  const auto refused = spincom::test::scratch_path("spincom_cli_sweep_refused.csv");
  std::filesystem::remove(refused);
  check_refused("sweep --axis detuning:0:2:0 --output " + refused.string(), exit_code::invalid_parameter, "empty");
  check_refused("sweep --axis foo:0:2:3 --output " + refused.string(), exit_code::invalid_parameter, "unknown parameter");
  check_refused("sweep --axis Q:0:1e9:3:log --output " + refused.string(), exit_code::invalid_parameter, "log axis");
  check_refused("sweep --axis detuning:0:2:100000 --axis Omega:0:1k:100000 --output " + refused.string(),
                exit_code::invalid_parameter, "too many");
  check_refused("sweep --axis Omega:0:1k:3 --max-over detuning:1:1:5 --output " + refused.string(),
                exit_code::invalid_parameter, "--max-over detuning:1:1:5: the range is empty");
  check_refused("sweep --axis Omega:0:1k:3 --max-over detuning:2:1:5 --output " + refused.string(),
                exit_code::invalid_parameter, "LOWER < UPPER");
  check_refused("sweep --axis Omega:0:1k:3 --max-over Omega:0:1:5 --output " + refused.string(),
                exit_code::invalid_parameter, "detuning:LOWER:UPPER:POINTS");
  check_refused("sweep --axis Omega:0:1k:2 --max-over detuning:0:1:2000000000 --output " + refused.string(),
                exit_code::invalid_parameter, "POINTS = 2000000000");
  check_refused("sweep --axis detuning:0:2:3 --output " + std::filesystem::temp_directory_path().string(),
                exit_code::io, "is a directory");
  check_refused("sweep --axis detuning:0:2:3 --threads 100000 --output " + refused.string(), exit_code::invalid_parameter,
                "--threads");
  check_refused("sweep --axis detuning:0:2:3 --threads -1 --output " + refused.string(), exit_code::invalid_parameter,
                "--threads");
  check_refused("sweep --axis detuning:0:2:3 --direction up --output " + refused.string(), exit_code::invalid_parameter,
                "valid are ccw");
  check_refused("sweep --axis detuning:0:2:3 --branches some --output " + refused.string(), exit_code::invalid_parameter,
                "--branches");
  check_refused("sweep --axis detuning:0:2:3 --output " + temp_file("f", "x").string() + "/x.csv", exit_code::io,
                "is a regular file, not a folder");
  CHECK_FALSE(std::filesystem::exists(refused));
}

TEST_CASE("spincom feasibility prints the S3 limits and refuses a non-positive viscosity") {
  const Run r = run("feasibility");
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("Omega_max") && Catch::Contains("eta (ccw)"));
  check_refused("feasibility --viscosity 0", exit_code::invalid_parameter, "viscosity");
  for (const char* omega : {"0", "5e6"}) {  // at rest; above Omega_0 (beta < 1)
    const Run q = run(std::string("feasibility --Omega ") + omega);
    INFO(q.output);
    CHECK(q.status == 0);
    CHECK_THAT(q.output, !Catch::Contains("nan") && !Catch::Contains("inf") && Catch::Contains("none"));
  }
}

TEST_CASE("Library messages reach the CLI user with flags in place of spec fields") {
  // The library names grid.dt, stopping.trajectories, point.root, ...; the CLI prints the flag.
  check_refused("simulate --detuning 0.3 --trajectories 3", exit_code::invalid_parameter, "--trajectories = 3");
  check_refused("simulate --detuning 0.3 --dt 1", exit_code::invalid_parameter, "--dt = 1");
  check_refused("simulate --model nonlinear --detuning 0.3 --root 3", exit_code::invalid_parameter, "--root = 3");
  check_refused("simulate --model nonlinear --detuning 0.3 --dt 1e-16", exit_code::invalid_parameter, "at most 1e9");
  check_refused("simulate --detuning 0.3 --start switch-on", exit_code::usage, "--start is for --model nonlinear");
  for (const std::string args : {"simulate --detuning 0.3 --trajectories 3", "simulate --model nonlinear --detuning 0.3 --root 3"}) {
    const Run r = run(args);
    CHECK_THAT(r.output, !Catch::Contains("stopping.") && !Catch::Contains("point.") && !Catch::Contains("grid."));
  }
}

TEST_CASE("The root flag selects the root for the linear model too") {
  const auto dir = spincom::test::scratch_path("spincom_cli_test_root");
  std::filesystem::remove_all(dir);
  const Run r = run("simulate --detuning 0.3 --root 0 --trajectories 64 --samples 2 --paths 0 --output-dir " + dir.string());
  INFO(r.output);
  CHECK(r.status == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("A start from the Lyapunov V at an unstable point is refused by both models, not silently replaced") {
  check_refused("simulate --direction cw --detuning 0.27 --allow-unstable --initial steady-state --trajectories 64",
                exit_code::unstable, "--initial steady-state");
  check_refused("simulate --model nonlinear --direction cw --detuning 0.27 --allow-unstable --initial steady-state "
                "--trajectories 64",
                exit_code::unstable, "--initial vacuum-thermal");
}
