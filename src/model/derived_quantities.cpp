#include "spincom/model/derived_quantities.hpp"

#include <cmath>
#include <numbers>
#include <sstream>

#include "spincom/core/error.hpp"
#include "spincom/model/sagnac_shift.hpp"

namespace spincom {

double thermal_occupation(double omega, double temperature, const PhysicalConstants& k) {
  if (temperature == 0.0) return 0.0;
  return 1.0 / std::expm1(k.hbar * omega / (k.k_B * temperature));
}

DerivedQuantities derive(const Parameters& p, const PhysicalConstants& k) {
  validate(p);
  DerivedQuantities d{};
  d.omega_c = 2.0 * std::numbers::pi * k.c / p.wavelength;
  d.kappa = d.omega_c / p.Q;
  d.x_zp = std::sqrt(k.hbar / (p.mass * p.omega_m));
  d.G0 = d.omega_c * d.x_zp / p.radius;
  d.n_m = thermal_occupation(p.omega_m, p.temperature, k);
  d.Delta_c = p.detuning * p.omega_m;
  d.omega_l = d.omega_c - d.Delta_c;
  if (!(d.omega_l > 0.0)) {
    // ostringstream rather than string concatenation: GCC 12 emits a false -Wrestrict for the latter here.
    std::ostringstream msg;
    msg << "detuning = " << format_value(p.detuning) << " puts the laser at omega_l = omega_c - Delta_c = "
        << format_value(d.omega_l) << " s^-1 <= 0: valid is detuning < omega_c/omega_m = "
        << format_value(d.omega_c / p.omega_m) << ". Hint: detuning is Delta_c/omega_m, of order 1.";
    throw InvalidParameter(msg.str());
  }
  d.epsilon = std::sqrt(2.0 * d.kappa * p.power / (k.hbar * d.omega_l));
  d.Delta_F = sagnac_shift(p, Direction::ccw, k);
  d.Q_m = p.omega_m / p.gamma_m;
  const double all[] = {d.omega_c, d.kappa, d.x_zp, d.G0, d.n_m, d.epsilon, d.Delta_F, d.Q_m};
  for (double x : all)
    if (!std::isfinite(x)) {
      std::ostringstream msg;
      msg << "the parameters give non-finite derived quantities (omega_c = " << d.omega_c << ", kappa = " << d.kappa
          << ", x_zp = " << d.x_zp << ", G0 = " << d.G0 << ", n_m = " << d.n_m << ", epsilon = " << d.epsilon
          << "): a value is too large or too small for double precision. Hint: check the orders of magnitude "
             "against Table I (spincom params).";
      throw InvalidParameter(msg.str());
    }
  // The mean-field scale G0^2 eps^2 / omega_m^4 must be representable too.
  const double C = (d.G0 * d.G0 / p.omega_m) * (d.epsilon * d.epsilon / p.omega_m) / (p.omega_m * p.omega_m);
  if (!std::isfinite(C)) {
    std::ostringstream msg;
    msg << "power = " << p.power << " W with omega_m = " << p.omega_m
        << " s^-1 gives a radiation-pressure scale G0^2 epsilon^2 / omega_m^4 = " << C
        << " that overflows double precision. Hint: check --power and --omega_m against Table I.";
    throw InvalidParameter(msg.str());
  }
  return d;
}

}  // namespace spincom
