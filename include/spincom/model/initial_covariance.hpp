#pragma once
// The vacuum-thermal covariance: optical vacuum (variance 1/2 in every optical quadrature) and a
// mechanical mode in equilibrium with its bath (n_m + 1/2 in q and p), uncorrelated. The default
// initial state of the fluctuations in both time-domain models (docs/physics.md section 4).
#include "spincom/core/conventions.hpp"
#include "spincom/model/derived_quantities.hpp"

namespace spincom {

inline Matrix6 vacuum_thermal_covariance(const DerivedQuantities& d) {
  Matrix6 V0 = Matrix6::Identity() * vacuum_variance;
  V0(quadrature::q, quadrature::q) = V0(quadrature::p, quadrature::p) = d.n_m + 0.5;
  return V0;
}

}  // namespace spincom
