#pragma once
// Validation of the linear theory against the noise-free nonlinear dynamics of Eq. (3)
// (Dormand-Prince, mean_field_dynamics.hpp):
//  - growth_rate: at an unstable root, the initial exponential growth rate of a small
//    perturbation, and what the trajectory saturates to (limit cycle, another root, or escape);
//  - stability_map: classify a grid of points by simulation (converges / limit cycle / other
//    root / diverges) and compare with Routh-Hurwitz (Fig. S2 plane);
//  - hysteresis_sweep: quasi-static up and down sweeps of Delta_c, each step starting from the
//    previous step's final state, reporting the branch reached.
#include <optional>
#include <string>
#include <vector>

#include "spincom/stability/stability.hpp"
#include "spincom/nonlinear/mean_field_dynamics.hpp"

namespace spincom {

/// converges: back to the root; grows: still growing at the end (not saturated);
/// limit_cycle: bounded, saturated, at no root; other_root: settled on another root;
/// diverges: non-finite.
enum class Outcome { converges, grows, limit_cycle, other_root, diverges };
std::string_view to_string(Outcome o);

struct GrowthRateResult {
  std::size_t root;
  double max_re_lambda;        ///< of the drift matrix at the root, s^-1
  double measured_rate;        ///< least-squares slope of ln ||u(t)|| in the linear window, s^-1
  double relative_error;       ///< |measured / max Re lambda - 1|
  double fit_start, fit_end;   ///< the window, s
  Outcome outcome;             ///< what the perturbation grew into by t_end
  std::optional<std::size_t> final_root;  ///< when it reached another root
  double q_amplitude;          ///< limit cycle: (max q - min q)/2 over the last quarter, x_zp
  double q_mean;               ///< limit cycle: mean q over the last quarter, x_zp
  double N_min, N_max;         ///< limit cycle: range of N_1 + N_2 over the last quarter
  double saturation_change;    ///< relative change of q_amplitude between the last two quarters
  MeanFieldDynamicsResult dynamics;
};

/// Perturbs root `root` by `relative_size` |z_root| along the real part of the leading
/// eigenvector and integrates Eq. (3) (noise-free) to t_end. The fit window is where
/// 1e2 ||u(0)|| <= ||u|| <= 1e-4 |z_root| (linear regime, leading mode dominant).
/// Throws InvalidParameter for a stable root or a root index out of range.
GrowthRateResult growth_rate(const Parameters& p, Direction dir, std::size_t root, double t_end,
                             double relative_size = 1e-10, std::size_t samples = 40000);

struct MapPoint {
  double detuning;        ///< Delta_c / omega_m
  double Omega_r;         ///< signed spin rate: > 0 ccw drive, < 0 cw drive, s^-1
  std::size_t n_roots;
  double max_re_lambda;   ///< of the lowest root
  bool routh_hurwitz_stable;
  Outcome outcome;
  bool agree;             ///< simulation "converges" iff Routh-Hurwitz stable
  double growth;          ///< ln(||u(t_sim)|| / ||u(0)||) over the last tenth vs the start
};

struct StabilityMap {
  double t_sim;
  /// 1/t_sim, s^-1 (one e-folding over the run): the scale below which |max Re lambda| is not
  /// resolved (docs/nonlinear.md). Informational, read by no check: model_checks and the tests accept
  /// a disagreement with Routh-Hurwitz only where |max Re lambda| t_sim < 3 (below 3 resolvable_rate).
  double resolvable_rate;
  std::vector<MapPoint> points;
  std::size_t agreements;
  [[nodiscard]] double agreement_fraction() const {
    return points.empty() ? 0.0 : static_cast<double>(agreements) / static_cast<double>(points.size());
  }
};

/// The lowest root at each (detuning, Omega_r) of the grid, perturbed by 1e-6 |z_root| along a
/// fixed generic direction and integrated for t_sim. `base` supplies the other parameters.
StabilityMap stability_map(const Parameters& base, const std::vector<double>& detunings,
                           const std::vector<double>& Omega_r, double t_sim, int threads = 0);

struct SweepStep {
  double detuning;
  bool up;                         ///< up sweep (increasing Delta_c) or down
  double N;                        ///< N_1 + N_2 of the final state
  double q;                        ///< final q, x_zp
  double q_amplitude;              ///< (max q - min q)/2 over the second half of the dwell, x_zp
  double q_min, q_max;             ///< the range of q over the second half of the dwell, x_zp
  std::size_t n_roots;
  std::optional<std::size_t> root; ///< the root reached (relative distance <= 1e-6), if any
  bool root_stable;                ///< whether that root is linearly stable
  double distance;                 ///< relative distance to the nearest root
};

/// Up then down sweep over `detunings` (ascending), dwelling `dwell` seconds at each value.
std::vector<SweepStep> hysteresis_sweep(const Parameters& base, Direction dir, const std::vector<double>& detunings,
                                        double dwell);

}  // namespace spincom
