#include "spincom/timedomain/truncated_wigner_validity.hpp"

#include "spincom/core/error.hpp"
#include "spincom/model/derived_quantities.hpp"

namespace spincom {

std::vector<Warning> truncated_wigner_warnings(const Parameters& p) {
  const DerivedQuantities d = derive(p);
  const double ratio = d.G0 / d.kappa;
  if (!(ratio > truncated_wigner_limit_G0_over_kappa)) return {};
  return {{"truncated_wigner",
           "G0/kappa = " + format_value(ratio) + " is above " + format_value(truncated_wigner_limit_G0_over_kappa) +
               ", where truncated Wigner was measured to agree with the full master equation of Eq. (3): beyond it "
               "the vacuum noise of the optical modes heats the mirror in the Wigner equations and not in the quantum "
               "model (at G0/kappa = 0.6, 2 photons: E_N -0.155 vs -0.029, V_pp 1.62 vs 1.22; docs/nonlinear.md), so "
               "the departure from the linearization is overstated. Hint: compare the point with the master "
               "equation (tests/reference/tw_vs_master_equation.py), or read the nonlinear E_N as a lower bound."}};
}

}  // namespace spincom
