#include "spincom/io/sweep_writer.hpp"

#include <cmath>
#include <cstdio>

#include "spincom/core/version.hpp"
#include "spincom/io/number_format.hpp"
#include "spincom/io/parameter_line.hpp"

namespace spincom {
namespace {

void sweep_header(std::ostream& os, const char* what, const Parameters& base, const std::vector<SweepAxis>& axes,
                  const std::string& command_line) {
  os << "# spincom " << version << " " << what << "\n";
  os << "# command: " << command_line << "\n";
  os << "# fixed parameters:" << parameter_assignments(base) << "\n";
  for (const auto& a : axes)
    os << "# axis " << a.key << ": " << format_number(a.start) << " .. " << format_number(a.stop) << ", " << a.count
       << " points" << (a.log ? ", log spaced" : ", linear") << "\n";
}


}  // namespace

void write_sweep_csv(const SweepResult& r, const Parameters& base, OutputSet& set, const std::string& command_line) {
  set.write(set.names().front(), [&](std::ostream& os) {
    sweep_header(os, "sweep of the steady state (Eqs. 7, 6, 11-13; S3)", base, r.axes, command_line);
    os << "# units: SI, rates s^-1; Delta_tilde in units of omega_m; max_re_eig in s^-1; Theta_k = +-ln|det theta_k| "
          "(S3.18, SI determinants); E_N = nan where no steady state exists (stable = 0)\n";
    os << "# selected = 1 marks the branch rule's choice (the stable fixed point with the fewest photons); "
          "Delta_E_N = E_N(ccw) - E_N(cw) of the selected branches at the grid point; E_N_raw = -ln 2 nu_minus (unclipped: "
          "E_N = max(0, E_N_raw), < 0 means not entangled), nu_minus of Eq. (13)\n";
    for (const auto& row : parameter_table()) os << row.key << ",";
    os << "direction,branch,n_fixed_points,selected,N_driven,N_other,abs_G_driven_over_omega_m,"
          "abs_G_other_over_omega_m,Delta_tilde_driven_over_omega_m,Delta_tilde_other_over_omega_m,stable,"
          "max_re_eig,Theta_5,Theta_6,E_N,Delta_E_N,E_N_raw,nu_minus\n";
    for (const SweepRow& w : r.rows) {
      const Parameters p = r.parameters_at(base, w.point);
      for (const auto& row : parameter_table()) os << format_number(p.*(row.member)) << ",";
      os << to_string(w.direction) << "," << w.branch << "," << w.n_fixed_points << "," << (w.selected ? 1 : 0)
         << "," << format_number(w.N_driven) << "," << format_number(w.N_other) << "," << format_number(w.abs_G_driven_over_omega_m) << ","
         << format_number(w.abs_G_other_over_omega_m) << "," << format_number(w.Delta_tilde_driven / p.omega_m) << ","
         << format_number(w.Delta_tilde_other / p.omega_m) << "," << (w.stable ? 1 : 0) << "," << format_number(w.max_re_eig) << ","
         << format_number(w.Theta_5) << "," << format_number(w.Theta_6) << "," << format_number(w.E_N) << "," << format_number(r.Delta_E_N[w.point])
         << "," << format_number(-std::log(2.0 * w.nu_minus)) << "," << format_number(w.nu_minus) << "\n";
    }
  });
}

void write_peak_sweep_csv(const PeakSweepResult& r, const Parameters& base, OutputSet& set,
                          const std::string& command_line) {
  set.write(set.names().front(), [&](std::ostream& os) {
    sweep_header(os, "sweep of the E_N maximum over the detuning and the revival factor chi (Eq. 14)", base, r.axes,
                 command_line);
    os << "# max over detuning in [" << format_number(r.scan.lower) << ", " << format_number(r.scan.upper) << "], "
       << r.scan.points << " grid points refined by Brent's method; only stable points count\n";
    os << "# detuning column = Delta_c/omega_m at the maximum; E_N_reference = the same maximum at Omega = 0, J = 0 "
          "(other parameters as in the row); chi = E_N_max / E_N_reference; found = 0: no stable detuning\n";
    os << "# E_N_raw = -ln 2 nu_minus at the maximum (unclipped); max_re_eig (s^-1) and its ratios to kappa and gamma_m: "
          "the stability margin there; marginal = 1: not stable within " << format_number(marginal_detuning_distance)
       << " in Delta_c/omega_m; entangled = 0: E_N_max <= " << format_number(peak_entanglement_floor)
       << " (nothing in the range is entangled); on_edge = 1: the maximum is within one grid step of the range's ends (widen it)\n";
    for (const auto& row : parameter_table()) os << row.key << ",";
    os << "direction,found,E_N_max,grid_detuning,E_N_reference,chi,E_N_raw,nu_minus,max_re_eig,max_re_eig_over_kappa,"
          "max_re_eig_over_gamma_m,marginal,entangled,on_edge\n";
    for (const PeakSweepRow& w : r.rows) {
      Parameters p = r.parameters_at(base, w.point);
      p.detuning = w.peak.detuning;
      for (const auto& row : parameter_table()) os << format_number(p.*(row.member)) << ",";
      os << to_string(w.direction) << "," << (w.found ? 1 : 0) << "," << format_number(w.peak.E_N) << ","
         << format_number(w.peak.grid_detuning) << "," << format_number(w.reference_E_N) << "," << format_number(w.chi)
         << "," << format_number(-std::log(2.0 * w.nu_minus)) << "," << format_number(w.nu_minus) << ","
         << format_number(w.margin.max_re_eig) << "," << format_number(w.margin.over_kappa) << ","
         << format_number(w.margin.over_gamma_m) << "," << (w.margin.marginal() ? 1 : 0) << "," << (w.entangled ? 1 : 0)
         << "," << (w.on_edge ? 1 : 0) << "\n";
    }
  });
}

}  // namespace spincom
