#pragma once
// Ensembles of nonlinear truncated-Wigner trajectories of Eq. (3) (langevin_equations.hpp),
// stepped with stochastic Heun for additive noise:
//   u~ = u + f(u) h + B dW,   u <- u + (f(u) + f(u~)) h/2 + B dW,   dW = sqrt(h) xi,  B = sqrt(D),
// strong order 1.0 and weak order 2.0 for additive noise (Kloeden & Platen 1992, Eq. 15.1.3);
// additive noise makes Ito = Stratonovich. Verified in tests/numeric/test_nonlinear_stepping.cpp.
//
// Determinism is the scheme of run_ensemble.hpp: trajectory i draws only from
// NormalSource(seed, i) (initial Wigner sample first, then one 6-vector per step), it belongs to
// jackknife group i mod K, each group accumulates in increasing i, and OpenMP threads split the
// groups, never a group: the statistics are bitwise identical for any thread count.
//
// Side by side: optionally each trajectory is paired with the linearized Heun trajectory
// v <- M v + N xi (M = I + A h + (A h)^2/2, N = (I + A h/2) B sqrt(h)) driven by the same
// normals from the same initial sample, so nonlinear minus linear is measured with the sampling
// noise of both largely cancelled.
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include "spincom/ensemble/run_ensemble.hpp"
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
  EnsembleSpec ensemble;
};

struct NonlinearEnsembleStatistics {
  EnsembleStatistics nonlinear;               ///< statistics of u (displaced frame)
  std::optional<EnsembleStatistics> linear;   ///< the paired linearized ensemble
  /// Group accumulators of the difference u - v at each sample (paired runs only).
  std::optional<EnsembleStatistics> difference;
};

/// The largest Heun step for the drift Jacobian A: every decaying eigenvalue lambda keeps
/// |1 + lambda h + (lambda h)^2/2| < 1 and every eigenvalue has |lambda| h <= 1 (bisection).
double heun_step_limit(const Matrix6& A);

/// Checks the spec (groups >= 2, h > 0 and <= heun_step_limit at the reference and at the initial
/// mean, D diagonal and >= 0, V0 a covariance) and returns an empty ensemble.
/// Throws InvalidParameter with the value, the limit and a hint.
NonlinearEnsembleStatistics make_nonlinear_ensemble(const NonlinearEnsembleSpec& spec);

/// Runs trajectories [stats.nonlinear.trajectories, up_to). Throws NumericalFailure naming the
/// first trajectory, the step and the time at which a state became non-finite.
void run_nonlinear_ensemble(NonlinearEnsembleStatistics& stats, const NonlinearEnsembleSpec& spec,
                            std::size_t up_to);

/// One noise-free or noisy Heun trajectory from u0 (no statistics): the lowest-level kernel,
/// used by the order tests. `xi` supplies the standard normal 6-vectors, one per step.
template <class Normals>
Vector6 heun_path(const LangevinEquations& eq, const Vector6& sqrt_D, Vector6 u, double h, std::size_t steps,
                  Normals&& xi) {
  const double sh = std::sqrt(h);
  Vector6 f0, f1;
  for (std::size_t s = 0; s < steps; ++s) {
    const Vector6 dW = sh * sqrt_D.cwiseProduct(xi());
    eq(u, f0);
    const Vector6 pred = u + h * f0 + dW;
    eq(pred, f1);
    u += 0.5 * h * (f0 + f1) + dW;
  }
  return u;
}

}  // namespace spincom
