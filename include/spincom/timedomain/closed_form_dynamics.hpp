#pragma once
// `dynamics`: the exact second moments of the linear model on a user grid, no Monte Carlo
// (docs/physics.md section 14). Per direction: resolve the point (the E_N peak on request),
// analyze it once (A, D, stability, Lyapunov V), decompose A once, and evaluate V(t), E_N,
// nu^-, occupations, purity and the distance to the steady state at every time, then the
// build-up metrics (onset, t90, slowest relaxation rate).
#include <optional>
#include <string>
#include <vector>

#include "spincom/dynamics/buildup_metrics.hpp"
#include "spincom/dynamics/transient_moments.hpp"
#include "spincom/model/direction_choice.hpp"
#include "spincom/timedomain/operating_point.hpp"

namespace spincom {

/// Number of samples of the automatic grid, and its end in units of 1/|max Re lambda|.
inline constexpr std::size_t dynamics_default_samples = 201;
inline constexpr double dynamics_default_relaxations = 10.0;
/// The automatic grid gets more points (up to this many) when 201 do not resolve
/// resolving_interval (timedomain/time_grid.hpp) of every direction; decision 41.
inline constexpr std::size_t dynamics_max_samples = 20001;

struct DynamicsSpec {
  /// Parameters, root, allow_unstable, detuning_at_peak (resolved per direction: with both
  /// directions and no detuning, each runs at its own E_N peak). point.direction is replaced by
  /// each entry of `directions`.
  OperatingPoint point;
  DirectionChoice directions = DirectionChoice::ccw;  ///< dynamics.directions
  /// dynamics.times, s, ascending, >= 0. Empty: dynamics_default_samples points from 0 to
  /// 10/|max Re lambda| of the slowest direction.
  std::vector<double> times;
  std::optional<Matrix6> V0;  ///< dynamics.initial.V0; default: vacuum-thermal (model/initial_covariance)
  Bipartition pair;           ///< dynamics.pair
};

struct DirectionDynamics {
  Direction direction;
  Parameters parameters;        ///< detuning resolved
  std::string resolution_note;  ///< what resolve_detuning chose ("" for a given detuning)
  std::vector<Warning> warnings;  ///< operating-point and grid guards (core/warning.hpp)
  PointAnalysis analysis;       ///< A, D, stability, Lyapunov V
  Matrix6 V0;
  EvolutionMethod method;       ///< eigenbasis or the Van Loan fallback
  double condition;             ///< cond(S) of the eigenvectors of A
  std::vector<MomentsSample> samples;
  BuildupMetrics metrics;
};

struct DynamicsResult {
  DynamicsSpec spec;
  std::vector<double> times;  ///< as evaluated
  std::string grid_note;      ///< how the automatic grid was chosen ("" for given times)
  std::vector<DirectionDynamics> directions;
};

/// Throws InvalidParameter (bad times, pair or V0), UnstableSystem (an unstable point without
/// point.allow_unstable; the automatic grid of a point that does not relax).
DynamicsResult run_dynamics(const DynamicsSpec& spec);

/// One sentence comparing the directions' onset and t90 ("" for one direction).
std::string buildup_comparison(const DynamicsResult& r);

/// The sentence of buildup_comparison for two directions' metrics: which reaches the sustained
/// onset, t90 and the first onset first ("equal" within 1e-6 relative).
std::string compare_buildup(Direction da, const BuildupMetrics& a, Direction db, const BuildupMetrics& b);

}  // namespace spincom
