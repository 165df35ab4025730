// simulate's guard warnings, unclipped E_N columns, --direction both and --pair through the
// binary; each refusal names the value, the valid range or choices, a hint, and its exit code.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spincom/core/error.hpp"
#include "support/scratch_path.hpp"
#include "support/cli_run.hpp"

using namespace spincom;
using namespace spincom::test;

namespace {

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = spincom::test::scratch_path("spincom_guards_cli_" + name);
  std::filesystem::remove_all(dir);
  return dir;
}

/// The CSV's comment lines and its columns by name.
struct Csv {
  std::string comments;
  std::vector<std::string> header;
  std::map<std::string, std::vector<double>> columns;
};

Csv read_csv(const std::filesystem::path& file) {
  Csv csv;
  std::ifstream in(file);
  REQUIRE(in.good());
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      csv.comments += line + "\n";
      continue;
    }
    std::stringstream ss(line);
    std::string cell;
    std::vector<std::string> cells;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    if (csv.header.empty()) {
      csv.header = cells;
      continue;
    }
    REQUIRE(cells.size() == csv.header.size());  // one value per column on every row
    for (std::size_t i = 0; i < cells.size(); ++i) {
      char* end = nullptr;
      const double v = std::strtod(cells[i].c_str(), &end);  // text cells (direction) are NaN
      csv.columns[csv.header[i]].push_back(end == cells[i].c_str() + cells[i].size() ? v : std::nan(""));
    }
  }
  return csv;
}


}  // namespace

TEST_CASE("simulate writes the unclipped E_N and nu^- at the end of timeseries.csv, continuous through zero") {
  const auto dir = fresh_dir("unclipped");
  const Run r = run("simulate --trajectories 2048 --output-dir " + dir.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.output, !Catch::Contains("spincom: warning"));  // Table I's peak is a normal point
  const Csv csv = read_csv(dir / "timeseries.csv");
  const std::vector<std::string> old_columns{"t", "n", "E_N", "E_N_ci", "E_N_se", "E_N_bias", "E_N_reference",
                                             "E_N_lyapunov", "max_abs_z", "chi2", "p_value"};
  REQUIRE(csv.header.size() == old_columns.size() + 5);
  CHECK(std::vector<std::string>(csv.header.begin(), csv.header.begin() + 11) == old_columns);  // readers keep working
  CHECK(std::vector<std::string>(csv.header.begin() + 11, csv.header.end()) ==
        std::vector<std::string>{"E_N_raw", "E_N_raw_reference", "E_N_raw_lyapunov", "nu_minus", "nu_minus_reference"});
  const auto& raw = csv.columns.at("E_N_raw_reference");
  const auto& clipped = csv.columns.at("E_N_reference");
  const auto& ens_raw = csv.columns.at("E_N_raw");
  const auto& ens = csv.columns.at("E_N");
  const auto& nu = csv.columns.at("nu_minus_reference");
  REQUIRE(raw.size() == 101);
  std::size_t crossing = 0;
  double lowest = 0.0, largest_step = 0.0;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    CHECK(clipped[k] == std::max(0.0, raw[k]));       // the clipped column is max(0, raw), no more
    CHECK(ens[k] == std::max(0.0, ens_raw[k]));
    CHECK(nu[k] == Approx(0.5 * std::exp(-raw[k])).epsilon(1e-12));  // -ln 2 nu^- (Eq. 13)
    lowest = std::min(lowest, raw[k]);
    if (k > 0) {
      largest_step = std::max(largest_step, std::abs(raw[k] - raw[k - 1]));
      if (raw[k - 1] < 0.0 && raw[k] > 0.0) crossing = k;
    }
  }
  CHECK(lowest < -0.5);  // measured -0.67 at 74 ns (phonons still hot): the clipped column hides this
  REQUIRE(crossing > 0);  // E_N_raw goes from below 0 to above 0 ...
  // ... without a jump: the step across zero is no larger than the steps elsewhere (the build-up)
  CHECK(raw[crossing] - raw[crossing - 1] <= largest_step);
  CHECK(-raw[crossing - 1] < largest_step);
  CHECK(raw[crossing] < largest_step);
  CHECK_THAT(csv.comments, Catch::Contains("stability_margin: max_re_eig=") && Catch::Contains("pair=driven,mechanics"));
}

TEST_CASE("simulate prints each guard's warning on stderr and records it in the output metadata") {
  const auto dir = fresh_dir("warned");
  const std::string args = "simulate --power 100mW --trajectories 64 --groups 8 --output-dir " + dir.string();
  const Run all = run(args);
  INFO(all.output);
  REQUIRE(all.status == 0);
  CHECK_THAT(all.output, Catch::Contains("spincom: warning [marginal_stability]") &&
                             Catch::Contains("spincom: warning [sample_spacing]") && Catch::Contains("--samples") &&
                             Catch::Contains("--t-end"));
  const Run out_only = run(args + " --force", true);
  CHECK_THAT(out_only.output, !Catch::Contains("spincom: warning"));  // warnings go to stderr
  const Csv csv = read_csv(dir / "timeseries.csv");
  CHECK_THAT(csv.comments, Catch::Contains("# warning marginal_stability:") &&
                               Catch::Contains("# warning sample_spacing:") && Catch::Contains("marginal=1"));
}

TEST_CASE("simulate at T = 300 K and with --peak-range warns that nothing is entangled") {
  const auto dir = fresh_dir("hot");
  const Run r = run("simulate --temperature 300 --trajectories 64 --groups 8 --output-dir " + dir.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("spincom: warning [no_entanglement_in_range]") &&
                           Catch::Contains("nothing in the range is entangled"));
  const Run j = run("simulate --J 1e10 --peak-range -0.5:2.5 --trajectories 64 --groups 8 --force --output-dir " +
                    dir.string());
  CHECK_THAT(j.output, Catch::Contains("[no_entanglement_in_range]") && Catch::Contains("on the edge of the range") &&
                           Catch::Contains("--peak-range"));
}

TEST_CASE("simulate --direction both runs each direction at its own peak into one output set and says which entangles first") {
  const auto dir = fresh_dir("both");
  const Run r = run("simulate --direction both --J 30M --trajectories 2048 --output-dir " + dir.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("direction ccw") && Catch::Contains("direction cw") &&
                           Catch::Contains("build-up (closed form, pair driven,mechanics): sustained onset: "));
  const bool decided = contains(r.output, " first (ccw ") || contains(r.output, "equal, ");
  CHECK(decided);
  for (const char* d : {"ccw", "cw"})
    for (const char* f : {"timeseries.csv", "covariance.csv", "mean.csv", "paths.csv"})
      CHECK(std::filesystem::is_regular_file(dir / (std::string(d) + "_" + f)));
  const auto manifest = nlohmann::json::parse(std::ifstream(dir / "spincom-manifest.json"));
  CHECK(manifest.dump().find("cw_timeseries.csv") != std::string::npos);
  const Csv ccw = read_csv(dir / "ccw_timeseries.csv"), cw = read_csv(dir / "cw_timeseries.csv");
  CHECK_THAT(ccw.comments, Catch::Contains("direction=ccw"));
  CHECK_THAT(cw.comments, Catch::Contains("direction=cw"));
  // each direction is exactly the one-direction run (same seed rule, same point)
  const auto single = fresh_dir("both_single_cw");
  REQUIRE(run("simulate --direction cw --J 30M --trajectories 2048 --output-dir " + single.string()).status == 0);
  const Csv alone = read_csv(single / "timeseries.csv");
  CHECK(alone.columns == cw.columns);
}

TEST_CASE("simulate --pair computes E_N of the chosen modes (its Lyapunov value equals steady --pair)") {
  const auto dir = fresh_dir("pair");
  const std::string point = "--J 30M --detuning 0.3 --direction ccw --pair other,mechanics";
  const Run r = run("simulate " + point + " --trajectories 2048 --output-dir " + dir.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("E_N of other,mechanics"));
  const Csv csv = read_csv(dir / "timeseries.csv");
  CHECK_THAT(csv.comments, Catch::Contains("pair=other,mechanics"));
  const Run steady = run("steady --json " + point, true);
  REQUIRE(steady.status == 0);
  const auto doc = nlohmann::json::parse(steady.output);
  const auto& ccw = doc["directions"]["ccw"];
  const double expected = ccw["fixed_points"][ccw["selected_index"].get<int>()]["E_N"].get<double>();
  CHECK(expected > 0.0);  // the other mode is entangled with the mechanics through J
  CHECK(csv.columns.at("E_N_lyapunov").back() == Approx(expected).epsilon(1e-12));
}

TEST_CASE("simulate refuses --direction both and --pair where they are not supported, and bad ranges, with exit codes") {
  const auto dir = fresh_dir("refused").string();
  check_refused_with("simulate --model nonlinear --direction both --output-dir " + dir, exit_code::usage,
                {"--direction both is not supported by --model nonlinear", "Hint:"});
  check_refused_with("simulate --model nonlinear --pair other,mechanics --output-dir " + dir, exit_code::usage,
                {"--pair other,mechanics is not supported by --model nonlinear", "Hint:"});
  check_refused_with("validate --direction both", exit_code::usage, {"--direction both", "Hint: run validate once"});
  check_refused_with("simulate --direction both --output " + dir + ".h5", exit_code::usage,
                {"with --direction both: an HDF5 dataset holds one direction", "Hint:"});
  check_refused_with("simulate --pair driven,driven --output-dir " + dir, exit_code::invalid_parameter,
                {"--pair = driven,driven", "two different modes", "Hint:"});
  check_refused_with("simulate --pair driven,phonon --output-dir " + dir, exit_code::invalid_parameter, {"phonon", "Hint:"});
  check_refused_with("simulate --peak-range 2:1 --output-dir " + dir, exit_code::invalid_parameter,
                {"--peak-range '2:1'", "LOWER = 2 is not below UPPER = 1", "Valid is LOWER:UPPER", "Hint:"});
  check_refused_with("simulate --peak-range 0:1 --detuning 1 --output-dir " + dir, exit_code::usage,
                {"--peak-range 0:1 with a given detuning", "Hint:"});
  check_refused_with("simulate --Omega 40e3 --direction cw --peak-range -0.5:2.5 --output-dir " + dir, exit_code::unstable,
                {"no stable detuning in --peak-range [-0.5, 2.5]", "Hint: widen --peak-range"});
  CHECK_FALSE(std::filesystem::exists(dir));  // nothing was written by a refused run
}

TEST_CASE("simulate --model nonlinear appends nu^- columns consistent with its unclipped E_N columns") {
  const auto dir = fresh_dir("nonlinear");
  // The hot start (vacuum-thermal) has E_N < 0 at t = 0, which the unclipped columns must keep.
  const Run r = run("simulate --model nonlinear --initial vacuum-thermal --trajectories 64 --groups 8 --samples 5 "
                    "--output-dir " + dir.string());
  INFO(r.output);
  REQUIRE(r.status == 0);
  const Csv csv = read_csv(dir / "nonlinear_timeseries.csv");
  REQUIRE(csv.header.size() >= 3);
  CHECK(std::vector<std::string>(csv.header.end() - 3, csv.header.end()) ==
        std::vector<std::string>{"nu_minus", "nu_minus_linear", "nu_minus_closed_form"});
  const auto& closed = csv.columns.at("E_N_closed_form");
  const auto& nu_closed = csv.columns.at("nu_minus_closed_form");
  REQUIRE(closed.size() == 6);
  bool below_zero = false;
  for (std::size_t k = 0; k < closed.size(); ++k) {
    CHECK(nu_closed[k] == Approx(0.5 * std::exp(-closed[k])).epsilon(1e-14));
    below_zero = below_zero || closed[k] < 0.0;  // the nonlinear outputs were unclipped already
    CHECK(csv.columns.at("nu_minus")[k] > 0.0);
  }
  CHECK(below_zero);
  CHECK_THAT(csv.comments, Catch::Contains("stability_margin: max_re_eig="));
}

TEST_CASE("A --direction both result is spincom's own: --force replaces it with a one-direction result and back") {
  const auto dir = fresh_dir("replace");
  REQUIRE(run("simulate --direction both --trajectories 128 --groups 8 --output-dir " + dir.string()).status == 0);
  const Run again = run("simulate --direction ccw --trajectories 128 --groups 8 --force --output-dir " + dir.string());
  INFO(again.output);
  REQUIRE(again.status == 0);
  CHECK(std::filesystem::is_regular_file(dir / "timeseries.csv"));
  CHECK_FALSE(std::filesystem::exists(dir / "ccw_timeseries.csv"));  // the folder is the new result only
  const Run unforced = run("simulate --direction both --trajectories 128 --groups 8 --output-dir " + dir.string());
  CHECK(unforced.status == exit_code::output_conflict);  // an earlier result is kept without --force
  CHECK(run("simulate --direction both --trajectories 128 --groups 8 --force --output-dir " + dir.string()).status == 0);
  CHECK(std::filesystem::is_regular_file(dir / "cw_paths.csv"));
}

TEST_CASE("sweep --max-over writes the margin and guard columns after the old ones, one value per column") {
  const auto file = fresh_dir("max_over").string() + ".csv";
  std::filesystem::remove(file);
  const Run r = run("sweep --axis power:20mW:100mW:2 --max-over detuning:-0.5:2.5:301 --direction ccw --output " + file);
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.output, Catch::Contains("spincom: warning [max_over_guards]: of 2 rows, 1 have their maximum within 0.01"));
  const Csv csv = read_csv(file);
  REQUIRE(csv.header.size() == 13 + 6 + 8);
  CHECK(csv.header[0] == "omega_m");
  CHECK(std::vector<std::string>(csv.header.begin() + 13, csv.header.begin() + 19) ==
        std::vector<std::string>{"direction", "found", "E_N_max", "grid_detuning", "E_N_reference", "chi"});
  CHECK(std::vector<std::string>(csv.header.begin() + 19, csv.header.end()) ==
        std::vector<std::string>{"E_N_raw", "nu_minus", "max_re_eig", "max_re_eig_over_kappa", "max_re_eig_over_gamma_m",
                                 "marginal", "entangled", "on_edge"});
  REQUIRE(csv.columns.at("marginal").size() == 2);
  CHECK(csv.columns.at("marginal") == std::vector<double>{0, 1});  // 20 mW: normal; 100 mW: beside the saddle-node
  CHECK(csv.columns.at("entangled") == std::vector<double>{1, 1});
  CHECK(csv.columns.at("max_re_eig")[0] == Approx(-5.37e6).epsilon(1e-2));
  CHECK(csv.columns.at("E_N_raw")[1] == Approx(csv.columns.at("E_N_max")[1]).epsilon(1e-9));
  std::filesystem::remove(file);
}
