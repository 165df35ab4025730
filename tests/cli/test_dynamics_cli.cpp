// `spincom dynamics` and `spincom spectrum`: outputs, and one clear refusal (value, valid range,
// hint, exit code) per bad input.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "spincom/core/error.hpp"
#include "support/scratch_path.hpp"
#include "support/cli_run.hpp"

using namespace spincom;
using namespace spincom::test;

namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = spincom::test::scratch_path("spincom_dynamics_cli_" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

std::string first_data_header(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') return line;
  return "";
}

std::size_t data_lines(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) n += !line.empty() && line[0] != '#';
  return n - 1;  // minus the column header
}


}  // namespace

TEST_CASE("spincom dynamics --direction both prints the table and metrics per direction and writes the CSV files") {
  const auto dir = fresh_dir("both");
  const Run r = run("dynamics --direction both --times linear:0:2e-6:101 --output-dir " + dir.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("direction ccw") && Catch::Contains("direction cw") &&
                           Catch::Contains("build-up: onset") && Catch::Contains("which direction entangles faster"));
  for (const char* d : {"ccw", "cw"}) {
    const auto moments = dir / (std::string("dynamics_") + d + ".csv");
    CHECK(first_data_header(moments) == "t,E_N,E_N_raw,nu_minus,n_mechanics,n_driven,n_other,purity,distance_steady");
    CHECK(data_lines(moments) == 101);
    CHECK_THAT(first_data_header(dir / (std::string("covariance_") + d + ".csv")), Catch::StartsWith("t,V_X_driven_X_driven,"));
  }
}

TEST_CASE("spincom dynamics --json gives the metrics and the unclipped E_N column") {
  const auto dir = fresh_dir("json");
  const Run r = run("dynamics --json --direction ccw --detuning 0.2965 --times log:1e-9:3e-6:60 --pair driven,mechanics "
                    "--output-dir " + dir.string(), true);
  REQUIRE(r.status == 0);
  const auto doc = nlohmann::json::parse(r.output);
  const auto& ccw = doc["directions"]["ccw"];
  // from vacuum-thermal E_N flickers above 0 in the first few ns, then builds up for good at ~0.6 us
  CHECK(ccw["metrics"]["entangled_at_start"].get<bool>());
  CHECK(ccw["metrics"]["onset"].get<double>() == 1e-9);
  CHECK(ccw["metrics"]["sustained_onset"].get<double>() == Approx(5.78e-7).epsilon(0.01));
  CHECK(ccw["metrics"]["t90"].get<double>() > ccw["metrics"]["sustained_onset"].get<double>());
  CHECK(ccw["columns"]["E_N_raw"].size() == 60);
  double lowest = 0.0;
  for (const auto& x : ccw["columns"]["E_N_raw"]) lowest = std::min(lowest, x.get<double>());
  CHECK(lowest < -0.1);  // the unclipped column goes well below 0 while the phonons are cooled
  CHECK(doc["times"].size() == 60);
  CHECK(std::filesystem::exists(dir / "dynamics_ccw.csv"));
}

TEST_CASE("spincom dynamics refuses bad times, pairs and initial states with the value, the range and a hint") {
  const std::string out = " --output-dir " + fresh_dir("refused").string();
  check_refused_with("dynamics --times linear:0:1e-6:1" + out, exit_code::invalid_parameter,
                {"--times = 'linear:0:1e-6:1'", "COUNT '1' is not an integer in 2..10000000", "Example"});
  check_refused_with("dynamics --times log:0:1e-6:10" + out, exit_code::invalid_parameter, {"--times", "START > 0", "Example"});
  check_refused_with("dynamics --times 3e-7,1e-7" + out, exit_code::invalid_parameter, {"--times", "strictly ascending"});
  check_refused_with("dynamics --pair driven,driven" + out, exit_code::invalid_parameter,
                {"--pair = driven,driven", "same mode twice", "Hint"});
  check_refused_with("dynamics --pair driven,phonon" + out, exit_code::invalid_parameter, {"--pair", "'phonon'", "Hint"});
  const auto v0 = spincom::test::scratch_path("spincom_dynamics_cli_bad_V0.txt");
  {
    std::ofstream f(v0);
    for (int i = 0; i < 6; ++i) {
      for (int j = 0; j < 6; ++j) f << (i == j ? "0.1 " : "0 ");
      f << "\n";
    }
  }
  check_refused_with("dynamics --V0 " + v0.string() + out, exit_code::invalid_parameter,
                {"--V0 is not a quantum state", "vacuum is I/2"});
  check_refused_with("dynamics --detuning -0.3 --direction ccw" + out, exit_code::unstable, {"not stable", "Hint"});
}

TEST_CASE("spincom spectrum writes S_kl and the homodyne spectra in shot-noise units") {
  const auto file = fresh_dir("spectrum") / "s.csv";
  const Run r = run("spectrum --detuning 0.2965 --entry q,q --entry X_driven,q --homodyne driven:0 --omega "
                    "linear:-200M:200M:401 --output " + file.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("S_q_q") && Catch::Contains("shot noise = 1/2"));
  CHECK(first_data_header(file) ==
        "omega,S_q_q,ReS_X_driven_q,ImS_X_driven_q,Sout_driven_theta=0,Sout_SN_driven_theta=0");
  CHECK(data_lines(file) == 401);
}

TEST_CASE("spincom spectrum refuses bad entries, readouts, frequencies and unstable points") {
  const std::string out = " --output " + (fresh_dir("spectrum_refused") / "s.csv").string();
  check_refused_with("spectrum --entry q,z" + out, exit_code::invalid_parameter,
                {"--entry = 'q,z'", "'z' is not a quadrature", "X_driven, Y_driven, X_other, Y_other, q, p", "Hint"});
  check_refused_with("spectrum --homodyne mechanics:0" + out, exit_code::invalid_parameter,
                {"--homodyne = 'mechanics:0'", "valid are driven and other", "Hint"});
  check_refused_with("spectrum --omega log:-1:1e8:10" + out, exit_code::invalid_parameter, {"--omega", "START > 0"});
  check_refused_with("spectrum --omega linear:0:10Hz:10" + out, exit_code::invalid_parameter, {"Hz"});
  check_refused_with("spectrum --detuning -0.3" + out, exit_code::unstable, {"not stable", "Hint"});
}

TEST_CASE("spincom spectrum --trajectories writes the Welch estimate, its error bar and expectation after the closed form") {
  const auto file = fresh_dir("spectrum_welch") / "s.csv";
  const Run r = run("spectrum --detuning 0.2965 --entry q,q --entry X_driven,q --homodyne driven:0 --trajectories 16 "
                    "--segments 4 --segment-length 256 --seed 5 --output " + file.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("trajectory estimate (Welch): 16 trajectories x 4 Hann segments of 256 samples") &&
                           Catch::Contains("agreement: ") && Catch::Contains("seed 5"));
  CHECK(first_data_header(file) ==
        "omega,S_q_q,ReS_X_driven_q,ImS_X_driven_q,Sout_driven_theta=0,Sout_SN_driven_theta=0,"
        "est_S_q_q,est_se_S_q_q,est_expected_S_q_q,est_ReS_X_driven_q,est_se_ReS_X_driven_q,est_expected_ReS_X_driven_q,"
        "est_ImS_X_driven_q,est_se_ImS_X_driven_q,est_expected_ImS_X_driven_q");
  // automatic dt = pi / (24 omega_m): bins 2 pi j / (256 dt) = j omega_m * 48/256, |j| <= 16 inside 3 omega_m
  CHECK(data_lines(file) == 33);
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line) && line.rfind("# agreement:", 0) != 0) {}
  CHECK_THAT(line, Catch::Contains("max |z| = ") && Catch::Contains("alpha = 0.001"));
}

TEST_CASE("spincom spectrum refuses a bad trajectory estimate with the flag, the valid range and a hint") {
  const std::string out = " --output " + (fresh_dir("spectrum_welch_refused") / "s.csv").string();
  check_refused_with("spectrum --trajectories 1" + out, exit_code::invalid_parameter,
                     {"--trajectories = 1", "valid is >= 2", "Hint"});
  check_refused_with("spectrum --trajectories 8 --segment-length 7" + out, exit_code::invalid_parameter,
                     {"--segment-length = 7", "even number", "Hint"});
  check_refused_with("spectrum --trajectories 8 --omega linear:0:1e8:11" + out, exit_code::invalid_parameter,
                     {"--omega is given with --trajectories = 8", "its own bins", "Hint"});
  check_refused_with("spectrum --trajectories 8 --homodyne driven" + out, exit_code::invalid_parameter,
                     {"only homodyne readouts", "closed-form only", "Hint"});
}
