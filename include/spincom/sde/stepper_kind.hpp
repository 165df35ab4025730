#pragma once
// The linear SDE's schemes by name: exact (Van Loan), em (Euler-Maruyama), heun (stochastic
// Heun), each an affine step u <- M u + N xi (affine_step.hpp), and each scheme's stability limit.
#include <string_view>

#include "spincom/sde/affine_step.hpp"

namespace spincom {

enum class StepperKind { exact, em, heun };
std::string_view to_string(StepperKind k);
StepperKind parse_stepper(std::string_view text);  ///< throws InvalidParameter

/// (M, N) of one step of `kind` for du = A u dt + B dW, B B^T = D.
AffineStep scheme_step(StepperKind kind, const Matrix6& A, const Matrix6& D, const Matrix6& B, double h);

/// The largest step for which the scheme's M has spectral radius < 1 (bisection; inf for exact).
double max_stable_step(StepperKind kind, const Matrix6& A, const Matrix6& B);

}  // namespace spincom
