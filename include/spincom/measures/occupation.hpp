#pragma once
// Mean excitation number of one mode's fluctuations from its two quadratures (vacuum variance
// 1/2): with X = (a + a^dag)/sqrt 2 and Y = i(a^dag - a)/sqrt 2, X^2 + Y^2 = 2 a^dag a + 1, so
//   n = (V_XX + V_YY - 1)/2.
// For the mechanics this is the effective phonon number n_eff = (V_qq + V_pp - 1)/2; for an
// optical mode it is the photon number of the fluctuations da (the coherent part |alpha|^2 of
// the mean field is not included). Vacuum gives 0, a thermal state n.
#include "spincom/core/conventions.hpp"

namespace spincom {

inline double occupation(const Matrix6& V, Mode m) {
  const int k = 2 * static_cast<int>(m);
  return 0.5 * (V(k, k) + V(k + 1, k + 1) - 1.0);
}

}  // namespace spincom
