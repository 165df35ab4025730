#include "spincom/io/json_report.hpp"

#include <cmath>

#include "spincom/core/version.hpp"

namespace spincom {
namespace {

using json = nlohmann::json;

json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }
json complex_pair(std::complex<double> z) { return json::array({number(z.real()), number(z.imag())}); }

template <std::size_t N>
json array_of(const std::array<double, N>& a) {
  json out = json::array();
  for (double x : a) out.push_back(number(x));
  return out;
}

json matrix(const Matrix6& M) {
  json out = json::array();
  for (int r = 0; r < 6; ++r) {
    json row = json::array();
    for (int c = 0; c < 6; ++c) row.push_back(number(M(r, c)));
    out.push_back(row);
  }
  return out;
}

}  // namespace

json conventions_json() {
  return {{"units", "SI; every rate is angular, s^-1"},
          {"quadrature_order", json(std::vector<std::string>(quadrature::names.begin(), quadrature::names.end()))},
          {"vacuum_variance", vacuum_variance},
          {"kappa", "amplitude decay rate (linewidth 2 kappa)"},
          {"direction", "ccw: Delta_F > 0; cw: Delta_F < 0"}};
}

json units_json() {
  json u;
  for (const auto& row : parameter_table()) {
    const std::string_view sym = unit_symbol(row.unit);
    u[std::string(row.key)] = sym.empty() ? "1" : std::string(sym);
  }
  u["bath"] = "1";
  for (const char* k : {"omega_c", "kappa", "G0", "Delta_c", "omega_l", "epsilon", "Delta_F"}) u[k] = "s^-1";
  u["x_zp"] = "m";
  u["n_m"] = "1";
  u["Q_m"] = "1";
  return u;
}

json to_json(const Parameters& p) {
  json out;
  for (const auto& row : parameter_table()) out[std::string(row.key)] = p.*(row.member);
  out["bath"] = std::string(to_string(p.bath));
  return out;
}

json to_json(const DerivedQuantities& d) {
  return {{"omega_c", d.omega_c}, {"kappa", d.kappa},     {"x_zp", d.x_zp},
          {"G0", d.G0},           {"n_m", d.n_m},         {"Delta_c", d.Delta_c},
          {"omega_l", d.omega_l}, {"epsilon", d.epsilon}, {"Delta_F", d.Delta_F},
          {"Q_m", d.Q_m}};
}

json to_json(const StabilityReport& r) {
  json eig = json::array();
  for (auto z : r.eigenvalues) eig.push_back(complex_pair(z));
  return {{"eigenvalues", eig},
          {"max_re_eig", number(r.max_re_eig)},
          {"scale", number(r.scale)},
          {"a", array_of(r.a)},
          {"a_scaled", array_of(r.a_scaled)},
          {"hurwitz_dets", array_of(r.hurwitz_dets)},
          {"hurwitz_dets_scaled", array_of(r.hurwitz_dets_scaled)},
          {"Theta", array_of(r.Theta)},
          {"routh_hurwitz_stable", r.routh_hurwitz_stable},
          {"eigenvalue_stable", r.eigenvalue_stable},
          {"verdicts_disagree", r.verdicts_disagree},
          {"eigenvalue_condition", array_of(r.eigenvalue_condition)},
          {"eigenvalue_error", array_of(r.eigenvalue_error)},
          {"backward_error", number(r.backward_error)},
          {"max_re_eig_lower", number(r.max_re_eig_lower)},
          {"max_re_eig_upper", number(r.max_re_eig_upper)},
          {"verdict", std::string(to_string(r.verdict))}};
}

json to_json(const FixedPointAnalysis& a, double omega_m) {
  const FixedPoint& fp = a.fixed_point;
  json out = {{"index", a.index},
              {"q_s", number(fp.q_s)},
              {"alpha_driven", complex_pair(fp.alpha_driven)},
              {"alpha_other", complex_pair(fp.alpha_other)},
              {"N_driven", number(fp.N_driven)},
              {"N_other", number(fp.N_other)},
              {"Delta_tilde_driven", number(fp.Delta_tilde_driven)},
              {"Delta_tilde_other", number(fp.Delta_tilde_other)},
              {"G_driven", complex_pair(fp.G_driven)},
              {"G_other", complex_pair(fp.G_other)},
              {"abs_G_driven_over_omega_m", number(std::abs(fp.G_driven) / omega_m)},
              {"abs_G_other_over_omega_m", number(std::abs(fp.G_other) / omega_m)},
              {"mean_field_residual", number(fp.residual)},
              {"stable", a.stability.undetermined() ? json(nullptr) : json(a.stability.stable())},
              {"stability_verdict", std::string(to_string(a.stability.verdict))},
              {"max_re_eig", number(a.stability.max_re_eig)},
              {"hurwitz_dets", array_of(a.stability.hurwitz_dets)},
              {"stability", to_json(a.stability)}};
  if (a.steady) {
    const SteadyCovariance& s = *a.steady;
    out["V"] = matrix(s.V);
    out["lyapunov_residual"] = number(s.lyapunov_residual);
    out["nu_minus"] = number(s.entanglement.nu_minus);
    out["E_N"] = number(s.entanglement.E_N);
    out["physical"] = s.physicality.physical;
    out["min_symplectic_eigenvalue"] = number(s.physicality.min_symplectic_eigenvalue);
    out["warning"] = s.physicality.physical ? json(nullptr) : json(s.physicality.reason);
  } else {
    out["V"] = nullptr;
    out["lyapunov_residual"] = nullptr;
    out["nu_minus"] = nullptr;
    out["E_N"] = nullptr;
    out["physical"] = nullptr;
    out["min_symplectic_eigenvalue"] = nullptr;
    out["warning"] = a.note;
  }
  return out;
}

json to_json(const DirectionSteadyState& s, double omega_m) {
  json fps = json::array();
  for (const auto& a : s.fixed_points) fps.push_back(to_json(a, omega_m));
  return {{"direction", std::string(to_string(s.direction))},
          {"Delta_F", s.Delta_F},
          {"Delta_driven", s.problem.Delta_driven},
          {"Delta_other", s.problem.Delta_other},
          {"epsilon", s.problem.epsilon},
          {"n_fixed_points", s.n_fixed_points},
          {"selected_index", s.selected ? json(*s.selected) : json(nullptr)},
          {"status", std::string(to_string(s.status))},
          {"steady_state_exists", s.status == StabilityVerdict::undetermined ? json(nullptr) : json(s.selected.has_value())},
          {"fixed_points", fps}};
}

std::optional<double> entanglement_difference(const DirectionSteadyState& ccw,
                                              const DirectionSteadyState& cw) {
  const auto* a = ccw.selected_analysis();
  const auto* b = cw.selected_analysis();
  if (!a || !b || !a->steady || !b->steady) return std::nullopt;
  return a->steady->entanglement.E_N - b->steady->entanglement.E_N;
}

json steady_report_json(const Settings& settings, const SteadyStateOptions& options,
                        const std::optional<DirectionSteadyState>& ccw,
                        const std::optional<DirectionSteadyState>& cw) {
  const Parameters& p = settings.parameters;
  json out = {{"spincom_version", version},
              {"command", "steady"},
              {"conventions", conventions_json()},
              {"parameters", to_json(p)},
              {"derived", to_json(derive(p))},
              {"branches", options.branches == BranchSelection::all ? "all" : "stable"},
              {"branch_rule", "selected = the stable fixed point with the lowest photon number"},
              {"bipartition", json::array({std::string(to_string(options.mode_a)), std::string(to_string(options.mode_b))})}};
  json dirs = json::object();
  if (ccw) dirs["ccw"] = to_json(*ccw, p.omega_m);
  if (cw) dirs["cw"] = to_json(*cw, p.omega_m);
  out["directions"] = dirs;
  out["Delta_E_N"] = nullptr;
  if (ccw && cw) {
    const auto d = entanglement_difference(*ccw, *cw);
    out["Delta_E_N"] = d ? number(*d) : json(nullptr);
  }
  return out;
}

}  // namespace spincom
