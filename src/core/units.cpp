#include "spincom/core/units.hpp"

#include <algorithm>
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

namespace {

/// Units of other dimensions that users write by habit, with what spincom wants instead.
struct ForeignUnit {
  std::string_view symbol;
  std::string_view what;
};
constexpr std::array<ForeignUnit, 9> foreign_units{{{"Hz", "a cyclic frequency"},
                                                   {"dBm", "a logarithmic power"},
                                                   {"dB", "a logarithmic ratio"},
                                                   {"eV", "an energy"},
                                                   {"J", "an energy"},
                                                   {"s", "a time"},
                                                   {"C", "a temperature in Celsius"},
                                                   {"A", "a current"},
                                                   {"V", "a voltage"}}};

bool is_prefix(std::string_view text) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const Prefix& p) { return p.symbol == text; });
}

char flip_case(char c) {
  if (c >= 'a' && c <= 'z') return static_cast<char>(c - 'a' + 'A');
  if (c >= 'A' && c <= 'Z') return static_cast<char>(c - 'A' + 'a');
  return c;
}

/// "20mw" -> "20mW", "130mk" -> "130mK", "10NG" -> "10ng": the spelling with the unit symbol's
/// case (and, if needed, the prefix's) corrected, or "" when no such spelling exists.
std::string case_corrected(std::string_view number, std::string_view suffix, Unit unit) {
  for (const auto& [symbol, factor] : symbols(unit)) {
    if (symbol.empty() || suffix.size() < symbol.size()) continue;
    const std::string_view tail = suffix.substr(suffix.size() - symbol.size());
    std::string flipped(tail);
    for (char& c : flipped) c = flip_case(c);
    if (tail == symbol || flipped != symbol) continue;
    std::string prefix(suffix.substr(0, suffix.size() - symbol.size()));
    const bool all_upper = std::none_of(suffix.begin(), suffix.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (prefix.size() == 1 && (!is_prefix(prefix) || all_upper) && is_prefix(std::string(1, flip_case(prefix[0]))))
      prefix[0] = flip_case(prefix[0]);
    if (prefix.empty() || is_prefix(prefix)) return std::string(number) + prefix + std::string(symbol);
  }
  return "";
}

/// The unit of another dimension that `suffix` ends with, if any ("20MHz" for a power).
const ForeignUnit* foreign_unit(std::string_view suffix, Unit unit) {
  for (const auto& f : foreign_units) {
    if (!ends_with(suffix, f.symbol)) continue;
    const std::string_view prefix = suffix.substr(0, suffix.size() - f.symbol.size());
    if (!prefix.empty() && !is_prefix(prefix)) continue;
    const auto own = symbols(unit);
    if (std::none_of(own.begin(), own.end(), [&](const auto& s) { return !s.first.empty() && ends_with(suffix, s.first); }))
      return &f;
  }
  return nullptr;
}

/// Refuses the suffixes that are valid-looking but almost surely wrong, with the fix.
void refuse_misleading_suffix(std::string_view name, std::string_view text, std::string_view number,
                              std::string_view suffix, Unit unit) {
  if (unit == Unit::rate && (ends_with(suffix, "Hz") || ends_with(suffix, "hz")))
    fail(name, text, unit,
         "'Hz' is ambiguous: spincom rates are angular (s^-1), as in the paper's Table I. "
         "Write the angular rate, e.g. 8k; for a cyclic frequency f multiply by 2*pi");
  if (unit == Unit::rate && (suffix == "m" || suffix == "m/s" || suffix == "ms^-1"))
    fail(name, text, unit,
         "'m' is the milli prefix (1e-3), almost surely a typo for 'M' (mega, 1e6) on a rate: write '" +
             std::string(number) + "M' for " + std::string(number) + "e6 s^-1, or '" + std::string(number) +
             "e-3' if milli is really meant");
  const std::string corrected = case_corrected(number, suffix, unit);
  if (!corrected.empty())
    fail(name, text, unit, "unit symbols are case-sensitive (did you mean '" + corrected + "'?)");
  if (const ForeignUnit* f = foreign_unit(suffix, unit))
    fail(name, text, unit,
         "'" + std::string(f->symbol) + "' is " + std::string(f->what) + ", not a value in " +
             std::string(unit_symbol(unit)) + "; convert it to " + std::string(unit_symbol(unit)));
}

/// The reason from_chars gave up on the number at the start of `s`.
[[noreturn]] void fail_number(std::string_view name, std::string_view text, std::string_view s, Unit unit,
                              std::errc ec) {
  if (ec == std::errc::result_out_of_range) {
    const auto e = s.find_first_of("eE");
    const bool tiny = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
    fail(name, text, unit,
         tiny ? "the number is below the smallest double (about 2.2e-308); write 0 if zero is meant"
              : "the number overflows a double (above about 1.8e308)");
  }
  if (s == "nan" || s == "NaN" || s == "inf" || s == "-inf") fail(name, text, unit, "the value is not finite");
  fail(name, text, unit, "it does not start with a number");
}

}  // namespace

double parse_quantity(std::string_view text, Unit unit, std::string_view name) {
  const std::string_view s = trim(text);
  if (s.empty()) fail(name, text, unit, "the value is empty");
  double value = 0.0;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (*first == '+') ++first;  // from_chars does not accept a leading '+'
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc()) fail_number(name, text, s, unit, ec);
  const std::string_view number(s.data(), static_cast<std::size_t>(ptr - s.data()));
  std::string_view suffix = trim(std::string_view(ptr, static_cast<std::size_t>(last - ptr)));
  if (suffix.empty()) return value;  // plain SI number (non-finite values are caught by validation)
  if (unit == Unit::dimensionless)
    fail(name, text, unit, "this parameter is dimensionless and takes no suffix");
  refuse_misleading_suffix(name, text, number, suffix, unit);
  for (const auto& [symbol, factor] : symbols(unit)) {
    if (!ends_with(suffix, symbol)) continue;
    const std::string_view prefix = suffix.substr(0, suffix.size() - symbol.size());
    if (prefix.empty()) {
      if (symbol.empty()) continue;
      return value * factor;
    }
    // A bare prefix ("130m", "10n") is accepted only for rates, whose unit is implied; elsewhere it
    // is ambiguous (is "10n" kg or g? "1m" metres or milli?), so the unit symbol is required.
    if (symbol.empty() && unit != Unit::rate && is_prefix(prefix))
      fail(name, text, unit, "a prefix needs its unit symbol here: write e.g. '" + std::string(number) +
                                 std::string(prefix) +
                                 std::string(unit == Unit::mass ? "g" : unit_symbol(unit)) + "'");
    for (const auto& p : prefixes)
      if (prefix == p.symbol) return value * p.factor * factor;
  }
  if (suffix.size() == 1 && is_prefix(std::string(1, flip_case(suffix[0]))))
    fail(name, text, unit,
         "unknown suffix '" + std::string(suffix) + "': SI prefixes are case-sensitive (did you mean '" +
             std::string(number) + std::string(1, flip_case(suffix[0])) + "'?)");
  fail(name, text, unit, "unknown suffix '" + std::string(suffix) + "'");
}

}  // namespace spincom
