#include "spincom/config/vector_text.hpp"

#include <sstream>
#include <string>

#include "spincom/core/error.hpp"
#include "spincom/core/units.hpp"

namespace spincom {

Vector6 parse_vector6(std::string_view text, std::string_view field) {
  const std::string t(text), f(field);
  const std::string valid = "': valid is six finite comma-separated numbers of magnitude <= 1e100, e.g. 1,0,0,0,0,0.";
  Vector6 v = Vector6::Zero();
  std::stringstream ss(t);
  std::string item;
  int i = 0;
  while (std::getline(ss, item, ',')) {
    if (i >= 6) throw InvalidParameter(f + " '" + t + valid);
    v(i++) = parse_quantity(item, Unit::dimensionless, f);
  }
  if (!t.empty() && t.back() == ',') i = -1;  // a trailing comma: a seventh, empty entry
  if (i != 6 || !v.allFinite() || v.cwiseAbs().maxCoeff() > 1e100) throw InvalidParameter(f + " '" + t + valid);
  return v;
}

}  // namespace spincom
