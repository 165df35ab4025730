// `spincom dynamics`: binds the flags to a DynamicsSpec and calls the library (closed-form
// V(t), no sampling); prints the table and build-up metrics, writes CSV (or one HDF5 file with
// --output), optionally JSON.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "field_flags.hpp"
#include "spincom/config/matrix_file.hpp"
#include "spincom/dynamics/sample_list.hpp"
#include "spincom/io/output_set.hpp"
#include "spincom/io/dynamics_dataset.hpp"
#include "spincom/io/dynamics_writer.hpp"

namespace spincom::cli {

DynamicsSpec dynamics_spec(const DynamicsOptions& o) {
  const Settings s = resolve_settings(o.parameters);
  DynamicsSpec spec;
  spec.point = operating_point_from(s, o.root, o.peak_range);
  spec.point.allow_unstable = o.allow_unstable;
  spec.directions = o.direction.empty() ? s.direction : parse_direction_choice(o.direction);
  if (!o.times.empty())
    spec.times = parse_sample_list(o.times, {"dynamics.times", "s", true, true, false});
  spec.pair = parse_bipartition(o.pair);
  if (!o.V0_file.empty()) spec.V0 = read_matrix6(o.V0_file);
  return spec;
}

/// The HDF5 file of --output: checked before the run, published whole (io/output_set).
void run_dynamics_hdf5(const DynamicsOptions& opts, const std::string& command) {
  check_hdf5_file_name(opts.output, "dynamics.output");
  const DynamicsResult r = spincom::run_dynamics(dynamics_spec(opts));  // every refusal comes first
  OutputSet out = OutputSet::single_file(opts.output, opts.force ? OnExisting::replace : OnExisting::refuse);
  for (const auto& d : r.directions) print_warnings(std::cerr, d.warnings);
  write_dynamics_hdf5(r, out.staging_path(out.names().front()), command);
  if (opts.json) {
    out.commit();
    std::cout << dynamics_json(r).dump(2) << "\n";
    return;
  }
  print_dynamics_report(std::cout, r);
  print_written(out.commit());
}

void run_dynamics(const DynamicsOptions& opts, const std::string& command) {
  if (!opts.output.empty()) return run_dynamics_hdf5(opts, command);
  const DynamicsSpec spec = dynamics_spec(opts);
  const DynamicsResult r = spincom::run_dynamics(spec);  // closed form, fast: every refusal comes first
  OutputSet out = OutputSet::directory(opts.output_dir, dynamics_csv_names(spec.directions),
                                      opts.force ? OnExisting::replace : OnExisting::refuse, command);
  for (const auto& d : r.directions) print_warnings(std::cerr, d.warnings);
  write_dynamics_csv(r, out, command);
  if (opts.json) {
    out.commit();
    std::cout << dynamics_json(r).dump(2) << "\n";
    return;
  }
  print_dynamics_report(std::cout, r);
  print_written(out.commit());
}

void setup_dynamics(CLI::App& app, const std::string& command) {
  auto opts = std::make_shared<DynamicsOptions>();
  auto* sub = app.add_subcommand(
      "dynamics", "Closed-form transient V(t), E_N(t), occupations, purity and build-up metrics (no sampling)");
  add_parameter_options(*sub, opts->parameters);
  const char* g = "Dynamics";
  sub->add_option("--direction", opts->direction,
                  "ccw (Delta_F > 0), cw (Delta_F < 0) or both (default: the config's direction, else both)")
      ->check(CLI::IsMember({"ccw", "cw", "both"}))->group(g);
  sub->add_option("--times", opts->times,
                  "Times in s: linear:T0:T1:N, log:T0:T1:N (T0 > 0) or t1,t2,... ascending (default: 201 points from 0 "
                  "to 10/|max Re lambda|)")->group(g);
  sub->add_option("--pair", opts->pair, "The two modes of E_N: driven, other, mechanics (default driven,mechanics)")->group(g);
  add_peak_range_option(*sub, opts->peak_range, g);
  sub->add_option("--V0", opts->V0_file, "Initial covariance from a file (6 rows of 6 numbers; default vacuum-thermal)")
      ->group(g);
  sub->add_option("--root", opts->root, "Index of the root of Eq. (7) (default: the selected stable branch)")
      ->check(CLI::Range(0, 4))->group(g);
  sub->add_flag("--allow-unstable", opts->allow_unstable, "Evaluate a point that is not stable (V(t) grows)")->group(g);
  auto* h5 = sub->add_option("--output", opts->output,
                             "One HDF5 file (FILE.h5 or .hdf5) instead of the CSV folder: per direction the moments, "
                             "V(t), the metrics, A, D and the parameters (schema in the README)")->group(g);
  sub->add_option("--output-dir", opts->output_dir,
                  "Folder for dynamics_<dir>.csv and covariance_<dir>.csv (default ./dynamics); an earlier result is "
                  "kept unless --force")
      ->group(g)->excludes(h5);
  sub->add_flag("--force", opts->force, "Replace an earlier result in --output-dir (or the file at --output)")->group(g);
  sub->add_flag("--json", opts->json, "Print JSON (metrics and columns) on stdout instead of the table")->group(g);
  sub->callback([opts, command] { run_dynamics(*opts, command); });
}

}  // namespace spincom::cli
