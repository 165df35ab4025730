#pragma once
// Which driving directions a command reports: one of them, or both (steady, sweep).
#include <string_view>

namespace spincom {

enum class DirectionChoice { ccw, cw, both };

DirectionChoice parse_direction_choice(std::string_view text);  ///< throws InvalidParameter
std::string_view to_string(DirectionChoice d);

}  // namespace spincom
