#pragma once
// The noise term of an additive-noise SDE du = f(u, t) dt + B dW, as the second half of an
// odeint-style system pair (drift, noise). It owns the increment: each call draws one
// Gaussian increment dW ~ N(0, dt I) from its per-trajectory NormalSource and writes B dW.
#include <cmath>

#include "spincom/core/conventions.hpp"
#include "spincom/random/normal_source.hpp"

namespace spincom {

struct AdditiveNoise {
  const Matrix6& B;     ///< B B^T = D
  NormalSource& source;

  void operator()(const Vector6& /*x*/, Vector6& BdW, double /*t*/, double dt) const {
    BdW.noalias() = B * (source.vector() * std::sqrt(dt));
  }
};

/// The drift of the linear SDE, f(u) = A u, in odeint's system signature.
struct LinearDrift {
  const Matrix6& A;
  void operator()(const Vector6& x, Vector6& dxdt, double /*t*/) const { dxdt.noalias() = A * x; }
};

}  // namespace spincom
