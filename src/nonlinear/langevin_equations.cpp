#include "spincom/nonlinear/langevin_equations.hpp"

#include <cmath>

#include "spincom/model/linear_model.hpp"

namespace spincom {

namespace {
constexpr double sqrt2 = 1.41421356237309504880;
}

ReferencePoint reference_at(const FixedPoint& fp) { return {fp.alpha_driven, fp.alpha_other, fp.q_s, 0.0}; }

LangevinCoefficients langevin_coefficients(const Parameters& p, const DerivedQuantities& d, Direction dir,
                                           bool wigner_correction) {
  const MeanFieldProblem mf = mean_field_problem(p, d, dir);
  const bool brownian = p.bath == MechanicalBath::brownian;
  return {mf.Delta_driven, mf.Delta_other, mf.kappa, mf.J, mf.G0, mf.epsilon, mf.omega_m,
          brownian ? 0.0 : -0.5 * p.gamma_m, brownian ? -p.gamma_m : -0.5 * p.gamma_m,
          wigner_correction ? 1.0 : 0.0};
}

LangevinEquations::LangevinEquations(const LangevinCoefficients& c, const ReferencePoint& ref) : c_(c), ref_(ref) {
  using cd = std::complex<double>;
  const cd i(0.0, 1.0);
  const cd a1 = ref.alpha_driven, a2 = ref.alpha_other;
  const double D1 = c.Delta_driven - c.G0 * ref.q, D2 = c.Delta_other - c.G0 * ref.q;
  const double k = c.kappa, J = c.J, w = c.omega_m;
  const cd G1 = sqrt2 * c.G0 * a1, G2 = sqrt2 * c.G0 * a2;
  // clang-format off
  A_ <<  -k,          D1,         0.0,        J,          -G1.imag(), 0.0,
         -D1,         -k,         -J,         0.0,         G1.real(), 0.0,
         0.0,         J,          -k,         D2,         -G2.imag(), 0.0,
         -J,          0.0,        -D2,        -k,          G2.real(), 0.0,
         0.0,         0.0,        0.0,        0.0,         c.A_qq,    w,
         G1.real(),   G1.imag(),  G2.real(),  G2.imag(),  -w,         c.A_pp;
  // clang-format on
  const cd da1 = -(i * c.Delta_driven + k) * a1 - i * J * a2 + i * c.G0 * a1 * ref.q + c.epsilon;
  const cd da2 = -(i * c.Delta_other + k) * a2 - i * J * a1 + i * c.G0 * a2 * ref.q;
  f_ref_ << sqrt2 * da1.real(), sqrt2 * da1.imag(), sqrt2 * da2.real(), sqrt2 * da2.imag(),
      w * ref.p + c.A_qq * ref.q,
      -w * ref.q + c.A_pp * ref.p + c.G0 * (std::norm(a1) + std::norm(a2) - c.wigner_correction);
}

LabState LangevinEquations::to_lab(const Vector6& u) const {
  return {ref_.alpha_driven + std::complex<double>(u(0), u(1)) / sqrt2,
          ref_.alpha_other + std::complex<double>(u(2), u(3)) / sqrt2, ref_.q + u(4), ref_.p + u(5)};
}

Vector6 LangevinEquations::from_lab(const LabState& s) const {
  const std::complex<double> d1 = s.a_driven - ref_.alpha_driven, d2 = s.a_other - ref_.alpha_other;
  Vector6 u;
  u << sqrt2 * d1.real(), sqrt2 * d1.imag(), sqrt2 * d2.real(), sqrt2 * d2.imag(), s.q - ref_.q, s.p - ref_.p;
  return u;
}

Vector6 lab_frame_drift(const LangevinCoefficients& c, const LabState& s) {
  using cd = std::complex<double>;
  const cd i(0.0, 1.0);
  const cd da1 = -(i * c.Delta_driven + c.kappa) * s.a_driven - i * c.J * s.a_other +
                 i * c.G0 * s.a_driven * s.q + c.epsilon;
  const cd da2 = -(i * c.Delta_other + c.kappa) * s.a_other - i * c.J * s.a_driven + i * c.G0 * s.a_other * s.q;
  Vector6 f;
  f << sqrt2 * da1.real(), sqrt2 * da1.imag(), sqrt2 * da2.real(), sqrt2 * da2.imag(),
      c.omega_m * s.p + c.A_qq * s.q,
      -c.omega_m * s.q + c.A_pp * s.p + c.G0 * (std::norm(s.a_driven) + std::norm(s.a_other) - c.wigner_correction);
  return f;
}

LabState lab_state(const Vector6& z) {
  return {std::complex<double>(z(0), z(1)) / sqrt2, std::complex<double>(z(2), z(3)) / sqrt2, z(4), z(5)};
}

Vector6 lab_vector(const LabState& s) {
  Vector6 z;
  z << sqrt2 * s.a_driven.real(), sqrt2 * s.a_driven.imag(), sqrt2 * s.a_other.real(), sqrt2 * s.a_other.imag(),
      s.q, s.p;
  return z;
}

}  // namespace spincom
