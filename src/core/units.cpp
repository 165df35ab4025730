#include "spincom/core/units.hpp"

#include <array>
#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "spincom/core/error.hpp"

namespace spincom {
namespace {

struct Prefix {
  std::string_view symbol;
  double factor;
};

constexpr std::array<Prefix, 11> prefixes{{{"f", 1e-15},
                                          {"p", 1e-12},
                                          {"n", 1e-9},
                                          {"u", 1e-6},
                                          {"\xC2\xB5", 1e-6},  // micro sign
                                          {"m", 1e-3},
                                          {"k", 1e3},
                                          {"M", 1e6},
                                          {"G", 1e9},
                                          {"T", 1e12},
                                          {"P", 1e15}}};

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// The unit symbols a dimension accepts (after an optional prefix) and the SI factor of each.
std::vector<std::pair<std::string_view, double>> symbols(Unit unit) {
  switch (unit) {
    case Unit::dimensionless: return {};
    case Unit::rate: return {{"/s", 1.0}, {"s^-1", 1.0}, {"", 1.0}};
    case Unit::power: return {{"W", 1.0}, {"", 1.0}};
    case Unit::temperature: return {{"K", 1.0}, {"", 1.0}};
    case Unit::mass: return {{"g", 1e-3}, {"", 1.0}};
    case Unit::length: return {{"m", 1.0}, {"", 1.0}};
    case Unit::inverse_length: return {{"/m", 1.0}, {"m^-1", 1.0}};
  }
  return {};
}

std::string_view example(Unit unit) {
  switch (unit) {
    case Unit::dimensionless: return "1.0 or 3.2e7";
    case Unit::rate: return "8k, 50M, 5.2e3 (angular rates in s^-1)";
    case Unit::power: return "20mW or 0.02";
    case Unit::temperature: return "130mK or 0.13";
    case Unit::mass: return "10ng or 1e-11";
    case Unit::length: return "1.1mm, 1.55um or 1.1e-3";
    case Unit::inverse_length: return "0 or 1e4/m";
  }
  return "";
}

[[noreturn]] void fail(std::string_view name, std::string_view text, Unit unit,
                       std::string_view why) {
  std::string msg = std::string(name) + ": cannot read '" + std::string(text) + "'";
  if (unit != Unit::dimensionless) msg += " as a value in " + std::string(unit_symbol(unit));
  msg += ": " + std::string(why) + ". Valid: a number";
  if (unit != Unit::dimensionless) msg += " with an optional SI prefix and unit";
  msg += ", e.g. " + std::string(example(unit)) + ".";
  throw InvalidParameter(msg);
}

}  // namespace

std::string_view unit_symbol(Unit unit) {
  switch (unit) {
    case Unit::dimensionless: return "";
    case Unit::rate: return "s^-1";
    case Unit::power: return "W";
    case Unit::temperature: return "K";
    case Unit::mass: return "kg";
    case Unit::length: return "m";
    case Unit::inverse_length: return "m^-1";
  }
  return "";
}

double parse_quantity(std::string_view text, Unit unit, std::string_view name) {
  const std::string_view s = trim(text);
  if (s.empty()) fail(name, text, unit, "the value is empty");
  double value = 0.0;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (*first == '+') ++first;  // from_chars does not accept a leading '+'
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec == std::errc::result_out_of_range) fail(name, text, unit, "the number overflows a double");
  if (ec != std::errc()) {
    const std::string_view lower = s;
    if (lower == "nan" || lower == "NaN" || lower == "inf" || lower == "-inf")
      fail(name, text, unit, "the value is not finite");
    fail(name, text, unit, "it does not start with a number");
  }
  std::string_view suffix = trim(std::string_view(ptr, static_cast<std::size_t>(last - ptr)));
  if (suffix.empty()) return value;  // plain SI number (non-finite values are caught by validation)
  if (unit == Unit::dimensionless)
    fail(name, text, unit, "this parameter is dimensionless and takes no suffix");
  if (unit == Unit::rate && (ends_with(suffix, "Hz") || ends_with(suffix, "hz")))
    fail(name, text, unit,
         "'Hz' is ambiguous: spincom rates are angular (s^-1), as in the paper's Table I. "
         "Write the angular rate, e.g. 8k; for a cyclic frequency f multiply by 2*pi");
  for (const auto& [symbol, factor] : symbols(unit)) {
    if (!ends_with(suffix, symbol)) continue;
    const std::string_view prefix = suffix.substr(0, suffix.size() - symbol.size());
    if (prefix.empty()) {
      if (symbol.empty()) continue;
      return value * factor;
    }
    // A bare prefix ("130m", "10n") is accepted only for rates, whose unit is implied; elsewhere it
    // is ambiguous (is "10n" kg or g? "1m" metres or milli?), so the unit symbol is required.
    if (symbol.empty() && unit != Unit::rate)
      fail(name, text, unit, "a prefix needs its unit symbol here: write e.g. '" + std::string(prefix) +
                                 std::string(unit == Unit::mass ? "g" : unit_symbol(unit)) + "'");
    for (const auto& p : prefixes)
      if (prefix == p.symbol) return value * p.factor * factor;
  }
  fail(name, text, unit, "unknown suffix '" + std::string(suffix) + "'");
}

}  // namespace spincom
