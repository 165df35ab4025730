#include "spincom/io/simulation_writer.hpp"

#include <cmath>
#include <cstdio>

#include "spincom/core/version.hpp"
#include "spincom/random/seeding.hpp"
#include "spincom/io/number_format.hpp"
#include "spincom/io/parameter_line.hpp"

namespace spincom {
namespace {

void header(std::ostream& os, const std::vector<std::string>& meta) {
  for (const auto& line : meta) os << "# " << line << "\n";
}

}  // namespace

std::vector<std::string> simulation_metadata(const LinearSimulationResult& r, const std::string& command_line) {
  const auto& s = r.spec;
  std::vector<std::string> m;
  m.push_back("spincom " + std::string(version) + ", linear fluctuation SDE du = A u dt + B dW");
  m.push_back("command: " + command_line);
  m.push_back("parameters:" + parameter_assignments(s.point.parameters));
  m.push_back("direction=" + std::string(to_string(s.point.direction)) + " stepper=" + std::string(to_string(s.stepper)) +
              " dt=" + format_number(s.grid.dt) + " t_end=" + format_number(s.grid.t_end) + " samples=" + std::to_string(s.grid.samples) +
              " initial=" + std::string(to_string(s.initial.kind)) + " pair=" + std::string(to_string(s.pair.a)) + "," +
              std::string(to_string(s.pair.b)));
  m.push_back("trajectories=" + std::to_string(r.statistics.trajectories) + " seed=" + std::to_string(s.ensemble.seed) +
              " processes=" + std::to_string(r.processes) +
              " (" + seed_rule() + ")" +
              " jackknife_groups=" + std::to_string(s.ensemble.groups) + " (group = i mod groups)");
  m.push_back("units: SI, rates s^-1, t in s; u = (X_driven, Y_driven, X_other, Y_other, q, p); vacuum variance 1/2");
  append_guard_lines(m, r.resolution_note, r.margin, r.warnings);
  return m;
}

double estimate_simulation_csv_bytes(std::size_t sample_times, std::size_t paths) {
  const double columns = 16 + 42 + 19 + 8.0 * static_cast<double>(paths);  // timeseries, covariance, mean, paths
  return 24.0 * columns * static_cast<double>(sample_times) + 4096.0;
}

const std::vector<std::string>& simulation_csv_names() {
  static const std::vector<std::string> names{"timeseries.csv", "covariance.csv", "mean.csv", "paths.csv"};
  return names;
}

std::vector<std::string> simulation_csv_names(const std::string& prefix) {
  std::vector<std::string> names;
  for (const auto& n : simulation_csv_names()) names.push_back(prefix + n);
  return names;
}

void write_simulation_csv(const LinearSimulationResult& r, OutputSet& set, const std::string& command_line,
                          const std::string& prefix) {
  const auto meta = simulation_metadata(r, command_line);
  const auto& stats = r.statistics;
  const std::size_t S = stats.times.size();
  std::vector<CovarianceAccumulator> ensemble(S);  // merged once per sample for all three files
  for (std::size_t k = 0; k < S; ++k) ensemble[k] = stats.merged(k);

  set.write(prefix + "timeseries.csv", [&](std::ostream& os) {
    header(os, meta);
    const Mode a = r.spec.pair.a, b = r.spec.pair.b;
    os << "# E_N: ensemble (max(0, -ln 2 nu^-)) between " << to_string(a) << " and " << to_string(b)
       << "; E_N_ci: 95% jackknife CI half-width; E_N_reference: from the closed-form "
          "V(t) of the scheme; E_N_lyapunov: steady state (empty where none exists, --allow-unstable); max_abs_z (diagnostic), chi2 (Bartlett-corrected likelihood ratio, 21 dof), p_value: ensemble V vs reference; "
          "E_N_raw, E_N_raw_reference, E_N_raw_lyapunov: the same unclipped, -ln 2 nu^- (E_N = max(0, E_N_raw); < 0: not entangled; "
          "E_N_raw is the jackknife estimate whose E_N_se and E_N_ci are given); nu_minus, nu_minus_reference: Eq. (13) of the "
          "ensemble V (plug-in) and of the reference V\n";
    os << "t,n,E_N,E_N_ci,E_N_se,E_N_bias,E_N_reference,E_N_lyapunov,max_abs_z,chi2,p_value,E_N_raw,E_N_raw_reference,"
          "E_N_raw_lyapunov,nu_minus,nu_minus_reference\n";
    const double lyap_value = r.V_lyapunov ? raw_log_negativity(*r.V_lyapunov, a, b) : 0.0;
    const std::string lyap_raw = r.V_lyapunov ? format_number(lyap_value) : "";  // empty: no steady state
    const std::string lyap = r.V_lyapunov ? format_number(std::max(0.0, lyap_value)) : "";
    for (std::size_t k = 0; k < r.validation.samples.size(); ++k) {
      const auto& c = r.validation.samples[k];
      os << format_number(c.t) << "," << c.n << "," << format_number(c.E_N) << "," << format_number(c.E_N_ci) << "," << format_number(c.E_N_se) << ","
         << format_number(c.E_N_bias) << "," << format_number(c.E_N_reference) << "," << lyap << "," << format_number(c.max_abs_z) << ","
         << format_number(c.chi2) << "," << format_number(c.p_value) << "," << format_number(c.E_N_raw) << ","
         << format_number(c.E_N_raw_reference) << "," << lyap_raw << ","
         << format_number(log_negativity(ensemble[k].covariance(), a, b).nu_minus) << ","
         << format_number(log_negativity(r.V_scheme[k], a, b).nu_minus) << "\n";
    }
  });

  set.write(prefix + "covariance.csv", [&](std::ostream& os) {
    header(os, meta);
    os << "# V_ij: ensemble sample covariance (upper triangle); ref_V_ij: reference V(t) of the scheme\nt";
    for (const char* prefix : {"V_", "ref_V_"})
      for (int i = 0; i < 6; ++i)
        for (int j = i; j < 6; ++j) os << "," << prefix << i << j;
    os << "\n";
    for (std::size_t k = 0; k < S; ++k) {
      const Matrix6 V = ensemble[k].covariance();
      os << format_number(stats.times[k]);
      for (const Matrix6* M : {&V, &r.V_scheme[k]})
        for (int i = 0; i < 6; ++i)
          for (int j = i; j < 6; ++j) os << "," << format_number((*M)(i, j));
      os << "\n";
    }
  });

  set.write(prefix + "mean.csv", [&](std::ostream& os) {
    header(os, meta);
    os << "# mean_k: ensemble mean of u_k; se_k: its standard error; ref_k: e^{At} mean0\nt";
    for (const char* prefix : {"mean_", "se_", "ref_"})
      for (int i = 0; i < 6; ++i) os << "," << prefix << i;
    os << "\n";
    for (std::size_t k = 0; k < S; ++k) {
      const CovarianceAccumulator& a = ensemble[k];
      const Matrix6 V = a.covariance();
      os << format_number(stats.times[k]);
      for (int i = 0; i < 6; ++i) os << "," << format_number(a.mean(i));
      for (int i = 0; i < 6; ++i) os << "," << format_number(std::sqrt(V(i, i) / static_cast<double>(a.n)));
      for (int i = 0; i < 6; ++i) os << "," << format_number(r.mean_reference[k](i));
      os << "\n";
    }
  });

  set.write(prefix + "paths.csv", [&](std::ostream& os) {
    header(os, meta);
    os << "trajectory,t,X_driven,Y_driven,X_other,Y_other,q,p\n";
    for (std::size_t i = 0; i < stats.paths.size(); ++i)
      for (std::size_t k = 0; k < stats.paths[i].size(); ++k) {
        os << i << "," << format_number(stats.times[k]);
        for (int j = 0; j < 6; ++j) os << "," << format_number(stats.paths[i][k](j));
        os << "\n";
      }
  });
}

void print_simulation_table(std::ostream& os, const LinearSimulationResult& r, std::size_t rows) {
  const auto& v = r.validation.samples;
  char buf[200];
  os << "      t [s]   trajectories   E_N ensemble +- 95% CI    E_N reference   max|z|   chi2 p-value\n";
  const std::size_t S = v.size();
  // About `rows` evenly spaced samples, always including the first and the last.
  std::vector<std::size_t> shown;
  for (std::size_t j = 0; j < rows && S > 0; ++j) {
    const std::size_t k = rows > 1 ? j * (S - 1) / (rows - 1) : S - 1;
    if (shown.empty() || shown.back() != k) shown.push_back(k);
  }
  for (std::size_t k : shown) {
    const auto& c = v[k];
    std::snprintf(buf, sizeof buf, "%11.4e %14zu   %10.6f +- %8.6f    %12.6f   %6.2f   %8.3g\n", c.t, c.n, c.E_N,
                  c.E_N_ci, c.E_N_reference, c.max_abs_z, c.p_value);
    os << buf;
  }
}

}  // namespace spincom
