#include "spincom/sde/stepper_kind.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "spincom/core/error.hpp"
#include "spincom/sde/euler_maruyama.hpp"
#include "spincom/sde/exact_ou_stepper.hpp"
#include "spincom/sde/stochastic_heun.hpp"

namespace spincom {

std::string_view to_string(StepperKind k) {
  switch (k) {
    case StepperKind::exact: return ExactOuStepper::name;
    case StepperKind::em: return EulerMaruyama::name;
    case StepperKind::heun: return StochasticHeun::name;
  }
  return "exact";
}

StepperKind parse_stepper(std::string_view text) {
  for (StepperKind k : {StepperKind::exact, StepperKind::em, StepperKind::heun})
    if (text == to_string(k)) return k;
  throw InvalidParameter("stepper '" + std::string(text) +
                         "' is unknown: valid are exact (Van Loan, no time-step error), em "
                         "(Euler-Maruyama, weak order 1) and heun (stochastic Heun, weak order 2).");
}

AffineStep scheme_step(StepperKind kind, const Matrix6& A, const Matrix6& D, const Matrix6& B, double h) {
  switch (kind) {
    case StepperKind::exact: return ExactOuStepper::affine_from_D(A, D, h);
    case StepperKind::em: return EulerMaruyama::affine(A, B, h);
    case StepperKind::heun: return StochasticHeun::affine(A, B, h);
  }
  return ExactOuStepper::affine_from_D(A, D, h);
}

double max_stable_step(StepperKind kind, const Matrix6& A, const Matrix6& B) {
  if (kind == StepperKind::exact) return std::numeric_limits<double>::infinity();
  auto stable = [&](double h) { return spectral_radius(scheme_step(kind, A, Matrix6::Zero(), B, h).M) < 1.0; };
  double lo = 0.0, hi = 1.0 / std::max(A.cwiseAbs().maxCoeff(), 1e-300);
  while (stable(hi) && hi < 1e300) {
    lo = hi;
    hi *= 2.0;
  }
  for (int it = 0; it < 60; ++it) {
    const double mid = 0.5 * (lo + hi);
    (stable(mid) ? lo : hi) = mid;
  }
  return lo;
}

}  // namespace spincom
