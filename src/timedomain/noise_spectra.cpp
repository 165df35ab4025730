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

SpectrumResult run_spectrum(const SpectrumSpec& spec) {
  check_omega(spec.omega);
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
  r.omega = spec.omega.empty() ? linear_samples(-spectrum_default_span * point.parameters.omega_m,
                                                spectrum_default_span * point.parameters.omega_m,
                                                spectrum_default_points)
                               : spec.omega;
  const QuadratureSpectrum S(r.analysis.model.A, r.analysis.model.D);
  r.method = S.method();
  r.condition = S.basis().condition;
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
  return r;
}

}  // namespace spincom
