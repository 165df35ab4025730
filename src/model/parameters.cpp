#include "spincom/model/parameters.hpp"

#include <cmath>
#include <string>

#include "spincom/core/error.hpp"

namespace spincom {

// The ranges are generous physical bounds (a breathing mode from 100 s^-1 to 1e12 s^-1, masses from
// 1e-24 kg to 1 kg, optical wavelengths from 10 nm to 1 mm, ...) inside which every derived quantity
// and every matrix stays far from the limits of double precision (docs/decisions.md 72).
const std::array<ParameterInfo, 13>& parameter_table() {
  static const std::array<ParameterInfo, 13> table{{
      {"omega_m", "omega_m", Unit::rate, "mechanical frequency", &Parameters::omega_m, 1e2, 1e12,
       "an angular rate in s^-1, Table I: 63e6 (63M)"},
      {"gamma_m", "gamma_m", Unit::rate, "mechanical damping rate", &Parameters::gamma_m, 1e-6, 1e10,
       "an angular rate in s^-1, Table I: 5.2e3 (5.2k)"},
      {"mass", "m", Unit::mass, "effective mass", &Parameters::mass, 1e-24, 1.0,
       "in kg or with a unit, Table I: 10ng"},
      {"radius", "R", Unit::length, "resonator radius", &Parameters::radius, 1e-7, 1.0,
       "in m or with a unit, Table I: 1.1mm"},
      {"wavelength", "lambda", Unit::length, "vacuum wavelength", &Parameters::wavelength, 1e-8, 1e-3,
       "in m or with a unit, Table I: 1.55um"},
      {"index", "n", Unit::dimensionless, "refractive index", &Parameters::index, 1.0, 10.0,
       "Table I: 1.48 (silica)"},
      {"dn_dlambda", "dn/dlambda", Unit::inverse_length, "dispersion in Eq. (1)", &Parameters::dn_dlambda, -1e9, 1e9, "in m^-1 (silica at 1.55 um: about -1e4/m); 0 neglects dispersion"},
      {"Q", "Q", Unit::dimensionless, "optical quality factor omega_c/kappa", &Parameters::Q, 1.0, 1e14,
       "Table I: 3.2e7"},
      {"temperature", "T", Unit::temperature, "mechanical bath temperature", &Parameters::temperature, 0.0,
       1e4, "in K or with a unit, Table I: 130mK"},
      {"power", "P", Unit::power, "input laser power", &Parameters::power, 0.0, 1e3,
       "in W or with a unit, e.g. 20mW"},
      {"Omega", "Omega", Unit::rate, "spin rate of the resonator (magnitude)", &Parameters::Omega, 0.0, 1e9,
       "the magnitude in s^-1, e.g. 8k; choose the sign with --direction ccw|cw"},
      {"J", "J", Unit::rate, "backscattering coupling", &Parameters::J, 0.0, 1e12,
       "an angular rate in s^-1, e.g. 0 or 50M"},
      {"detuning", "Delta_c/omega_m", Unit::dimensionless,
       "laser detuning Delta_c = omega_c - omega_l in units of omega_m", &Parameters::detuning, -1e6, 1e6,
       "> 0 is red detuning; the Fig. 2 peaks lie between 0.3 and 1.2"},
  }};
  return table;
}

std::string valid_range_text(const ParameterInfo& info) {
  const std::string unit = info.unit == Unit::dimensionless ? "" : " " + std::string(unit_symbol(info.unit));
  return ">= " + format_value(info.lower) + " and <= " + format_value(info.upper) + unit;
}

const ParameterInfo* find_parameter(std::string_view key) {
  for (const auto& row : parameter_table())
    if (row.key == key) return &row;
  return nullptr;
}

void validate_value(const ParameterInfo& info, double value) {
  if (std::isfinite(value) && value >= info.lower && value <= info.upper) return;  // this runs on every sweep point
  const std::string unit = info.unit == Unit::dimensionless ? "" : " " + std::string(unit_symbol(info.unit));
  const std::string what = std::string(info.key) + " (" + std::string(info.description) + ") = ";
  const std::string tail = ": valid is " + valid_range_text(info) + ". Hint: " + std::string(info.hint) + ".";
  if (!std::isfinite(value)) throw InvalidParameter(what + format_value(value) + " is not finite" + tail);
  throw InvalidParameter(what + format_value(value) + unit + " is out of range" + tail);
}

void validate(const Parameters& p) {
  for (const auto& row : parameter_table()) validate_value(row, p.*(row.member));
}

std::string_view to_string(MechanicalBath bath) {
  return bath == MechanicalBath::brownian ? "brownian" : "symmetric";
}

MechanicalBath parse_mechanical_bath(std::string_view text) {
  if (text == "brownian") return MechanicalBath::brownian;
  if (text == "symmetric") return MechanicalBath::symmetric;
  throw InvalidParameter("bath = '" + std::string(text) +
                         "' is not a mechanical bath model: valid are 'brownian' (the paper's "
                         "QLE, default) and 'symmetric' (Lindblad-valid damping).");
}

}  // namespace spincom
