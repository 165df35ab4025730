// The two mechanical bath models (docs/mechanical-bath.md): the paper's Brownian QLE and the
// symmetric (Lindblad-valid) damping. They differ linearly in gamma_m, on the scale
// gamma_m (2 n_m + 1) / omega_m of the thermal decoherence rate.
#include <catch2/catch.hpp>

#include "spincom/steady/steady_state.hpp"

using namespace spincom;

namespace {

/// ||V_brownian - V_symmetric||_F / ||V_brownian||_F at the ccw selected branch.
double model_difference(Parameters p) {
  p.bath = MechanicalBath::brownian;
  const auto b = analyze_steady_state(p, Direction::ccw);
  p.bath = MechanicalBath::symmetric;
  const auto s = analyze_steady_state(p, Direction::ccw);
  REQUIRE(b.fixed_points.at(0).steady);
  REQUIRE(s.fixed_points.at(0).steady);
  const Matrix6& Vb = b.fixed_points[0].steady->V;
  return (Vb - s.fixed_points[0].steady->V).norm() / Vb.norm();
}

}  // namespace

TEST_CASE("The bath models differ linearly in gamma_m, below gamma_m (2 n_m + 1)/omega_m, at the paper's points") {
  Parameters p;
  p.detuning = 0.3;  // ccw Fig. 2 peak region
  const DerivedQuantities d = derive(p);
  const double d1 = model_difference(p);
  Parameters p10 = p;
  p10.gamma_m = p.gamma_m / 10;
  const double d10 = model_difference(p10);
  INFO("relative difference " << d1 << " at gamma_m, " << d10 << " at gamma_m/10");
  // Bounded by the thermal decoherence rate over omega_m, gamma_m (2 n_m + 1) / omega_m = 0.045.
  CHECK(d1 <= p.gamma_m * (2 * d.n_m + 1) / p.omega_m);
  CHECK(d1 > 0.0);
  // Linear in gamma_m: a tenfold smaller damping gives a ~tenfold smaller difference.
  CHECK(d10 / d1 == Approx(0.1).epsilon(0.2));
}

TEST_CASE("Both bath models keep the optics unchanged: D and A differ only in the mechanics") {
  Parameters p;
  const DerivedQuantities d = derive(p);
  const auto fp = solve_mean_field(mean_field_problem(p, d, Direction::ccw)).at(0);
  const LinearModel b = linearize(p, d, fp);
  p.bath = MechanicalBath::symmetric;
  const LinearModel s = linearize(p, d, fp);
  CHECK(b.A.topRows<4>() == s.A.topRows<4>());
  CHECK(b.D.topLeftCorner<4, 4>() == s.D.topLeftCorner<4, 4>());
  CHECK(b.D.trace() == Approx(s.D.trace()).epsilon(1e-15));  // same total noise input
  CHECK(b.A.trace() == Approx(s.A.trace()).epsilon(1e-15));  // same total damping
}
