#pragma once
// A 6-vector from text: six comma-separated numbers (an initial mean, for example).
#include <string_view>

#include "spincom/core/conventions.hpp"

namespace spincom {

/// Throws InvalidParameter naming `field` unless `text` is six finite comma-separated numbers of
/// magnitude <= 1e100.
Vector6 parse_vector6(std::string_view text, std::string_view field);

}  // namespace spincom
