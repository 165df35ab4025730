#pragma once
// Quantities derived from Table I (supplement S1), all SI, rates angular (s^-1).
#include "spincom/core/physical_constants.hpp"
#include "spincom/model/parameters.hpp"

namespace spincom {

struct DerivedQuantities {
  double omega_c;    ///< omega_c = 2 pi c / lambda: optical resonance, s^-1
  double kappa;      ///< kappa = omega_c / Q: amplitude decay rate (linewidth 2 kappa), s^-1
  double x_zp;       ///< x_zp = sqrt(hbar / (m omega_m)): zero-point length, m
  double G0;         ///< G0 = omega_c x_zp / R: single-photon coupling, s^-1
  double n_m;        ///< n_m = 1/(exp(hbar omega_m / k_B T) - 1): thermal phonons
  double Delta_c;    ///< Delta_c = detuning * omega_m = omega_c - omega_l, s^-1
  double omega_l;    ///< omega_l = omega_c - Delta_c: laser frequency (exact, not ~omega_c), s^-1
  double epsilon;    ///< epsilon = sqrt(2 kappa P / (hbar omega_l)): drive amplitude, s^-1
  double Delta_F;    ///< |Delta_F| of Eq. (1) (sign set by the direction), s^-1
  double Q_m;        ///< Q_m = omega_m / gamma_m: mechanical quality factor
};

/// Derives every quantity above. Validates `p` first (throws InvalidParameter).
DerivedQuantities derive(const Parameters& p, const PhysicalConstants& k = codata2018);

/// n_m = 1/(exp(hbar omega / k_B T) - 1); 0 at T = 0.
double thermal_occupation(double omega, double temperature, const PhysicalConstants& k = codata2018);

}  // namespace spincom
