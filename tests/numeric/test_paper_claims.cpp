// Claims of Jiao et al. (2020) that need only the steady state (docs/physics.md section 11).
#include <catch2/catch.hpp>
#include <cmath>

#include "spincom/steady/detuning_peak.hpp"
#include "spincom/core/error.hpp"
#include "spincom/model/derived_quantities.hpp"

using namespace spincom;

TEST_CASE("Fig. 2: at J = 0 the E_N peaks for Omega = 0, ccw and cw are equally high and shifted by -+Delta_F/omega_m") {
  Parameters p;  // Table I: J = 0, P = 20 mW
  p.Omega = 8e3;
  const double shift = derive(p).Delta_F / p.omega_m;
  DetuningScan scan;
  scan.lower = -0.5;
  scan.upper = 2.5;
  scan.points = 301;  // grid spacing 0.01
  const double grid_spacing = (scan.upper - scan.lower) / (scan.points - 1);

  Parameters still = p;
  still.Omega = 0.0;
  const auto peak0 = maximize_entanglement_over_detuning(still, Direction::ccw, scan);
  const auto peak_ccw = maximize_entanglement_over_detuning(p, Direction::ccw, scan);
  const auto peak_cw = maximize_entanglement_over_detuning(p, Direction::cw, scan);
  REQUIRE(peak0);
  REQUIRE(peak_ccw);
  REQUIRE(peak_cw);
  INFO("Omega=0 peak " << peak0->E_N << " at " << peak0->detuning << "; ccw " << peak_ccw->E_N << " at "
                       << peak_ccw->detuning << "; cw " << peak_cw->E_N << " at " << peak_cw->detuning
                       << "; Delta_F/omega_m = " << shift);
  // Equal heights within 1e-3 relative (the bar).
  CHECK(std::abs(peak_ccw->E_N - peak0->E_N) <= 1e-3 * peak0->E_N);
  CHECK(std::abs(peak_cw->E_N - peak0->E_N) <= 1e-3 * peak0->E_N);
  // Symmetric shifts: ccw drives Delta_1 = Delta_c + Delta_F, so its peak moves by -Delta_F.
  CHECK(std::abs((peak_ccw->detuning - peak0->detuning) + shift) <= grid_spacing);
  CHECK(std::abs((peak_cw->detuning - peak0->detuning) - shift) <= grid_spacing);
  // The refined maxima are better than the grid: Brent's method converges well inside one cell.
  CHECK(std::abs((peak_ccw->detuning - peak0->detuning) + shift) <= 1e-3 * grid_spacing);
  CHECK(std::abs((peak_cw->detuning - peak0->detuning) - shift) <= 1e-3 * grid_spacing);
  CHECK(peak0->E_N >= peak0->grid_E_N);
}

TEST_CASE("The detuning optimizer refuses an empty range and too few points") {
  DetuningScan scan;
  scan.lower = 1.0;
  scan.upper = 1.0;
  CHECK_THROWS_AS(maximize_entanglement_over_detuning(Parameters{}, Direction::ccw, scan), InvalidParameter);
  scan.upper = 2.0;
  scan.points = 2;
  CHECK_THROWS_AS(maximize_entanglement_over_detuning(Parameters{}, Direction::ccw, scan), InvalidParameter);
}
