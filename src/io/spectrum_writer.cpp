#include "spincom/io/spectrum_writer.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "spincom/core/version.hpp"
#include "spincom/random/seeding.hpp"
#include "spincom/io/number_format.hpp"
#include "spincom/io/parameter_line.hpp"

namespace spincom {
namespace {

std::string entry_name(const QuadraturePair& e) {
  return std::string(quadrature::names[e.first]) + "_" + std::string(quadrature::names[e.second]);
}

std::string readout_name(const HomodyneReadout& h) {
  return std::string(to_string(h.mode)) + "_theta=" + format_number(h.theta);
}

/// Real series with their names: S_kk, then S_out and S_out / shot noise per readout.
std::vector<std::pair<std::string, std::vector<double>>> real_series(const SpectrumResult& r) {
  std::vector<std::pair<std::string, std::vector<double>>> out;
  for (std::size_t e = 0; e < r.spec.entries.size(); ++e) {
    const auto& pair = r.spec.entries[e];
    std::vector<double> re, im;
    for (const Complex& z : r.S[e]) { re.push_back(z.real()); im.push_back(z.imag()); }
    if (pair.first == pair.second) {
      out.emplace_back("S_" + entry_name(pair), re);
    } else {
      out.emplace_back("ReS_" + entry_name(pair), re);
      out.emplace_back("ImS_" + entry_name(pair), im);
    }
  }
  for (std::size_t h = 0; h < r.spec.homodyne.size(); ++h) {
    std::vector<double> sn;
    for (double v : r.S_out[h]) sn.push_back(in_shot_noise_units(v));
    out.emplace_back("Sout_" + readout_name(r.spec.homodyne[h]), r.S_out[h]);
    out.emplace_back("Sout_SN_" + readout_name(r.spec.homodyne[h]), sn);
  }
  return out;
}

/// The estimate's series, after every closed-form column: per entry (and part) est_, est_se_, est_expected_.
std::vector<std::pair<std::string, std::vector<double>>> estimate_series(const SpectrumResult& r) {
  std::vector<std::pair<std::string, std::vector<double>>> out;
  if (!r.estimate) return out;
  const TrajectorySpectra& t = *r.estimate;
  for (std::size_t e = 0; e < r.spec.entries.size(); ++e) {
    const auto& pair = r.spec.entries[e];
    const bool cross = pair.first != pair.second;
    for (bool im : {false, true}) {
      if (im && !cross) continue;
      const std::string name = (cross ? (im ? "ImS_" : "ReS_") : "S_") + entry_name(pair);
      std::vector<double> est, se, expected;
      for (std::size_t b = 0; b < t.omega.size(); ++b) {
        est.push_back(im ? t.estimate[e][b].imag() : t.estimate[e][b].real());
        se.push_back(im ? t.standard_error[e][b].imag() : t.standard_error[e][b].real());
        expected.push_back(im ? t.expected[e][b].imag() : t.expected[e][b].real());
      }
      out.emplace_back("est_" + name, est);
      out.emplace_back("est_se_" + name, se);
      out.emplace_back("est_expected_" + name, expected);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::vector<double>>> all_series(const SpectrumResult& r) {
  auto out = real_series(r);
  for (auto& s : estimate_series(r)) out.push_back(std::move(s));
  return out;
}

/// The header lines of the estimate: estimator, layout, seed, agreement.
void write_estimate_header(std::ostream& os, const SpectrumResult& r) {
  if (!r.estimate) return;
  const TrajectorySpectra& t = *r.estimate;
  os << "# estimate: Welch from " << t.spec.trajectories << " stationary trajectories (start N(0, V_lyapunov), exact OU "
     << "step), periodic Hann segments of L=" << t.layout.segment_length << " samples, " << t.layout.segments
     << " per trajectory overlapping by L/2, dt=" << format_number(t.layout.dt) << " s, bins 2 pi j/(L dt), seed="
     << t.spec.seed << " (" << seed_rule() << ")\n"
     << "# est_: the mean over trajectories; est_se_: its standard error; est_expected_: the exact expectation of the "
        "estimator for the sampled process (the closed form aliased by dt and smoothed by the window)\n"
     << "# agreement: " << agreement_line(t) << "\n";
}

}  // namespace

std::string agreement_line(const TrajectorySpectra& t) {
  std::ostringstream out;
  out << std::setprecision(4) << t.agreement.count << " values (omega >= 0), max |z| = " << t.agreement.max_abs_z
      << " (limit " << t.agreement.threshold << " at alpha = " << t.agreement.alpha << ": Bonferroni-t at alpha/"
      << t.agreement.margin << ", " << t.spec.trajectories - 1 << " dof), sum z^2 / n = " << t.agreement.chi2_per_value
      << " -> " << (t.agreement.pass() ? "PASS" : "FAIL") << "; against the continuous closed form: max |z| = "
      << t.against_closed_form.max_abs_z << ", sum z^2 / n = " << t.against_closed_form.chi2_per_value
      << ", max bias = " << t.max_bias_in_se << " SE";
  return out.str();
}

std::vector<std::string> spectrum_columns(const SpectrumResult& r) {
  std::vector<std::string> cols{"omega"};
  for (const auto& s : all_series(r)) cols.push_back(s.first);
  return cols;
}

void write_spectrum_csv(const SpectrumResult& r, OutputSet& set, const std::string& command) {
  const auto series = all_series(r);
  set.write(set.names().front(), [&](std::ostream& os) {
    os << "# spincom " << version << ", closed-form stationary spectra S(omega) = (A + i omega)^-1 D (A^T - i omega)^-1\n"
       << "# command: " << command << "\n"
       << "# parameters:" << parameter_assignments(r.spec.point.parameters) << "\n"
       << "# direction=" << to_string(r.spec.point.direction) << " root=" << r.analysis.root
       << " kappa=" << format_number(r.kappa) << " method=" << (r.method == EvolutionMethod::eigenbasis ? "eigenbasis" : "lu")
       << " cond_S=" << format_number(r.condition) << "\n"
       << "# S_kl(omega) = int e^{i omega tau} <u_k(tau) u_l(0)>_sym dtau in s (int S domega/2pi = V); "
          "Sout: homodyne spectrum of a_out = sqrt(2 kappa) a - a_in at angle theta (rad), dimensionless, shot noise "
          "= 1/2; Sout_SN = Sout / (1/2)\n"
       << "# units: SI, omega in s^-1 (angular); u = (X_driven, Y_driven, X_other, Y_other, q, p); vacuum variance 1/2\n";
    std::vector<std::string> guards;
    append_guard_lines(guards, r.resolution_note, r.analysis.margin, r.warnings);
    for (const auto& line : guards) os << "# " << line << "\n";
    write_estimate_header(os, r);
    os << "omega";
    for (const auto& s : series) os << "," << s.first;
    os << "\n";
    for (std::size_t i = 0; i < r.omega.size(); ++i) {
      os << format_number(r.omega[i]);
      for (const auto& s : series) os << "," << format_number(s.second[i]);
      os << "\n";
    }
  });
}

void print_spectrum_report(std::ostream& os, const SpectrumResult& r) {
  std::ostringstream out;
  out << std::setprecision(6);
  out << "spincom spectrum: S(omega) = (A + i omega)^-1 D (A^T - i omega)^-1 (closed form), homodyne S_out with shot "
         "noise = 1/2\n";
  if (!r.resolution_note.empty()) out << r.resolution_note << "\n";
  out << "point: Delta_c/omega_m = " << r.spec.point.parameters.detuning << ", direction "
      << to_string(r.spec.point.direction) << ", max Re lambda = " << r.analysis.stability.max_re_eig
      << " s^-1, kappa = " << r.kappa << " s^-1; " << r.omega.size() << " frequencies from " << r.omega.front()
      << " to " << r.omega.back() << " s^-1, by " << (r.method == EvolutionMethod::eigenbasis ? "eigenbasis" : "LU")
      << " (cond S = " << std::setprecision(3) << r.condition << std::setprecision(6) << ")\n";
  out << "  spectrum                          max          at omega [s^-1]   first          last\n";
  for (const auto& [name, v] : real_series(r)) {
    const auto it = std::max_element(v.begin(), v.end());
    out << "  " << std::left << std::setw(32) << name << std::right << std::setw(13) << *it << std::setw(16)
        << r.omega[static_cast<std::size_t>(it - v.begin())] << std::setw(14) << v.front() << std::setw(14) << v.back()
        << "\n";
  }
  if (r.estimate) {
    const TrajectorySpectra& t = *r.estimate;
    out << "trajectory estimate (Welch): " << t.spec.trajectories << " trajectories x " << t.layout.segments
        << " Hann segments of " << t.layout.segment_length << " samples, dt = " << t.layout.dt << " s (Nyquist "
        << t.layout.nyquist() << " s^-1), bins every " << t.layout.bin_spacing() << " s^-1, seed " << t.spec.seed
        << ", " << std::setprecision(3) << t.seconds << " s\n" << std::setprecision(6)
        << "  agreement: " << agreement_line(t) << "\n";
  }
  os << out.str();
}

}  // namespace spincom
