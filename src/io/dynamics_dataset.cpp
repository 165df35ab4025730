#include "spincom/io/dynamics_dataset.hpp"

#include <cmath>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "spincom/core/error.hpp"
#include "spincom/io/hdf5_file.hpp"
#include "spincom/io/hdf5_provenance.hpp"

namespace spincom {
namespace {

std::vector<double> row_major(const Matrix6& M) {
  std::vector<double> out;
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j) out.push_back(M(i, j));
  return out;
}

void write_matrix(const h5::Location& at, const std::string& name, const Matrix6& M, const std::string& unit) {
  at.write(name, {6, 6}, row_major(M).data(), unit);
}

double or_nan(const std::optional<double>& x) { return x ? *x : std::numeric_limits<double>::quiet_NaN(); }

/// The moments per time, one [T] dataset each, and V(t) as [T, 6, 6].
void write_moments(const h5::Location& g, const DirectionDynamics& d) {
  const std::pair<const char*, double MomentsSample::*> columns[] = {
      {"E_N", &MomentsSample::E_N},           {"E_N_raw", &MomentsSample::E_N_raw},
      {"nu_minus", &MomentsSample::nu_minus}, {"n_mechanics", &MomentsSample::n_mechanics},
      {"n_driven", &MomentsSample::n_driven}, {"n_other", &MomentsSample::n_other},
      {"purity", &MomentsSample::purity},     {"distance_steady", &MomentsSample::distance_steady}};
  for (const auto& [name, member] : columns) {
    std::vector<double> v;
    for (const auto& s : d.samples) v.push_back(s.*member);
    g.write(name, v, "1");
  }
  std::vector<double> V;
  for (const auto& s : d.samples) {
    const auto m = row_major(s.V);
    V.insert(V.end(), m.begin(), m.end());
  }
  g.write("V", {d.samples.size(), 6, 6}, V.data(), "1");
}

void write_metrics(const h5::Location& g, const BuildupMetrics& m) {
  const h5::Location s = g.group("metrics");
  s.write_scalar("onset", or_nan(m.onset), "s");
  s.write_scalar("sustained_onset", or_nan(m.sustained_onset), "s");
  s.write_scalar("t90", or_nan(m.t90), "s");
  s.write_scalar("E_N_steady", or_nan(m.E_N_steady), "1");
  s.write_scalar("max_re_lambda", m.max_re_lambda, "s^-1");
  s.write_scalar("slowest_rate", m.slowest_rate, "s^-1");
  s.write_scalar("covariance_rate", m.covariance_rate, "s^-1");
  s.attribute("entangled_at_start", static_cast<std::uint64_t>(m.entangled_at_start));
}

/// The point as attributes of the direction's group.
void write_point(const h5::Location& g, const DirectionDynamics& d) {
  g.attribute("direction", std::string(to_string(d.direction)));
  g.attribute("detuning", d.parameters.detuning);
  g.attribute("root", static_cast<std::uint64_t>(d.analysis.root));
  g.attribute("resolution_note", d.resolution_note);
  g.attribute("stable", static_cast<std::uint64_t>(d.analysis.stability.stable()));
  g.attribute("method", std::string(to_string(d.method)));
  g.attribute("cond_S", d.condition);
  g.attribute("max_re_eig_over_kappa", d.analysis.margin.over_kappa);
  g.attribute("max_re_eig_over_gamma_m", d.analysis.margin.over_gamma_m);
  g.attribute("marginal", static_cast<std::uint64_t>(d.analysis.margin.marginal()));
  std::string warnings;
  for (const auto& w : d.warnings) warnings += (warnings.empty() ? "" : "\n") + w.code + ": " + w.message;
  g.attribute("warnings", warnings);
}

void write_direction(const h5::Location& root, const DirectionDynamics& d) {
  const h5::Location g = root.group(std::string(to_string(d.direction)));
  write_point(g, d);
  write_moments(g, d);
  write_matrix(g, "V0", d.V0, "1");
  if (d.analysis.V_lyapunov) write_matrix(g, "V_lyapunov", *d.analysis.V_lyapunov, "1");
  write_metrics(g, d.metrics);
  const h5::Location m = g.group("model");
  write_matrix(m, "A", d.analysis.model.A, "s^-1");
  write_matrix(m, "D", d.analysis.model.D, "s^-1");
  write_parameter_groups(g, d.parameters);
}

}  // namespace

void check_hdf5_file_name(const std::filesystem::path& file, const std::string& field) {
  const std::string ext = file.extension().string();
  if (ext != ".h5" && ext != ".hdf5")
    throw InvalidParameter(field + " = " + file.string() +
                           ": valid is a file name ending in .h5 or .hdf5 (an HDF5 file). Hint: dynamics.h5; CSV files "
                           "go to a folder.");
}

void write_dynamics_hdf5(const DynamicsResult& r, const std::filesystem::path& file, const std::string& command) {
  const h5::File f(file);
  write_provenance(f, command);
  f.attribute("content", std::string("closed-form dynamics V(t) = e^{At} V0 e^{A^T t} + Q(t) (no sampling)"));
  f.attribute("pair", std::string(to_string(r.spec.pair.a)) + "," + std::string(to_string(r.spec.pair.b)));
  f.attribute("initial", std::string(r.spec.V0 ? "V0" : "vacuum-thermal"));
  f.attribute("grid_note", r.grid_note);
  std::string directions;
  for (const auto& d : r.directions) directions += (directions.empty() ? "" : ",") + std::string(to_string(d.direction));
  f.attribute("directions", directions);
  f.attribute("missing", std::string("NaN: no such time or value"));
  f.write("time", r.times, "s");
  for (const auto& d : r.directions) write_direction(f, d);
  f.flush();
}

}  // namespace spincom
