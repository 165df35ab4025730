#include "spincom/io/trajectory_dataset.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>
#include <utility>
#include <optional>
#include <string>

#include "spincom/core/error.hpp"
#include "spincom/core/git_commit.hpp"
#include "spincom/core/units.hpp"
#include "spincom/core/version.hpp"
#include "spincom/io/dataset_parameters.hpp"
#include "spincom/io/hdf5_file.hpp"
#include "spincom/measures/log_negativity.hpp"
#include "spincom/model/derived_quantities.hpp"
#include "spincom/nonlinear/mean_field_dynamics.hpp"
#include "spincom/random/seeding.hpp"

namespace spincom {

struct TrajectoryDataset::Impl {
  DatasetSpec spec;
  h5::File file;
  std::optional<h5::AppendableTable> table;  ///< created at the first round (its shape is then known)
  std::vector<std::uint64_t> index;          ///< global index of every saved row
  Impl(const std::filesystem::path& path, const DatasetSpec& s) : spec(s), file(path) {}
};

void check_dataset_spec(const DatasetSpec& spec) {
  check_selection(spec.selection);
  if (spec.deflate < 0 || spec.deflate > 9)
    throw InvalidParameter("dataset.deflate = " + std::to_string(spec.deflate) +
                           ": valid is 0 (no compression, the default) to 9. Hint: 1 is the fastest compression.");
}

std::size_t parse_save_count(std::string_view text) {
  if (text == "all") return DatasetSpec::all;
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw InvalidParameter("dataset.save_trajectories = '" + std::string(text) +
                           "': valid is all or a whole number >= 0 (the first N trajectories of the run). Hint: all.");
  return n;
}

std::array<bool, 6> parse_quadrature_list(std::string_view text) {
  if (text == "all") return {true, true, true, true, true, true};
  std::array<bool, 6> kept{};
  std::string valid;
  for (auto name : quadrature::names) valid += (valid.empty() ? "" : ", ") + std::string(name);
  for (std::size_t at = 0; at <= text.size();) {
    const std::size_t comma = std::min(text.find(',', at), text.size());
    const std::string_view item = text.substr(at, comma - at);
    const auto it = std::find(quadrature::names.begin(), quadrature::names.end(), item);
    if (it == quadrature::names.end())
      throw InvalidParameter("dataset.quadratures: '" + std::string(item) + "' in '" + std::string(text) +
                             "' is not a quadrature: valid are " + valid + " (comma-separated), or all. Hint: q,p.");
    kept[static_cast<std::size_t>(it - quadrature::names.begin())] = true;
    at = comma + 1;
  }
  return kept;
}

double estimate_dataset_bytes(const DatasetSpec& spec, std::size_t sample_times, std::size_t saved) {
  const double row = static_cast<double>(spec.selection.kept_times(sample_times) * spec.selection.kept_quadratures()) * 8.0;
  const double summary = 120.0 * 8.0 * static_cast<double>(sample_times);  // mean, V, references, E_N, ...
  return row * static_cast<double>(saved) + summary + (1 << 16);
}

TrajectoryStream dataset_stream(const DatasetSpec& spec, std::size_t first_trajectory) {
  check_dataset_spec(spec);
  TrajectoryStream s;
  s.selection = spec.selection;
  const std::size_t n = spec.save_trajectories;
  // [first_trajectory, up_to): saturating, so "all" (and any huge N) never wraps
  s.up_to = n > DatasetSpec::all - first_trajectory ? DatasetSpec::all : first_trajectory + n;
  return s;
}

TrajectoryDataset::TrajectoryDataset(const std::filesystem::path& path, const DatasetSpec& spec)
    : impl_(std::make_unique<Impl>(path, spec)) {
  check_dataset_spec(spec);
}
TrajectoryDataset::TrajectoryDataset(TrajectoryDataset&&) noexcept = default;
TrajectoryDataset::~TrajectoryDataset() = default;

void TrajectoryDataset::append(std::size_t first, std::size_t count, const std::vector<double>& rows) {
  Impl& d = *impl_;
  if (count == 0) return;
  const std::size_t q = d.spec.selection.kept_quadratures();
  const std::size_t times = rows.size() / (count * q);
  if (!d.table) d.table.emplace(d.file, "trajectories", times, q, d.spec.deflate);
  d.table->append(count, rows.data());
  for (std::size_t i = 0; i < count; ++i) d.index.push_back(first + i);
}

namespace {

std::vector<double> flatten(const std::vector<Matrix6>& Ms) {
  std::vector<double> out;
  out.reserve(Ms.size() * 36);
  for (const Matrix6& M : Ms)
    for (int i = 0; i < 6; ++i)
      for (int j = 0; j < 6; ++j) out.push_back(M(i, j));  // row-major
  return out;
}

std::vector<double> flatten(const std::vector<Vector6>& vs) {
  std::vector<double> out;
  out.reserve(vs.size() * 6);
  for (const Vector6& v : vs) out.insert(out.end(), v.data(), v.data() + 6);
  return out;
}

void write_matrix(const h5::Location& at, const std::string& name, const Matrix6& M) {
  at.write(name, {6, 6}, flatten(std::vector<Matrix6>{M}).data());
}

std::string quadrature_list(const TrajectorySelection& s) {
  std::string out;
  for (int j : s.quadrature_indices()) out += (out.empty() ? "" : ",") + std::string(quadrature::names[static_cast<std::size_t>(j)]);
  return out;
}

/// Root attributes shared by both models, /time and /trajectory_index, the model matrices.
struct Common {
  std::string model, direction, stepper, initial, note, command;
  double dt, t_end;
  std::size_t samples, steps_per_sample, trajectories, processes;
  EnsembleSpec ensemble;
  const std::vector<double>* times;
  const LinearModel* linear_model;
  double max_re_lambda;
  std::optional<Vector6> z_root = std::nullopt;  ///< nonlinear: the frame centre in lab quadratures
};

void write_common(TrajectoryDataset::Impl& d, const Common& c, const Parameters& p) {
  const h5::Location& f = d.file;
  f.attribute("spincom_version", std::string(version));
  f.attribute("git_commit", std::string(git_commit));
  f.attribute("command", c.command);
  f.attribute("model", c.model);
  f.attribute("direction", c.direction);
  f.attribute("stepper", c.stepper);
  f.attribute("initial", c.initial);
  f.attribute("resolution_note", c.note);
  f.attribute("dt", c.dt);
  f.attribute("t_end", c.t_end);
  f.attribute("samples", static_cast<std::uint64_t>(c.samples));
  f.attribute("steps_per_sample", static_cast<std::uint64_t>(c.steps_per_sample));
  f.attribute("seed", static_cast<std::uint64_t>(c.ensemble.seed));
  f.attribute("seed_rule", seed_rule());
  f.attribute("jackknife_groups", static_cast<std::uint64_t>(c.ensemble.groups));
  f.attribute("first_trajectory", static_cast<std::uint64_t>(c.ensemble.first_trajectory));
  f.attribute("trajectories", static_cast<std::uint64_t>(c.trajectories));
  f.attribute("processes", static_cast<std::uint64_t>(c.processes));
  f.attribute("saved_trajectories", static_cast<std::uint64_t>(d.index.size()));
  f.attribute("time_stride", static_cast<std::uint64_t>(d.spec.selection.time_stride));
  f.attribute("quadratures", quadrature_list(d.spec.selection));
  f.attribute("conventions", std::string("SI units, every rate angular (s^-1), t in s; u = (X_driven, Y_driven, X_other, "
                                         "Y_other, q, p); vacuum variance 1/2; V = sample covariance M2/(n-1)"));
  std::vector<double> kept_times;
  for (std::size_t k = 0; k < c.times->size(); k += d.spec.selection.time_stride) kept_times.push_back((*c.times)[k]);
  f.write("time", kept_times);
  f.write("trajectory_index", {d.index.size()}, d.index.data());
  write_parameters(f, p);
  const h5::Location m = f.group("model");
  write_matrix(m, "A", c.linear_model->A);
  write_matrix(m, "D", c.linear_model->D);
  m.attribute("max_re_lambda", c.max_re_lambda);
  if (c.z_root) m.write("z_root", {6}, c.z_root->data());
}

/// The ensemble's merged mean, its standard error and V at every sample time, with E_N and nu^-.
void write_ensemble_summary(const h5::Location& s, const EnsembleStatistics& stats) {
  const std::size_t S = stats.times.size();
  std::vector<Vector6> mean(S), se(S);
  std::vector<Matrix6> V(S);
  std::vector<double> n(S), nu(S), raw(S);
  for (std::size_t k = 0; k < S; ++k) {
    const CovarianceAccumulator a = stats.merged(k);
    V[k] = a.covariance();
    mean[k] = a.mean;
    se[k] = (V[k].diagonal() / static_cast<double>(a.n)).cwiseSqrt();
    n[k] = static_cast<double>(a.n);
    nu[k] = log_negativity(V[k]).nu_minus;
    raw[k] = raw_log_negativity(V[k]);
  }
  s.write("t", stats.times);
  s.write("n", n);
  s.write("mean", {S, 6}, flatten(mean).data());
  s.write("mean_se", {S, 6}, flatten(se).data());
  s.write("V", {S, 6, 6}, flatten(V).data());
  s.write("nu_minus", nu);
  s.write("E_N_plugin_unclipped", raw);
}

/// One [S] dataset per named field of the rows (one row per sample time).
template <class Row>
void write_columns(const h5::Location& at, const std::vector<Row>& rows,
                   std::initializer_list<std::pair<const char*, double (*)(const Row&)>> columns) {
  for (const auto& [name, field] : columns) {
    std::vector<double> values;
    values.reserve(rows.size());
    for (const Row& row : rows) values.push_back(field(row));
    at.write(name, values);
  }
}

void finish_file(TrajectoryDataset::Impl& d, std::size_t sample_times) {
  if (!d.table)  // no row saved: an empty table [0, T', Q] keeps the schema the same
    d.table.emplace(d.file, "trajectories", d.spec.selection.kept_times(sample_times), d.spec.selection.kept_quadratures(),
                    d.spec.deflate);
  d.file.flush();
}

}  // namespace

void TrajectoryDataset::finish(const LinearSimulationResult& r, const std::string& command_line) {
  Impl& d = *impl_;
  const auto& sp = r.spec;
  write_common(d,
               {"linear", std::string(to_string(sp.point.direction)), std::string(to_string(sp.stepper)),
                std::string(to_string(sp.initial.kind)), r.resolution_note, command_line, sp.grid.dt, sp.grid.t_end,
                sp.grid.samples, r.schedule.steps_per_sample, r.statistics.trajectories,
                static_cast<std::size_t>(r.processes), sp.ensemble, &r.statistics.times, &r.model,
                r.stability.max_re_eig},
               sp.point.parameters);
  const h5::Location s = d.file.group("summary");
  write_ensemble_summary(s, r.statistics);
  using C = SampleCheck;
  write_columns<C>(s, r.validation.samples,
                   {{"E_N", [](const C& c) { return c.E_N; }},
                    {"E_N_unclipped", [](const C& c) { return c.E_N_raw; }},
                    {"E_N_ci", [](const C& c) { return c.E_N_ci; }},
                    {"E_N_se", [](const C& c) { return c.E_N_se; }},
                    {"E_N_bias", [](const C& c) { return c.E_N_bias; }},
                    {"E_N_reference", [](const C& c) { return c.E_N_reference; }},
                    {"E_N_unclipped_reference", [](const C& c) { return c.E_N_raw_reference; }},
                    {"chi2", [](const C& c) { return c.chi2; }},
                    {"p_value", [](const C& c) { return c.p_value; }}});
  const std::size_t S = r.V_scheme.size();
  s.write("V_reference", {S, 6, 6}, flatten(r.V_scheme).data());
  s.write("mean_reference", {r.mean_reference.size(), 6}, flatten(r.mean_reference).data());
  if (r.V_lyapunov) write_matrix(d.file.group("steady"), "V_lyapunov", *r.V_lyapunov);
  finish_file(d, r.statistics.times.size());
}

void TrajectoryDataset::finish(const NonlinearSimulationResult& r, const std::string& command_line) {
  Impl& d = *impl_;
  const auto& sp = r.spec;
  write_common(d,
               {"nonlinear", std::string(to_string(sp.point.direction)), "heun", std::string(to_string(sp.initial.start)),
                r.resolution_note, command_line, sp.grid.dt, sp.grid.t_end, sp.grid.samples, r.steps_per_sample,
                r.statistics.nonlinear.trajectories, static_cast<std::size_t>(r.processes), sp.ensemble,
                &r.statistics.nonlinear.times, &r.model, r.stability.max_re_eig, root_vector(r.roots[r.root])},
               sp.point.parameters);
  d.file.attribute("frame", std::string("trajectories hold u = z - z_root (displaced frame of root #") +
                                std::to_string(r.root) + "); lab quadratures z = /model/z_root + u");
  std::vector<Vector6> mean_z, field_z;
  std::vector<Matrix6> V_linear;
  for (const auto& x : r.samples) {
    mean_z.push_back(x.mean_z);
    field_z.push_back(x.mean_field_z);
    V_linear.push_back(x.V_linear);
  }
  const std::size_t S = r.samples.size();
  const h5::Location s = d.file.group("summary");
  write_ensemble_summary(s, r.statistics.nonlinear);
  s.write("mean_z", {S, 6}, flatten(mean_z).data());
  s.write("V_linearized", {S, 6, 6}, flatten(V_linear).data());
  using N = NonlinearSample;
  write_columns<N>(s, r.samples,
                   {{"E_N", [](const N& x) { return std::isnan(x.E_N.estimate) ? x.E_N.estimate : std::max(0.0, x.E_N.estimate); }},
                    {"E_N_unclipped", [](const N& x) { return x.E_N.estimate; }},
                    {"E_N_ci", [](const N& x) { return x.E_N.ci_half_width; }},
                    {"E_N_linearized_unclipped", [](const N& x) { return x.E_N_linear.estimate; }},
                    {"E_N_linearized_ci", [](const N& x) { return x.E_N_linear.ci_half_width; }},
                    {"E_N_difference", [](const N& x) { return x.E_N_difference.estimate; }},
                    {"E_N_difference_ci", [](const N& x) { return x.E_N_difference.ci_half_width; }},
                    {"E_N_closed_form_unclipped", [](const N& x) { return x.E_N_closed_form; }},
                    {"departure", [](const N& x) { return x.departure; }},
                    {"departure_z", [](const N& x) { return x.departure_z; }}});
  d.file.write("mean_field", {S, 6}, flatten(field_z).data());
  finish_file(d, S);
}

}  // namespace spincom
