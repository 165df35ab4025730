#include "spincom/core/error.hpp"

#include <cstdio>

namespace spincom {

std::string format_value(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

}  // namespace spincom
