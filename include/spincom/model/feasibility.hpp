#pragma once
// Experimental feasibility of the spinning device, supplement S2-S3: the air bearing that makes
// the tapered fiber "fly" above the spinning sphere, the intermolecular forces, and the
// mechanical limits to the spin rate.
//   T_air = 6.19 mu R^{5/2} Omega / rho,  rho = [int_0^r (h - sqrt(r^2 - x^2) + r)^{-3/2} dx]^{-1}  (S2.1, S3.9)
//   d = (L/2)(beta - sqrt(beta^2 - 1)),  beta = [pi r^2 E / (3 T_air)]^{1/3}                     (S2.4)
//   strain = arcsin(phi)/phi - 1,  phi = 4 L d / (L^2 + 4 d^2)                                  (S2.3)
//   T_int = r R (-A/(6 pi h^3) + B/(45 pi h^9) - pi^2 c hbar/(240 h^4))                          (S2.6)
//   Omega_0 = rho pi r^2 E/(18.57 mu R^{5/2}),  Omega_1 = Lambda Omega_0,
//   Lambda = [4 L h/(L^2 + 4 h^2)]^3,  Omega_2 = rho pi r^2 Upsilon/(3.095 mu R^{5/2}) sqrt(6 Upsilon/E),
//   Omega_max = min(Omega_0, Omega_1, Omega_2)                                                   (S3.8-S3.12)
//   eta = q_s x_zp / d                                                                          (S3.13)
// The viscosity mu of air is not given in the paper; it is an input (docs/feasibility.md).
#include "spincom/core/physical_constants.hpp"

namespace spincom {

struct FeasibilityInputs {
  double sphere_radius = 1.1e-3;   ///< R, m
  double fiber_radius = 544e-9;    ///< r, m
  double length = 3e-6;            ///< L: length of the deformation region, m
  double gap = 250e-9;             ///< h: taper-resonator separation, m
  double young = 75e9;             ///< E: Young modulus of silica, Pa
  double elastic_limit = 9e9;      ///< Upsilon, Pa
  double viscosity = 1.8e-5;       ///< mu of air, Pa s (not given in the paper)
  double Omega = 23e3;             ///< spin rate, s^-1
  double temperature = 0.13;       ///< T, K (Hamaker constant)
  double eps_air = 1.0, eps_silica = 3.9;     ///< dielectric constants
  double n_air = 1.0, n_silica = 1.48;       ///< refractive indices
  double nu_e = 3e15;              ///< absorption frequency in S2.7 ("3 PHz")
  double B = 1e-76;                ///< repulsive constant of S2.6, J m^6
};

struct Feasibility {
  double rho;            ///< S3.9, m^{1/2}
  double T_air;          ///< air-bearing force, N
  double beta;           ///< S2.4 (>= 1 needed)
  double displacement;   ///< d, m
  double strain;         ///< S2.3
  double hamaker;        ///< A of S2.7, J
  double T_int;          ///< intermolecular force, N
  double force_ratio;    ///< |T_int| / T_air
  double Omega_0, Omega_1, Omega_2, Omega_max;  ///< s^-1
};

/// Throws InvalidParameter for non-positive lengths, moduli or viscosity.
Feasibility feasibility(const FeasibilityInputs& in, const PhysicalConstants& k = codata2018);

/// eta = q_s x_zp / d (S3.13).
double displacement_ratio(double q_s, double x_zp, double displacement);

}  // namespace spincom
