#pragma once
// The provenance line every output header carries: all parameters of docs/physics.md section 10 as
// key=value (shortest round-trip decimals) and the mechanical bath; and the guard lines.
#include <string>
#include <vector>

#include "spincom/core/warning.hpp"
#include "spincom/model/parameters.hpp"
#include "spincom/steady/point_guards.hpp"

namespace spincom {

/// Provenance lines of the operating-point guards: the resolution note (when the detuning was
/// chosen automatically), "stability_margin: max_re_eig=... over_kappa=... over_gamma_m=...
/// marginal=0|1" and one "warning <code>: <message>" line per warning.
void append_guard_lines(std::vector<std::string>& lines, const std::string& note, const StabilityMargin& margin,
                        const std::vector<Warning>& warnings);

/// " key=value key=value ... bath=name" (leading space, no newline).
std::string parameter_assignments(const Parameters& p);

}  // namespace spincom
