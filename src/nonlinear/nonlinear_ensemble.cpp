#include "spincom/nonlinear/nonlinear_ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <string>

#include <Eigen/Eigenvalues>

#include "spincom/core/error.hpp"
#include "spincom/ensemble/seeding.hpp"
#include "spincom/sde/noise_factor.hpp"
#include "spincom/sde/stochastic_heun.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

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
  EnsembleStatistics s;
  s.spec = spec.ensemble;
  s.times.resize(spec.samples + 1);
  for (std::size_t k = 0; k <= spec.samples; ++k)
    s.times[k] = static_cast<double>(k * spec.steps_per_sample) * spec.h;
  s.groups.assign(spec.ensemble.groups * s.times.size(), CovarianceAccumulator{});
  return s;
}

}  // namespace

double heun_step_limit(const Matrix6& A) {
  const Eigen::Matrix<std::complex<double>, 6, 1> lambda = Eigen::EigenSolver<Matrix6>(A, false).eigenvalues();
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
  if (spec.ensemble.groups < 2)
    throw InvalidParameter("jackknife groups = " + std::to_string(spec.ensemble.groups) +
                           ": valid is >= 2. Hint: 32 is the default.");
  if (spec.steps_per_sample == 0)
    throw InvalidParameter("steps per sample = 0: valid is >= 1. Hint: --dt must not exceed t_end/samples.");
  if (!(spec.h > 0.0) || !std::isfinite(spec.h))
    throw InvalidParameter("step h = " + format_value(spec.h) + " s: valid is a finite step > 0.");
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 6; ++j)
      if ((i != j && spec.D(i, j) != 0.0) || (i == j && !(spec.D(i, i) >= 0.0)))
        throw InvalidParameter("nonlinear ensemble: D must be diagonal with entries >= 0 (entry (" +
                               std::to_string(i) + ", " + std::to_string(j) + ") = " + format_value(spec.D(i, j)) +
                               "). Hint: use diffusion_matrix().");
  if (!spec.mean0.allFinite())
    throw InvalidParameter("nonlinear ensemble: the initial mean is not finite. Hint: check --mean0.");
  // The Heun step must resolve the linearized dynamics at the reference and at the start.
  const LangevinEquations& eq = spec.equations;
  const LabState start = eq.to_lab(spec.mean0);
  const LangevinEquations at_start(eq.coefficients(), {start.a_driven, start.a_other, start.q, start.p});
  const double limit = std::min(heun_step_limit(eq.jacobian_at_reference()), heun_step_limit(at_start.jacobian_at_reference()));
  if (spec.h > limit)
    throw InvalidParameter("step h = " + format_value(spec.h) + " s is too large for stochastic Heun here: valid is h <= " +
                           format_value(limit) +
                           " s (every decaying eigenvalue lambda of the drift Jacobian needs |1 + lambda h + "
                           "(lambda h)^2/2| < 1, and |lambda| h <= 1). Hint: pass a smaller --dt.");
  noise_factor(spec.V0);  // throws InvalidParameter when V0 is not a covariance
  NonlinearEnsembleStatistics s;
  s.nonlinear = empty_statistics(spec);
  if (spec.A_linear) {
    s.linear = empty_statistics(spec);
    s.difference = empty_statistics(spec);
  }
  return s;
}

void run_nonlinear_ensemble(NonlinearEnsembleStatistics& stats, const NonlinearEnsembleSpec& spec, std::size_t up_to) {
  EnsembleStatistics& nl = stats.nonlinear;
  const std::size_t first = nl.trajectories;
  if (up_to <= first) return;
  const std::size_t K = nl.spec.groups, n_times = nl.times.size();
  const Matrix6 L0 = noise_factor(spec.V0).L;
  const Vector6 sqrt_Dh = (spec.D.diagonal() * spec.h).cwiseSqrt();
  const double h = spec.h;
  const bool paired = spec.A_linear.has_value() && stats.linear && stats.difference;
  AffineStep lin{h, Matrix6::Identity(), Matrix6::Zero()};
  if (paired) lin = StochasticHeun::affine(*spec.A_linear, Matrix6(spec.D.diagonal().cwiseSqrt().asDiagonal()), h);
  const std::size_t n_paths = std::min(nl.spec.recorded_paths, up_to);
  if (nl.paths.size() < n_paths) nl.paths.resize(n_paths);
  const LangevinEquations& eq = spec.equations;

  std::vector<DivergenceReport> failure(K, DivergenceReport{no_trajectory, 0, 0.0});
  const long long n_groups = static_cast<long long>(K);
#ifdef _OPENMP
  const int threads = nl.spec.threads > 0 ? nl.spec.threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#endif
  for (long long gg = 0; gg < n_groups; ++gg) {
    const std::size_t g = static_cast<std::size_t>(gg);
    std::size_t i = first_member(first, g, K);
    Vector6 f0, f1, pred;
    for (; i < up_to; i += K) {
      NormalSource noise(nl.spec.seed, i);
      Vector6 u = spec.mean0 + L0 * noise.vector();
      Vector6 v = u;
      const bool record = i < n_paths;
      if (record) nl.paths[i].assign(n_times, Vector6::Zero());
      for (std::size_t k = 0; k < n_times; ++k) {
        std::size_t s = 0;
        bool finite = u.allFinite();
        if (k > 0)
          for (; s < spec.steps_per_sample; ++s) {
            const Vector6 xi = noise.vector();
            const Vector6 dW = sqrt_Dh.cwiseProduct(xi);
            eq(u, f0);
            pred = u + h * f0 + dW;
            eq(pred, f1);
            u += 0.5 * h * (f0 + f1) + dW;
            if (paired) v = lin.M * v + lin.N * xi;
            if (!u.allFinite()) {
              finite = false;
              break;
            }
          }
        if (!finite) {
          const std::size_t step = k == 0 ? 0 : (k - 1) * spec.steps_per_sample + s + 1;
          failure[g] = {i, step, static_cast<double>(step) * h};
          break;
        }
        nl.groups[g * n_times + k].add(u);
        if (paired) {
          stats.linear->groups[g * n_times + k].add(v);
          stats.difference->groups[g * n_times + k].add(u - v);
        }
        if (record) nl.paths[i][k] = u;
      }
      if (failure[g].trajectory != no_trajectory) break;
    }
  }
  if (const DivergenceReport* first_failure = lowest_failure(failure))
    throw NumericalFailure("nonlinear trajectory " + std::to_string(first_failure->trajectory) +
                           " became non-finite at step " + std::to_string(first_failure->step) + " (t = " +
                           format_value(first_failure->time) +
                           " s). Hint: the point may be unstable (trajectories run away), or --dt is too large.");
  nl.trajectories = up_to;
  if (paired) {
    stats.linear->trajectories = up_to;
    stats.difference->trajectories = up_to;
  }
}

}  // namespace spincom
