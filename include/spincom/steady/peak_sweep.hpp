#pragma once
// Sweeps of "max over Delta_c" quantities (Fig. 3, the chi map of Fig. 3(f), S3/S4 curves): at
// each grid point and direction, the E_N maximum over the detuning among stable points (grid
// scan refined by Brent's method), and the revival factor of Eq. (14)
//   chi = max_Delta_c E_N(Omega, J) / max_Delta_c E_N(Omega = 0, J = 0),
// whose denominator is taken at the same other parameters as the numerator.
#include <functional>
#include <vector>

#include <cmath>

#include "spincom/steady/detuning_peak.hpp"
#include "spincom/steady/point_guards.hpp"
#include "spincom/steady/sweep.hpp"

namespace spincom {

struct PeakSweepRow {
  std::size_t point;
  Direction direction;
  bool found;               ///< false: no stable detuning in the scan range
  DetuningPeak peak;        ///< refined maximum (valid when found)
  double reference_E_N;     ///< max E_N at Omega = 0, J = 0 (same other parameters); NaN if none
  double chi;               ///< peak.E_N / reference_E_N (Eq. 14); NaN if undefined
  double nu_minus = NAN;    ///< Eq. (13) at the maximum (E_N_raw = -ln 2 nu_minus); NaN if not found
  StabilityMargin margin;   ///< at the maximum (steady/point_guards.hpp); max_re_eig NaN if not found
  bool entangled = false;   ///< the maximum has E_N > peak_entanglement_floor
  bool on_edge = false;     ///< the maximum lies within one grid step of the scan's ends
};

struct PeakSweepResult : SweepGrid {
  DetuningScan scan;
  std::vector<PeakSweepRow> rows;  ///< grid order, ccw before cw (rank 0 only under MPI)
};

/// Parses "detuning:LOWER:UPPER:POINTS" for --max-over. Throws InvalidParameter.
DetuningScan parse_max_over(std::string_view text);

/// Runs the peak sweep over `ranks` and `threads` (as run_sweep); `axes` may not include
/// detuning (it is maximized over).
PeakSweepResult run_peak_sweep(const Parameters& base, const std::vector<SweepAxis>& axes, DirectionChoice directions,
                               const DetuningScan& scan, int threads = 0,
                               const std::function<void(std::size_t, std::size_t)>& progress = {},
                               const RankPartition& ranks = {});

}  // namespace spincom
