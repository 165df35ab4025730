#include "spincom/io/dynamics_writer.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>

#include "spincom/core/version.hpp"
#include "spincom/io/json_report.hpp"
#include "spincom/io/number_format.hpp"
#include "spincom/io/parameter_line.hpp"

namespace spincom {
namespace {

std::vector<double> row(const MomentsSample& s) {
  return {s.t, s.E_N, s.E_N_raw, s.nu_minus, s.n_mechanics, s.n_driven, s.n_other, s.purity, s.distance_steady};
}

std::string pair_text(const Bipartition& p) { return std::string(to_string(p.a)) + "," + std::string(to_string(p.b)); }

std::string optional_text(const std::optional<double>& x) { return x ? format_number(*x) : "none"; }

void header(std::ostream& os, const DynamicsResult& r, const DirectionDynamics& d, const std::string& command) {
  os << "# spincom " << version << ", closed-form dynamics V(t) = e^{At} V0 e^{A^T t} + Q(t) (no sampling)\n"
     << "# command: " << command << "\n"
     << "# parameters:" << parameter_assignments(d.parameters) << "\n"
     << "# direction=" << to_string(d.direction) << " root=" << d.analysis.root << " pair=" << pair_text(r.spec.pair)
     << " initial=" << (r.spec.V0 ? "V0" : "vacuum-thermal") << " method=" << to_string(d.method)
     << " cond_S=" << format_number(d.condition) << "\n"
     << "# max_re_lambda=" << format_number(d.metrics.max_re_lambda) << " slowest_rate=" << format_number(d.metrics.slowest_rate)
     << " covariance_rate=" << format_number(d.metrics.covariance_rate) << " E_N_steady=" << optional_text(d.metrics.E_N_steady)
     << " onset=" << optional_text(d.metrics.onset)
     << " sustained_onset=" << optional_text(d.metrics.sustained_onset) << " t90=" << optional_text(d.metrics.t90) << "\n"
     << "# units: SI, t in s, rates s^-1; u = (X_driven, Y_driven, X_other, Y_other, q, p); vacuum variance 1/2\n";
  std::vector<std::string> guards;
  append_guard_lines(guards, d.resolution_note, d.analysis.margin, d.warnings);
  for (const auto& line : guards) os << "# " << line << "\n";
}

void write_moments(std::ostream& os, const DirectionDynamics& d) {
  os << "# E_N = max(0, E_N_raw), E_N_raw = -ln 2 nu_minus (pair above); n_* = (V_XX + V_YY - 1)/2 of the mode's "
        "fluctuations; purity = 1/(8 sqrt(det V)); distance_steady = max|V - V_lyapunov| / max|V_lyapunov|, empty where no steady state "
        "exists (--allow-unstable)\n";
  const auto& cols = dynamics_columns();
  for (std::size_t i = 0; i < cols.size(); ++i) os << (i ? "," : "") << cols[i];
  os << "\n";
  for (const auto& s : d.samples) {
    const auto v = row(s);
    for (std::size_t i = 0; i < v.size(); ++i) os << (i ? "," : "") << (std::isnan(v[i]) ? "" : format_number(v[i]));
    os << "\n";
  }
}

void write_covariance(std::ostream& os, const DirectionDynamics& d) {
  os << "t";
  for (int k = 0; k < 6; ++k)
    for (int l = k; l < 6; ++l) os << ",V_" << quadrature::names[k] << "_" << quadrature::names[l];
  os << "\n";
  for (const auto& s : d.samples) {
    os << format_number(s.t);
    for (int k = 0; k < 6; ++k)
      for (int l = k; l < 6; ++l) os << "," << format_number(s.V(k, l));
    os << "\n";
  }
}

nlohmann::json optional_json(const std::optional<double>& x) { return x ? nlohmann::json(*x) : nlohmann::json(nullptr); }

nlohmann::json direction_json(const DirectionDynamics& d) {
  nlohmann::json j;
  j["point"] = {{"detuning", d.parameters.detuning}, {"root", d.analysis.root}, {"note", d.resolution_note},
                {"stable", d.analysis.stability.stable()}, {"method", std::string(to_string(d.method))},
                {"cond_S", d.condition}, {"max_re_eig_over_kappa", d.analysis.margin.over_kappa},
                {"max_re_eig_over_gamma_m", d.analysis.margin.over_gamma_m}, {"marginal", d.analysis.margin.marginal()}};
  j["warnings"] = nlohmann::json::array();
  for (const auto& w : d.warnings) j["warnings"].push_back({{"code", w.code}, {"message", w.message}});
  const auto& m = d.metrics;
  j["metrics"] = {{"onset", optional_json(m.onset)}, {"sustained_onset", optional_json(m.sustained_onset)},
                  {"entangled_at_start", m.entangled_at_start},
                  {"t90", optional_json(m.t90)}, {"E_N_steady", optional_json(m.E_N_steady)},
                  {"max_re_lambda", m.max_re_lambda}, {"slowest_rate", m.slowest_rate},
                  {"covariance_rate", m.covariance_rate}};
  const auto& cols = dynamics_columns();
  for (std::size_t c = 1; c < cols.size(); ++c) {
    auto& column = j["columns"][cols[c]] = nlohmann::json::array();
    for (const auto& s : d.samples) {
      const double v = row(s)[c];
      column.push_back(std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v));
    }
  }
  return j;
}

}  // namespace

const std::vector<std::string>& dynamics_columns() {
  static const std::vector<std::string> cols{"t", "E_N", "E_N_raw", "nu_minus", "n_mechanics", "n_driven", "n_other",
                                             "purity", "distance_steady"};
  return cols;
}

std::vector<std::string> dynamics_csv_names(DirectionChoice choice) {
  std::vector<std::string> names;
  std::vector<Direction> directions;
  if (choice != DirectionChoice::cw) directions.push_back(Direction::ccw);
  if (choice != DirectionChoice::ccw) directions.push_back(Direction::cw);
  for (Direction d : directions) {
    names.push_back("dynamics_" + std::string(to_string(d)) + ".csv");
    names.push_back("covariance_" + std::string(to_string(d)) + ".csv");
  }
  return names;
}

void write_dynamics_csv(const DynamicsResult& r, OutputSet& set, const std::string& command) {
  for (const auto& d : r.directions) {
    const std::string name(to_string(d.direction));
    set.write("dynamics_" + name + ".csv", [&](std::ostream& os) { header(os, r, d, command); write_moments(os, d); });
    set.write("covariance_" + name + ".csv", [&](std::ostream& os) { header(os, r, d, command); write_covariance(os, d); });
  }
}

nlohmann::json dynamics_json(const DynamicsResult& r) {
  nlohmann::json j;
  j["conventions"] = conventions_json();
  j["pair"] = pair_text(r.spec.pair);
  j["initial"] = r.spec.V0 ? "V0" : "vacuum-thermal";
  j["times"] = r.times;
  for (const auto& d : r.directions) j["directions"][std::string(to_string(d.direction))] = direction_json(d);
  j["comparison"] = buildup_comparison(r);
  return j;
}

namespace {

std::string short_time(const std::optional<double>& t, const std::string& otherwise) {
  if (!t) return otherwise;
  std::ostringstream os;
  os << std::setprecision(6) << *t << " s";
  return os.str();
}

void print_sample(std::ostream& os, const MomentsSample& s) {
  std::ostringstream line;
  line << std::scientific << std::setprecision(4) << std::setw(11) << s.t << std::fixed << std::setprecision(6)
       << std::setw(10) << s.E_N << std::setw(11) << s.E_N_raw << std::setw(11) << s.nu_minus << std::setprecision(3)
       << std::setw(9) << s.n_mechanics << std::setprecision(5) << std::setw(11) << s.n_driven << std::setw(9)
       << s.purity << std::scientific << std::setprecision(3) << std::setw(14);
  if (std::isnan(s.distance_steady)) line << "-";  // no steady state to compare with
  else line << s.distance_steady;
  line << "\n";
  os << line.str();
}

void print_metrics(std::ostream& os, const BuildupMetrics& m) {
  std::ostringstream line;
  line << std::setprecision(6) << "build-up: onset " << short_time(m.onset, "not reached")
       << (m.entangled_at_start ? " (entangled at the first time)" : "") << ", sustained from "
       << short_time(m.sustained_onset, "never") << ", t90 "
       << short_time(m.t90, m.E_N_steady && *m.E_N_steady > 0 ? "not reached" : "undefined (steady E_N = 0)")
       << ", steady E_N ";
  if (m.E_N_steady) line << *m.E_N_steady; else line << "none (unstable)";
  line << "\n          slowest relaxation rate min|Re lambda| = " << m.slowest_rate << " s^-1 (V relaxes at "
       << m.covariance_rate << " s^-1)\n";
  os << line.str();
}

}  // namespace

void print_dynamics_report(std::ostream& os, const DynamicsResult& r, std::size_t rows) {
  os << "spincom dynamics: closed-form V(t) = e^{At} V0 e^{A^T t} + Q(t), pair " << pair_text(r.spec.pair)
     << ", initial " << (r.spec.V0 ? "V0" : "vacuum-thermal") << "\n";
  if (!r.grid_note.empty()) os << r.grid_note << "\n";
  for (const auto& d : r.directions) {
    std::ostringstream head;
    head << std::setprecision(6) << "\ndirection " << to_string(d.direction) << ": Delta_c/omega_m = "
         << d.parameters.detuning << ", root #" << d.analysis.root << ", max Re lambda = " << d.metrics.max_re_lambda
         << " s^-1, V(t) by " << to_string(d.method) << " (cond S = " << std::setprecision(3) << d.condition << ")\n";
    os << head.str();
    if (!d.resolution_note.empty()) os << d.resolution_note << "\n";
    os << "      t [s]       E_N    E_N_raw   nu_minus   n_mech   n_driven   purity   dist_steady\n";
    const std::size_t n = d.samples.size(), shown = std::min(rows, n);
    std::size_t last = n;
    for (std::size_t k = 0; k < shown; ++k) {
      const std::size_t i = shown == 1 ? 0 : (k * (n - 1) + (shown - 1) / 2) / (shown - 1);
      if (i != last) print_sample(os, d.samples[i]);
      last = i;
    }
    print_metrics(os, d.metrics);
  }
  if (r.directions.size() == 2) os << "\nwhich direction entangles faster: " << buildup_comparison(r) << "\n";
}

}  // namespace spincom
