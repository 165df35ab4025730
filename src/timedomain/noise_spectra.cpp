#include "spincom/timedomain/noise_spectra.hpp"

#include <cmath>
#include <cstdlib>

#include "spincom/core/error.hpp"
#include "spincom/dynamics/sample_list.hpp"
#include "spincom/model/derived_quantities.hpp"

namespace spincom {
namespace {

int quadrature_index(const std::string& name, const std::string& text) {
  for (std::size_t k = 0; k < quadrature::names.size(); ++k)
    if (name == quadrature::names[k]) return static_cast<int>(k);
  throw InvalidParameter("spectrum.entries = '" + text + "': '" + name +
                         "' is not a quadrature; valid are X_driven, Y_driven, X_other, Y_other, q, p. Hint: q,q is the "
                         "mechanical position spectrum.");
}

void check_point(const SpectrumResult& r) {
  if (!r.analysis.stability.stable() || !r.analysis.V_lyapunov)
    throw UnstableSystem("spectrum: the point is not stable (" + stability_summary(r.analysis.stability) +
                         "), so there is no stationary state and no spectrum. Hint: pick a stable point (spincom steady).");
}

void check_omega(const std::vector<double>& omega) {
  for (std::size_t i = 0; i < omega.size(); ++i)
    if (!std::isfinite(omega[i]))
      throw InvalidParameter("spectrum.omega[" + std::to_string(i) + "] = " + format_value(omega[i]) +
                             " s^-1: valid are finite angular frequencies. Hint: e.g. linear:-2e8:2e8:2001.");
}

/// The estimate's frequencies are its own bins: a given grid or an estimate without entries is refused.
void check_estimate(const SpectrumSpec& spec) {
  if (spec.estimate.trajectories == 0) return;
  if (!spec.omega.empty())
    throw InvalidParameter("spectrum.omega is given with spectrum.trajectories = " +
                           std::to_string(spec.estimate.trajectories) +
                           ": valid is one or the other, since the trajectory estimate is computed at its own bins "
                           "2 pi j / (L dt) in [-3 omega_m, 3 omega_m]. Hint: leave out spectrum.omega and choose "
                           "spectrum.segment_length and spectrum.dt.");
  if (spec.entries.empty() && !spec.homodyne.empty())
    throw InvalidParameter("spectrum.trajectories = " + std::to_string(spec.estimate.trajectories) +
                           " with only homodyne readouts: valid is at least one quadrature pair in spectrum.entries, "
                           "since the output homodyne spectra are closed-form only. Hint: add q,q.");
}

/// The closed-form columns at r.omega.
void closed_form_columns(SpectrumResult& r, const QuadratureSpectrum& S) {
  for (const auto& [k, l] : r.spec.entries) {
    auto& column = r.S.emplace_back();
    column.reserve(r.omega.size());
    for (double w : r.omega) column.push_back(S.entry(k, l, w));
  }
  for (const auto& readout : r.spec.homodyne) {
    auto& column = r.S_out.emplace_back();
    column.reserve(r.omega.size());
    for (double w : r.omega) column.push_back(homodyne_spectrum(S, r.kappa, readout, w));
  }
}

}  // namespace

QuadraturePair parse_quadrature_pair(const std::string& text) {
  const auto comma = text.find(',');
  if (comma == std::string::npos)
    throw InvalidParameter("spectrum.entries = '" + text + "': valid is two quadrature names separated by a comma, "
                           "from X_driven, Y_driven, X_other, Y_other, q, p. Hint: q,q or X_driven,q.");
  return {quadrature_index(text.substr(0, comma), text), quadrature_index(text.substr(comma + 1), text)};
}

HomodyneReadout parse_homodyne_readout(const std::string& text) {
  const auto colon = text.find(':');
  const std::string mode = text.substr(0, colon);
  HomodyneReadout r;
  if (mode == "driven") r.mode = Mode::driven;
  else if (mode == "other") r.mode = Mode::other;
  else
    throw InvalidParameter("spectrum.homodyne = '" + text + "': mode '" + mode +
                           "' is not an optical mode; valid are driven and other, optionally with :THETA in rad. "
                           "Hint: driven:0 (amplitude) or driven:1.5707963 (phase).");
  if (colon == std::string::npos) return r;
  const std::string angle = text.substr(colon + 1);
  char* end = nullptr;
  r.theta = std::strtod(angle.c_str(), &end);
  if (angle.empty() || end != angle.c_str() + angle.size() || !std::isfinite(r.theta))
    throw InvalidParameter("spectrum.homodyne = '" + text + "': theta '" + angle +
                           "' is not a finite number; valid is MODE:THETA with THETA in rad. Hint: driven:0.");
  return r;
}

SpectrumResult run_spectrum(const SpectrumSpec& spec, const Execution& execution) {
  check_omega(spec.omega);
  check_estimate(spec);
  SpectrumResult r;
  r.spec = spec;
  OperatingPoint point = spec.point;
  r.resolution_note = resolve_detuning(point, r.warnings);
  r.spec.point = point;
  r.analysis = analyze_point(point);
  append_warnings(r.warnings, r.analysis.warnings);
  check_point(r);
  const DerivedQuantities d = derive(point.parameters);
  r.kappa = d.kappa;
  if (r.spec.entries.empty() && r.spec.homodyne.empty()) r.spec.entries = {{quadrature::q, quadrature::q}};
  const double omega_max = spectrum_default_span * point.parameters.omega_m;
  const QuadratureSpectrum S(r.analysis.model.A, r.analysis.model.D);
  r.method = S.method();
  r.condition = S.basis().condition;
  if (spec.estimate.trajectories > 0) {
    r.estimate = run_trajectory_spectra(r.analysis.model.A, r.analysis.model.D, *r.analysis.V_lyapunov,
                                        r.analysis.stability.max_re_eig, r.spec.entries, omega_max, spec.estimate, S,
                                        execution);
    r.omega = r.estimate->omega;
  } else {
    r.omega = spec.omega.empty() ? linear_samples(-omega_max, omega_max, spectrum_default_points) : spec.omega;
  }
  closed_form_columns(r, S);
  return r;
}

}  // namespace spincom
