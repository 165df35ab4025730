// Supplement S2-S3: air bearing and spin-rate limits (docs/physics.md section 11).
#include <catch2/catch.hpp>

#include "spincom/core/error.hpp"
#include "spincom/model/feasibility.hpp"

using namespace spincom;

TEST_CASE("S3.8-S3.11 reproduce the paper's ratios Omega_1/Omega_0 and Omega_2/Omega_0 at h = 250 nm") {
  const Feasibility f = feasibility(FeasibilityInputs{});
  // Paper: Omega_0 = 81.6, Omega_1 = 2.8, Omega_2 = 49.9 "MHz" (printed to 2-3 digits).
  CHECK(f.Omega_1 / f.Omega_0 == Approx(2.8 / 81.6).epsilon(0.02));   // 2.8 has 2 digits
  CHECK(f.Omega_2 / f.Omega_0 == Approx(49.9 / 81.6).epsilon(0.002));
  CHECK(f.Omega_max == f.Omega_1);
  // With mu = 1.8e-5 Pa s the absolute values are ~45x below the paper's (docs/physics.md section 11):
  // the viscosity the paper used is not stated. Record the factor, computed.
  const double factor = 81.6e6 / f.Omega_0;
  INFO("paper / spincom Omega_0 = " << factor);
  CHECK(factor > 40.0);
  CHECK(factor < 50.0);
  // Omega_0 scales as 1/mu: a 45x smaller viscosity recovers the paper's 81.6 MHz.
  FeasibilityInputs thin;
  thin.viscosity = 1.8e-5 / factor;
  CHECK(feasibility(thin).Omega_0 == Approx(81.6e6).epsilon(1e-9));
}

TEST_CASE("At 23 kHz the fiber flies stably and intermolecular forces are below 0.1% of the air pressure") {
  const Feasibility f = feasibility(FeasibilityInputs{});
  CHECK(f.beta >= 1.0);
  CHECK(f.displacement > 0.0);
  CHECK(f.displacement < FeasibilityInputs{}.gap);  // d < h: below Omega_1
  CHECK(f.strain > 0.0);
  CHECK(f.force_ratio < 1e-3);
  CHECK(f.hamaker > 0.0);
}

TEST_CASE("Feasibility refuses non-positive lengths and viscosity") {
  FeasibilityInputs bad;
  bad.viscosity = 0.0;
  CHECK_THROWS_AS(feasibility(bad), InvalidParameter);
  bad = FeasibilityInputs{};
  bad.gap = -1e-9;
  CHECK_THROWS_AS(feasibility(bad), InvalidParameter);
}

TEST_CASE("A resonator at rest: no force, no displacement, no strain; d and the strain are stable at large beta") {
  FeasibilityInputs rest;
  rest.Omega = 0.0;
  const Feasibility f = feasibility(rest);
  CHECK(f.T_air == 0.0);
  CHECK(f.displacement == 0.0);
  CHECK(f.strain == 0.0);
  // Slow spin: d = (L/2)(beta - sqrt(beta^2 - 1)) ~ L/(4 beta) and strain ~ phi^2/6, phi = 4 L d/(L^2 + 4 d^2),
  // where the textbook forms lose every digit to cancellation.
  FeasibilityInputs slow;
  slow.Omega = 1e-9;
  const Feasibility g = feasibility(slow);
  const double L = slow.length;
  CHECK(g.displacement == Approx(L / (4.0 * g.beta)).epsilon(1e-9));  // next order: 1/(4 beta^2) ~ 2e-11
  const double phi = 4.0 * L * g.displacement / (L * L + 4.0 * g.displacement * g.displacement);
  CHECK(g.strain == Approx(phi * phi / 6.0).epsilon(1e-6));
  CHECK(g.strain > 0.0);
}
