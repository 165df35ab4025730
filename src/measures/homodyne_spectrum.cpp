#include "spincom/measures/homodyne_spectrum.hpp"

#include <cmath>

#include "spincom/core/error.hpp"

namespace spincom {

double homodyne_spectrum(const QuadratureSpectrum& spectrum, double kappa, const HomodyneReadout& readout,
                         double omega) {
  if (readout.mode == Mode::mechanics)
    throw InvalidParameter("homodyne mode = mechanics: valid are the optical modes driven and other. Hint: the "
                           "mechanical spectrum is the quadrature spectrum S_qq.");
  if (!std::isfinite(readout.theta))
    throw InvalidParameter("homodyne theta = " + format_value(readout.theta) + " rad: valid is a finite angle.");
  if (!(kappa > 0.0) || !std::isfinite(kappa))
    throw InvalidParameter("kappa = " + format_value(kappa) + " s^-1: valid is a finite kappa > 0.");
  const int k = 2 * static_cast<int>(readout.mode);
  Vector6 e = Vector6::Zero();
  e(k) = std::cos(readout.theta);
  e(k + 1) = std::sin(readout.theta);
  const double root = std::sqrt(2.0 * kappa);
  return spectrum.readout(root * e, -e / root, omega);
}

}  // namespace spincom
