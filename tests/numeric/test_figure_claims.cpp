// Claims of Jiao et al. (2020) read off Fig. 3 and Fig. S3 (docs/physics.md section 11), each checked
// on numbers the code computes. The values quoted in comments are what spincom computed when the
// test was written (docs/figures.md); the assertions use bounds argued from the physics or from
// the paper's wording, never those values.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <functional>

#include "spincom/steady/detuning_peak.hpp"
#include "spincom/steady/steady_state.hpp"
#include "spincom/model/derived_quantities.hpp"

using namespace spincom;

namespace {

/// The backscattering rate chosen for Fig. 3 (docs/figures.md): the J at which spinning at
/// 23 kHz raises the E_N maximum by 2.5x (the paper's "about 2.5 times"), J/kappa = 1.74.
constexpr double fig3_J = 66e6;  // s^-1

/// Delta_c/omega_m scan wide enough for the peaks up to Omega = 150e3 s^-1 (Delta_F/omega_m = 8.5),
/// with the grid spacing (0.05) of the sweeps; Brent refines each maximum.
DetuningScan wide_scan() { return {-10.0, 11.0, 421}; }

/// max over Delta_c of E_N, 0 when no detuning is stable.
double peak_E_N(const Parameters& p, Direction dir, const DetuningScan& scan) {
  const auto peak = maximize_entanglement_over_detuning(p, dir, scan);
  return peak ? peak->E_N : 0.0;
}

/// The larger of the two directions' maxima (the direction the device would be driven in).
double best_direction_peak(const Parameters& p, const DetuningScan& scan) {
  return std::max(peak_E_N(p, Direction::ccw, scan), peak_E_N(p, Direction::cw, scan));
}

/// The temperature above which `entangled(T)` is false, by bisection on [lo, hi] to `tol`
/// (entangled(lo) must be true and entangled(hi) false).
double vanishing_temperature(const std::function<bool(double)>& entangled, double lo, double hi, double tol) {
  REQUIRE(entangled(lo));
  REQUIRE_FALSE(entangled(hi));
  while (hi - lo > tol) {
    const double mid = 0.5 * (lo + hi);
    (entangled(mid) ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

TEST_CASE("Fig. 3: at the chosen J, spinning at 23 kHz raises the E_N maximum about 2.5x, below the ideal device") {
  Parameters p;  // Table I, P = 20 mW
  p.J = fig3_J;
  const DetuningScan scan = wide_scan();
  Parameters still = p;
  still.Omega = 0.0;
  Parameters spinning = p;
  spinning.Omega = 23e3;
  Parameters ideal = still;
  ideal.J = 0.0;
  const double E_still = peak_E_N(still, Direction::ccw, scan);  // reciprocal at Omega = 0
  const double E_spin = best_direction_peak(spinning, scan);
  const double E_ideal = peak_E_N(ideal, Direction::ccw, scan);
  // computed: E_still = 0.0472, E_spin = 0.1180 (cw), E_ideal = 0.1476; ratio 2.498, chi 0.80
  INFO("max E_N: Omega = 0: " << E_still << ", 23 kHz: " << E_spin << ", ideal: " << E_ideal);
  REQUIRE(E_still > 0.0);
  // "about 2.5 times": within the +-10% a figure can be read to.
  CHECK(E_spin / E_still == Approx(2.5).epsilon(0.1));
  // Backscattering costs entanglement at Omega = 0, and spinning cannot do better than no loss.
  CHECK(E_still < E_ideal);
  CHECK(E_spin < E_ideal);
}

TEST_CASE("Fig. 3 sensitivity: the 2.5x needs J of order kappa, and at small J there is little to revive") {
  const DetuningScan scan = wide_scan();
  auto ratio = [&](double J) {
    Parameters still, spinning;
    still.J = spinning.J = J;
    still.Omega = 0.0;
    spinning.Omega = 23e3;
    return best_direction_peak(spinning, scan) / peak_E_N(still, Direction::ccw, scan);
  };
  const double kappa = derive(Parameters{}).kappa;
  // computed: ratio(kappa/4) = 1.054, ratio(kappa) = 1.646, ratio(2 kappa) = 2.623
  const double r_quarter = ratio(0.25 * kappa), r_one = ratio(kappa), r_two = ratio(2.0 * kappa);
  INFO("ratio at J = kappa/4, kappa, 2 kappa: " << r_quarter << ", " << r_one << ", " << r_two);
  CHECK(r_quarter >= 1.0);      // spinning never loses at its best direction
  CHECK(r_quarter < r_one);     // the revival grows with the loss it compensates
  CHECK(r_one < r_two);
  CHECK(r_one < 2.25);          // so the paper's 2.5x rules out J <= kappa ...
  CHECK(r_two > 2.25);          // ... and is consistent with J/kappa = 2 of Fig. S2
}

TEST_CASE("Fig. 3(f): chi rises towards 1 with the spin rate as 1 - chi ~ Omega^-2, passing the high 90s") {
  // Backscattering mixes the two modes with amplitude ~ J / (2 Delta_F); the loss of E_N is second
  // order in it, so 1 - chi should fall as Omega^-2 once 2 Delta_F >> J (here Delta_F = 3.7 J at
  // 75e3 s^-1): doubling Omega should divide 1 - chi by about 4.
  Parameters p;
  p.J = fig3_J;
  const DetuningScan scan = wide_scan();
  const double reference = peak_E_N([] { Parameters r; r.Omega = 0.0; return r; }(), Direction::ccw, scan);
  auto chi = [&](double Omega) {
    Parameters q = p;
    q.Omega = Omega;
    return best_direction_peak(q, scan) / reference;
  };
  const double c23 = chi(23e3), c75 = chi(75e3), c150 = chi(150e3);
  // computed: chi(23e3) = 0.799, chi(75e3) = 0.9706, chi(150e3) = 0.9923; (1 - chi) ratio 3.82
  INFO("chi at 23e3, 75e3, 150e3 s^-1: " << c23 << ", " << c75 << ", " << c150);
  CHECK(c23 < c75);
  CHECK(c75 < c150);
  CHECK(c150 < 1.0);
  const double scaling = (1.0 - c75) / (1.0 - c150);
  CHECK(scaling > 3.0);
  CHECK(scaling < 4.5);
  CHECK(c150 > 0.98);  // "the high 90s": 1 - chi(75e3) / 4 would be 0.9926
}

TEST_CASE("Fig. S3: Delta E_N != 0 persists to about 600 mK, and the spinning device stays entangled hotter") {
  Parameters p;  // J = 0, P = 20 mW, Omega = 8 kHz
  const DetuningScan scan{-1.0, 3.0, 201};
  // At J = 0 the maximum over Delta_c is the same for both directions (the spin only shifts the
  // curve); T* is where it vanishes. Delta E_N != 0 needs some E_N > 0, so T* bounds the claim.
  const double T_star = vanishing_temperature(
      [&](double T) {
        Parameters q = p;
        q.temperature = T;
        return peak_E_N(q, Direction::cw, scan) > 0.0;
      },
      0.13, 1.0, 1e-4);
  // computed: T* = 0.5509 K. "about 600 mK" read as 600 +- 100 mK.
  INFO("T* = " << T_star << " K");
  CHECK(T_star > 0.5);
  CHECK(T_star < 0.7);
  // Just below T*, Delta E_N = E_N(ccw) - E_N(cw) is defined and non-zero at the cw peak.
  Parameters cold = p;
  cold.temperature = T_star - 0.02;
  const auto peak = maximize_entanglement_over_detuning(cold, Direction::cw, scan);
  REQUIRE(peak);
  cold.detuning = peak->detuning;
  const auto E_ccw = steady_entanglement(cold, Direction::ccw);
  const auto E_cw = steady_entanglement(cold, Direction::cw);
  REQUIRE(E_ccw);  // both directions have a steady state there
  REQUIRE(E_cw);
  CHECK(std::abs(*E_ccw - *E_cw) > 0.0);
  CHECK(std::abs(*E_ccw - *E_cw) == Approx(peak->E_N).epsilon(1e-9));  // the ccw side is separable

  // Fig. S3(a): at fixed Delta_c/omega_m = 1.2 (near the cw peak), the spinning device (cw) keeps
  // E_N > 0 to a higher temperature than the stationary one.
  auto vanish_at_fixed_detuning = [&](double Omega, Direction dir) {
    return vanishing_temperature(
        [&](double T) {
          Parameters q = p;
          q.detuning = 1.2;
          q.Omega = Omega;
          q.temperature = T;
          const auto e = steady_entanglement(q, dir);
          return e && *e > 0.0;
        },
        0.01, 1.0, 1e-4);
  };
  const double T_still = vanish_at_fixed_detuning(0.0, Direction::ccw);
  const double T_cw = vanish_at_fixed_detuning(8e3, Direction::cw);
  // computed: 0.2479 K (Omega = 0) and 0.5505 K (8 kHz, cw)
  INFO("E_N > 0 at Delta_c/omega_m = 1.2 up to " << T_still << " K (Omega = 0), " << T_cw << " K (cw, 8 kHz)");
  CHECK(T_cw > T_still);
  CHECK(T_cw <= T_star + 1e-3);  // no fixed detuning beats the maximum over detunings
}

TEST_CASE("Fig. 3(f) maxima: with two E_N peaks of nearly equal height, the higher one is found on a coarse grid") {
  // ccw at J = 74e6 s^-1, Omega = 7.2e3 s^-1: peaks near Delta_c/omega_m = -0.56 and 1.74 differ by
  // 2% (0.02218 vs 0.02172); refining only the best grid point of a 121-point scan returned the lower.
  Parameters p;
  p.J = 74e6;
  p.Omega = 7.2e3;
  const auto coarse = maximize_entanglement_over_detuning(p, Direction::ccw, {-3.5, 5.0, 121});
  const auto fine = maximize_entanglement_over_detuning(p, Direction::ccw, {-3.5, 5.0, 481});
  REQUIRE(coarse);
  REQUIRE(fine);
  INFO("coarse: " << coarse->E_N << " at " << coarse->detuning << "; fine: " << fine->E_N << " at " << fine->detuning);
  CHECK(coarse->E_N == Approx(fine->E_N).epsilon(1e-9));
  CHECK(coarse->detuning == Approx(fine->detuning).margin(1e-5));
  CHECK(coarse->E_N >= coarse->grid_E_N);
}

TEST_CASE("Fig. 2(b,c): N is equal in the two directions near Delta_c/omega_m = 0.27, where only ccw has a steady state") {
  Parameters p;  // J = 0, 20 mW, 8 kHz
  auto N_of = [&](double detuning, Direction dir) {
    Parameters q = p;
    q.detuning = detuning;
    const DirectionSteadyState s = analyze_steady_state(q, dir);
    REQUIRE(s.n_fixed_points == 1);  // 20 mW: one fixed point, so N is unambiguous, stable or not
    return s.fixed_points.front().fixed_point.N_driven;
  };
  auto dN = [&](double x) { return N_of(x, Direction::ccw) - N_of(x, Direction::cw); };
  double lo = 0.0, hi = 0.6;
  REQUIRE(dN(lo) > 0.0);
  REQUIRE(dN(hi) < 0.0);
  while (hi - lo > 1e-6) {
    const double mid = 0.5 * (lo + hi);
    (dN(mid) > 0.0 ? lo : hi) = mid;
  }
  const double x_equal = 0.5 * (lo + hi);
  Parameters at = p;
  at.detuning = x_equal;
  const auto E_ccw = steady_entanglement(at, Direction::ccw);
  const auto E_cw = steady_entanglement(at, Direction::cw);
  // computed: N equal at 0.2693 (5.2e9 photons); E_N(ccw) = 0.146; cw has no steady state there
  INFO("N equal at Delta_c/omega_m = " << x_equal);
  CHECK(std::abs(x_equal - 0.27) < 0.05);  // the paper's "~0.27", read to the figure's resolution
  REQUIRE(E_ccw);
  CHECK(*E_ccw > 0.0);
  // The caveat of EXPERIMENTS.md: the quantum nonreciprocity there is "entangled vs no steady
  // state"; if this ever changes, EXPERIMENTS.md must change with it.
  CHECK_FALSE(E_cw.has_value());
}

TEST_CASE("Fig. S4(a): nonreciprocity persists for Q >= 1e7 and weakens as Q falls") {
  // max over Delta_c of |E_N(ccw) - E_N(cw)| where both directions have a steady state
  auto max_delta = [](double Q) {
    Parameters p;  // J = 0, 130 mK, 8 kHz
    p.Q = Q;
    double best = 0.0;
    for (int i = 0; i <= 200; ++i) {
      p.detuning = -1.0 + 0.02 * i;
      const auto a = steady_entanglement(p, Direction::ccw);
      const auto b = steady_entanglement(p, Direction::cw);
      if (a && b) best = std::max(best, std::abs(*a - *b));
    }
    return best;
  };
  const double m3e6 = max_delta(3e6), m1e7 = max_delta(1e7), m32e6 = max_delta(3.2e7);
  // computed: 1.2e-5 (3e6), 4.2e-3 (1e7), 0.147 (3.2e7)
  INFO("max |Delta E_N| at Q = 3e6, 1e7, 3.2e7: " << m3e6 << ", " << m1e7 << ", " << m32e6);
  CHECK(m1e7 > 0.0);
  CHECK(m3e6 < m1e7);
  CHECK(m1e7 < m32e6);
}
