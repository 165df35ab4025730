#pragma once
// The nonlinear time-domain chain, as a list of named stages (run_nonlinear_simulation):
//   operating point: roots of Eq. (7) -> chosen root (frame centre) -> A, D, stability, Lyapunov V
//   -> time grid and Heun step -> initial state
//   -> noise-free mean-field transient (Dormand-Prince) from the initial mean
//   -> truncated-Wigner ensemble of Eq. (3) (stochastic Heun), paired with the linearized Heun
//      ensemble on the same normals -> V(t), E_N(t) +- jackknife CI around the instantaneous mean
//   -> references: the linear scheme's own V(t) (no time-step bias in the comparison), the
//      closed form V(t), the Lyapunov V.
#include <optional>
#include <string>
#include <vector>

#include "spincom/engine/execution.hpp"
#include "spincom/ensemble/heun_step_safety.hpp"
#include "spincom/ensemble/nonlinear_ensemble.hpp"
#include "spincom/model/linear_model.hpp"
#include "spincom/nonlinear/mean_field_dynamics.hpp"
#include "spincom/stability/stability.hpp"
#include "spincom/statistics/ensemble_validation.hpp"
#include "spincom/statistics/entry_z.hpp"
#include "spincom/statistics/jackknife.hpp"
#include "spincom/timedomain/operating_point.hpp"
#include "spincom/timedomain/run_control.hpp"
#include "spincom/timedomain/simulation_check.hpp"
#include "spincom/timedomain/stopping_rule.hpp"
#include "spincom/timedomain/time_grid.hpp"

namespace spincom {

enum class NonlinearStart {
  fixed_point,  ///< at the chosen root, fluctuations Wigner-sampled from V0 (default: Lyapunov V)
  switch_on,    ///< empty cavity, mechanics at rest (mean), optical vacuum + thermal mechanics (V0)
};
std::string_view to_string(NonlinearStart s);
NonlinearStart parse_nonlinear_start(std::string_view text);  ///< throws InvalidParameter

/// What the stopping rule's target_tol applies to (the 95% CI half-width at t_end).
enum class NonlinearTarget {
  E_N,             ///< the nonlinear ensemble's E_N
  E_N_difference,  ///< the paired nonlinear-minus-linearized E_N
};
std::string_view to_string(NonlinearTarget t);
NonlinearTarget parse_nonlinear_target(std::string_view text);  ///< throws InvalidParameter

/// The start of the nonlinear trajectories.
struct NonlinearInitialState {
  NonlinearStart start = NonlinearStart::fixed_point;
  bool vacuum_thermal = false;  ///< fixed_point start: V0 = vacuum-thermal instead of Lyapunov
};

struct NonlinearSimulationSpec {
  OperatingPoint point;
  NonlinearInitialState initial;
  /// dt = 0: t_end/(samples m) <= min(Heun limit at the root / 8, Heun limit over the spread of the
  /// state), m doubled until the linear Heun scheme's weak bias of V is <= auto_dt_bias (relative,
  /// against the closed form V(t)). A given dt above the limit over the spread is refused. t_end = 0:
  /// 10/|max Re lambda| (fixed point) or 30/|max Re lambda| (switch-on).
  TimeGrid grid{0.0, 100, 0.0, 2e-3};
  /// The spread the step must be stable over: the root, the initial mean and the noise-free
  /// transient, each +- step_sigmas standard deviations of V0 and of the Lyapunov V (the wider).
  double step_sigmas = 7.0;
  StoppingRule stopping{4096};  ///< fixed 4096, or trajectories = 0: grow until the CI of `target` <= target_tol
  NonlinearTarget target = NonlinearTarget::E_N;
  EnsembleSpec ensemble;
  double alpha = 1e-3;          ///< false-alarm rate of the statistical checks (all of them together)
};

/// One row of the time series.
struct NonlinearSample {
  double t;
  Vector6 mean_z;          ///< ensemble mean in lab quadratures (sqrt2 Re a1, ..., q, p)
  Vector6 mean_field_z;    ///< noise-free Dormand-Prince transient at t
  Matrix6 V;               ///< nonlinear ensemble covariance around the instantaneous mean, M2/(n - 1)
  Matrix6 V_linear;        ///< paired linearized ensemble covariance
  JackknifeEstimate E_N;          ///< nonlinear, unclipped -ln 2 nu^- (jackknife)
  JackknifeEstimate E_N_linear;   ///< paired linearized ensemble
  JackknifeEstimate E_N_difference;  ///< nonlinear minus linear, jackknife over paired groups
  double E_N_closed_form;  ///< linear closed form V(t), unclipped -ln 2 nu^- (E_N = max(0, .))
  double departure;        ///< max_kl |V - V_linear|_kl / sqrt(V_kk V_ll): nonlinear departure
  double departure_z;      ///< max_kl |V - V_linear|_kl / jackknife SE (paired)
};

struct NonlinearSimulationResult {
  NonlinearSimulationSpec spec;          ///< resolved (detuning, dt, t_end, trajectories)
  std::string resolution_note;           ///< what was resolved for the user (the E_N-peak detuning), or ""
  std::vector<Warning> warnings;         ///< the operating-point and grid guards (core/warning.hpp), in order
  StabilityMargin margin;                ///< of the chosen root (steady/point_guards.hpp)
  int processes = 1;                     ///< MPI ranks that shared the ensemble (provenance)
  std::vector<FixedPoint> roots;
  std::size_t root;                       ///< the frame centre
  LinearModel model;
  StabilityReport stability;
  std::optional<Matrix6> V_lyapunov;
  Matrix6 V0;
  Vector6 mean0;                          ///< displaced initial mean
  std::size_t steps_per_sample;
  double step_limit;                      ///< the Heun limit over the spread of the state (step_safety.limit)
  StepSafety step_safety;                 ///< where that limit is set, and the limit at the root
  MeanFieldDynamicsResult mean_field;     ///< over the sample times, from the initial mean
  MeanFieldDynamicsResult switch_on;      ///< noise-free switch-on over 60/|max Re lambda| (stable roots)
  NonlinearEnsembleStatistics statistics;
  std::vector<Matrix6> V_scheme;          ///< the linear Heun scheme's expected V at the sample times
  std::vector<Matrix6> V_closed_form;     ///< linear closed form V(t)
  double scheme_bias;                     ///< max_k ||V_scheme - V_closed||_max / ||V_closed||_max
  std::vector<NonlinearSample> samples;
  StoppingOutcome stopping;               ///< rounds, whether the target CI was reached, the final CI
};

/// Photon numbers of optical mode `mode` (0: driven, 1: other) at one sample, in the truncated Wigner
/// picture with X = sqrt2 Re a, Y = sqrt2 Im a (vacuum variance 1/2), over the n = `trajectories`
/// trajectories whose statistics `s` holds.
struct ModePhotons {
  double coherent;  ///< |<a>|^2 = (<X>^2 + <Y>^2)/2: the photon number of the mean amplitude
  double mean;      ///< <a^dag a> = <|alpha|^2>_W - 1/2 = (<X^2> + <Y^2> - 1)/2, the plain ensemble
                    ///< average: <X^2> = <X>^2 + (n - 1)/n V_XX, as V = M2/(n - 1)
};
ModePhotons mode_photons(const NonlinearSample& s, int mode, std::size_t trajectories);

/// Runs the chain. Throws UnstableSystem for an unstable root unless point.allow_unstable,
/// InvalidParameter for bad settings (naming the field; a dt above the Heun limit with the limit
/// in the message), NumericalFailure for a non-finite trajectory (its index, step and time).
NonlinearSimulationResult run_nonlinear_simulation(const NonlinearSimulationSpec& spec, const Execution& execution = {},
                                                   const TrajectoryStream* stream = nullptr);

/// The run in two steps, so that a front end can open its outputs between them (after every
/// check and resolution, before the long part): prepare_nonlinear_simulation does every stage
/// before the ensemble (and throws what run_*_simulation throws for the spec and the point); run_prepared runs the
/// ensemble and its summaries. `stream` is needed by the first step only for the memory estimate.
NonlinearSimulationResult prepare_nonlinear_simulation(const NonlinearSimulationSpec& spec, const Execution& execution = {},
                                                       const TrajectoryStream* stream = nullptr);
/// With a `control`: rounds, stop with a checkpoint, periodic checkpoints, resume (as the linear run).
void run_prepared(NonlinearSimulationResult& result, const Execution& execution = {},
                  const TrajectoryStream* stream = nullptr, RunControl* control = nullptr);

/// The resolved run as text (a checkpoint belongs to a run when the fingerprints are equal).
std::string fingerprint(const NonlinearSimulationResult& result);


/// The checks of `spincom validate --model nonlinear` (the same struct as the linear path).
std::vector<SimulationCheck> nonlinear_checks(const NonlinearSimulationResult& r);

}  // namespace spincom
