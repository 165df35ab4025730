#pragma once
// Reading numbers with unit suffixes ("20mW", "130mK", "8k", "1.55um", "10ng").
// Every value is converted to SI; every rate is angular (s^-1), so "Hz" is refused.
#include <string>
#include <string_view>

namespace spincom {

/// The physical dimension of a parameter, which decides the suffixes it accepts.
enum class Unit {
  dimensionless,   ///< plain number, no prefix
  rate,            ///< angular rate, s^-1: "8k", "50M", "5.2e3", "8k/s"
  power,           ///< W: "20mW", "0.02"
  temperature,     ///< K: "130mK", "0.13"
  mass,            ///< kg: "10ng", "1e-11", "1e-11kg"
  length,          ///< m: "1.1mm", "1.55um", "1.1e-3"
  inverse_length,  ///< m^-1: "0", "-1e4/m"
};

/// The SI unit symbol for messages and tables ("s^-1", "W", ...; "" if dimensionless).
std::string_view unit_symbol(Unit unit);

/// Parses `text` as a value of dimension `unit` and returns it in SI.
/// Throws InvalidParameter naming `name`, the text, the accepted forms and an example.
double parse_quantity(std::string_view text, Unit unit, std::string_view name);

}  // namespace spincom
