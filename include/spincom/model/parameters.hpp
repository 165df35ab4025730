#pragma once
// Model parameters: Table I of Jiao et al., PRL 125, 143605 (2020), supplement S1.
// All values SI; all rates angular (s^-1). Names follow docs/physics.md section 10.
#include <array>
#include <string>
#include <string_view>

#include "spincom/core/units.hpp"

namespace spincom {

/// How the mechanical mode is damped (documented in docs/mechanical-bath.md).
enum class MechanicalBath {
  /// The paper's Brownian QLE (Eq. 3): A_pp = -gamma_m, A_qq = 0, D_pp = gamma_m (2 n_m + 1).
  brownian,
  /// Symmetric, Lindblad-valid damping: A_qq = A_pp = -gamma_m/2, D_qq = D_pp = gamma_m (n_m + 1/2).
  symmetric,
};

struct Parameters {
  double omega_m = 63e6;        ///< omega_m: mechanical frequency, s^-1
  double gamma_m = 5.2e3;       ///< gamma_m: mechanical damping rate, s^-1
  double mass = 1e-11;          ///< m: effective mass, kg (10 ng)
  double radius = 1.1e-3;       ///< R: resonator radius, m
  double wavelength = 1.55e-6;  ///< lambda: vacuum wavelength of the resonance, m
  double index = 1.48;          ///< n: refractive index
  double dn_dlambda = 0.0;      ///< dn/dlambda: dispersion in Eq. (1), m^-1
  double Q = 3.2e7;             ///< Q = omega_c/kappa: optical quality factor
  double temperature = 0.13;    ///< T: mechanical bath temperature, K
  double power = 0.02;          ///< P: input laser power, W
  double Omega = 8e3;           ///< Omega >= 0: spin rate of the resonator, s^-1
  double J = 0.0;               ///< J: backscattering coupling of CW and CCW modes, s^-1
  double detuning = 1.0;        ///< Delta_c/omega_m, Delta_c = omega_c - omega_l (> 0: red)
  MechanicalBath bath = MechanicalBath::brownian;
};

/// One row of the parameter table: the single source for config keys, CLI flags,
/// units, validation ranges and the `params` listing.
struct ParameterInfo {
  std::string_view key;          ///< TOML key and CLI flag (with "--")
  std::string_view symbol;       ///< paper symbol, ASCII
  Unit unit;
  std::string_view description;
  double Parameters::*member;
  double lower;                  ///< valid range lower bound (inclusive)
  double upper;                  ///< valid range upper bound (inclusive)
  std::string_view hint;         ///< what to try when the value is refused
};

/// ">= 100 and <= 1e+12 s^-1": the valid range of a row, for messages and listings.
std::string valid_range_text(const ParameterInfo& info);

/// The 13 numeric parameters in docs/physics.md section 10 order.
const std::array<ParameterInfo, 13>& parameter_table();

/// The row for `key`, or nullptr.
const ParameterInfo* find_parameter(std::string_view key);

/// Throws InvalidParameter when `value` is non-finite or outside `info`'s range.
void validate_value(const ParameterInfo& info, double value);

/// Validates every field. Throws InvalidParameter with the value, the range and a hint.
void validate(const Parameters& p);

std::string_view to_string(MechanicalBath bath);
/// "brownian" or "symmetric"; throws InvalidParameter otherwise.
MechanicalBath parse_mechanical_bath(std::string_view text);

}  // namespace spincom
