#pragma once
// Where truncated Wigner holds (issue 14). The Wigner equation of Eq. (3) has third-order
// derivative terms, ~ G0 d^3/(d alpha d alpha^* d p), that the truncated-Wigner Langevin equations
// drop; they are what lets the vacuum noise of the optical modes push the mirror through
// G0 (|alpha|^2 - 1/2), which the quantum model does not do. Compared with the full master
// equation in a Fock basis along the breakdown family (tests/reference/tw_vs_master_equation.py,
// numbers in docs/nonlinear.md), 65536 trajectories agree within their sampling error at
// G0/kappa = 0.012 and 0.12 and do not from G0/kappa = 0.24 on (E_N 4 standard errors low, V 6.6,
// growing with G0/kappa). The warning is set at the last measured agreement.
#include <vector>

#include "spincom/core/warning.hpp"
#include "spincom/model/parameters.hpp"

namespace spincom {

/// G0/kappa above which `truncated_wigner` warns (the largest measured agreement, docs/nonlinear.md).
inline constexpr double truncated_wigner_limit_G0_over_kappa = 0.12;

/// A `truncated_wigner` warning when G0/kappa of `p` is above the measured limit, else none.
std::vector<Warning> truncated_wigner_warnings(const Parameters& p);

}  // namespace spincom
