#pragma once
// The nonlinear c-number Langevin equations of Eq. (3) in the truncated Wigner picture
// (docs/physics.md section 7), written in the displaced frame around a reference point:
//   a_j = alpha_j + (X_j + i Y_j)/sqrt(2),  q = q_r + dq,  p = p_r + dp,
// with the state u = (X_driven, Y_driven, X_other, Y_other, dq, dp) in the quadrature order and
// units of conventions.hpp (q, p in units of x_zp; vacuum variance 1/2). Every nonlinear term is
// kept; the drift is evaluated as
//   f(u) = f_r + A_r u + n(u),
// f_r the (constant) drift at the reference, A_r the Jacobian there (the drift matrix of Eq. 6 when
// the reference is a root of Eq. 7), and n(u) the exact remainder
//   n_{X_j} + i n_{Y_j} = i G0 dq (X_j + i Y_j)          (from i G0 a_j q),
//   n_p = G0 (X_1^2 + Y_1^2 + X_2^2 + Y_2^2)/2           (from G0 |a_j|^2).
// Only O(1) numbers meet O(1) numbers: the 1e9-photon means never enter a subtraction with the
// fluctuations, which is what keeps the fluctuations at full double precision (docs/nonlinear.md).
//
// The noise is additive and identical to the linear SDE: B dW with B B^T = D (linear_model.hpp),
// because sqrt(2 kappa) dA_j with E[dA dA*] = dt/2 gives each quadrature variance kappa dt.
// The Wigner correction -1 in the radiation pressure (-1/2 per mode, symmetric ordering of a^dag a)
// is included unless switched off (the noise-free mean-field dynamics switch it off so that their
// fixed points are exactly those of Eq. 7).
#include <complex>

#include "spincom/core/conventions.hpp"
#include "spincom/model/derived_quantities.hpp"
#include "spincom/model/mean_field.hpp"
#include "spincom/model/parameters.hpp"

namespace spincom {

/// The point the displaced frame is centred on: any state of Eq. (3), not necessarily a fixed point.
struct ReferencePoint {
  std::complex<double> alpha_driven{0.0, 0.0};  ///< alpha_1
  std::complex<double> alpha_other{0.0, 0.0};   ///< alpha_2
  double q = 0.0;                                ///< q_r, units of x_zp
  double p = 0.0;                                ///< p_r, units of x_zp
};

/// The reference at a fixed point of Eq. (7) (p_s = 0).
ReferencePoint reference_at(const FixedPoint& fp);

/// A lab-frame state of Eq. (3): complex amplitudes and (q, p).
struct LabState {
  std::complex<double> a_driven;
  std::complex<double> a_other;
  double q;
  double p;
};

/// The coefficients of Eq. (3) for one driving direction, SI rates (s^-1).
struct LangevinCoefficients {
  double Delta_driven;  ///< bare Delta_1 = Delta_c + Delta_F (Eq. 3 has bare detunings, docs/physics.md s.0)
  double Delta_other;   ///< bare Delta_2 = Delta_c - Delta_F
  double kappa;
  double J;
  double G0;
  double epsilon;
  double omega_m;
  double A_qq;          ///< mechanical damping of q: 0 (Brownian) or -gamma_m/2 (symmetric)
  double A_pp;          ///< -gamma_m (Brownian) or -gamma_m/2 (symmetric)
  double wigner_correction;  ///< 1 (truncated Wigner: -1/2 per mode) or 0 (classical mean field)
};

LangevinCoefficients langevin_coefficients(const Parameters& p, const DerivedQuantities& d, Direction dir,
                                           bool wigner_correction = true);

/// Eq. (3) in the displaced frame around one reference point.
class LangevinEquations {
 public:
  LangevinEquations(const LangevinCoefficients& c, const ReferencePoint& ref);

  /// The drift f(u) of the displaced state u (odeint system signature), s^-1.
  void operator()(const Vector6& u, Vector6& dudt, double /*t*/ = 0.0) const {
    dudt.noalias() = A_ * u;
    dudt += f_ref_;
    const double X1 = u(0), Y1 = u(1), X2 = u(2), Y2 = u(3), dq = u(4);
    const double gq = c_.G0 * dq;
    // i G0 dq (X + iY) = G0 dq (-Y + i X)
    dudt(0) -= gq * Y1;
    dudt(1) += gq * X1;
    dudt(2) -= gq * Y2;
    dudt(3) += gq * X2;
    dudt(5) += 0.5 * c_.G0 * (X1 * X1 + Y1 * Y1 + X2 * X2 + Y2 * Y2);
  }

  /// The Jacobian at the reference, s^-1 (equal to drift_matrix(...) at a root of Eq. 7).
  [[nodiscard]] const Matrix6& jacobian_at_reference() const { return A_; }
  /// The drift at the reference, s^-1 (zero at a root of Eq. 7 apart from the Wigner term -G0 in p).
  [[nodiscard]] const Vector6& drift_at_reference() const { return f_ref_; }
  [[nodiscard]] const LangevinCoefficients& coefficients() const { return c_; }
  [[nodiscard]] const ReferencePoint& reference() const { return ref_; }

  /// Displaced state -> lab frame, and back (the latter loses digits when |alpha| >> |u|).
  [[nodiscard]] LabState to_lab(const Vector6& u) const;
  [[nodiscard]] Vector6 from_lab(const LabState& s) const;

 private:
  LangevinCoefficients c_;
  ReferencePoint ref_;
  Matrix6 A_;
  Vector6 f_ref_;
};

/// Eq. (3) evaluated directly in lab variables (the raw form), for comparison: returns
/// (d a_1/dt, d a_2/dt, dq/dt, dp/dt) packed as quadrature rates (sqrt2 Re, sqrt2 Im, ..., q, p).
Vector6 lab_frame_drift(const LangevinCoefficients& c, const LabState& s);

/// The lab state of quadrature vector z = (sqrt2 Re a1, sqrt2 Im a1, sqrt2 Re a2, sqrt2 Im a2, q, p).
LabState lab_state(const Vector6& z);
/// The quadrature vector of a lab state.
Vector6 lab_vector(const LabState& s);

}  // namespace spincom
