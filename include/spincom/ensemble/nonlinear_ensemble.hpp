#pragma once
// Ensembles of nonlinear truncated-Wigner trajectories of Eq. (3) (langevin_equations.hpp),
// stepped with stochastic Heun for additive noise (sde/stochastic_heun.hpp):
//   u~ = u + f(u) h + B dW,   u <- u + (f(u) + f(u~)) h/2 + B dW,   B dW = sqrt(D h) xi,
// strong order 1.0 and weak order 2.0 for additive noise (Kloeden & Platen 1992, Eq. 15.1.3);
// additive noise makes Ito = Stratonovich. Verified in tests/numeric/test_nonlinear_stepping.cpp.
//
// The work is done by the one ensemble driver (engine/ensemble_driver.hpp) with the paired Heun
// kernel (engine/paired_heun_kernel.hpp): its determinism rules hold, so the statistics are
// bitwise identical for any thread or MPI rank count. Optionally each trajectory is paired with
// its linearized Heun partner on the same normals (the kernel's channels v and u - v).
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include "spincom/engine/paired_heun_kernel.hpp"
#include "spincom/ensemble/linear_ensemble.hpp"
#include "spincom/nonlinear/langevin_equations.hpp"

namespace spincom {

struct NonlinearEnsembleSpec {
  NonlinearEnsembleSpec(const LangevinEquations& eq, const Matrix6& diffusion) : equations(eq), D(diffusion) {}
  LangevinEquations equations;      ///< Eq. (3) in the frame of its reference point
  Matrix6 D;                        ///< diffusion (diagonal), as in linear_model.hpp
  Vector6 mean0 = Vector6::Zero();  ///< initial mean of the displaced state u
  Matrix6 V0 = Matrix6::Zero();     ///< initial (Wigner) covariance of u; zero = a sharp start
  double h = 0.0;                   ///< step, s
  std::size_t steps_per_sample = 1;
  std::size_t samples = 100;        ///< sample intervals (samples + 1 sample times)
  std::optional<Matrix6> A_linear;  ///< run the paired linearized ensemble with this drift
  EnsembleSpec ensemble;            ///< seed, groups, recorded paths
  Execution execution;              ///< threads and ranks
};

struct NonlinearEnsembleStatistics {
  EnsembleStatistics nonlinear;               ///< statistics of u (displaced frame)
  std::optional<EnsembleStatistics> linear;   ///< the paired linearized ensemble
  /// Group accumulators of the difference u - v at each sample (paired runs only).
  std::optional<EnsembleStatistics> difference;
};

/// The largest Heun step for the drift Jacobian A: every decaying eigenvalue lambda keeps
/// |1 + lambda h + (lambda h)^2/2| < 1 and every eigenvalue has |lambda| h <= 1 (bisection);
/// 0 when A or its eigenvalues are not finite.
double heun_step_limit(const Matrix6& A);

/// Checks the spec (groups >= 2 via EnsembleStatistics, h > 0 and <= heun_step_limit at the reference and at the initial
/// mean, D diagonal and >= 0, V0 a covariance) and returns an empty ensemble.
/// Throws InvalidParameter with the value, the limit and a hint.
NonlinearEnsembleStatistics make_nonlinear_ensemble(const NonlinearEnsembleSpec& spec);

/// Runs trajectories [stats.nonlinear.trajectories, up_to) through the ensemble driver
/// (engine/ensemble_driver.hpp, with the PairedHeunKernel), on the threads and ranks of
/// spec.execution. A non-finite state: with OnDivergence::throw_error, NumericalFailure
/// naming the lowest such trajectory, the step and the time; with OnDivergence::report, that
/// report is returned and `stats` is left as it was before the call. With a `stream`, the
/// saved trajectories' nonlinear states (channel u) go to it while the run goes on.
std::optional<DivergenceReport> run_nonlinear_ensemble(NonlinearEnsembleStatistics& stats,
                                                       const NonlinearEnsembleSpec& spec, std::size_t up_to,
                                                       OnDivergence policy = OnDivergence::throw_error,
                                                       const TrajectoryStream* stream = nullptr);

/// One noise-free or noisy Heun trajectory from u0 (no statistics), with exactly the step the
/// ensemble kernel ships (heun_langevin_step): used by the order tests. `D_diagonal` is the
/// diagonal of D; `xi` supplies the standard normal 6-vectors, one per step.
template <class Normals>
Vector6 heun_path(const LangevinEquations& eq, const Vector6& D_diagonal, Vector6 u, double h, std::size_t steps,
                  Normals&& xi) {
  const Vector6 sqrt_Dh = (D_diagonal * h).cwiseSqrt();
  for (std::size_t s = 0; s < steps; ++s) heun_langevin_step(eq, u, h, sqrt_Dh, xi());
  return u;
}

}  // namespace spincom
