#pragma once
// The provenance line every output header carries: all parameters of docs/physics.md section 10 as
// key=value (shortest round-trip decimals) and the mechanical bath.
#include <string>

#include "spincom/model/parameters.hpp"

namespace spincom {

/// " key=value key=value ... bath=name" (leading space, no newline).
std::string parameter_assignments(const Parameters& p);

}  // namespace spincom
