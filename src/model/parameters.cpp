#include "spincom/model/parameters.hpp"

#include <cmath>
#include <string>

#include "spincom/core/error.hpp"

namespace spincom {

const std::array<ParameterInfo, 13>& parameter_table() {
  static const std::array<ParameterInfo, 13> table{{
      {"omega_m", "omega_m", Unit::rate, "mechanical frequency", &Parameters::omega_m, 0.0, false,
       "an angular rate in s^-1, Table I: 63e6"},
      {"gamma_m", "gamma_m", Unit::rate, "mechanical damping rate", &Parameters::gamma_m, 0.0,
       false, "an angular rate in s^-1, Table I: 5.2e3"},
      {"mass", "m", Unit::mass, "effective mass", &Parameters::mass, 0.0, false,
       "in kg or with a unit, Table I: 10ng"},
      {"radius", "R", Unit::length, "resonator radius", &Parameters::radius, 0.0, false,
       "in m or with a unit, Table I: 1.1mm"},
      {"wavelength", "lambda", Unit::length, "vacuum wavelength", &Parameters::wavelength, 0.0,
       false, "in m or with a unit, Table I: 1.55um"},
      {"index", "n", Unit::dimensionless, "refractive index", &Parameters::index, 1.0, true,
       "Table I: 1.48 (silica)"},
      {"dn_dlambda", "dn/dlambda", Unit::inverse_length, "dispersion in Eq. (1)",
       &Parameters::dn_dlambda, -HUGE_VAL, false, "in m^-1; 0 neglects dispersion"},
      {"Q", "Q", Unit::dimensionless, "optical quality factor omega_c/kappa", &Parameters::Q, 0.0,
       false, "Table I: 3.2e7"},
      {"temperature", "T", Unit::temperature, "mechanical bath temperature",
       &Parameters::temperature, 0.0, true, "in K or with a unit, Table I: 130mK"},
      {"power", "P", Unit::power, "input laser power", &Parameters::power, 0.0, true,
       "in W or with a unit, e.g. 20mW"},
      {"Omega", "Omega", Unit::rate, "spin rate of the resonator (magnitude)", &Parameters::Omega,
       0.0, true, "the magnitude in s^-1, e.g. 8k; choose the sign with --direction ccw|cw"},
      {"J", "J", Unit::rate, "backscattering coupling", &Parameters::J, 0.0, true,
       "an angular rate in s^-1, e.g. 0 or 50M"},
      {"detuning", "Delta_c/omega_m", Unit::dimensionless,
       "laser detuning Delta_c = omega_c - omega_l in units of omega_m", &Parameters::detuning,
       -HUGE_VAL, false, "a finite number; > 0 is red detuning; the Fig. 2 peaks lie between 0.3 and 1.2"},
  }};
  return table;
}

const ParameterInfo* find_parameter(std::string_view key) {
  for (const auto& row : parameter_table())
    if (row.key == key) return &row;
  return nullptr;
}

void validate_value(const ParameterInfo& info, double value) {
  const bool in_range = std::isfinite(value) && value >= info.lower && (info.lower_inclusive || value != info.lower);
  if (in_range) return;  // messages are built only on failure: this runs on every sweep point
  const std::string unit = info.unit == Unit::dimensionless ? "" : " " + std::string(unit_symbol(info.unit));
  const std::string range =
      std::isinf(info.lower) ? std::string("any finite value")
                             : (info.lower_inclusive ? ">= " : "> ") + format_value(info.lower) + unit;
  if (!std::isfinite(value))
    throw InvalidParameter(std::string(info.key) + " (" + std::string(info.description) + ") = " +
                           format_value(value) + " is not finite: valid is " + range +
                           ". Hint: " + std::string(info.hint) + ".");
  if (value < info.lower || (!info.lower_inclusive && value == info.lower)) {
    throw InvalidParameter(std::string(info.key) + " (" + std::string(info.description) + ") = " +
                           format_value(value) + unit + " is out of range: valid is " + range +
                           ". Hint: " + std::string(info.hint) + ".");
  }
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
