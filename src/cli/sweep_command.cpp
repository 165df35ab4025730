#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include <unistd.h>

#include "commands.hpp"
#include "mpi_session.hpp"
#include "parameter_options.hpp"
#include "spincom/steady/peak_sweep.hpp"
#include "spincom/steady/sweep.hpp"
#include "spincom/core/error.hpp"
#include "spincom/io/output_set.hpp"
#include "spincom/io/sweep_dataset.hpp"
#include "spincom/io/sweep_writer.hpp"

namespace spincom::cli {
namespace {

/// Progress on stderr: on a terminal a bar; otherwise a line at every tenth of the points, once
/// the sweep has taken more than a second (short sweeps stay quiet).
void progress_bar(std::size_t done, std::size_t total) {
  static const auto start = std::chrono::steady_clock::now();
  static const bool terminal = ::isatty(STDERR_FILENO) == 1;
  static int last = -1;
  const int pct = total ? static_cast<int>(100 * done / total) : 100;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (terminal) {
    if (pct == last) return;
    last = pct;
    std::fprintf(stderr, "\r[%-50s] %3d%% (%zu/%zu)", std::string(static_cast<std::size_t>(pct / 2), '=').c_str(), pct,
                 done, total);
    if (done == total) std::fprintf(stderr, "\n");
  } else {
    if (pct / 10 == last / 10 || elapsed < 1.0) return;
    last = pct;
    const double eta = done > 0 ? elapsed * static_cast<double>(total - done) / static_cast<double>(done) : 0.0;
    std::fprintf(stderr, "sweep: %d%% (%zu/%zu points, %.0f s, ETA %.0f s)\n", pct, done, total, elapsed, eta);
  }
  std::fflush(stderr);
}

/// The MPI ranks the sweep's points are split over (one process without mpirun).
RankPartition ranks() {
  const MpiSession* mpi = MpiSession::current();
  return mpi ? mpi->partition() : RankPartition{};
}

}  // namespace

/// --max-over: the refined E_N maximum over the detuning and chi per grid point.
void run_max_over(const SweepOptions& o, const Settings& s, const std::vector<SweepAxis>& axes, DirectionChoice dirs,
                  const std::function<void(std::size_t, std::size_t)>& bar, const std::string& command,
                  std::optional<OutputSet>& written) {
  if (o.branches == "all")
    throw UsageError("--max-over reports the maximum over stable branches; it cannot be combined with --branches all.");
  const PeakSweepResult r =
      run_peak_sweep(s.parameters, axes, dirs, parse_max_over(o.max_over), o.threads, bar, ranks());
  if (!written) return;  // another MPI rank: rank 0 writes
  OutputSet& out = *written;
  if (is_hdf5_name(o.output))
    write_peak_sweep_dataset(r, s.parameters, out.staging_path(out.names().front()), command);
  else
    write_peak_sweep_csv(r, s.parameters, out, command);
  out.commit();
  std::ostream& said = out.to_stdout() ? std::cerr : std::cout;  // standard output carries the CSV
  double best = -1.0;
  const PeakSweepRow* where = nullptr;
  for (const auto& row : r.rows)
    if (row.chi == row.chi && row.chi > best) {
      best = row.chi;
      where = &row;
    }
  said << "sweep --max-over: " << r.n_points << " grid points x " << r.rows.size() / r.n_points
            << " directions written to " << o.output << "\n";
  std::size_t marginal = 0, edge = 0, unentangled = 0;
  for (const auto& row : r.rows) {
    marginal += row.margin.marginal();
    edge += row.on_edge;
    unentangled += row.found && !row.entangled;
  }
  if (marginal || edge || unentangled)
    std::cerr << "spincom: warning [max_over_guards]: of " << r.rows.size() << " rows, " << marginal
              << " have their maximum within " << marginal_detuning_distance
              << " of the stability boundary (marginal = 1), " << edge
              << " on the edge of the --max-over range (on_edge = 1: widen it), " << unentangled
              << " with nothing entangled in the range (entangled = 0)\n";
  if (!where) return;
  const auto v = r.point_values(where->point);
  said << "max chi = " << best << " (" << to_string(where->direction);
  for (std::size_t k = 0; k < axes.size(); ++k) said << ", " << axes[k].key << " = " << v[k];
  said << ", at Delta_c/omega_m = " << where->peak.detuning << ")\n";
}

void run_sweep(const SweepOptions& o, const std::string& command) {
  const Settings s = resolve_settings(o.parameters);
  std::vector<SweepAxis> axes;
  for (const auto& text : o.axes) axes.push_back(parse_axis(text));
  const DirectionChoice dirs = o.direction.empty() ? s.direction : parse_direction_choice(o.direction);
  std::optional<OutputSet> written;  // before the run; rank 0 writes for every rank
  if (writes_files()) written = OutputSet::single_file(o.output, o.force ? OnExisting::replace : OnExisting::refuse);
  const BranchSelection branches = o.branches == "all" ? BranchSelection::all : BranchSelection::stable;
  const auto bar = std::function<void(std::size_t, std::size_t)>(progress_bar);
  if (!o.max_over.empty()) return run_max_over(o, s, axes, dirs, bar, command, written);
  const SweepResult r = run_sweep(s.parameters, axes, dirs, branches, o.threads, bar, ranks());
  if (!written) return;
  OutputSet& out = *written;
  if (is_hdf5_name(o.output))
    write_sweep_dataset(r, s.parameters, out.staging_path(out.names().front()), command);
  else
    write_sweep_csv(r, s.parameters, out, command);
  out.commit();
  std::size_t stable = 0;
  for (const auto& row : r.rows) stable += row.stable;
  (out.to_stdout() ? std::cerr : std::cout) << "sweep: " << r.n_points << " grid points, " << r.rows.size() << " rows (" << stable
            << " stable) written to " << o.output << "\n";
}

void setup_sweep(CLI::App& app, const std::string& command) {
  auto o = std::make_shared<SweepOptions>();
  auto* sub = app.add_subcommand("sweep", "Steady state over a 1-D or 2-D parameter grid, both directions, to CSV or HDF5");
  add_parameter_options(*sub, o->parameters);
  sub->add_option("--axis", o->axes, "NAME:START:STOP:COUNT[:log]; give once (1-D) or twice (2-D)")->required();
  sub->add_option("--output", o->output,
                  "File to write: CSV, or HDF5 when it ends in .h5 or .hdf5 (- for CSV on standard output); an earlier "
                  "file is kept unless --force")
      ->required();
  sub->add_flag("--force", o->force, "Replace an earlier file at --output");
  sub->add_option("--direction", o->direction,
                  "ccw, cw or both (default: the config's direction, else both, with Delta_E_N)");
  sub->add_option("--branches", o->branches, "stable: the selected branch per point; all: every fixed point")
      ->check(CLI::IsMember({"stable", "all"}));
  sub->add_option("--threads", o->threads, "OpenMP threads per process (default: all); output does not depend on it "
                  "nor on the number of MPI ranks (mpirun)")
      ->check(CLI::Range(0.0, 1024.0));
  sub->add_option("--max-over", o->max_over,
                  "detuning:LOWER:UPPER:POINTS: report the refined E_N maximum over the detuning and chi (Eq. 14) "
                  "per grid point instead of one detuning");
  sub->callback([o, command] { run_sweep(*o, command); });
}

}  // namespace spincom::cli
