#include "spincom/model/sagnac_shift.hpp"

#include <numbers>

namespace spincom {

double sagnac_shift(const Parameters& p, Direction d, const PhysicalConstants& k) {
  const double omega_c = 2.0 * std::numbers::pi * k.c / p.wavelength;
  const double n = p.index;
  const double magnitude = p.Omega * n * p.radius * omega_c / k.c *
                           (1.0 - 1.0 / (n * n) - (p.wavelength / n) * p.dn_dlambda);
  return sign(d) * magnitude;
}

}  // namespace spincom
