#pragma once
// Euler-Maruyama for du = f(u, t) dt + B dW (additive noise):
//   u <- u + f(u, t) h + B dW,  dW ~ N(0, h I).
// Strong order 1.0 for additive noise (0.5 in general), weak order 1.0; converges to the Ito
// solution (= Stratonovich for additive noise). For f = A u: M = I + A h, N = B sqrt(h);
// mean-square stable iff the spectral radius of I + A h is < 1.
#include <cmath>


#include "spincom/sde/affine_step.hpp"
#include "spincom/sde/stepper_types.hpp"

namespace spincom {

class EulerMaruyama : public SdeStepperTypes {
 public:
  static constexpr const char* name = "em";
  static constexpr double strong_order = 1.0;  ///< for additive noise
  static constexpr double weak_order = 1.0;
  static order_type order() { return 1; }

  /// `system` is a pair (drift, noise): drift(x, dxdt, t), noise(x, BdW, t, dt).
  template <class System>
  void do_step(System system, state_type& x, time_type t, time_type dt) const {
    deriv_type f, BdW;
    system.first(x, f, t);
    system.second(x, BdW, t, dt);
    x += dt * f + BdW;
  }

  static AffineStep affine(const Matrix6& A, const Matrix6& B, double h) {
    return {h, Matrix6::Identity() + A * h, B * std::sqrt(h)};
  }
};

}  // namespace spincom
