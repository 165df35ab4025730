#include "spincom/model/direction_choice.hpp"

#include <string>

#include "spincom/core/error.hpp"

namespace spincom {

DirectionChoice parse_direction_choice(std::string_view text) {
  if (text == "ccw") return DirectionChoice::ccw;
  if (text == "cw") return DirectionChoice::cw;
  if (text == "both") return DirectionChoice::both;
  throw InvalidParameter("direction = '" + std::string(text) +
                         "' is unknown: valid are ccw (laser drives the CCW mode, Delta_F > 0), "
                         "cw (Delta_F < 0) and both.");
}

std::string_view to_string(DirectionChoice d) {
  switch (d) {
    case DirectionChoice::ccw: return "ccw";
    case DirectionChoice::cw: return "cw";
    case DirectionChoice::both: return "both";
  }
  return "both";
}

}  // namespace spincom
