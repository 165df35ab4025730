#pragma once
// The maximum of the steady-state E_N over the detuning Delta_c/omega_m, among stable points:
// a grid scan, then Brent's method on the bracket around each of the (up to 4) highest grid
// local maxima, so that two peaks of nearly equal height cannot swap places unnoticed.
#include <optional>

#include "spincom/core/conventions.hpp"
#include "spincom/model/parameters.hpp"

namespace spincom {

struct DetuningPeak {
  double detuning;        ///< Delta_c/omega_m at the refined maximum
  double E_N;             ///< E_N there
  double grid_detuning;   ///< the best grid point before refinement
  double grid_E_N;
  int evaluations;        ///< steady-state evaluations used
};

/// More grid points than this are refused: Brent's method refines the maximum, and each point
/// costs a steady state (about 4 us) and 8 bytes.
inline constexpr int max_detuning_scan_points = 1'000'000;

struct DetuningScan {
  double lower = 0.0;     ///< Delta_c/omega_m range
  double upper = 3.0;
  int points = 301;       ///< grid points (>= 3)
};

/// The E_N maximum over detuning for direction `dir`; the other fields of `p` are held fixed.
/// nullopt when no grid point is stable. Unstable points never count.
/// Throws InvalidParameter for an empty or non-finite range or fewer than 3 points.
std::optional<DetuningPeak> maximize_entanglement_over_detuning(Parameters p, Direction dir,
                                                                const DetuningScan& scan = {});

}  // namespace spincom
