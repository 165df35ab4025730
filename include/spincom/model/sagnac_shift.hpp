#pragma once
// Sagnac-Fizeau shift, Eq. (1): Delta_F = +-Omega n R omega_c / c (1 - 1/n^2 - (lambda/n) dn/dlambda).
#include "spincom/core/conventions.hpp"
#include "spincom/core/physical_constants.hpp"
#include "spincom/model/parameters.hpp"

namespace spincom {

/// Delta_F for driving direction `d` (s^-1): > 0 for ccw, < 0 for cw (Omega > 0).
double sagnac_shift(const Parameters& p, Direction d, const PhysicalConstants& k = codata2018);

}  // namespace spincom
