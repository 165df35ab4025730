#include "spincom/model/linear_model.hpp"

namespace spincom {

Matrix6 drift_matrix(const Parameters& p, const DerivedQuantities& d, const FixedPoint& fp) {
  const double k = d.kappa, J = p.J;
  const double D1 = fp.Delta_tilde_driven, D2 = fp.Delta_tilde_other;
  const double G1x = fp.G_driven.real(), G1y = fp.G_driven.imag();
  const double G2x = fp.G_other.real(), G2y = fp.G_other.imag();
  const double w = p.omega_m, g = p.gamma_m;
  Matrix6 A;
  // clang-format off
  A <<  -k,   D1,  0.0,   J,  -G1y, 0.0,
        -D1,  -k,  -J,  0.0,   G1x, 0.0,
        0.0,   J,  -k,   D2,  -G2y, 0.0,
        -J,  0.0,  -D2,  -k,   G2x, 0.0,
        0.0, 0.0,  0.0, 0.0,   0.0,   w,
        G1x, G1y,  G2x, G2y,   -w,   -g;
  // clang-format on
  if (p.bath == MechanicalBath::symmetric) {
    A(quadrature::q, quadrature::q) = -0.5 * g;
    A(quadrature::p, quadrature::p) = -0.5 * g;
  }
  return A;
}

Matrix6 diffusion_matrix(const Parameters& p, const DerivedQuantities& d) {
  Matrix6 D = Matrix6::Zero();
  for (int i = 0; i < 4; ++i) D(i, i) = d.kappa;
  if (p.bath == MechanicalBath::brownian) {
    D(quadrature::p, quadrature::p) = p.gamma_m * (2.0 * d.n_m + 1.0);
  } else {
    D(quadrature::q, quadrature::q) = p.gamma_m * (d.n_m + 0.5);
    D(quadrature::p, quadrature::p) = p.gamma_m * (d.n_m + 0.5);
  }
  return D;
}

LinearModel linearize(const Parameters& p, const DerivedQuantities& d, const FixedPoint& fp) {
  return {drift_matrix(p, d, fp), diffusion_matrix(p, d)};
}

}  // namespace spincom
