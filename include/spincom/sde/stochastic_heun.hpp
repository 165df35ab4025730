#pragma once
// Stochastic Heun (predictor-corrector) for additive noise du = f(u, t) dt + B dW:
//   u~ = u + f(u, t) h + B dW,   u <- u + (f(u, t) + f(u~, t + h)) h/2 + B dW,
// with one Gaussian increment dW ~ N(0, h I) per step, shared by predictor and corrector.
// For additive noise it is the explicit order-2.0 weak scheme of Kloeden & Platen (1992),
// Eq. (15.1.3): strong order 1.0, weak order 2.0 for additive noise; converges to the Ito solution
// (= Stratonovich for additive noise). For f = A u: M = I + A h + (A h)^2/2, N = (I + A h/2) B sqrt(h).
// This is the one Heun step of spincom: `step` is what the nonlinear ensemble kernel
// (engine/paired_heun_kernel.hpp) ships and what the order tests measure
// (tests/numeric/test_nonlinear_stepping.cpp: deterministic order 2, strong order 1;
// tests/statistical/test_ensemble.cpp: the linear weak order through `affine`).
#include <cmath>

#include "spincom/sde/affine_step.hpp"
#include "spincom/sde/stepper_types.hpp"

namespace spincom {

class StochasticHeun : public SdeStepperTypes {
 public:
  static constexpr const char* name = "heun";
  static constexpr double strong_order = 1.0;  ///< for additive noise
  static constexpr double weak_order = 2.0;    ///< for additive noise
  static order_type order() { return 2; }

  /// One step with the noise increment BdW already drawn: drift(x, dxdt, t).
  template <class Drift>
  static void step(const Drift& drift, state_type& x, time_type t, time_type dt, const deriv_type& BdW) {
    deriv_type f0, f1;
    drift(x, f0, t);
    const state_type predictor = x + dt * f0 + BdW;
    drift(predictor, f1, t + dt);
    x += 0.5 * dt * (f0 + f1) + BdW;
  }

  /// odeint-style: `system` is a pair (drift, noise) with noise(x, BdW, t, dt) drawing the increment.
  template <class System>
  void do_step(System system, state_type& x, time_type t, time_type dt) const {
    deriv_type BdW;
    system.second(x, BdW, t, dt);
    step(system.first, x, t, dt, BdW);
  }

  static AffineStep affine(const Matrix6& A, const Matrix6& B, double h) {
    const Matrix6 Ah = A * h;
    return {h, Matrix6::Identity() + Ah + 0.5 * Ah * Ah,
            (Matrix6::Identity() + 0.5 * Ah) * B * std::sqrt(h)};
  }
};

}  // namespace spincom
