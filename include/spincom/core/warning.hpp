#pragma once
// Warnings are data: the library returns them with its results (a point near the stability
// boundary, a grid that cannot resolve the dynamics, a search range with nothing entangled), and
// each front end decides how to show them (the CLI prints them on stderr and records them in the
// output metadata). A warning never changes a number; it says what is doubtful and what to do.
#include <string>
#include <vector>

namespace spincom {

struct Warning {
  std::string code;     ///< stable identifier, e.g. "marginal_stability" (the list: docs/decisions.md 39)
  std::string message;  ///< one sentence or two: the numbers, why it matters, what to do
};

/// Appends `more` to `to`.
inline void append_warnings(std::vector<Warning>& to, const std::vector<Warning>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

/// True when `warnings` holds one with `code`.
inline bool has_warning(const std::vector<Warning>& warnings, const std::string& code) {
  for (const auto& w : warnings)
    if (w.code == code) return true;
  return false;
}

}  // namespace spincom
