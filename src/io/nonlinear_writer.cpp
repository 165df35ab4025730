#include "spincom/io/nonlinear_writer.hpp"

#include <cmath>
#include <utility>
#include <cstdio>

#include "spincom/core/version.hpp"
#include "spincom/random/seeding.hpp"
#include "spincom/io/number_format.hpp"
#include "spincom/measures/log_negativity.hpp"
#include "spincom/io/parameter_line.hpp"

namespace spincom {
namespace {

void header(std::ostream& os, const std::vector<std::string>& meta) {
  for (const auto& line : meta) os << "# " << line << "\n";
}

double photons(const Vector6& z) { return 0.5 * z.head<4>().squaredNorm(); }

std::vector<std::size_t> shown_rows(std::size_t S, std::size_t rows) {
  std::vector<std::size_t> shown;
  for (std::size_t j = 0; j < rows && S > 0; ++j) {
    const std::size_t k = rows > 1 ? j * (S - 1) / (rows - 1) : S - 1;
    if (shown.empty() || shown.back() != k) shown.push_back(k);
  }
  return shown;
}

}  // namespace

std::vector<std::string> nonlinear_metadata(const NonlinearSimulationResult& r, const std::string& command_line) {
  const auto& s = r.spec;
  std::vector<std::string> m;
  m.push_back("spincom " + std::string(version) + ", nonlinear truncated-Wigner Langevin equations (Eq. 3), stochastic Heun");
  m.push_back("command: " + command_line);
  m.push_back("parameters:" + parameter_assignments(s.point.parameters));
  const FixedPoint& fp = r.roots[r.root];
  m.push_back("direction=" + std::string(to_string(s.point.direction)) + " start=" + std::string(to_string(s.initial.start)) +
              " root=" + std::to_string(r.root) + " of " + std::to_string(r.roots.size()) + " (q_s=" + format_number(fp.q_s) +
              ", N_driven=" + format_number(fp.N_driven) + ") dt=" + format_number(s.grid.dt) + " t_end=" + format_number(s.grid.t_end) +
              " samples=" + std::to_string(s.grid.samples));
  m.push_back("trajectories=" + std::to_string(r.statistics.nonlinear.trajectories) + " seed=" + std::to_string(s.ensemble.seed) +
              " processes=" + std::to_string(r.processes) + " (" + seed_rule() + "; the paired linearized trajectory uses the same normals) jackknife_groups=" +
              std::to_string(s.ensemble.groups));
  m.push_back("units: SI, rates s^-1, t in s; displaced frame u = (X_driven, Y_driven, X_other, Y_other, q, p) - root; "
              "lab z = (sqrt2 Re a1, sqrt2 Im a1, sqrt2 Re a2, sqrt2 Im a2, q, p); vacuum variance 1/2");
  append_guard_lines(m, r.resolution_note, r.margin, r.warnings);
  return m;
}

namespace {

void write_timeseries(std::ostream& os, const NonlinearSimulationResult& r) {
  const double lyap = r.V_lyapunov ? raw_log_negativity(*r.V_lyapunov) : NAN;
  os << "# E_N*: unclipped -ln 2 nu^- (jackknife estimate) and 95% CI half-widths; E_N_linear: the paired linearized "
        "ensemble; E_N_difference: nonlinear minus linearized (paired jackknife); E_N_closed_form: linear closed-form "
        "V(t); E_N_lyapunov: steady state (all unclipped; E_N = max(0, .)); departure: max_kl |V - V_linear| / sqrt(V_kk V_ll); departure_z: "
        "max_kl of its paired jackknife z; N_coherent: photons of the ensemble mean amplitude, |<a_driven>|^2 + "
        "|<a_other>|^2; N_mean: mean photon number <a_driven^dag a_driven> + <a_other^dag a_other>, the ensemble "
        "average of |alpha_driven|^2 + |alpha_other|^2 - 1 (truncated Wigner: -1/2 per mode) = N_coherent + "
        "((n-1)/n (V_00 + V_11 + V_22 + V_33) - 2)/2, with V the sample covariance M2/(n-1) of nonlinear_covariance.csv; "
        "q_mean: ensemble mean q; N_mean_field, q_mean_field: noise-free transient; nu_minus, nu_minus_linear: Eq. (13) "
        "of the ensemble covariances (plug-in), nu_minus_closed_form = exp(-E_N_closed_form)/2\n";
  os << "t,n,E_N,E_N_ci,E_N_linear,E_N_linear_ci,E_N_difference,E_N_difference_ci,E_N_closed_form,E_N_lyapunov,departure,"
        "departure_z,N_coherent,N_mean,q_mean,N_mean_field,q_mean_field,nu_minus,nu_minus_linear,nu_minus_closed_form\n";
  const std::size_t n = r.statistics.nonlinear.trajectories;
  for (const auto& s : r.samples)
    os << format_number(s.t) << "," << n << "," << format_number(s.E_N.estimate) << ","
       << format_number(s.E_N.ci_half_width) << "," << format_number(s.E_N_linear.estimate) << ","
       << format_number(s.E_N_linear.ci_half_width) << "," << format_number(s.E_N_difference.estimate) << ","
       << format_number(s.E_N_difference.ci_half_width) << "," << format_number(s.E_N_closed_form) << ","
       << format_number(lyap) << "," << format_number(s.departure) << "," << format_number(s.departure_z) << ","
       << format_number(photons(s.mean_z)) << ","
       << format_number(mode_photons(s, 0, n).mean + mode_photons(s, 1, n).mean) << "," << format_number(s.mean_z(4)) << ","
       << format_number(photons(s.mean_field_z)) << "," << format_number(s.mean_field_z(4)) << ","
       << format_number(log_negativity(s.V).nu_minus) << "," << format_number(log_negativity(s.V_linear).nu_minus) << ","
       << format_number(0.5 * std::exp(-s.E_N_closed_form)) << "\n";
}

void write_covariances(std::ostream& os, const NonlinearSimulationResult& r) {
  os << "# V_ij: nonlinear ensemble covariance around the instantaneous mean (upper triangle); lin_V_ij: paired "
        "linearized ensemble; scheme_V_ij: the linear Heun scheme's expected V(t); closed_V_ij: linear closed form; "
        "lyap_V_ij: Lyapunov (NaN if unstable)\nt";
  for (const char* prefix : {"V_", "lin_V_", "scheme_V_", "closed_V_", "lyap_V_"})
    for (int i = 0; i < 6; ++i)
      for (int j = i; j < 6; ++j) os << "," << prefix << i << j;
  os << "\n";
  const Matrix6 nan = Matrix6::Constant(NAN);
  for (std::size_t k = 0; k < r.samples.size(); ++k) {
    os << format_number(r.samples[k].t);
    for (const Matrix6* M : {&r.samples[k].V, &r.samples[k].V_linear, &r.V_scheme[k], &r.V_closed_form[k],
                             r.V_lyapunov ? &*r.V_lyapunov : &nan})
      for (int i = 0; i < 6; ++i)
        for (int j = i; j < 6; ++j) os << "," << format_number((*M)(i, j));
    os << "\n";
  }
}

void write_mean_field(std::ostream& os, const NonlinearSimulationResult& r) {
  os << "# noise-free Eq. (3) (Dormand-Prince); run=switch_on: from the empty cavity over 60/|max Re lambda| (stable "
        "roots only); run=ensemble_start: from the ensemble's initial mean over the sample times. z_k lab quadratures, "
        "N = N_1 + N_2, distance: relative distance to the chosen root\n";
  os << "run,t,z0,z1,z2,z3,q,p,N,distance\n";
  const Vector6 zr = root_vector(r.roots[r.root]);
  auto rows = [&](const char* name, const MeanFieldDynamicsResult& m) {
    for (const auto& s : m.transient) {
      os << name << "," << format_number(s.t);
      for (int j = 0; j < 6; ++j) os << "," << format_number(s.z(j));
      os << "," << format_number(photons(s.z)) << "," << format_number((s.z - zr).norm() / zr.norm()) << "\n";
    }
  };
  rows("switch_on", r.switch_on);
  rows("ensemble_start", r.mean_field);
}

void write_paths(std::ostream& os, const NonlinearSimulationResult& r) {
  os << "trajectory,t,X_driven,Y_driven,X_other,Y_other,q,p\n";
  const auto& st = r.statistics.nonlinear;
  for (std::size_t i = 0; i < st.paths.size(); ++i)
    for (std::size_t k = 0; k < st.paths[i].size(); ++k) {
      os << i << "," << format_number(st.times[k]);
      for (int j = 0; j < 6; ++j) os << "," << format_number(st.paths[i][k](j));
      os << "\n";
    }
}

}  // namespace

double estimate_nonlinear_csv_bytes(std::size_t sample_times, std::size_t paths) {
  const double columns = 40 + 3 * 21 + 13 + 8.0 * static_cast<double>(paths);  // timeseries, covariances, mean field, paths
  return 24.0 * columns * static_cast<double>(sample_times) + (1 << 20);  // + the model checks
}

const std::vector<std::string>& nonlinear_csv_names() {
  static const std::vector<std::string> names{"nonlinear_timeseries.csv", "nonlinear_covariance.csv", "mean_field.csv",
                                              "nonlinear_paths.csv"};
  return names;
}

const std::vector<std::string>& model_checks_csv_names() {
  static const std::vector<std::string> names{"stability_map.csv", "hysteresis.csv", "hysteresis_roots.csv", "growth.csv"};
  return names;
}

void write_nonlinear_csv(const NonlinearSimulationResult& r, OutputSet& set, const std::string& command_line) {
  const auto meta = nonlinear_metadata(r, command_line);
  using Writer = void (*)(std::ostream&, const NonlinearSimulationResult&);
  const std::pair<const char*, Writer> parts[] = {{"nonlinear_timeseries.csv", write_timeseries},
                                                  {"nonlinear_covariance.csv", write_covariances},
                                                  {"mean_field.csv", write_mean_field},
                                                  {"nonlinear_paths.csv", write_paths}};
  for (const auto& [name, write] : parts)
    set.write(name, [&](std::ostream& os) {
      header(os, meta);
      write(os, r);
    });
}

void write_model_checks_csv(const ModelCheckResults& m, OutputSet& set, const std::string& command_line) {
  std::vector<std::string> meta{"spincom " + std::string(version) + ", nonlinear model checks (docs/nonlinear.md)",
                                "command: " + command_line};
  set.write("stability_map.csv", [&](std::ostream& os) {
    header(os, meta);
    os << "# Fig. S2 plane: Table I, J = 2 kappa; Omega_r > 0: ccw drive, < 0: cw; lowest root perturbed by 1e-6 |z| and "
          "integrated noise-free for t_sim = " << format_number(m.map.t_sim) << " s; growth = ln(max |u| over the last tenth / |u(0)|)\n";
    os << "detuning,Omega_r,n_roots,max_re_lambda,routh_hurwitz_stable,outcome,agree,growth\n";
    for (const auto& q : m.map.points)
      os << format_number(q.detuning) << "," << format_number(q.Omega_r) << "," << q.n_roots << ","
         << format_number(q.max_re_lambda) << "," << (q.routh_hurwitz_stable ? 1 : 0) << "," << to_string(q.outcome) << ","
         << (q.agree ? 1 : 0) << "," << format_number(q.growth) << "\n";
  });
  set.write("hysteresis.csv", [&](std::ostream& os) {
    header(os, meta);
    os << "# 100 mW, Omega = 8 kHz, ccw; quasi-static sweep, 20 us per step from the previous final state; root = -1: "
          "no root within 1e-6 (limit cycle); N = N_1 + N_2 at the end of the step; q_amplitude over its second half\n";
    os << "step,direction,detuning,N,q,q_amplitude,q_min,q_max,n_roots,root,root_stable,distance\n";
    for (std::size_t k = 0; k < m.sweep.size(); ++k) {
      const auto& s = m.sweep[k];
      os << k << "," << (s.up ? "up" : "down") << "," << format_number(s.detuning) << "," << format_number(s.N) << ","
         << format_number(s.q) << "," << format_number(s.q_amplitude) << "," << format_number(s.q_min) << ","
         << format_number(s.q_max) << "," << s.n_roots << ","
         << (s.root ? static_cast<long>(*s.root) : -1L) << "," << (s.root_stable ? 1 : 0) << "," << format_number(s.distance)
         << "\n";
    }
  });
  set.write("hysteresis_roots.csv", [&](std::ostream& os) {
    header(os, meta);
    os << "# every root of Eq. (7) on the hysteresis family (100 mW, 8 kHz, ccw), tagged linearly stable or not\n";
    os << "detuning,q_s,N,stable\n";
    for (const auto& b : m.branches)
      os << format_number(b.detuning) << "," << format_number(b.q_s) << "," << format_number(b.N) << "," << (b.stable ? 1 : 0)
         << "\n";
  });
  set.write("growth.csv", [&](std::ostream& os) {
    header(os, meta);
    os << "# noise-free growth from 1e-10 |z_root| along the leading eigenvector; norm_u: |u| in the displaced frame; "
          "max_re_lambda and measured_rate per point\n";
    os << "point,detuning,direction,max_re_lambda,measured_rate,t,norm_u,q,N\n";
    for (std::size_t i = 0; i < m.growth.size(); ++i) {
      const auto& g = m.growth[i];
      const auto& tr = g.dynamics.transient;
      for (std::size_t k = 0; k < tr.size(); k += 10)
        os << i << "," << format_number(m.growth_detunings[i]) << "," << to_string(m.growth_directions[i]) << ","
           << format_number(g.max_re_lambda) << "," << format_number(g.measured_rate) << "," << format_number(tr[k].t) << ","
           << format_number(tr[k].u.norm()) << "," << format_number(tr[k].z(4)) << "," << format_number(photons(tr[k].z))
           << "\n";
    }
  });
}

void print_nonlinear_table(std::ostream& os, const NonlinearSimulationResult& r, std::size_t rows) {
  // Non-finite entries (E_N of the enormous covariances of a run-away at an unstable root) print as n/a.
  auto f = [](double x, const char* fmt) {
    char b[40];
    if (!std::isfinite(x)) return std::string("n/a");
    std::snprintf(b, sizeof b, fmt, x);
    return std::string(b);
  };
  char buf[320];
  os << "E_N columns are the unclipped -ln 2 nu^- (E_N = max(0, .)); difference: paired, nonlinear - linearized\n";
  os << "      t [s]   E_N nonlinear +- CI    E_N linearized +- CI   difference +- CI       closed form   "
        "N coherent    departure (z)\n";
  for (std::size_t k : shown_rows(r.samples.size(), rows)) {
    const auto& s = r.samples[k];
    std::snprintf(buf, sizeof buf, "%11.4e   %9s +- %8s   %9s +- %8s   %10s +- %9s   %9s   %11.5e   %9s (%s)\n", s.t,
                  f(s.E_N.estimate, "%.6f").c_str(), f(s.E_N.ci_half_width, "%.6f").c_str(),
                  f(s.E_N_linear.estimate, "%.6f").c_str(), f(s.E_N_linear.ci_half_width, "%.6f").c_str(),
                  f(s.E_N_difference.estimate, "%+.3e").c_str(), f(s.E_N_difference.ci_half_width, "%.3e").c_str(),
                  f(s.E_N_closed_form, "%.6f").c_str(), photons(s.mean_z), f(s.departure, "%.3e").c_str(),
                  f(s.departure_z, "%.2f").c_str());
    os << buf;
  }
  if (!r.stability.stable())
    os << "note: the root is not stable; E_N of the linearized and closed-form covariances of a growing state is "
          "shown only while it is finite (n/a otherwise)\n";
}

}  // namespace spincom
