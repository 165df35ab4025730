// Closed-form stationary spectra (covariance/quadrature_spectrum, measures/homodyne_spectrum):
// docs/physics.md section 13.
#include <catch2/catch.hpp>
#include <cmath>

#include <boost/math/quadrature/gauss.hpp>

#include "spincom/core/error.hpp"
#include "spincom/covariance/lyapunov.hpp"
#include "spincom/covariance/quadrature_spectrum.hpp"
#include "spincom/measures/homodyne_spectrum.hpp"
#include "spincom/model/parameters.hpp"
#include "spincom/timedomain/noise_spectra.hpp"
#include "support/matchers.hpp"
#include "support/paper_points.hpp"

using namespace spincom;
using namespace spincom::test;

namespace {

/// The bound for int S domega/2pi against V, relative to the entry's Cauchy-Schwarz scale
/// sqrt(V_kk V_ll) (exactly zero entries of V exist: the undriven mode at J = 0 is uncorrelated).
constexpr double parseval_tolerance = 1e-8;
/// Composite 20-point Gauss-Legendre on omega = s tan(x), x in (-pi/2, pi/2): 4000 panels put
/// several panels across the narrowest Lorentzian of these systems (width ~ |Re lambda| cos^2 x / s).
constexpr int quadrature_panels = 4000;

/// int S(omega) domega / 2pi by omega = s tan x, every entry at once.
Matrix6c integrated_spectrum(const QuadratureSpectrum& S, double s) {
  using rule = boost::math::quadrature::gauss<double, 20>;
  const double a = -0.5 * M_PI, width = M_PI / quadrature_panels;
  Matrix6c sum = Matrix6c::Zero();
  const auto add = [&](double x, double w) {
    const double c = std::cos(x);
    sum += S.matrix(s * std::tan(x)) * (w * s / (c * c));
  };
  for (int panel = 0; panel < quadrature_panels; ++panel) {
    const double mid = a + (panel + 0.5) * width, half = 0.5 * width;
    for (std::size_t i = 0; i < rule::abscissa().size(); ++i) {
      add(mid + half * rule::abscissa()[i], half * rule::weights()[i]);
      add(mid - half * rule::abscissa()[i], half * rule::weights()[i]);
    }
  }
  return sum / (2.0 * M_PI);
}

}  // namespace

TEST_CASE("The eigenbasis spectrum equals the LU solve of (A + i omega)^-1 D (A^T - i omega)^-1 and is Hermitian") {
  for (const auto& s : paper_systems()) {
    INFO(s.name);
    const QuadratureSpectrum S(s.model.A, s.model.D);
    REQUIRE(S.method() == EvolutionMethod::eigenbasis);
    const double scale = s.model.A.cwiseAbs().maxCoeff();
    for (double w : {0.0, 0.1 * scale, -0.37 * scale, 1.0 * scale, 30.0 * scale}) {
      INFO("omega = " << w);
      const Matrix6c direct = quadrature_spectrum_direct(s.model.A, s.model.D, w);
      const Matrix6c fast = S.matrix(w);
      CHECK((fast - direct).cwiseAbs().maxCoeff() <= 1e-11 * direct.cwiseAbs().maxCoeff());
      CHECK((fast - fast.adjoint()).cwiseAbs().maxCoeff() <= 1e-12 * fast.cwiseAbs().maxCoeff());
      CHECK(std::abs(S.entry(4, 2, w) - direct(4, 2)) <= 1e-11 * direct.cwiseAbs().maxCoeff());
    }
  }
}

TEST_CASE("int S_kl(omega) domega/2pi equals the Lyapunov V entry by entry to 1e-8", "[slow]") {
  for (const auto& s : paper_systems()) {
    INFO(s.name);
    const QuadratureSpectrum S(s.model.A, s.model.D);
    const Matrix6 V = solve_lyapunov<6>(s.model.A, s.model.D).V;
    const double omega_scale = S.basis().lambda.cwiseAbs().maxCoeff();
    const Matrix6c integral = integrated_spectrum(S, omega_scale);
    double worst = 0.0;
    for (int k = 0; k < 6; ++k)
      for (int l = 0; l < 6; ++l) {
        const double entry_scale = std::sqrt(V(k, k) * V(l, l));
        worst = std::max(worst, std::abs(integral(k, l) - V(k, l)) / entry_scale);  // the imaginary part must vanish too
      }
    INFO("worst entry difference relative to sqrt(V_kk V_ll): " << worst);
    CHECK(worst <= parseval_tolerance);
  }
}

TEST_CASE("An empty cavity reflects vacuum: its homodyne output spectrum is the shot noise 1/2 at every omega") {
  const double kappa = 3.8e7, Delta = 2.0e7;
  LinearModel m;
  m.A = -1e5 * Matrix6::Identity();  // mechanics (decoupled) and the other mode: anything stable
  m.A.topLeftCorner<2, 2>() << -kappa, Delta, -Delta, -kappa;
  m.D = Matrix6::Identity() * kappa;
  const QuadratureSpectrum S(m.A, m.D);
  for (double theta : {0.0, 0.4, M_PI / 2})
    for (double w : {-1e9, -3e7, 0.0, 2e7, 5e8}) {
      INFO("theta " << theta << ", omega " << w);
      CHECK(homodyne_spectrum(S, kappa, {Mode::driven, theta}, w) == Approx(shot_noise_level).epsilon(1e-12));
    }
}

TEST_CASE("The output homodyne spectrum at the Fig. 2 point carries the mechanics near omega_m and tends to shot noise far away") {
  Parameters p;
  p.detuning = 0.2965;
  SpectrumSpec spec;
  spec.point.parameters = p;
  spec.homodyne = {{Mode::driven, 0.0}, {Mode::driven, M_PI / 2}, {Mode::other, 0.0}};
  spec.omega = {-200.0 * p.omega_m, 0.0, p.omega_m, 200.0 * p.omega_m};
  const SpectrumResult r = run_spectrum(spec);
  for (const auto& column : r.S_out) {
    CHECK(in_shot_noise_units(column.front()) == Approx(1.0).margin(1e-3));
    CHECK(in_shot_noise_units(column.back()) == Approx(1.0).margin(1e-3));
  }
  // the driven mode's output is shaped by the mechanics; the undriven one (J = 0) is plain vacuum
  CHECK(std::abs(in_shot_noise_units(r.S_out[0][2]) - 1.0) > 0.05);
  CHECK(in_shot_noise_units(r.S_out[2][2]) == Approx(1.0).epsilon(1e-9));
  CHECK(r.S.empty());
}

TEST_CASE("run_spectrum: default entry q,q, parsed pairs and readouts, and one refusal per mistake") {
  Parameters p;
  p.detuning = 0.2965;
  SpectrumSpec spec;
  spec.point.parameters = p;
  spec.omega = {0.0, p.omega_m};
  const SpectrumResult r = run_spectrum(spec);
  REQUIRE(r.spec.entries.size() == 1);
  CHECK(r.spec.entries[0] == QuadraturePair{quadrature::q, quadrature::q});
  CHECK(r.S[0][1].real() > r.S[0][0].real());  // the mechanical resonance
  CHECK(parse_quadrature_pair("X_driven,p") == QuadraturePair{0, 5});
  CHECK(parse_homodyne_readout("other:1.5").theta == 1.5);
  CHECK(parse_homodyne_readout("driven").mode == Mode::driven);
  CHECK_THROWS_WITH(parse_quadrature_pair("q,z"), Catch::Contains("spectrum.entries") && Catch::Contains("'z'") &&
                                                      Catch::Contains("X_driven, Y_driven"));
  CHECK_THROWS_WITH(parse_homodyne_readout("mechanics"), Catch::Contains("driven and other"));
  CHECK_THROWS_WITH(parse_homodyne_readout("driven:x"), Catch::Contains("'x'"));
  spec.point.parameters.detuning = -0.3;  // blue side at 20 mW: unstable
  CHECK_THROWS_AS(run_spectrum(spec), UnstableSystem);
}
