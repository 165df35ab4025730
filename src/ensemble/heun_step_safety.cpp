#include "spincom/ensemble/heun_step_safety.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "spincom/core/error.hpp"
#include "spincom/engine/paired_heun_kernel.hpp"
#include "spincom/ensemble/nonlinear_ensemble.hpp"

namespace spincom {

Matrix6 local_jacobian(const LangevinEquations& eq, const Vector6& u) {
  const double G0 = eq.coefficients().G0;
  const double X1 = u(0), Y1 = u(1), X2 = u(2), Y2 = u(3), dq = u(4);
  Matrix6 J = eq.jacobian_at_reference();
  // n = (-G0 dq Y1, G0 dq X1, -G0 dq Y2, G0 dq X2, 0, G0 (X1^2 + Y1^2 + X2^2 + Y2^2)/2)
  J(0, 1) -= G0 * dq;
  J(0, 4) -= G0 * Y1;
  J(1, 0) += G0 * dq;
  J(1, 4) += G0 * X1;
  J(2, 3) -= G0 * dq;
  J(2, 4) -= G0 * Y2;
  J(3, 2) += G0 * dq;
  J(3, 4) += G0 * X2;
  J(5, 0) += G0 * X1;
  J(5, 1) += G0 * Y1;
  J(5, 2) += G0 * X2;
  J(5, 3) += G0 * Y2;
  return J;
}

double local_heun_step_limit(const LangevinEquations& eq, const Vector6& u) {
  return heun_step_limit(local_jacobian(eq, u));
}

namespace {

/// The probes around one centre: the centre, +-k sigma along each quadrature, and the q extremes
/// combined with each optical extreme (the local detuning and the coupling at once).
std::vector<Vector6> probes(const Vector6& centre, const Vector6& k_sigma) {
  std::vector<Vector6> out{centre};
  for (int i = 0; i < 6; ++i)
    for (double sign : {-1.0, 1.0}) {
      Vector6 u = centre;
      u(i) += sign * k_sigma(i);
      out.push_back(u);
    }
  for (double sq : {-1.0, 1.0})
    for (int i = 0; i < 4; ++i)
      for (double s : {-1.0, 1.0}) {
        Vector6 u = centre;
        u(4) += sq * k_sigma(4);
        u(i) += s * k_sigma(i);
        out.push_back(u);
      }
  return out;
}

}  // namespace

StepSafety heun_step_safety(const LangevinEquations& eq, const std::vector<Vector6>& centres,
                            const std::vector<Matrix6>& covariances, double sigmas) {
  if (centres.empty() || covariances.empty())
    throw InvalidParameter("heun_step_safety: no centres or no covariances given. Hint: pass the root (zero) and V0.");
  if (!(sigmas >= 0.0))
    throw InvalidParameter("heun_step_safety: sigmas = " + format_value(sigmas) + ": valid is >= 0. Hint: 7.");
  StepSafety s;
  s.sigmas = sigmas;
  for (const Matrix6& V : covariances) s.sigma = s.sigma.cwiseMax(V.diagonal().cwiseMax(0.0).cwiseSqrt());
  s.limit_at_reference = heun_step_limit(eq.jacobian_at_reference());
  s.limit = s.limit_at_reference;
  for (const Vector6& c : centres)
    for (const Vector6& u : probes(c, sigmas * s.sigma)) {
      const double h = local_heun_step_limit(eq, u);
      if (h < s.limit) {
        s.limit = h;
        s.worst = u;
      }
    }
  return s;
}

std::string divergence_reason(const LangevinEquations& eq, const Matrix6& D, const Vector6& mean0, const Matrix6& V0,
                              double h, std::uint64_t seed, std::size_t trajectory, std::size_t steps) {
  const PairedHeunKernel kernel(eq, D, h, mean0, V0, std::nullopt);
  PairedHeunKernel::Block b;
  for (std::size_t l = 0; l < PairedHeunKernel::lanes; ++l)  // every lane the same trajectory: lane 0 is read
    kernel.start(b, l, NormalSource(seed, trajectory));
  bool outside = false;  // the current excursion outside the stable region: where it began
  std::size_t exit_step = 0;
  double exit_dq = 0.0, exit_limit = 0.0, max_dq = 0.0;
  bool ran_away = false;
  for (std::size_t s = 0; s <= steps; ++s) {
    if (s > 0) kernel.advance(b, 1);
    const Vector6 u = kernel.state(b, 0, 0);
    if (!u.allFinite()) {
      ran_away = true;
      break;
    }
    max_dq = std::max(max_dq, std::abs(u(4)));
    // Beyond ~1e30 zero-point units the eigenvalues of the local Jacobian (entries ~G0 |u|^2) are
    // not computed reliably (a 1e192 state gave a "stable" 2.6e-8 s), and the run has diverged.
    if (u.cwiseAbs().maxCoeff() > 1e30) {
      if (!outside) {
        outside = true;
        exit_step = s;
        exit_dq = u(4);
        exit_limit = 0.0;
      }
      ran_away = true;
      break;
    }
    const double limit = local_heun_step_limit(eq, u);
    if (limit >= h) {
      outside = false;
    } else if (!outside) {
      outside = true;
      exit_step = s;
      exit_dq = u(4);
      exit_limit = limit;
    }
  }
  if (!ran_away) return "it stays finite when replayed alone (largest |dq| " + format_value(max_dq) + " zero-point units)";
  if (!outside)
    return "its state stayed inside the stable region of the Heun step until it ran away (largest |dq| " +
           format_value(max_dq) + " zero-point units): the dynamics itself diverges, not the step";
  return "at step " + std::to_string(exit_step) + " its state left the stable region of the Heun step for good: the "
         "mirror was " + format_value(exit_dq) + " zero-point units from the root, where the local drift Jacobian "
         "allows dt <= " + format_value(exit_limit) + " s < dt = " + format_value(h) + " s";
}

}  // namespace spincom
