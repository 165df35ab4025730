#pragma once
// Per-entry z-scores of a sample covariance S (N samples, nu = N - 1 degrees of freedom) against
// a reference V: z_kl = (S_kl - V_kl) / SE_kl with SE_kl = sqrt((V_kk V_ll + V_kl^2) / nu), the
// exact standard error of a Gaussian sample covariance entry (docs/physics.md section 9), over
// the 21 entries of the upper triangle.
#include <cstddef>

#include "spincom/core/conventions.hpp"

namespace spincom {

struct EntryZ {
  double max_abs_z;  ///< NaN or inf is recorded as the worst
  int row, col;      ///< the worst entry
};

/// The largest |z| over the 21 entries. A zero SE gives z = 0 for an exact match, inf otherwise.
EntryZ max_entry_z(const Matrix6& S, const Matrix6& V, std::size_t n);

/// Two-sided normal threshold for `entries` tests at family-wise false-alarm `alpha` (Bonferroni).
double bonferroni_z(double alpha, int entries);

}  // namespace spincom
