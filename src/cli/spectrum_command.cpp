// `spincom spectrum`: binds the flags to a SpectrumSpec and calls the library (closed-form
// stationary spectra, and on request their Welch estimate from stationary trajectories); prints a
// summary and writes the CSV.
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "field_flags.hpp"
#include "whole_number.hpp"
#include "spincom/core/error.hpp"
#include "spincom/dynamics/sample_list.hpp"
#include "spincom/io/output_set.hpp"
#include "spincom/io/spectrum_writer.hpp"

namespace spincom::cli {

SpectrumSpec spectrum_spec(const SpectrumOptions& o) {
  const Settings s = resolve_settings(o.parameters);
  SpectrumSpec spec;
  spec.point = operating_point_from(s, o.root, o.peak_range);
  const DirectionChoice d = o.direction.empty() ? s.direction : parse_direction_choice(o.direction);
  spec.point.direction = d == DirectionChoice::cw ? Direction::cw : Direction::ccw;  // both (a preset's): ccw
  if (!o.omega.empty()) spec.omega = parse_sample_list(o.omega, {"spectrum.omega", "s^-1", false, false, true});
  for (const auto& e : o.entries) spec.entries.push_back(parse_quadrature_pair(e));
  for (const auto& h : o.homodyne) spec.homodyne.push_back(parse_homodyne_readout(h));
  spec.estimate = o.estimate;
  return spec;
}

void run_spectrum(const SpectrumOptions& opts, const std::string& command) {
  const SpectrumSpec spec = spectrum_spec(opts);
  Execution execution;
  execution.threads = opts.threads;
  const SpectrumResult r = spincom::run_spectrum(spec, execution);  // every refusal comes before the trajectories
  OutputSet out = OutputSet::single_file(opts.output, opts.force ? OnExisting::replace : OnExisting::refuse);
  print_warnings(std::cerr, r.warnings);
  std::ostream& report = out.to_stdout() ? std::cerr : std::cout;  // standard output carries the CSV
  print_spectrum_report(report, r);
  write_spectrum_csv(r, out, command);
  const auto files = out.commit();
  if (!out.to_stdout()) print_written(files);
}

/// The trajectory estimate (Welch): off unless --trajectories is given.
void add_estimate_options(CLI::App& sub, SpectrumOptions& o) {
  const char* g = "Trajectory estimate (Welch)";
  sub.add_option("--trajectories", o.estimate.trajectories,
                 "Also estimate the --entry spectra from this many stationary trajectories (>= 2; Hann segments, "
                 "half-overlapping); the CSV gets est_, est_se_ and est_expected_ columns at the estimator's bins")
      ->group(g);
  sub.add_option("--segment-length", o.estimate.segment_length,
                 "Samples per segment L (even; default: a power of two with bins <= |max Re lambda|/4)")->group(g);
  sub.add_option("--segments", o.estimate.segments, "Segments per trajectory (default 16)")->group(g);
  sub.add_option("--dt", o.estimate.dt, "Sample spacing in s (default: pi/dt = 24 omega_m, 8x the largest omega shown)")->group(g);
  sub.add_option("--seed", o.estimate.seed, "Master seed; trajectory i uses a stream derived from (seed, i)")->group(g);
  sub.add_option("--alpha", o.estimate.alpha, "False-alarm rate of the agreement verdict (default 1e-3)")->group(g);
  sub.add_option("--threads", o.threads, "OpenMP threads (default: all); results do not depend on it")->group(g);
  accept_whole_numbers(sub, {"--trajectories", "--segment-length", "--segments", "--seed"});
}

void setup_spectrum(CLI::App& app, const std::string& command) {
  auto opts = std::make_shared<SpectrumOptions>();
  auto* sub = app.add_subcommand("spectrum", "Stationary noise spectra S_kl(omega) and homodyne output spectra: closed form, and optionally the Welch estimate from trajectories");
  add_parameter_options(*sub, opts->parameters);
  const char* g = "Spectrum";
  sub->add_option("--direction", opts->direction, "ccw (Delta_F > 0) or cw (Delta_F < 0) (default: the config's, else ccw)")
      ->check(CLI::IsMember({"ccw", "cw"}))->group(g);
  sub->add_option("--omega", opts->omega,
                  "Angular frequencies in s^-1 (suffixes k, M, G): linear:W0:W1:N, log:W0:W1:N or w1,w2,... (default "
                  "2001 points over [-3 omega_m, 3 omega_m])")->group(g);
  sub->add_option("--entry", opts->entries,
                  "Quadrature pair k,l of S_kl, names X_driven, Y_driven, X_other, Y_other, q, p; repeatable (default "
                  "q,q unless --homodyne is given)")->group(g);
  sub->add_option("--homodyne", opts->homodyne,
                  "Output-field homodyne spectrum MODE[:THETA]: mode driven|other, THETA in rad (0: amplitude); repeatable")
      ->group(g);
  sub->add_option("--root", opts->root, "Index of the root of Eq. (7) (default: the selected stable branch)")
      ->check(CLI::Range(0, 4))->group(g);
  add_peak_range_option(*sub, opts->peak_range, g);
  sub->add_option("--output", opts->output, "CSV file (default ./spectrum.csv; - for standard output); an earlier file is "
                                           "kept unless --force")->group(g);
  sub->add_flag("--force", opts->force, "Replace an earlier file at --output")->group(g);
  add_estimate_options(*sub, *opts);
  sub->callback([opts, command] { run_spectrum(*opts, command); });
}

}  // namespace spincom::cli
