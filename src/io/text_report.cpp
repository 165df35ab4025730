#include "spincom/io/text_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "spincom/core/version.hpp"
#include "spincom/io/json_report.hpp"

namespace spincom {
namespace {

std::string fmt(const char* f, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, x);
  return buf;
}

/// "STABLE", "UNSTABLE" or "UNDETERMINED at double precision", the two tests, and max Re lambda
/// with the interval rounding leaves it in.
void print_stability(std::ostream& os, const StabilityReport& st) {
  const char* verdict = st.stable() ? "STABLE" : st.undetermined() ? "UNDETERMINED at double precision" : "UNSTABLE";
  os << "    stability: " << verdict << "  (Routh-Hurwitz: " << (st.routh_hurwitz_stable ? "stable" : "unstable")
     << ", eigenvalues: " << (st.eigenvalue_stable ? "stable" : "unstable") << ")"
     << (st.verdicts_disagree ? "  ** the two tests disagree **" : "") << "\n";
  const double kappa = *std::max_element(st.eigenvalue_condition.begin(), st.eigenvalue_condition.end());
  os << "      max Re lambda = " << fmt("%.6e s^-1", st.max_re_eig);
  if (std::isfinite(st.max_re_eig_upper))
    os << ", within [" << fmt("%.3e", st.max_re_eig_lower) << ", " << fmt("%.3e", st.max_re_eig_upper)
       << "] s^-1 at double precision (eigenvalue condition numbers <= " << fmt("%.3g", kappa) << ")\n";
  else
    os << ", not bounded at double precision (A has a defective eigenvalue)\n";
}

void print_fixed_point(std::ostream& os, const FixedPointAnalysis& a, double omega_m, bool selected,
                       bool show_V) {
  const FixedPoint& fp = a.fixed_point;
  const StabilityReport& st = a.stability;
  os << "  fixed point #" << a.index << (selected ? "  (selected branch)" : "") << "\n";
  os << "    q_s = " << fmt("%.6e", fp.q_s) << "   N_driven = " << fmt("%.6e", fp.N_driven)
     << "   N_other = " << fmt("%.6e", fp.N_other) << "\n";
  os << "    alpha_driven = " << fmt("%.6e", fp.alpha_driven.real()) << fmt(" %+.6e i", fp.alpha_driven.imag())
     << "   alpha_other = " << fmt("%.6e", fp.alpha_other.real()) << fmt(" %+.6e i", fp.alpha_other.imag()) << "\n";
  os << "    Delta~_driven/omega_m = " << fmt("%.6f", fp.Delta_tilde_driven / omega_m)
     << "   Delta~_other/omega_m = " << fmt("%.6f", fp.Delta_tilde_other / omega_m) << "\n";
  os << "    G_driven = " << fmt("%.6e", fp.G_driven.real()) << fmt(" %+.6e i s^-1", fp.G_driven.imag())
     << "   |G_driven|/omega_m = " << fmt("%.6f", std::abs(fp.G_driven) / omega_m) << "\n";
  os << "    G_other  = " << fmt("%.6e", fp.G_other.real()) << fmt(" %+.6e i s^-1", fp.G_other.imag())
     << "   |G_other|/omega_m  = " << fmt("%.6f", std::abs(fp.G_other) / omega_m) << "\n";
  os << "    mean-field residual (Eq. 7) = " << fmt("%.2e", fp.residual) << "\n";
  print_stability(os, st);
  os << "      eigenvalues / omega_m:";
  for (auto z : st.eigenvalues) os << fmt(" (%.4g", z.real() / omega_m) << fmt(",%.4g)", z.imag() / omega_m);
  os << "\n      a_k (scaled by max|A_ij| = " << fmt("%.4e", st.scale) << "):";
  for (double x : st.a_scaled) os << fmt(" %.6g", x);
  os << "\n      Theta_k = ln det theta_k (S3.18, SI):";
  for (double x : st.Theta) os << fmt(" %.6g", x);
  os << "\n";
  if (a.steady) {
    const SteadyCovariance& s = *a.steady;
    os << "    Lyapunov residual ||AV+VA^T+D||/||D|| = " << fmt("%.2e", s.lyapunov_residual) << "\n";
    os << "    nu^- = " << fmt("%.8f", s.entanglement.nu_minus) << "   E_N = " << fmt("%.8f", s.entanglement.E_N)
       << (s.physicality.physical ? "" : "   WARNING: " + s.physicality.reason) << "\n";
    if (show_V) {
      os << "    V (order X_driven Y_driven X_other Y_other q p):\n";
      for (int r = 0; r < 6; ++r) {
        os << "     ";
        for (int c = 0; c < 6; ++c) os << fmt(" %13.6e", s.V(r, c));
        os << "\n";
      }
    }
  } else {
    os << (a.stability.undetermined() ? "    NO STEADY STATE REPORTED (" : "    NO STEADY STATE (") << a.note
       << "); E_N is not defined here.\n";
  }
}

void print_direction(std::ostream& os, const DirectionSteadyState& s, double omega_m, bool show_V) {
  os << "\ndirection " << to_string(s.direction) << ": Delta_F = " << fmt("%+.6e s^-1", s.Delta_F)
     << " (Delta_F/omega_m = " << fmt("%+.6f", s.Delta_F / omega_m) << "), " << s.n_fixed_points
     << (s.n_fixed_points == 1 ? " fixed point" : " fixed points");
  if (s.selected) os << ", selected #" << *s.selected << "\n";
  else if (s.status == StabilityVerdict::undetermined)
    os << "; STABILITY UNDETERMINED at double precision: no steady state is reported, and none is ruled out\n";
  else os << "; NONE IS STABLE: no steady state exists\n";
  for (const auto& a : s.fixed_points)
    print_fixed_point(os, a, omega_m, s.selected && *s.selected == a.index, show_V);
}

}  // namespace

void print_quantity(std::ostream& os, std::string_view name, double value, std::string_view unit,
                    std::string_view what) {
  std::string n(name);
  n.resize(std::max<std::size_t>(n.size() + 1, 14), ' ');
  std::string u(unit.empty() ? "-" : unit);
  u.resize(std::max<std::size_t>(u.size() + 1, 7), ' ');
  os << "  " << n << fmt("%-14.8g", value) << " " << u << what << "\n";
}

namespace {

/// A quantity, or "none" and why when it has no finite value (never a bare nan or inf).
void print_defined(std::ostream& os, std::string_view name, double value, std::string_view unit, std::string_view what,
                   std::string_view why_none) {
  if (std::isfinite(value)) return print_quantity(os, name, value, unit, what);
  std::string n(name);
  n.resize(std::max<std::size_t>(n.size() + 1, 14), ' ');
  os << "  " << n << "none           " << why_none << "\n";
}

}  // namespace

void print_feasibility(std::ostream& os, const FeasibilityInputs& in, const Feasibility& f, double eta_ccw,
                       double eta_cw) {
  os << "spincom feasibility (supplement S2-S3), Omega = " << in.Omega << " s^-1, h = " << in.gap
     << " m, mu = " << in.viscosity << " Pa s\n";
  const char* at_rest = "at Omega = 0 there is no air-bearing force (T_air = 0)";
  const char* no_flight = "beta < 1: no stable flying height (Omega above Omega_0)";
  print_quantity(os, "T_air", f.T_air, "N", "air-bearing force (S2.1)");
  print_defined(os, "beta", f.beta, "-", "S2.4; >= 1 for a stable flying height", at_rest);
  print_defined(os, "d", f.displacement, "m", "taper displacement (S2.4)", no_flight);
  print_defined(os, "strain", f.strain, "-", "arcsin(phi)/phi - 1 (S2.3)", no_flight);
  print_quantity(os, "A", f.hamaker, "J", "Hamaker constant (S2.7)");
  print_quantity(os, "T_int", f.T_int, "N", "intermolecular force (S2.6)");
  print_defined(os, "|T_int|/T_air", f.force_ratio, "-", "paper: < 0.1%", at_rest);
  print_quantity(os, "Omega_0", f.Omega_0, "s^-1", "beta >= 1 limit (S3.8)");
  print_quantity(os, "Omega_1", f.Omega_1, "s^-1", "d < h limit (S3.10)");
  print_quantity(os, "Omega_2", f.Omega_2, "s^-1", "elastic limit (S3.11)");
  print_quantity(os, "Omega_max", f.Omega_max, "s^-1", "min of the three (S3.12)");
  const char* no_d = f.displacement == 0.0 ? "d = 0: the taper is not displaced (Omega = 0)" : no_flight;
  print_defined(os, "eta (ccw)", eta_ccw, "-", "x_s/d = q_s x_zp/d (S3.13)", no_d);
  print_defined(os, "eta (cw)", eta_cw, "-", "x_s/d = q_s x_zp/d (S3.13)", no_d);
}

void print_parameters(std::ostream& os, const Parameters& p) {
  os << "spincom " << version << ": parameters (SI; every rate angular, s^-1)\n\n";
  for (const auto& row : parameter_table()) {
    std::string key(row.key);
    key.resize(12, ' ');
    std::string unit(unit_symbol(row.unit));
    os << "  " << key << fmt("%-14.8g", p.*(row.member)) << " " << (unit.empty() ? "-" : unit);
    os << std::string(unit.size() < 6 ? 6 - unit.size() : 1, ' ') << row.description << " (valid "
       << valid_range_text(row) << ")\n";
  }
  os << "  bath        " << to_string(p.bath) << "\n\nderived\n";
  const DerivedQuantities d = derive(p);
  const auto line = [&](const char* name, double v, const char* unit, const char* what) {
    print_quantity(os, name, v, unit, what);
  };
  line("omega_c", d.omega_c, "s^-1", "optical resonance 2 pi c / lambda");
  line("kappa", d.kappa, "s^-1", "amplitude decay omega_c / Q (linewidth 2 kappa)");
  line("x_zp", d.x_zp, "m", "zero-point length sqrt(hbar / (m omega_m))");
  line("G0", d.G0, "s^-1", "single-photon coupling omega_c x_zp / R");
  line("n_m", d.n_m, "-", "thermal phonons (CODATA hbar, k_B)");
  line("epsilon", d.epsilon, "s^-1", "drive sqrt(2 kappa P / (hbar omega_l)), omega_l = omega_c - Delta_c");
  line("Delta_F", d.Delta_F, "s^-1", "|Sagnac-Fizeau shift| (Eq. 1); + for ccw, - for cw");
  line("Delta_F/w_m", d.Delta_F / p.omega_m, "-", "Sagnac shift in units of omega_m");
  line("Delta_c", d.Delta_c, "s^-1", "detuning omega_c - omega_l");
  line("Q_m", d.Q_m, "-", "mechanical quality factor omega_m / gamma_m");
}

void print_steady_report(std::ostream& os, const Settings& settings, const SteadyStateOptions& options,
                         const std::optional<DirectionSteadyState>& ccw,
                         const std::optional<DirectionSteadyState>& cw, bool show_V) {
  const Parameters& p = settings.parameters;
  const DerivedQuantities d = derive(p);
  os << "spincom " << version << ": steady state (Eqs. 7, 6, 11-13; S3)\n";
  os << "P = " << fmt("%.6g W", p.power) << ", T = " << fmt("%.6g K", p.temperature)
     << ", Omega = " << fmt("%.6g s^-1", p.Omega) << ", J = " << fmt("%.6g s^-1", p.J)
     << ", Delta_c/omega_m = " << fmt("%.6g", p.detuning) << ", bath = " << to_string(p.bath) << "\n";
  os << "E_N bipartition: " << to_string(options.mode_a) << " vs " << to_string(options.mode_b) << "\n";
  os << "kappa = " << fmt("%.6e s^-1", d.kappa) << ", G0 = " << fmt("%.6g s^-1", d.G0)
     << ", n_m = " << fmt("%.6g", d.n_m) << ", |Delta_F|/omega_m = " << fmt("%.6f", d.Delta_F / p.omega_m) << "\n";
  if (ccw) print_direction(os, *ccw, p.omega_m, show_V);
  if (cw) print_direction(os, *cw, p.omega_m, show_V);
  if (ccw && cw) {
    const auto diff = entanglement_difference(*ccw, *cw);
    os << "\nDelta_E_N = E_N(ccw) - E_N(cw) = "
       << (diff ? fmt("%.8f", *diff) : std::string("undefined (a direction has no fixed point shown to be stable)")) << "\n";
  }
}

}  // namespace spincom
