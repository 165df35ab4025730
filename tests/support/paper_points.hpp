#pragma once
// Linear models at the paper's operating points, shared by the time-domain tests.
#include <random>
#include <vector>

#include <Eigen/Eigenvalues>

#include "spincom/steady/steady_state.hpp"

namespace spincom::test {

/// Fig. 2: Table I, J = 0, Omega = 8 kHz, ccw at its E_N peak Delta_c/omega_m = 0.2965.
inline LinearModel fig2_ccw_peak() {
  Parameters p;
  p.detuning = 0.2965;
  return analyze_steady_state(p, Direction::ccw).fixed_points.at(0).model;
}

/// Fig. 3-like: backscattering J = 2 kappa, Omega = 23 kHz, cw, Delta_c/omega_m = 2.4 (stable).
inline LinearModel backscattering_point() {
  Parameters p;
  p.J = 2.0 * derive(p).kappa;
  p.Omega = 23e3;
  p.detuning = 2.4;
  return analyze_steady_state(p, Direction::cw).fixed_points.at(0).model;
}

/// A random stable 6x6 system (rates O(1)) with a random positive semidefinite D.
inline LinearModel random_stable_system(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> n01;
  Matrix6 A, B;
  for (int i = 0; i < 36; ++i) A(i) = n01(rng);
  for (int i = 0; i < 36; ++i) B(i) = n01(rng);
  const double max_re = Eigen::EigenSolver<Matrix6>(A, false).eigenvalues().real().maxCoeff();
  return {A - (max_re + 0.3) * Matrix6::Identity(), B * B.transpose()};
}

/// The default initial covariance: optical vacuum, thermal mechanics at Table I.
inline Matrix6 vacuum_thermal_V0() {
  Matrix6 V0 = 0.5 * Matrix6::Identity();
  V0(4, 4) = V0(5, 5) = derive(Parameters{}).n_m + 0.5;
  return V0;
}

/// A linear system with its initial covariance and a time span of a few relaxation times.
struct NamedSystem {
  const char* name;
  LinearModel model;
  Matrix6 V0;
  double t_end;
};

/// Both paper points and a random stable system, as the time-domain tests use them.
inline std::vector<NamedSystem> paper_systems() {
  return {{"Fig. 2 ccw peak", fig2_ccw_peak(), vacuum_thermal_V0(), 1.5e-6},
          {"J = 2 kappa, Omega = 23 kHz, cw", backscattering_point(), vacuum_thermal_V0(), 3e-6},
          {"random stable system", random_stable_system(7), Matrix6::Identity(), 10.0}};
}

}  // namespace spincom::test
