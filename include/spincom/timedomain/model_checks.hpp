#pragma once
// The point-independent checks of `spincom validate --model nonlinear` (issue 5), on fixed,
// documented parameter families (docs/nonlinear.md):
//  - growth rates: Table I at Delta_c = -omega_m (ccw) and 0.5 omega_m (cw): the noise-free growth
//    rate of a small perturbation vs max Re lambda (5%), and the saturated limit cycle;
//  - stability map: the Fig. S2 plane (J = 2 kappa, 20 mW), Delta_c/omega_m in [-1, 3] x Omega_r in
//    [-30, 30] kHz, simulation vs Routh-Hurwitz; every disagreement must have
//    |max Re lambda| t_sim < 3 (not resolvable in t_sim);
//  - bistability: 100 mW, Omega = 8 kHz, ccw: two initial conditions at Delta_c = 1.70 omega_m reach
//    the two stable roots (1e-8), and up/down sweeps of Delta_c over [0.96, 1.30] (step 0.01) show hysteresis
//    with every fixed point reached a stable root of Eq. (7) (1e-6).
#include <vector>

#include "spincom/timedomain/linear_simulation.hpp"
#include "spincom/timedomain/instability.hpp"

namespace spincom {

/// One root of Eq. (7) on the hysteresis family, for plotting the branches.
struct BranchPoint {
  double detuning;
  double q_s;
  double N;
  bool stable;
};

struct ModelCheckResults {
  std::vector<GrowthRateResult> growth;       ///< the two unstable points
  std::vector<double> growth_detunings;
  std::vector<Direction> growth_directions;
  StabilityMap map;
  std::vector<SweepStep> sweep;
  std::vector<BranchPoint> branches;  ///< every root of Eq. (7) over the sweep range (step 0.0025)
  MeanFieldDynamicsResult bistable_low, bistable_high;
  std::size_t bistable_roots = 0;
  std::vector<SimulationCheck> checks;
};

ModelCheckResults run_model_checks(int threads = 0);

}  // namespace spincom
