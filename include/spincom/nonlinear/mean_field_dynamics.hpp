#pragma once
// Noise-free mean-field dynamics of Eq. (3) (classical: no noise, no Wigner correction), so that
// the fixed points are exactly the roots of Eq. (7). Integrated with Boost.Odeint's controlled
// Dormand-Prince 5(4) (runge_kutta_dopri5, dense output) in the displaced frame around a
// reference point. The rates span kappa, Delta, omega_m ~ 4e7-6e7 s^-1 down to gamma_m ~ 5e3 s^-1;
// nothing is stiff on the transient time scale (the slow rate only makes the decay long), so an
// explicit method is the right one (docs/nonlinear.md).
//
// Reports the final state, which root of Eq. (7) it reached (relative distance in the quadrature
// vector z = (sqrt2 Re a1, sqrt2 Im a1, sqrt2 Re a2, sqrt2 Im a2, q, p)), and when it got there.
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spincom/nonlinear/langevin_equations.hpp"

namespace spincom {

struct MeanFieldDynamicsSpec {
  MeanFieldDynamicsSpec(const LangevinCoefficients& c, std::vector<FixedPoint> r)
      : coefficients(c), roots(std::move(r)) {}
  LangevinCoefficients coefficients;  ///< wigner_correction is forced to 0
  std::vector<FixedPoint> roots;      ///< roots of Eq. (7) to classify against (solve_mean_field)
  LabState initial{{0.0, 0.0}, {0.0, 0.0}, 0.0, 0.0};  ///< default: laser switch-on, empty cavity, mechanics at rest
  std::optional<ReferencePoint> reference;  ///< frame centre; default: the root nearest the initial state
  double t_end = 0.0;                 ///< s (> 0)
  std::size_t samples = 200;          ///< transient output at samples + 1 equally spaced times
  double relative_tolerance = 1e-12;  ///< odeint error control (relative)
  double absolute_tolerance = 1e-9;   ///< odeint error control (absolute, displaced quadrature units)
  double reach_tolerance = 1e-8;      ///< relative distance that counts as "reached the root"
};

struct MeanFieldSample {
  double t;
  Vector6 z;  ///< lab quadrature vector
  Vector6 u;  ///< the same state in the displaced frame (full precision near the reference)
};

struct MeanFieldDynamicsResult {
  std::vector<MeanFieldSample> transient;   ///< at the sample times
  LabState final_state;
  Vector6 final_z;
  double t_end;
  std::optional<std::size_t> reached;       ///< index into roots, when within reach_tolerance at t_end
  std::size_t nearest;                      ///< index of the nearest root at t_end
  double nearest_distance;                  ///< relative distance ||z - z_root|| / ||z_root|| at t_end
  double settle_time;                       ///< first sample time after which the distance to `nearest`
                                            ///< stays <= reach_tolerance (inf if never)
  std::size_t rhs_evaluations;
  ReferencePoint reference;                 ///< the frame centre used
};

/// The quadrature vector of root `fp` (p = 0).
Vector6 root_vector(const FixedPoint& fp);

/// Relative distance ||z - z_root|| / ||z_root||, computed in the frame of `eq` for precision.
double relative_distance(const Vector6& z, const FixedPoint& fp);

/// Integrates from spec.initial to spec.t_end. Throws InvalidParameter for t_end <= 0 or no
/// roots; NumericalFailure (with the time) when the state becomes non-finite.
MeanFieldDynamicsResult integrate_mean_field(const MeanFieldDynamicsSpec& spec);

/// Indices of the roots whose linearization is stable (check_stability(...).stable()).
std::vector<std::size_t> stable_roots(const Parameters& p, const DerivedQuantities& d,
                                      const std::vector<FixedPoint>& roots);

}  // namespace spincom
