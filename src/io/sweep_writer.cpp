#include "spincom/io/sweep_writer.hpp"

#include <cmath>
#include <cstdio>

#include "spincom/core/version.hpp"
#include "spincom/io/number_format.hpp"
#include "spincom/io/parameter_line.hpp"
#include "spincom/io/sweep_columns.hpp"

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


/// The header row and one row per result row: the parameters, the direction, then the columns.
template <class Result, class Row>
void write_rows(std::ostream& os, const Result& r, const std::vector<Row>& rows, const Parameters& base,
                const std::vector<SweepColumn<Result, Row>>& columns) {
  for (const auto& row : parameter_table()) os << row.key << ",";
  os << "direction";
  for (const auto& c : columns) os << "," << c.name;
  os << "\n";
  for (const Row& w : rows) {
    const Parameters p = row_parameters(r, w, base);
    for (const auto& row : parameter_table()) os << format_number(p.*(row.member)) << ",";
    os << to_string(w.direction);
    for (const auto& c : columns) os << "," << format_number(c.value(r, w, p));
    os << "\n";
  }
}

}  // namespace

void write_sweep_csv(const SweepResult& r, const Parameters& base, OutputSet& set, const std::string& command_line) {
  set.write(set.names().front(), [&](std::ostream& os) {
    sweep_header(os, "sweep of the steady state (Eqs. 7, 6, 11-13; S3)", base, r.axes, command_line);
    os << "# units: SI, rates s^-1; Delta_tilde in units of omega_m; max_re_eig in s^-1; Theta_k = +-ln|det theta_k| "
          "(S3.18, SI determinants); E_N, E_N_raw and nu_minus = nan where no steady state is reported (stable = 0), "
          "Delta_E_N = nan where a direction has none; stability: stable = 1 stable, undetermined = 1 undetermined at "
          "double precision (no steady state reported, none ruled out), both 0 unstable (no steady state exists)\n";
    os << "# selected = 1 marks the branch rule's choice (the stable fixed point with the fewest photons); "
          "Delta_E_N = E_N(ccw) - E_N(cw) of the selected branches at the grid point; E_N_raw = -ln 2 nu_minus (unclipped: "
          "E_N = max(0, E_N_raw), < 0 means not entangled), nu_minus of Eq. (13)\n";
    write_rows(os, r, r.rows, base, sweep_columns());
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
    write_rows(os, r, r.rows, base, peak_sweep_columns());
  });
}

}  // namespace spincom
