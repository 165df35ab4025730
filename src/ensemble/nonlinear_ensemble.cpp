#include "spincom/ensemble/nonlinear_ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <string>

#include <Eigen/Eigenvalues>

#include "spincom/core/error.hpp"
#include "spincom/engine/group_accumulators.hpp"
#include "spincom/ensemble/heun_step_safety.hpp"
#include "spincom/ensemble/streamed_drive.hpp"
#include "spincom/engine/path_recorder.hpp"
#include "spincom/sde/noise_factor.hpp"
#include "spincom/sde/stochastic_heun.hpp"


namespace spincom {

namespace {

bool heun_step_ok(const Eigen::Matrix<std::complex<double>, 6, 1>& lambda, double h) {
  for (int k = 0; k < 6; ++k) {
    const std::complex<double> z = lambda(k) * h;
    if (std::abs(z) > 1.0) return false;
    if (lambda(k).real() < 0.0 && std::abs(1.0 + z + 0.5 * z * z) >= 1.0) return false;
  }
  return true;
}

EnsembleStatistics empty_statistics(const NonlinearEnsembleSpec& spec) {
  std::vector<double> times(spec.samples + 1);
  for (std::size_t k = 0; k <= spec.samples; ++k)
    times[k] = static_cast<double>(k * spec.steps_per_sample) * spec.h;
  return EnsembleStatistics(spec.ensemble, std::move(times));
}

}  // namespace

double heun_step_limit(const Matrix6& A) {
  if (!A.allFinite()) return 0.0;  // no step is stable for a drift that overflowed
  const Eigen::Matrix<std::complex<double>, 6, 1> lambda = Eigen::EigenSolver<Matrix6>(A, false).eigenvalues();
  if (!lambda.allFinite()) return 0.0;
  const double scale = std::max(lambda.cwiseAbs().maxCoeff(), 1e-300);
  double lo = 0.0, hi = 1.0 / scale;  // |lambda| h <= 1 caps the step
  if (heun_step_ok(lambda, hi)) return hi;
  for (int it = 0; it < 80; ++it) {
    const double mid = 0.5 * (lo + hi);
    (heun_step_ok(lambda, mid) ? lo : hi) = mid;
  }
  return lo;
}

NonlinearEnsembleStatistics make_nonlinear_ensemble(const NonlinearEnsembleSpec& spec) {
  if (spec.steps_per_sample == 0)
    throw InvalidParameter("steps per sample = 0: valid is >= 1. Hint: grid.dt must not exceed t_end/samples.");
  if (!(spec.h > 0.0) || !std::isfinite(spec.h))
    throw InvalidParameter("step h = " + format_value(spec.h) + " s: valid is a finite step > 0.");
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j)
      if ((i != j && spec.D(i, j) != 0.0) || (i == j && !(spec.D(i, i) >= 0.0)))
        throw InvalidParameter("nonlinear ensemble: D must be diagonal with entries >= 0 (entry (" +
                               std::to_string(i) + ", " + std::to_string(j) + ") = " + format_value(spec.D(i, j)) +
                               "). Hint: use diffusion_matrix().");
  if (!spec.mean0.allFinite())
    throw InvalidParameter("nonlinear ensemble: the initial mean is not finite. Hint: check the initial state (the root and the start).");
  // The Heun step must resolve the linearized dynamics at the reference and at the start.
  const LangevinEquations& eq = spec.equations;
  const LabState start = eq.to_lab(spec.mean0);
  const LangevinEquations at_start(eq.coefficients(), {start.a_driven, start.a_other, start.q, start.p});
  const double limit = std::min(heun_step_limit(eq.jacobian_at_reference()), heun_step_limit(at_start.jacobian_at_reference()));
  if (spec.h > limit)
    throw InvalidParameter("step h = " + format_value(spec.h) + " s is too large for stochastic Heun here: valid is h <= " +
                           format_value(limit) +
                           " s (every decaying eigenvalue lambda of the drift Jacobian needs |1 + lambda h + "
                           "(lambda h)^2/2| < 1, and |lambda| h <= 1). Hint: a smaller grid.dt.");
  noise_factor(spec.V0);  // throws InvalidParameter when V0 is not a covariance
  NonlinearEnsembleStatistics s;
  s.nonlinear = empty_statistics(spec);
  if (spec.A_linear) {
    s.linear = empty_statistics(spec);
    s.difference = empty_statistics(spec);
  }
  return s;
}

std::optional<DivergenceReport> run_nonlinear_ensemble(NonlinearEnsembleStatistics& stats,
                                                       const NonlinearEnsembleSpec& spec, std::size_t up_to,
                                                       OnDivergence policy, const TrajectoryStream* stream) {
  EnsembleStatistics& nl = stats.nonlinear;
  if (up_to <= nl.trajectories) return std::nullopt;
  std::optional<NonlinearEnsembleStatistics> before;  // to leave stats as they were when reporting a divergence
  if (policy == OnDivergence::report) before = stats;
  const bool paired = spec.A_linear.has_value() && stats.linear && stats.difference;
  const PairedHeunKernel kernel(spec.equations, spec.D, spec.h, spec.mean0, spec.V0,
                                paired ? spec.A_linear : std::nullopt);
  const DrivePlan plan = drive_plan(nl, up_to, spec.steps_per_sample, spec.h, spec.execution);
  std::vector<AccumulatorTable*> channels{&nl.groups};
  if (paired) {
    channels.push_back(&stats.linear->groups);
    channels.push_back(&stats.difference->groups);
  }
  GroupAccumulators accumulators(plan.groups, plan.sample_times, channels);
  PathRecorder recorder(nl.paths, nl.spec.first_trajectory, std::min(nl.spec.recorded_paths, up_to), plan.groups,
                        plan.sample_times);
  const auto failure = drive_streamed(kernel, plan, stream, accumulators, recorder);
  if (failure) {
    if (before) stats = std::move(*before);
    if (policy == OnDivergence::report) return failure;
    const std::string reason = divergence_reason(spec.equations, spec.D, spec.mean0, spec.V0, spec.h, nl.spec.seed,
                                                 failure->trajectory, failure->step);
    throw NumericalFailure("nonlinear trajectory " + std::to_string(failure->trajectory) + " became non-finite at step " +
                           std::to_string(failure->step) + " (t = " + format_value(failure->time) + " s): " + reason +
                           ". Hint: the point may be unstable (trajectories run away), or grid.dt is too large (the "
                           "automatic step, grid.dt = 0, is stable over +-7 standard deviations of the state).");
  }
  nl.trajectories = up_to;
  if (paired) {
    stats.linear->trajectories = up_to;
    stats.difference->trajectories = up_to;
  }
  return std::nullopt;
}

}  // namespace spincom
