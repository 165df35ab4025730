#pragma once
// The parameter groups every HDF5 file of spincom carries (schema in the README, "HDF5 datasets"):
// /parameters/NAME (every input parameter) and /derived/NAME (omega_c, kappa, G0, Delta_c,
// omega_l, epsilon, Delta_F, x_zp, n_m, Q_m), one scalar each with a "unit" attribute (SI, rates
// s^-1, "1" for dimensionless); /parameters has the attribute "bath".
#include "spincom/io/hdf5_file.hpp"
#include "spincom/model/parameters.hpp"

namespace spincom {

/// Writes /parameters and /derived under `root`. Throws IoError.
void write_parameters(const h5::Location& root, const Parameters& p);

}  // namespace spincom
