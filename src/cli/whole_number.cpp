#include "whole_number.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace spincom::cli {
namespace {

/// The error of a text that is no whole number, or "" after rewriting it to digits.
std::string to_digits(std::string& text) {
  const std::string rule = "valid is a whole number >= 0, as digits or exact scientific notation (e.g. 2000 or 2e3)";
  if (text.empty()) return "the value is empty: " + rule;
  if (text.find_first_not_of("0123456789") == std::string::npos) {
    errno = 0;
    (void)std::strtoull(text.c_str(), nullptr, 10);
    return errno == ERANGE ? "'" + text + "' is above 2^64 - 1 = 18446744073709551615" : "";
  }
  if (text[0] == '-') return "'" + text + "' is negative: " + rule;
  char* end = nullptr;
  const double x = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(x)) return "'" + text + "' is not a number: " + rule;
  if (x < 0.0 || x != std::floor(x)) return "'" + text + "' is not a whole number: " + rule;
  if (x > 9007199254740992.0)  // 2^53: beyond it a double does not name every whole number
    return "'" + text + "' is too large for scientific notation (above 2^53): write its digits";
  text = std::to_string(static_cast<unsigned long long>(x));
  return "";
}

}  // namespace

CLI::Validator whole_number() { return CLI::Validator(to_digits, "", "WHOLE_NUMBER"); }

void accept_whole_numbers(CLI::App& app, std::initializer_list<const char*> names) {
  for (const char* name : names) app.get_option(name)->transform(whole_number());
}

}  // namespace spincom::cli
