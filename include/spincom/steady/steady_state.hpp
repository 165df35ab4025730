#pragma once
// The steady-state chain for one driving direction:
//   parameters -> mean field (Eq. 7) -> A, D (Eq. 6) -> stability (S3) -> V (Eq. 11) -> E_N (Eqs. 12-13).
#include <optional>
#include <string>
#include <vector>

#include "spincom/core/conventions.hpp"
#include "spincom/stability/stability.hpp"
#include "spincom/measures/log_negativity.hpp"
#include "spincom/measures/symplectic.hpp"
#include "spincom/model/derived_quantities.hpp"
#include "spincom/model/linear_model.hpp"
#include "spincom/model/mean_field.hpp"
#include "spincom/model/parameters.hpp"

namespace spincom {

/// Which fixed points a report carries.
enum class BranchSelection {
  stable,  ///< only the selected branch: the stable fixed point with the lowest photon number
  all,     ///< every fixed point, stable or not
};

/// The steady-state covariance of a stable fixed point and what follows from it.
struct SteadyCovariance {
  Matrix6 V;                       ///< solution of A V + V A^T = -D
  double lyapunov_residual;        ///< ||A V + V A^T + D||_F / ||D||_F
  LogNegativity entanglement;      ///< for the requested bipartition
  PhysicalityReport physicality;   ///< V + (i/2) Omega >= 0
};

struct FixedPointAnalysis {
  std::size_t index;                        ///< position among all fixed points (ascending q_s)
  FixedPoint fixed_point;
  LinearModel model;
  StabilityReport stability;
  std::optional<SteadyCovariance> steady;   ///< only when stability.stable()
  std::string note;                         ///< why there is no steady covariance, if none
};

struct DirectionSteadyState {
  Direction direction;
  double Delta_F;                           ///< signed Sagnac shift, s^-1
  MeanFieldProblem problem;
  std::size_t n_fixed_points;               ///< how many roots Eq. (7) has (1, 3 or 5)
  /// All, or the selected one (none stable: the lowest undetermined one, else the lowest).
  std::vector<FixedPointAnalysis> fixed_points;
  std::optional<std::size_t> selected;      ///< index (into all roots) of the selected branch
  /// stable: a branch is selected; undetermined: none is stable, and at least one root's verdict
  /// is undetermined at double precision (no steady state reported, none ruled out); unstable:
  /// every root is unstable, so no steady state exists.
  StabilityVerdict status = StabilityVerdict::unstable;

  /// The selected branch's analysis, or nullptr when no fixed point is stable.
  [[nodiscard]] const FixedPointAnalysis* selected_analysis() const;
};

struct SteadyStateOptions {
  BranchSelection branches = BranchSelection::stable;
  Mode mode_a = Mode::driven;     ///< bipartition for E_N
  Mode mode_b = Mode::mechanics;
  bool check_physicality = true;
};

/// The branch rule: the stable fixed point with the lowest photon number N_1 + N_2, i.e. the
/// lowest q_s (the one a slow switch-on from an empty cavity is expected to reach).
/// nullopt when none is stable.
std::optional<std::size_t> select_branch(const std::vector<FixedPointAnalysis>& all);

/// Runs the chain for one direction. Throws InvalidParameter for invalid parameters.
DirectionSteadyState analyze_steady_state(const Parameters& p, Direction dir,
                                          const SteadyStateOptions& options = {});

/// E_N (default bipartition) of the selected branch, or nullopt when no fixed point is stable.
/// The lean path for sweeps and optimizers: no physicality check, one branch.
std::optional<double> steady_entanglement(const Parameters& p, Direction dir);

}  // namespace spincom
