#pragma once
// Logarithmic negativity, Eqs. (12)-(13):
//   V' = [[A, C], [C^T, B]],  Sigma = det A + det B - 2 det C,
//   nu^- = 2^{-1/2} [Sigma - (Sigma^2 - 4 det V')^{1/2}]^{1/2},  E_N = max(0, -ln 2 nu^-).
#include "spincom/core/conventions.hpp"

namespace spincom {

struct LogNegativity {
  double nu_minus;  ///< smallest symplectic eigenvalue of the partial transpose of V'
  double E_N;       ///< logarithmic negativity (natural log), >= 0
};

/// E_N of a two-mode covariance V' (4 x 4, order x_a, p_a, x_b, p_b).
LogNegativity log_negativity(const Matrix4& V_prime);

/// E_N between modes a and b of the three-mode V; default: driven optical vs mechanics.
LogNegativity log_negativity(const Matrix6& V, Mode a = Mode::driven, Mode b = Mode::mechanics);

/// The unclipped log negativity -ln(2 nu^-) of modes (a, b) of V: E_N = max(0, raw). Smooth
/// through 0, so it is what the jackknife and the statistical checks use; negative values say
/// how far a state is from entanglement.
double raw_log_negativity(const Matrix6& V, Mode a = Mode::driven, Mode b = Mode::mechanics);

/// An estimate of the rounding error of E_N_raw of modes (a, b) of V in double precision:
/// 4 eps kappa(V'), kappa the condition number of the two-mode V' (det V' loses kappa eps of its
/// relative accuracy, and E_N_raw = -ln(det V' / nu_+^2) / 2 half of it). Worst case; +inf when V'
/// is not positive definite. Large where a growing V is dominated by one direction.
double log_negativity_rounding(const Matrix6& V, Mode a = Mode::driven, Mode b = Mode::mechanics);

}  // namespace spincom
