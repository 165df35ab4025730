#pragma once
// The operating point of a time-domain run, shared by the linear and the nonlinear model: the
// parameters, the driven direction, which fixed point, and the steady chain at that point
// (roots of Eq. 7 -> A, D -> stability -> Lyapunov V), computed once.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "spincom/core/warning.hpp"
#include "spincom/model/linear_model.hpp"
#include "spincom/model/mean_field.hpp"
#include "spincom/model/parameters.hpp"
#include "spincom/stability/stability.hpp"
#include "spincom/steady/point_guards.hpp"

namespace spincom {

struct OperatingPoint {
  Parameters parameters;
  Direction direction = Direction::ccw;
  /// Replace parameters.detuning by the steady-state E_N peak of `direction` (what the CLI does
  /// when no detuning is given): see resolve_detuning.
  bool detuning_at_peak = false;
  std::optional<std::size_t> root;  ///< index into the roots of Eq. (7); default: the selected stable branch
  bool allow_unstable = false;      ///< run at a point that is not stable (fluctuations grow)
  /// point.peak_range: the detuning range searched for the E_N peak; default
  /// default_peak_range(parameters), which follows Delta_F and J (steady/point_guards.hpp).
  std::optional<DetuningScan> peak_range;
};

/// When point.detuning_at_peak: sets parameters.detuning to the E_N maximum over
/// point.peak_range (steady/point_guards.hpp) and clears the flag, returning a note for the user
/// that says what the point is (the peak, a maximum on the edge of the range, or only a stable
/// detuning when nothing is entangled) and its stability margin; the search's warnings
/// ("no_entanglement_in_range", "peak_on_edge") are appended to `warnings`. Otherwise returns "".
/// Throws UnstableSystem when no detuning in the range is stable, InvalidParameter for a bad range.
std::string resolve_detuning(OperatingPoint& point, std::vector<Warning>& warnings);

/// The steady chain at the chosen root.
struct PointAnalysis {
  std::vector<FixedPoint> roots;      ///< every root of Eq. (7), ascending q_s
  std::size_t root = 0;               ///< the chosen one
  LinearModel model;                  ///< A and D there
  StabilityReport stability;
  std::optional<Matrix6> V_lyapunov;  ///< Eq. (11), when stable
  StabilityMargin margin;             ///< max Re lambda against kappa and gamma_m, distance to the boundary
  std::vector<Warning> warnings;      ///< "marginal_stability" for a stable point beside the boundary

  [[nodiscard]] const FixedPoint& fixed_point() const { return roots[root]; }
};

/// "max Re lambda = ... s^-1, Routh-Hurwitz ..., eigenvalues ..." for messages.
std::string stability_summary(const StabilityReport& st);

/// The steady chain of analyze_steady_state at `point` (detuning already resolved). The root is
/// point.root, else the selected stable branch, else the lowest root. Throws InvalidParameter
/// for a root index out of range and UnstableSystem for a point that is not stable unless
/// point.allow_unstable. The margin is computed for every point; a marginal stable point gets the
/// "marginal_stability" warning.
PointAnalysis analyze_point(const OperatingPoint& point);

}  // namespace spincom
