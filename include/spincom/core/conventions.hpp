#pragma once
// The conventions of spincom, fixed once here and quoted in the README.
//
//  - Units are SI. Every rate (omega_m, gamma_m, kappa, J, Omega, detunings, G) is an
//    angular rate in s^-1. The paper's "Hz", "kHz", "MHz" are angular s^-1 as well.
//  - kappa is the amplitude decay rate: the cavity linewidth is 2 kappa.
//  - Quadrature order u = (X_driven, Y_driven, X_other, Y_other, q, p), with
//    X = (da^dag + da)/sqrt(2), Y = i(da^dag - da)/sqrt(2).
//  - Vacuum variance is 1/2: V_kl = <u_k u_l + u_l u_k>/2, so vacuum V = I/2.
#include <array>
#include <string_view>

#include <Eigen/Core>

namespace spincom {

/// Number of quadratures: 2 optical modes x 2 + mechanics (q, p).
inline constexpr int n_quadratures = 6;

using Vector6 = Eigen::Matrix<double, 6, 1>;
using Matrix6 = Eigen::Matrix<double, 6, 6>;
using Matrix4 = Eigen::Matrix<double, 4, 4>;
using Matrix2 = Eigen::Matrix<double, 2, 2>;

/// Index of each quadrature in u.
namespace quadrature {
inline constexpr int X_driven = 0;
inline constexpr int Y_driven = 1;
inline constexpr int X_other = 2;
inline constexpr int Y_other = 3;
inline constexpr int q = 4;
inline constexpr int p = 5;
inline constexpr std::array<std::string_view, 6> names{"X_driven", "Y_driven", "X_other",
                                                       "Y_other",  "q",        "p"};
}  // namespace quadrature

/// The three modes, each owning quadratures (2k, 2k+1).
enum class Mode { driven = 0, other = 1, mechanics = 2 };

inline constexpr std::string_view to_string(Mode m) {
  return m == Mode::driven ? "driven" : (m == Mode::other ? "other" : "mechanics");
}

/// Variance of each quadrature in the vacuum (hbar = 1, symmetrized ordering).
inline constexpr double vacuum_variance = 0.5;

/// Which optical mode the laser drives. The resonator spins clockwise.
/// ccw: Delta_F > 0 (laser on the left); cw: Delta_F < 0 (laser on the right).
enum class Direction { ccw, cw };

inline constexpr std::string_view to_string(Direction d) { return d == Direction::ccw ? "ccw" : "cw"; }

/// +1 for ccw (Delta_F > 0), -1 for cw (Delta_F < 0).
inline constexpr double sign(Direction d) { return d == Direction::ccw ? 1.0 : -1.0; }

}  // namespace spincom
