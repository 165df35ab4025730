// `spincom simulate --direction both` (linear model): one run per direction, each at its own E_N
// peak when no detuning is given, into one output set (ccw_*.csv, cw_*.csv), and which direction
// entangles first from the closed form (docs/decisions.md 42).
#include <iostream>

#include "commands.hpp"
#include "spincom/core/error.hpp"
#include "spincom/io/simulation_writer.hpp"
#include "spincom/timedomain/direction_comparison.hpp"

namespace spincom::cli {

/// --direction both: one run per direction (each at its own E_N peak without a detuning), one
/// output set with ccw_*.csv and cw_*.csv, and which direction entangles first (closed form).
void run_both_directions(const std::vector<LinearSimulationSpec>& specs, const SimulationOptions& opts,
                         const std::string& command) {
  refuse_checkpoints(opts, "--direction both");
  if (!opts.output.empty())
    throw UsageError("--output " + opts.output + " with --direction both: an HDF5 dataset holds one direction. Hint: "
                     "drop --output (both directions go to --output-dir as ccw_*.csv and cw_*.csv), or run one direction "
                     "per dataset.");
  std::vector<std::string> names;
  double bytes = 0.0;
  for (const auto& spec : specs) {
    const std::string prefix = std::string(to_string(spec.point.direction)) + "_";
    const auto more = simulation_csv_names(prefix);
    names.insert(names.end(), more.begin(), more.end());
    bytes += estimate_simulation_csv_bytes(max_sample_times(spec.grid), spec.ensemble.recorded_paths);
  }
  std::optional<OutputSet> out = open_output_dir(opts, names, command, bytes);  // before the runs
  std::vector<LinearSimulationResult> results;
  for (const auto& spec : specs) {
    results.push_back(run_linear_simulation(spec, execution(opts)));
    report(results.back());
    std::cout << "\n";
  }
  std::vector<const LinearSimulationResult*> pointers;
  for (const auto& r : results) pointers.push_back(&r);
  const auto buildups = closed_form_buildups(pointers);
  std::cout << "build-up (closed form, pair " << to_string(specs[0].pair.a) << "," << to_string(specs[0].pair.b)
            << "): " << buildup_comparison(buildups) << "\n";
  if (!out) return;
  for (const auto& r : results) write_simulation_csv(r, *out, command, std::string(to_string(r.spec.point.direction)) + "_");
  print_written(out->commit());
}

}  // namespace spincom::cli
