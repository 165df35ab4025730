#include "spincom/io/sweep_columns.hpp"

#include <cmath>

namespace spincom {
namespace {

double flag(bool b) { return b ? 1.0 : 0.0; }
double raw(double nu_minus) { return -std::log(2.0 * nu_minus); }  // E_N_raw = -ln 2 nu^- (unclipped)

}  // namespace

const std::vector<SweepColumn<SweepResult, SweepRow>>& sweep_columns() {
  using R = SweepResult;
  using W = SweepRow;
  using P = Parameters;
  static const std::vector<SweepColumn<R, W>> columns{
      {"branch", "1", true, [](const R&, const W& w, const P&) { return static_cast<double>(w.branch); }},
      {"n_fixed_points", "1", true, [](const R&, const W& w, const P&) { return static_cast<double>(w.n_fixed_points); }},
      {"selected", "1", true, [](const R&, const W& w, const P&) { return flag(w.selected); }},
      {"N_driven", "1", false, [](const R&, const W& w, const P&) { return w.N_driven; }},
      {"N_other", "1", false, [](const R&, const W& w, const P&) { return w.N_other; }},
      {"abs_G_driven_over_omega_m", "1", false, [](const R&, const W& w, const P&) { return w.abs_G_driven_over_omega_m; }},
      {"abs_G_other_over_omega_m", "1", false, [](const R&, const W& w, const P&) { return w.abs_G_other_over_omega_m; }},
      {"Delta_tilde_driven_over_omega_m", "1", false,
       [](const R&, const W& w, const P& p) { return w.Delta_tilde_driven / p.omega_m; }},
      {"Delta_tilde_other_over_omega_m", "1", false,
       [](const R&, const W& w, const P& p) { return w.Delta_tilde_other / p.omega_m; }},
      {"stable", "1", true, [](const R&, const W& w, const P&) { return flag(w.stable); }},
      {"max_re_eig", "s^-1", false, [](const R&, const W& w, const P&) { return w.max_re_eig; }},
      {"Theta_5", "1", false, [](const R&, const W& w, const P&) { return w.Theta_5; }},
      {"Theta_6", "1", false, [](const R&, const W& w, const P&) { return w.Theta_6; }},
      {"E_N", "1", false, [](const R&, const W& w, const P&) { return w.E_N; }},
      {"Delta_E_N", "1", false, [](const R& r, const W& w, const P&) { return r.Delta_E_N[w.point]; }},
      {"E_N_raw", "1", false, [](const R&, const W& w, const P&) { return raw(w.nu_minus); }},
      {"nu_minus", "1", false, [](const R&, const W& w, const P&) { return w.nu_minus; }},
      {"undetermined", "1", true, [](const R&, const W& w, const P&) { return flag(w.undetermined); }},
  };
  return columns;
}

const std::vector<SweepColumn<PeakSweepResult, PeakSweepRow>>& peak_sweep_columns() {
  using R = PeakSweepResult;
  using W = PeakSweepRow;
  using P = Parameters;
  static const std::vector<SweepColumn<R, W>> columns{
      {"found", "1", true, [](const R&, const W& w, const P&) { return flag(w.found); }},
      {"E_N_max", "1", false, [](const R&, const W& w, const P&) { return w.peak.E_N; }},
      {"grid_detuning", "1", false, [](const R&, const W& w, const P&) { return w.peak.grid_detuning; }},
      {"E_N_reference", "1", false, [](const R&, const W& w, const P&) { return w.reference_E_N; }},
      {"chi", "1", false, [](const R&, const W& w, const P&) { return w.chi; }},
      {"E_N_raw", "1", false, [](const R&, const W& w, const P&) { return raw(w.nu_minus); }},
      {"nu_minus", "1", false, [](const R&, const W& w, const P&) { return w.nu_minus; }},
      {"max_re_eig", "s^-1", false, [](const R&, const W& w, const P&) { return w.margin.max_re_eig; }},
      {"max_re_eig_over_kappa", "1", false, [](const R&, const W& w, const P&) { return w.margin.over_kappa; }},
      {"max_re_eig_over_gamma_m", "1", false, [](const R&, const W& w, const P&) { return w.margin.over_gamma_m; }},
      {"marginal", "1", true, [](const R&, const W& w, const P&) { return flag(w.margin.marginal()); }},
      {"entangled", "1", true, [](const R&, const W& w, const P&) { return flag(w.entangled); }},
      {"on_edge", "1", true, [](const R&, const W& w, const P&) { return flag(w.on_edge); }},
  };
  return columns;
}

Parameters row_parameters(const SweepResult& r, const SweepRow& row, const Parameters& base) {
  return r.parameters_at(base, row.point);
}

Parameters row_parameters(const PeakSweepResult& r, const PeakSweepRow& row, const Parameters& base) {
  Parameters p = r.parameters_at(base, row.point);
  p.detuning = row.peak.detuning;
  return p;
}

}  // namespace spincom
