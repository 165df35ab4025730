#pragma once
// Whole-number options (counts, seeds): plain digits, or scientific notation that names a whole
// number exactly ("2e3", "1e10", as --help shows ranges). A sign, a fraction, an empty value or
// a number beyond 2^64 - 1 is refused with the value and the rule, never wrapped or defaulted.
#include <initializer_list>

#include <CLI/CLI.hpp>

namespace spincom::cli {

/// A CLI11 transform: rewrites exact scientific notation to digits; refuses the rest.
CLI::Validator whole_number();

/// Adds whole_number() to the named options of `app` (after their range checks, which read
/// scientific notation themselves), before the text is converted to an integer.
void accept_whole_numbers(CLI::App& app, std::initializer_list<const char*> names);

}  // namespace spincom::cli
