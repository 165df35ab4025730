#include "spincom/io/parameter_line.hpp"

#include "spincom/io/number_format.hpp"

namespace spincom {

std::string parameter_assignments(const Parameters& p) {
  std::string out;
  for (const auto& row : parameter_table()) out += " " + std::string(row.key) + "=" + format_number(p.*(row.member));
  out += " bath=" + std::string(to_string(p.bath));
  return out;
}

}  // namespace spincom
