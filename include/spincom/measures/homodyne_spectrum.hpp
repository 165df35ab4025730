#pragma once
// Homodyne spectrum of an optical output field (docs/physics.md section 13). Input-output:
//   a_out = sqrt(2 kappa) a - a_in,   X_out^theta = cos(theta) X_out + sin(theta) Y_out,
// with the model's noise nu_X = sqrt(2 kappa) X_in, nu_Y = sqrt(2 kappa) Y_in for the mode
// (D = kappa on its quadratures: one port, vacuum input, variance 1/2 per unit bandwidth). So
//   X_out^theta = c^T u + b^T nu,   c = sqrt(2 kappa) e_theta,   b = -e_theta / sqrt(2 kappa),
// e_theta = cos(theta) e_X + sin(theta) e_Y of the mode, and
//   S_out(omega) = int e^{i omega tau} <X_out^theta(tau) X_out^theta(0)>_sym dtau
// is dimensionless. **Shot-noise level: 1/2** (reflected vacuum; an empty cavity gives exactly
// 1/2 at every omega). `in_shot_noise_units` divides by 1/2. theta = 0 is the amplitude
// quadrature X of the fluctuations (in the frame of the mode, not of its mean field alpha).
#include "spincom/core/conventions.hpp"
#include "spincom/covariance/quadrature_spectrum.hpp"

namespace spincom {

/// The shot-noise level of S_out in this normalization.
inline constexpr double shot_noise_level = vacuum_variance;

struct HomodyneReadout {
  Mode mode = Mode::driven;  ///< driven or other (an optical mode)
  double theta = 0.0;        ///< local-oscillator phase, rad
};

/// S_out(omega) of `readout` for a spectrum evaluator of (A, D); kappa is the amplitude decay
/// rate (s^-1). Throws InvalidParameter for mode = mechanics, a non-finite theta, or kappa <= 0.
double homodyne_spectrum(const QuadratureSpectrum& spectrum, double kappa, const HomodyneReadout& readout,
                         double omega);

inline double in_shot_noise_units(double S_out) { return S_out / shot_noise_level; }

}  // namespace spincom
