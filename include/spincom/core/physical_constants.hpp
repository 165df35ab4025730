#pragma once
// Physical constants used by spincom (SI).

namespace spincom {

struct PhysicalConstants {
  double hbar;       ///< reduced Planck constant, J s
  double k_B;        ///< Boltzmann constant, J/K
  double c;          ///< speed of light in vacuum, m/s
};

/// CODATA 2018 exact/recommended values; spincom's default.
inline constexpr PhysicalConstants codata2018{1.054571817e-34, 1.380649e-23, 299792458.0};

/// The rounded values that reproduce the paper's Table I entry n_m = 269.4.
inline constexpr PhysicalConstants paper_rounded{1.055e-34, 1.38e-23, 3.0e8};

}  // namespace spincom
