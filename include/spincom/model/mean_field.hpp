#pragma once
// Mean field, Eq. (7): every fixed point of the driven two-mode optomechanical system.
//
// With x = G0 q_s the self-consistency becomes the real quintic (docs/physics.md section 3)
//   x |P(x)|^2 - (G0^2 eps^2 / omega_m) (kappa^2 + (Delta_2 - x)^2 + J^2) = 0,
//   |P|^2 = (kappa^2 + J^2 - d1 d2)^2 + kappa^2 (d1 + d2)^2,  d_j = Delta_j - x,
// whose real roots all lie in (0, G0^2 eps^2 / (omega_m kappa^2)]. They are isolated on
// that interval by recursive derivative bracketing, in units of omega_m, and polished by
// Newton's method on the self-consistency equation itself.
#include <complex>
#include <vector>

#include "spincom/core/conventions.hpp"
#include "spincom/model/derived_quantities.hpp"
#include "spincom/model/parameters.hpp"

namespace spincom {

/// The inputs of Eq. (7) for one driving direction, SI rates (s^-1).
struct MeanFieldProblem {
  double Delta_driven;  ///< Delta_1 = Delta_c + Delta_F: bare detuning of the driven mode
  double Delta_other;   ///< Delta_2 = Delta_c - Delta_F: bare detuning of the other mode
  double kappa;         ///< amplitude decay rate
  double J;             ///< backscattering coupling
  double G0;            ///< single-photon coupling
  double omega_m;       ///< mechanical frequency
  double epsilon;       ///< drive amplitude sqrt(2 kappa P / (hbar omega_l))
};

MeanFieldProblem mean_field_problem(const Parameters& p, const DerivedQuantities& d, Direction dir);

/// One solution of Eq. (7).
struct FixedPoint {
  double q_s;                           ///< mean displacement, units of x_zp
  std::complex<double> alpha_driven;    ///< alpha_1
  std::complex<double> alpha_other;     ///< alpha_2
  double N_driven;                      ///< N_1 = |alpha_1|^2
  double N_other;                       ///< N_2 = |alpha_2|^2
  double Delta_tilde_driven;            ///< Delta_1 - G0 q_s, s^-1
  double Delta_tilde_other;             ///< Delta_2 - G0 q_s, s^-1
  std::complex<double> G_driven;        ///< G_1 = sqrt(2) G0 alpha_1, s^-1
  std::complex<double> G_other;         ///< G_2 = sqrt(2) G0 alpha_2, s^-1
  double residual;                      ///< relative residual of Eq. (7), see mean_field_residual
};

/// All fixed points (1, 3 or 5), sorted by ascending q_s (equivalently ascending N_1 + N_2).
/// Throws NumericalFailure if a root cannot be polished to a finite value.
std::vector<FixedPoint> solve_mean_field(const MeanFieldProblem& problem);

/// The amplitudes of Eq. (7) at a given radiation-pressure shift x = G0 q_s (s^-1); q_s is
/// taken as x/G0 and the residual is that of the self-consistency at this x.
FixedPoint fixed_point_at(const MeanFieldProblem& problem, double x);

/// max of |0 = -(i Dt1 + kappa) a1 - i J a2 + eps| / eps, |-(i Dt2 + kappa) a2 - i J a1| / eps,
/// and |q_s - (G0/omega_m)(N1 + N2)| / q_s: Eq. (3) at rest and Eq. (7)'s q_s.
double mean_field_residual(const MeanFieldProblem& problem, const FixedPoint& fp);

}  // namespace spincom
