#pragma once
// The time-domain simulation of the linearized fluctuations, du = A u dt + B dW:
//   parameters -> selected fixed point -> (A, D) -> stability -> stepper (M, N) ->
//   ensemble (streaming, jackknife groups) -> statistics -> validation against V(t).
// References: the closed form V(t) = e^{At} V0 e^{A^T t} + Q(t), cross-checked against the
// odeint covariance ODE, the scheme's own expected covariance (its weak bias), and the
// Lyapunov V_inf.
#include <optional>
#include <string>
#include <vector>

#include "spincom/statistics/ensemble_validation.hpp"
#include "spincom/steady/steady_state.hpp"
#include "spincom/ensemble/linear_ensemble.hpp"

namespace spincom {

enum class StepperKind { exact, em, heun };
std::string_view to_string(StepperKind k);
StepperKind parse_stepper(std::string_view text);  ///< throws InvalidParameter

enum class InitialKind {
  vacuum_thermal,  ///< V0 = diag(1/2, 1/2, 1/2, 1/2, n_m + 1/2, n_m + 1/2) (default)
  steady_state,    ///< V0 = the Lyapunov V_inf (sampled)
  matrix,          ///< a user-supplied V0
};
std::string_view to_string(InitialKind k);

struct LinearSimulationSpec {
  Parameters parameters;
  Direction direction = Direction::ccw;
  StepperKind stepper = StepperKind::exact;
  double dt = 0.0;          ///< step, s; 0 = automatic: t_end/samples for exact; for em/heun the
                            ///< largest t_end/(samples 2^j) whose weak bias of V is <= auto_dt_bias
  double auto_dt_bias = 1e-2;  ///< target relative weak bias of V when dt is automatic (em, heun)
  double t_end = 0.0;       ///< s; 0 = 10 / |max Re lambda| (past relaxation)
  std::size_t samples = 100;  ///< sample intervals; samples + 1 sample times including t = 0
  std::size_t trajectories = 0;  ///< fixed count; 0 = grow until the E_N CI reaches target_tol
  double target_tol = 0.005;     ///< CI half-width of E_N at the final time
  std::size_t max_trajectories = std::size_t{1} << 22;
  EnsembleSpec ensemble;           ///< seed, groups, recorded paths
  Execution execution;             ///< threads and MPI ranks (never changes the numbers)
  InitialKind initial = InitialKind::vacuum_thermal;
  Matrix6 V0 = Matrix6::Zero();    ///< used when initial == matrix
  Vector6 mean0 = Vector6::Zero();
  bool allow_unstable = false;
  double alpha = 1e-3;             ///< false-alarm rate of the validation verdict
};

struct LinearSimulationResult {
  LinearSimulationSpec spec;       ///< as resolved (dt, t_end, trajectories filled in)
  FixedPoint fixed_point;
  LinearModel model;
  StabilityReport stability;
  std::optional<Matrix6> V_lyapunov;
  StepSchedule schedule;
  Matrix6 V0;
  std::vector<Matrix6> V_reference;  ///< closed form V(t) at the sample times
  std::vector<Vector6> mean_reference;  ///< e^{At} mean0
  std::vector<Matrix6> V_scheme;     ///< the scheme's expected covariance (= V_reference for exact)
  double ode_closed_form_difference; ///< max_k ||V_ode - V_closed||_max / ||V_closed||_max
  double scheme_bias;                ///< max_k ||V_scheme - V_reference||_max / ||V_reference||_max
  double max_stable_dt;              ///< the scheme's mean-square stability limit (inf for exact)
  EnsembleStatistics statistics;
  ValidationReport validation;       ///< ensemble vs V_scheme
  std::vector<std::size_t> rounds;   ///< trajectory counts after each target-tol round
  bool target_reached = true;        ///< false: --max-trajectories stopped the target-tol rounds
  double final_ci = 0.0;             ///< E_N CI half-width at t_end after the last round (target-tol mode)
};

/// Runs the whole chain. Throws UnstableSystem (with the stability summary) for a point that is
/// not stable unless spec.allow_unstable, InvalidParameter for bad settings (including a dt
/// beyond the scheme's stability limit), NumericalFailure for a diverging trajectory.
LinearSimulationResult run_linear_simulation(const LinearSimulationSpec& spec);

/// One named check of `spincom validate`.
struct SimulationCheck {
  std::string name;
  bool passed;
  bool applicable;     ///< false: skipped (detail says why); does not fail the verdict
  std::string detail;
};

/// Tolerances of the deterministic checks (the statistical ones use spec.alpha).
struct SimulationCheckTolerances {
  double ode_vs_closed_form = 1e-9;    ///< odeint dopri5 at 1e-12 vs Van Loan: rounding-level agreement
  double closed_form_vs_lyapunov = 1e-8;  ///< V(50/|max Re lambda|) vs V_inf: e^-100 transient left
  double scheme_bias = 1e-2;           ///< max relative weak bias of V for em/heun at the chosen dt
};

/// The checks of `spincom validate`, in order: closed form vs ODE, ensemble vs the scheme's
/// V(t) (chi2, per-entry z, E_N), closed form vs Lyapunov, ensemble at t_end vs Lyapunov, and
/// the scheme's weak bias.
std::vector<SimulationCheck> simulation_checks(const LinearSimulationResult& r,
                                               const SimulationCheckTolerances& tol = {});

/// The largest step for which the scheme's M has spectral radius < 1 (bisection; inf for exact).
double max_stable_step(StepperKind kind, const Matrix6& A, const Matrix6& B);

/// (M, N) of one step of `kind`.
AffineStep scheme_step(StepperKind kind, const Matrix6& A, const Matrix6& D, const Matrix6& B, double h);

}  // namespace spincom
