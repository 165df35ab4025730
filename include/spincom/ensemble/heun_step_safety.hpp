#pragma once
// Is the stochastic Heun step stable for the whole ensemble, not just at the root? (issue 14)
//
// Heun's stability region is bounded (|1 + z + z^2/2| < 1 with z = lambda h), and the drift
// Jacobian of Eq. (3) depends on the state: at a displacement dq of the mirror the optical modes
// turn at the local detuning Delta - G0 (q_r + dq), so a trajectory far out in the tails of the
// distribution meets eigenvalues the root never shows. At few photons (G0/kappa ~ 0.6) and a hot
// mechanical start the tails reach ~100 zero-point units and the local rotation leaves the
// stable region at a step that is safe at the root (docs/nonlinear.md, "Step size").
//
// heun_step_safety() probes the local Jacobian over the spread of the state: every centre (the
// root, the initial mean, the noise-free transient) displaced by +-k sigma along each quadrature
// and along the q extremes combined with each optical extreme, and returns the smallest Heun
// limit. divergence_reason() replays one failed trajectory and says why it left.
#include <cstdint>
#include <string>
#include <vector>

#include "spincom/core/conventions.hpp"
#include "spincom/nonlinear/langevin_equations.hpp"

namespace spincom {

/// The exact Jacobian of the drift of `eq` at the displaced state u (A_r plus the Jacobian of
/// the remainder n(u)), s^-1.
Matrix6 local_jacobian(const LangevinEquations& eq, const Vector6& u);

/// The largest stable Heun step for the local Jacobian at u (heun_step_limit of it), s.
double local_heun_step_limit(const LangevinEquations& eq, const Vector6& u);

struct StepSafety {
  double limit = 0.0;            ///< smallest Heun limit over the probed states, s
  double limit_at_reference = 0.0;  ///< the limit at the frame's reference (the root), s
  Vector6 worst = Vector6::Zero();  ///< the displaced state with the smallest limit
  double sigmas = 7.0;           ///< the half-width of the probed spread, in standard deviations
  Vector6 sigma = Vector6::Zero();  ///< the standard deviations used (widest of the covariances given)
};

/// The smallest Heun limit over `centres` (displaced states) +- `sigmas` standard deviations of
/// the widest of `covariances` (per quadrature: the largest sqrt(V_kk) among them).
/// Throws InvalidParameter for an empty list of centres or covariances, or sigmas < 0.
StepSafety heun_step_safety(const LangevinEquations& eq, const std::vector<Vector6>& centres,
                            const std::vector<Matrix6>& covariances, double sigmas = 7.0);

/// Why trajectory `trajectory` (seed rule of the ensemble driver) of the ensemble with Eq. (3) in
/// `eq`, diffusion D, start (mean0, V0) and step h became non-finite: it is replayed alone for up to
/// `steps` steps and the first step where its state left Heun's stable region is named with
/// the mirror displacement there, or, if it never left, that the trajectory itself ran away.
std::string divergence_reason(const LangevinEquations& eq, const Matrix6& D, const Vector6& mean0, const Matrix6& V0,
                              double h, std::uint64_t seed, std::size_t trajectory, std::size_t steps);

}  // namespace spincom
