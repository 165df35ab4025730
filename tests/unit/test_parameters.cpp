// Table I (supplement S1) and docs/physics.md section 1: derived quantities, units, validation.
#include <catch2/catch.hpp>
#include <cmath>

#include "spincom/core/error.hpp"
#include "spincom/core/units.hpp"
#include "spincom/config/config.hpp"
#include "spincom/model/derived_quantities.hpp"
#include "spincom/model/sagnac_shift.hpp"
#include "support/matchers.hpp"

using namespace spincom;
using spincom::test::rel_diff;

// The paper and docs/physics.md print these to 4-5 significant digits; compare at that precision.
constexpr double printed_4_digits = 5e-5;

TEST_CASE("Table I derived values: kappa, G0, x_zp, omega_c (docs/physics.md section 1)") {
  const DerivedQuantities d = derive(Parameters{});
  CHECK(rel_diff(d.kappa, 3.7977e7) < printed_4_digits);
  CHECK(rel_diff(d.G0, 452.0) < printed_4_digits);
  CHECK(rel_diff(d.x_zp, 0.409e-15) < 1e-3);  // printed to 3 digits
  CHECK(rel_diff(d.omega_c, 1.2153e15) < printed_4_digits);
  CHECK(rel_diff(d.Q_m, 1.21e4) < 5e-3);       // Table I: 1.21e4
}

TEST_CASE("n_m = 269.65 with CODATA constants and 269.4 with the paper's rounded hbar and k_B") {
  const Parameters p;
  CHECK(std::abs(thermal_occupation(p.omega_m, p.temperature, codata2018) - 269.65) < 0.005);
  CHECK(std::abs(thermal_occupation(p.omega_m, p.temperature, paper_rounded) - 269.4) < 0.05);
  CHECK(thermal_occupation(p.omega_m, 0.0) == 0.0);
}

TEST_CASE("Sagnac shift Delta_F/omega_m is 0.4554 at 8 kHz and 1.309 at 23 kHz, opposite for cw") {
  Parameters p;
  p.Omega = 8e3;
  CHECK(std::abs(sagnac_shift(p, Direction::ccw) / p.omega_m - 0.4554) < 5e-5);
  CHECK(sagnac_shift(p, Direction::cw) == -sagnac_shift(p, Direction::ccw));
  p.Omega = 23e3;
  CHECK(std::abs(sagnac_shift(p, Direction::ccw) / p.omega_m - 1.309) < 5e-4);
  p.Omega = 0.0;
  CHECK(sagnac_shift(p, Direction::ccw) == 0.0);
}

TEST_CASE("The drive uses the exact laser frequency omega_l = omega_c - Delta_c") {
  Parameters p;
  const DerivedQuantities d = derive(p);
  CHECK(d.omega_l == d.omega_c - p.detuning * p.omega_m);
  CHECK(rel_diff(d.epsilon, std::sqrt(2.0 * d.kappa * p.power / (codata2018.hbar * d.omega_l))) < 1e-15);
}

TEST_CASE("Unit suffixes convert to SI, and Hz is refused because rates are angular") {
  CHECK(parse_quantity("20mW", Unit::power, "power") == Approx(0.02).epsilon(1e-15));
  CHECK(parse_quantity("130mK", Unit::temperature, "temperature") == Approx(0.13).epsilon(1e-15));
  CHECK(parse_quantity("8k", Unit::rate, "Omega") == 8e3);
  CHECK(parse_quantity("50M", Unit::rate, "J") == 50e6);
  CHECK(parse_quantity("5.2e3/s", Unit::rate, "gamma_m") == 5.2e3);
  CHECK(parse_quantity("10ng", Unit::mass, "mass") == Approx(1e-11).epsilon(1e-15));
  CHECK(parse_quantity("1e-11kg", Unit::mass, "mass") == Approx(1e-11).epsilon(1e-15));
  CHECK(parse_quantity("1.55um", Unit::length, "wavelength") == Approx(1.55e-6).epsilon(1e-15));
  CHECK(parse_quantity("1.1mm", Unit::length, "radius") == Approx(1.1e-3).epsilon(1e-15));
  CHECK(parse_quantity("2", Unit::length, "radius") == 2.0);
  CHECK(parse_quantity("3.2e7", Unit::dimensionless, "Q") == 3.2e7);
  CHECK_THROWS_WITH(parse_quantity("8kHz", Unit::rate, "Omega"), Catch::Contains("angular"));
  CHECK_THROWS_AS(parse_quantity("20mw", Unit::power, "power"), InvalidParameter);
  CHECK_THROWS_AS(parse_quantity("abc", Unit::rate, "J"), InvalidParameter);
  CHECK_THROWS_AS(parse_quantity("", Unit::rate, "J"), InvalidParameter);
  CHECK_THROWS_AS(parse_quantity("3k", Unit::dimensionless, "Q"), InvalidParameter);
}

TEST_CASE("Invalid parameters are refused with the value, the valid range and a hint") {
  auto refused = [](auto mutate, const char* value_text) {
    Parameters p;
    mutate(p);
    try {
      validate(p);
      FAIL("accepted an invalid parameter");
    } catch (const InvalidParameter& e) {
      const std::string msg = e.what();
      CHECK_THAT(msg, Catch::Contains(value_text));
      CHECK_THAT(msg, Catch::Contains("valid is"));
      CHECK_THAT(msg, Catch::Contains("Hint"));
    }
  };
  refused([](Parameters& p) { p.gamma_m = -5.2e3; }, "-5200");
  refused([](Parameters& p) { p.omega_m = 0.0; }, "omega_m");
  refused([](Parameters& p) { p.mass = 0.0; }, "mass");
  refused([](Parameters& p) { p.temperature = -0.1; }, "-0.1");
  refused([](Parameters& p) { p.power = std::nan(""); }, "nan");
  refused([](Parameters& p) { p.J = HUGE_VAL; }, "inf");
  refused([](Parameters& p) { p.Omega = -8e3; }, "--direction");
  refused([](Parameters& p) { p.index = 0.5; }, "index");
  refused([](Parameters& p) { p.detuning = std::nan(""); }, "detuning");
  CHECK_NOTHROW(validate(Parameters{}));
}

TEST_CASE("The shipped preset jiao2020.toml equals the built-in Table I defaults") {
  Settings s;
  s.parameters.power = 1.0;  // make sure the file really sets it
  apply_toml_file(s, preset_path("jiao2020"));
  const Parameters table1;
  for (const auto& row : parameter_table()) {
    INFO(row.key);
    CHECK(s.parameters.*(row.member) == table1.*(row.member));
  }
  CHECK(s.parameters.bath == table1.bath);
  CHECK(s.direction == DirectionChoice::both);
}

TEST_CASE("Config files: values with units, and each bad file class has its own error") {
  Settings s;
  apply_toml_text(s, "power = \"100mW\"\nJ = 5e7\nbath = \"symmetric\"\ndirection = \"cw\"\n", "t.toml");
  CHECK(s.parameters.power == Approx(0.1).epsilon(1e-15));
  CHECK(s.parameters.J == 5e7);
  CHECK(s.parameters.bath == MechanicalBath::symmetric);
  CHECK(s.direction == DirectionChoice::cw);

  CHECK_THROWS_WITH(apply_toml_text(s, "powr = 1\n", "t.toml"), Catch::Contains("did you mean 'power'"));
  CHECK_THROWS_AS(apply_toml_text(s, "powr = 1\n", "t.toml"), ConfigError);
  CHECK_THROWS_AS(apply_toml_text(s, "power = = 1\n", "t.toml"), ConfigError);
  CHECK_THROWS_WITH(apply_toml_text(s, "\n\ntemperature = -1\n", "t.toml"), Catch::Contains("t.toml:3"));
  CHECK_THROWS_AS(apply_toml_text(s, "temperature = -1\n", "t.toml"), InvalidParameter);
  CHECK_THROWS_AS(apply_toml_text(s, "direction = \"up\"\n", "t.toml"), InvalidParameter);
  CHECK_THROWS_AS(apply_toml_text(s, "power = [1, 2]\n", "t.toml"), InvalidParameter);
  CHECK_THROWS_AS(apply_toml_file(s, "/nonexistent/spincom.toml"), ConfigError);
  CHECK_THROWS_AS(preset_path("no_such_preset"), ConfigError);
}
