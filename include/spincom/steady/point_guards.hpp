#pragma once
// Guards on an operating point (issue 12): how far it is from the stability boundary, and
// whether an automatic E_N-peak search found a peak at all. Both return data (numbers and
// Warning values); front ends decide how to show them. docs/decisions.md items 39-41.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spincom/core/warning.hpp"
#include "spincom/model/mean_field.hpp"
#include "spincom/model/parameters.hpp"
#include "spincom/stability/stability.hpp"
#include "spincom/steady/detuning_peak.hpp"

namespace spincom {

// ---- stability margin --------------------------------------------------------------------

/// A stable point is "marginal" when the same branch is not stable at a detuning this close
/// (Delta_c/omega_m): one grid step of the default peak search, so the search cannot tell the
/// point from the boundary (docs/decisions.md 39).
inline constexpr double marginal_detuning_distance = 0.01;
/// How far from a marginal point the suggested safer point lies, Delta_c/omega_m.
inline constexpr double safer_detuning_step = 0.05;

struct StabilityMargin {
  double max_re_eig = 0.0;     ///< max Re lambda(A), s^-1 (< 0: stable)
  double over_kappa = 0.0;     ///< max Re lambda / kappa
  double over_gamma_m = 0.0;   ///< max Re lambda / gamma_m
  bool slowest_real = false;   ///< the slowest eigenvalue is real (a static, saddle-node-type mode)
  /// Delta_c/omega_m of a detuning within marginal_detuning_distance where the same branch is not
  /// stable (or has disappeared); nullopt: none, the point is not marginal.
  std::optional<double> unstable_detuning;
  /// A detuning safer_detuning_step away on the stable side, with E_N and max Re lambda there
  /// (only for a marginal point, when that side is stable).
  std::optional<double> safer_detuning, safer_E_N, safer_max_re_eig;

  [[nodiscard]] bool marginal() const { return unstable_detuning.has_value(); }
};

/// The margin of the fixed point `fp` (with stability `st`) of direction `d` at p.detuning. The
/// branch at a neighbouring detuning is the root with the nearest q_s, when fp is in turn the
/// root nearest to it (else the branch ended at a saddle-node in between: not stable).
StabilityMargin stability_margin(const Parameters& p, Direction d, const FixedPoint& fp, const StabilityReport& st);

/// "max Re lambda = -5.37e+06 s^-1 = -0.142 kappa = -1034 gamma_m".
std::string margin_summary(const StabilityMargin& m);

/// The "marginal_stability" warning of a marginal point (empty otherwise): the numbers, the kind
/// of boundary, and what to do.
std::vector<Warning> margin_warnings(const StabilityMargin& m, const Parameters& p, Direction d);

// ---- the E_N-peak search range -----------------------------------------------------------

/// The default range without spin or backscattering, Delta_c/omega_m (the Fig. 2 window), and the
/// grid spacing every default range keeps.
inline constexpr double peak_range_base_lower = -0.5, peak_range_base_upper = 2.5;
inline constexpr double peak_range_spacing = 0.01;
/// Grid points of a default range at most (about 0.2 s of steady states); wider ranges are coarser.
inline constexpr int peak_range_max_points = 100001;

/// The default search range: [-0.5 - s, 2.5 + s] with s = sqrt(Delta_F^2 + J^2)/omega_m, the
/// half-splitting of the two optical supermodes, so the window follows both supermode
/// resonances (docs/decisions.md 40); spacing peak_range_spacing.
DetuningScan default_peak_range(const Parameters& p);

/// A range LOWER:UPPER with the default spacing (POINTS from it, capped), or LOWER:UPPER:POINTS.
/// Throws InvalidParameter naming point.peak_range.
DetuningScan parse_peak_range(std::string_view text);

/// A maximum below this E_N counts as "nothing entangled": 5000 times below the default 95% CI of
/// a simulation (0.005), invisible to any run, and above rounding (a product state gives ~1e-16;
/// J = 1e10 s^-1 gives 2e-12 on the Fig. 2 window). docs/decisions.md 40.
inline constexpr double peak_entanglement_floor = 1e-6;

/// The outcome of a search for the E_N peak over the detuning.
struct PeakSearch {
  DetuningScan range;
  std::optional<DetuningPeak> peak;  ///< nullopt: no stable detuning in the range
  bool entangled = false;            ///< the maximum has E_N > peak_entanglement_floor
  bool on_edge = false;              ///< the maximum lies within one grid step of an end of the range
  std::vector<Warning> warnings;     ///< "no_entanglement_in_range", "peak_on_edge"

  /// "the E_N peak", "the E_N maximum on the edge of the range", or "the first stable detuning
  /// (nothing entangled)": what the chosen point is.
  [[nodiscard]] std::string what() const;
};

/// maximize_entanglement_over_detuning over `range`, classified.
PeakSearch search_entanglement_peak(const Parameters& p, Direction d, const DetuningScan& range);

/// The classification alone (for sweeps that already have the peak).
void classify_peak(PeakSearch& s, Direction d);

}  // namespace spincom
