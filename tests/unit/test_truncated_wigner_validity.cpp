// The truncated_wigner warning (issue 14): where the ensemble was measured to disagree with the
// master equation of Eq. (3) (docs/nonlinear.md), simulate --model nonlinear says so.
#include <catch2/catch.hpp>

#include "spincom/core/warning.hpp"
#include "spincom/model/derived_quantities.hpp"
#include "spincom/timedomain/nonlinear_simulation.hpp"
#include "spincom/timedomain/truncated_wigner_validity.hpp"

using namespace spincom;

namespace {
Parameters breakdown_point(double s) {
  Parameters p;
  p.detuning = 0.2965;
  p.mass /= s * s;
  p.power /= s * s;
  return p;
}
}  // namespace

TEST_CASE("truncated_wigner warns above the measured G0/kappa and nowhere below it") {
  // Breakdown family: G0/kappa = 1.19e-5 s, so s = 1e4 is 0.119 (agreement measured) and 2e4 is 0.238.
  CHECK(truncated_wigner_warnings(breakdown_point(1.0)).empty());
  CHECK(truncated_wigner_warnings(breakdown_point(1e4)).empty());
  const auto w = truncated_wigner_warnings(breakdown_point(2e4));
  REQUIRE(w.size() == 1);
  CHECK(w[0].code == "truncated_wigner");
  CHECK(w[0].message.find("G0/kappa = 0.238") != std::string::npos);
  CHECK(w[0].message.find("Hint:") != std::string::npos);
  const DerivedQuantities d = derive(breakdown_point(1e4));
  CHECK(d.G0 / d.kappa < truncated_wigner_limit_G0_over_kappa);
  CHECK(d.G0 / d.kappa > 0.98 * truncated_wigner_limit_G0_over_kappa);  // the limit is the measured point
  NonlinearSimulationSpec spec;
  spec.point.parameters = breakdown_point(5e4);
  CHECK(has_warning(prepare_nonlinear_simulation(spec).warnings, "truncated_wigner"));
  spec.point.parameters = breakdown_point(1.0);
  CHECK_FALSE(has_warning(prepare_nonlinear_simulation(spec).warnings, "truncated_wigner"));
}
