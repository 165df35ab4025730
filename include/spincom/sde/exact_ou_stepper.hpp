#pragma once
// The exact Ornstein-Uhlenbeck step for the linear SDE du = A u dt + B dW:
//   u <- Phi u + L xi,  Phi = e^{A h},  L L^T = Q(h),  xi ~ N(0, I)
// (Van Loan with scaling and squaring, ou_propagator.hpp; L from noise_factor.hpp).
// No time-step error at all: the sampled mean and covariance equal e^{At} m0 and V(t) at every
// step, whatever h (strong and weak order "infinite"; reported as 0 = exact). Any h is stable
// when A is Hurwitz.
#include <cstdint>
#include <limits>


#include "spincom/random/normal_source.hpp"
#include "spincom/covariance/ou_propagator.hpp"
#include "spincom/sde/affine_step.hpp"
#include "spincom/sde/stepper_types.hpp"
#include "spincom/sde/noise_factor.hpp"

namespace spincom {

/// The system the exact stepper needs: the linear model itself, and the noise source.
struct LinearOuSystem {
  const Matrix6& A;
  const Matrix6& D;
  NormalSource& source;
};

class ExactOuStepper : public SdeStepperTypes {
 public:
  static constexpr const char* name = "exact";
  static constexpr double strong_order = std::numeric_limits<double>::infinity();
  static constexpr double weak_order = std::numeric_limits<double>::infinity();
  static order_type order() { return 0; }  // exact: no truncation order

  /// Recomputes (Phi, L) only when dt changes.
  void do_step(const LinearOuSystem& system, state_type& x, time_type /*t*/, time_type dt) {
    if (!cached_ || dt != step_.h) {
      step_ = affine_from_D(system.A, system.D, dt);
      cached_ = true;
    }
    x = step_.M * x + step_.N * system.source.vector();
  }

  /// (M, N) = (Phi, L) from A and D = B B^T.
  static AffineStep affine_from_D(const Matrix6& A, const Matrix6& D, double h) {
    const OuPropagator p = ou_propagator(A, D, h);
    return {h, p.Phi, noise_factor(p.Q).L};
  }

 private:
  AffineStep step_{0.0, Matrix6::Zero(), Matrix6::Zero()};
  bool cached_ = false;
};

}  // namespace spincom
