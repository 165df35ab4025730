#pragma once
// The Gaussian moments of the fluctuations along a closed-form transient V(t)
// (covariance/covariance_evolution.hpp), per time: E_N clipped and unclipped, nu^-, the
// occupations of the three modes, the purity and the distance to the steady state.
#include <optional>
#include <string_view>
#include <vector>

#include "spincom/core/conventions.hpp"
#include "spincom/covariance/covariance_evolution.hpp"

namespace spincom {

/// The two modes whose entanglement is measured (Eqs. 12-13 on the reduced V').
struct Bipartition {
  Mode a = Mode::driven;
  Mode b = Mode::mechanics;
};

struct MomentsSample {
  double t;                ///< time, s
  Matrix6 V;               ///< V(t) (quadrature order of core/conventions.hpp)
  double nu_minus;         ///< smallest symplectic eigenvalue of the partially transposed V' (Eq. 12)
  double E_N;              ///< max(0, -ln 2 nu^-) (Eq. 13)
  double E_N_raw;          ///< -ln 2 nu^-, unclipped: negative when not entangled
  double n_mechanics;      ///< n_eff = (V_qq + V_pp - 1)/2
  double n_driven;         ///< (V_XX + V_YY - 1)/2 of the driven mode's fluctuations
  double n_other;          ///< same for the other optical mode
  double purity;           ///< 1/(2^3 sqrt(det V)); 1 for the vacuum
  double distance_steady;  ///< max_kl |V - V_inf|_kl / max_kl |V_inf|_kl; NaN without a steady state
};

/// The moments of one covariance V at time t; V_steady null: distance_steady = NaN.
MomentsSample moments_of(double t, const Matrix6& V, const Bipartition& pair, const Matrix6* V_steady);

/// The moments at each time (ascending or not, each >= 0). Throws InvalidParameter for a mode
/// pair that names one mode twice, or a negative or non-finite time.
std::vector<MomentsSample> transient_moments(const CovarianceEvolution& evolution, const std::vector<double>& times,
                                             const Bipartition& pair, const std::optional<Matrix6>& V_steady);

/// Throws InvalidParameter when a == b.
void check_bipartition(const Bipartition& pair, std::string_view field = "dynamics.pair");

/// "A,B" with modes driven, other, mechanics. Throws InvalidParameter naming dynamics.pair.
Bipartition parse_bipartition(std::string_view text);

}  // namespace spincom
