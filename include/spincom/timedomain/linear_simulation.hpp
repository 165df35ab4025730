#pragma once
// The time-domain simulation of the linearized fluctuations, du = A u dt + B dW, as a list of
// named stages:
//   operating point (steady chain) -> initial state -> time grid and step -> references
//   (closed form V(t), the scheme's own V(t), the odeint covariance ODE) -> ensemble until the
//   stopping rule -> validation of the ensemble against the scheme's V(t).
// The spec is split by concern: the point, the scheme, the initial state, the time grid, the
// stopping rule, the ensemble (seed, groups, paths) and the false-alarm rate; how it runs
// (threads, MPI ranks) is the separate Execution, which never changes the numbers.
#include <optional>
#include <string>
#include <vector>

#include "spincom/dynamics/transient_moments.hpp"
#include "spincom/engine/execution.hpp"
#include "spincom/ensemble/linear_ensemble.hpp"
#include "spincom/sde/stepper_kind.hpp"
#include "spincom/statistics/ensemble_validation.hpp"
#include "spincom/timedomain/operating_point.hpp"
#include "spincom/timedomain/run_control.hpp"
#include "spincom/timedomain/simulation_check.hpp"
#include "spincom/timedomain/stopping_rule.hpp"
#include "spincom/timedomain/time_grid.hpp"

namespace spincom {

enum class InitialKind {
  vacuum_thermal,  ///< V0 = diag(1/2, 1/2, 1/2, 1/2, n_m + 1/2, n_m + 1/2) (default)
  steady_state,    ///< V0 = the Lyapunov V_inf (sampled)
  matrix,          ///< a user-supplied V0
};
std::string_view to_string(InitialKind k);

/// u(0) ~ N(mean0, V0) of the fluctuations.
struct LinearInitialState {
  InitialKind kind = InitialKind::vacuum_thermal;
  Matrix6 V0 = Matrix6::Zero();     ///< used when kind == matrix
  Vector6 mean0 = Vector6::Zero();
};

struct LinearSimulationSpec {
  OperatingPoint point;
  StepperKind stepper = StepperKind::exact;
  LinearInitialState initial;
  /// dt = 0: t_end/samples for exact; for em/heun the largest t_end/(samples 2^j) whose weak bias
  /// of V is <= grid.auto_dt_bias. t_end = 0: 10/|max Re lambda| (past relaxation). samples: raised
  /// (grid.raise_samples) up to max_resolving_samples for a spacing <= resolving_interval; a
  /// coarser grid gets a "sample_spacing" warning (timedomain/time_grid.hpp).
  TimeGrid grid;
  StoppingRule stopping;
  EnsembleSpec ensemble;
  double alpha = 1e-3;              ///< false-alarm rate of the validation verdict
  Bipartition pair;                 ///< simulation.pair: the two modes of E_N (default driven, mechanics)
};

struct LinearSimulationResult {
  LinearSimulationSpec spec;         ///< as resolved (detuning, dt, t_end, trajectories filled in)
  std::string resolution_note;       ///< what was resolved for the user (the E_N-peak detuning), or ""
  std::vector<Warning> warnings;         ///< the operating-point and grid guards (core/warning.hpp), in order
  StabilityMargin margin;                ///< of the chosen root (steady/point_guards.hpp)
  int processes = 1;                 ///< MPI ranks that shared the ensemble (provenance)
  FixedPoint fixed_point;
  LinearModel model;
  StabilityReport stability;
  std::optional<Matrix6> V_lyapunov;
  StepSchedule schedule;
  Matrix6 V0;
  std::vector<Matrix6> V_reference;  ///< closed form V(t) at the sample times
  std::vector<Vector6> mean_reference;  ///< e^{At} mean0
  std::vector<Matrix6> V_scheme;     ///< the scheme's expected covariance (= V_reference for exact)
  double ode_closed_form_difference = 0.0; ///< max_k ||V_ode - V_closed||_max / ||V_closed||_max (NaN: skipped)
  double scheme_bias = 0.0;          ///< max_k ||V_scheme - V_reference||_max / ||V_reference||_max
  double max_stable_dt = 0.0;        ///< the scheme's mean-square stability limit (inf for exact)
  EnsembleStatistics statistics;
  ValidationReport validation;       ///< ensemble vs V_scheme
  StoppingOutcome stopping;          ///< rounds, whether the target CI was reached, the final CI
};

/// Runs the whole chain. Throws UnstableSystem (with the stability summary) for a point that is
/// not stable unless point.allow_unstable, InvalidParameter for bad settings (naming the field,
/// including a dt beyond the scheme's stability limit), NumericalFailure for a diverging
/// trajectory.
LinearSimulationResult run_linear_simulation(const LinearSimulationSpec& spec, const Execution& execution = {},
                                             const TrajectoryStream* stream = nullptr);

/// The run in two steps, so that a front end can open its outputs between them (after every
/// check and resolution, before the long part): prepare_linear_simulation does every stage
/// before the ensemble (and throws what run_*_simulation throws for the spec and the point); run_prepared runs the
/// ensemble and its summaries. `stream` is needed by the first step only for the memory estimate.
LinearSimulationResult prepare_linear_simulation(const LinearSimulationSpec& spec, const Execution& execution = {},
                                                 const TrajectoryStream* stream = nullptr);
/// With a `control`, the trajectories run in rounds that can stop (Interrupted, after a checkpoint),
/// write periodic checkpoints, and resume from control->resume.
void run_prepared(LinearSimulationResult& result, const Execution& execution = {}, const TrajectoryStream* stream = nullptr,
                  RunControl* control = nullptr);

/// The resolved run as text (model, point, parameters, grid, stopping rule, ensemble, initial
/// state, to 17 digits): a checkpoint belongs to a run when the fingerprints are equal.
std::string fingerprint(const LinearSimulationResult& result);


/// Tolerances of the deterministic checks (the statistical ones use spec.alpha). The two checks
/// between computations of V use max(floor, conditioning_safety eps cond) (docs/decisions.md 70):
/// rounding alone moves V by about eps cond, where cond is the first-order relative sensitivity of
/// V to a relative perturbation of A, so near the stability boundary a fixed floor is a false alarm.
struct SimulationCheckTolerances {
  double ode_vs_closed_form = 1e-9;    ///< floor: odeint dopri5 at 1e-14 vs Van Loan: rounding-level agreement
  double closed_form_vs_lyapunov = 1e-8;  ///< floor: V(50/|max Re lambda|) vs V_inf: e^-100 transient left
  /// c in c eps cond. Measured at 40 stable points beside the boundary (20 and 50 mW, J = 0 and
  /// 2e7 s^-1, both directions, max Re lambda from -2e3 to -2e-3 s^-1): closed form vs Lyapunov
  /// differ by at most 5.6 eps cond(L), the ODE and the closed form by at most 2.0 eps cond(V(t)).
  /// c = 30 leaves a margin of 5 and still fails a planted relative error of 100 eps cond.
  double conditioning_safety = 30.0;
  double scheme_bias = 1e-2;           ///< max relative weak bias of V for em/heun at the chosen dt
};

/// cond(L) = cond_2 of V -> A V + V A^T (stability/conditioning.hpp) for a stable A: the relative
/// sensitivity of the Lyapunov V; 2 ||A||_F t for V(t) over [0, t], capped by cond(L) when A is
/// stable (the t -> inf limit); +inf for a singular L.
struct CovarianceConditioning {
  double lyapunov = 0.0;   ///< cond(L), +inf when not stable
  double transient = 0.0;  ///< min(2 ||A||_F t_end, cond(L))
};
CovarianceConditioning covariance_conditioning(const LinearSimulationResult& r);

/// The checks of `spincom validate`, in order: closed form vs ODE, ensemble vs the scheme's
/// V(t) (chi2, per-entry z, E_N), closed form vs Lyapunov, ensemble at t_end vs Lyapunov, and
/// the scheme's weak bias.
std::vector<SimulationCheck> simulation_checks(const LinearSimulationResult& r,
                                               const SimulationCheckTolerances& tol = {});

}  // namespace spincom
