// Spectra estimated from stationary trajectories (statistics/welch_spectrum, engine/segment_spectra,
// timedomain/trajectory_spectra): docs/physics.md section 13 and docs/decisions.md 56.
#include <catch2/catch.hpp>
#include <cmath>

#include "spincom/core/error.hpp"
#include "spincom/covariance/lyapunov.hpp"
#include "spincom/covariance/quadrature_spectrum.hpp"
#include "spincom/sde/exact_ou_stepper.hpp"
#include "spincom/statistics/welch_spectrum.hpp"
#include "spincom/timedomain/trajectory_spectra.hpp"
#include "support/paper_points.hpp"

using namespace spincom;
using namespace spincom::test;

namespace {

/// Rounding of an FFT of length <= 4096 relative to its largest input: far below this.
constexpr double fft_tolerance = 1e-12;

/// E P_kl(omega_j) by the O(L^2) double sum over the segment (the definition, no FFT).
Complex direct_expectation(const Matrix6& Phi, const Matrix6& V, const WelchLayout& layout, long j, int k, int l) {
  const std::size_t L = layout.segment_length;
  const std::vector<double> w = hann_window(L);
  std::vector<Matrix6> C(L);  // C(m dt) = Phi^m V
  C[0] = V;
  for (std::size_t m = 1; m < L; ++m) C[m] = Phi * C[m - 1];
  double sum_w2 = 0.0;
  for (double x : w) sum_w2 += x * x;
  Complex sum(0.0, 0.0);
  for (std::size_t n = 0; n < L; ++n)
    for (std::size_t n2 = 0; n2 < L; ++n2) {  // <x_k(n) x_l(n2)> = C_kl((n - n2) dt), or C_lk((n2 - n) dt)
      const double c = n >= n2 ? C[n - n2](k, l) : C[n2 - n](l, k);
      const double phase = 2.0 * M_PI * static_cast<double>(j) * (static_cast<double>(n) - static_cast<double>(n2)) /
                           static_cast<double>(L);
      sum += w[n] * w[n2] * c * std::polar(1.0, phase);
    }
  return layout.dt / sum_w2 * sum;
}

struct Stationary {
  LinearModel model;
  Matrix6 V;
};

Stationary fig2() {
  const LinearModel m = fig2_ccw_peak();
  return {m, solve_lyapunov(m.A, m.D).V};
}

}  // namespace

TEST_CASE("The segment transform uses the closed form's sign: a sine at bin j0 gives X(omega_j0) = i L/4 (Hann)") {
  const WelchLayout layout{64, 1, 1e-9};
  const std::vector<long> bins{-5, 5};
  SegmentTransform t(layout, bins);
  std::vector<double> x(64);
  for (std::size_t n = 0; n < 64; ++n) x[n] = std::sin(2.0 * M_PI * 5.0 * static_cast<double>(n) / 64.0);
  Complex X[2];
  t.transform(x.data(), 1, X);
  // sum_n w_n sin(theta_n) e^{+i theta_n} = (i/2) sum_n w_n (+ terms at bin 2 j0, outside the Hann kernel)
  CHECK(std::abs(X[1] - Complex(0.0, 16.0)) < fft_tolerance * 64);
  CHECK(std::abs(X[0] - Complex(0.0, -16.0)) < fft_tolerance * 64);
  CHECK(t.scale() == Approx(1e-9 / 24.0).epsilon(1e-14));  // sum of w^2 = 3L/8 for the periodic Hann window
}

TEST_CASE("The FFT expectation of the Welch estimator equals its O(L^2) definition for the sampled OU process") {
  const Stationary s = fig2();
  const WelchLayout layout{32, 4, 5e-9};
  const Matrix6 Phi = ExactOuStepper::affine_from_D(s.model.A, s.model.D, layout.dt).M;
  const std::vector<long> bins = welch_bins(layout, 1e12);
  REQUIRE(bins.size() == 33);
  for (const auto& [k, l] : {std::pair{4, 4}, std::pair{0, 4}, std::pair{1, 5}}) {
    std::vector<double> plus(32), minus(32);
    Matrix6 C = s.V;
    for (std::size_t m = 0; m < 32; ++m, C = (Phi * C).eval()) {
      plus[m] = C(k, l);
      minus[m] = C(l, k);
    }
    const std::vector<Complex> E = welch_expectation(layout, bins, plus, minus);
    const double scale = layout.dt * std::sqrt(s.V(k, k) * s.V(l, l)) * 32;
    for (std::size_t b = 0; b < bins.size(); ++b) {
      INFO("entry " << k << "," << l << " bin " << bins[b]);
      CHECK(std::abs(E[b] - direct_expectation(Phi, s.V, layout, bins[b], k, l)) < fft_tolerance * scale);
    }
  }
}

TEST_CASE("The estimator's expectation tends to the closed form S_kl as dt -> 0 and L dt -> infinity") {
  const Stationary s = fig2();
  const QuadratureSpectrum S(s.model.A, s.model.D);
  const double omega_m = Parameters{}.omega_m;
  // dt = pi/(40 omega_m): aliasing of the 1/omega^2 tails <~ (1/20)^2; L dt = 2^14 dt = 20 us: leakage of the
  // narrowest line (half-width ~5e6 s^-1, bins 3e5 s^-1 apart) ~ (bin / width)^2 ~ 4e-3.
  const WelchLayout layout{std::size_t{1} << 14, 1, M_PI / (40.0 * omega_m)};
  const Matrix6 Phi = ExactOuStepper::affine_from_D(s.model.A, s.model.D, layout.dt).M;
  const std::vector<long> all = welch_bins(layout, 2.0 * omega_m);
  std::vector<long> bins;
  for (std::size_t b = 0; b < all.size(); b += 97) bins.push_back(all[b]);
  for (const auto& [k, l] : {std::pair{4, 4}, std::pair{0, 0}, std::pair{0, 4}}) {
    std::vector<double> plus(layout.segment_length), minus(layout.segment_length);
    Matrix6 C = s.V;
    for (std::size_t m = 0; m < layout.segment_length; ++m, C = (Phi * C).eval()) {
      plus[m] = C(k, l);
      minus[m] = C(l, k);
    }
    const std::vector<Complex> E = welch_expectation(layout, bins, plus, minus);
    double peak = 0.0;  // relative to the largest |S| on the grid
    for (long j : bins) peak = std::max(peak, std::abs(S.entry(k, l, static_cast<double>(j) * layout.bin_spacing())));
    for (std::size_t b = 0; b < bins.size(); ++b) {
      const Complex closed = S.entry(k, l, static_cast<double>(bins[b]) * layout.bin_spacing());
      INFO("entry " << k << "," << l << " omega " << static_cast<double>(bins[b]) * layout.bin_spacing());
      CHECK(std::abs(E[b] - closed) < 1e-2 * peak);
    }
  }
}

namespace {

/// The statistical tests' run: S_qq, S_{X_driven q} and S_{Y_driven Y_driven} at the Fig. 2 point from
/// 64 stationary trajectories of 16 segments, at the automatic layout, over |omega| <= 3 omega_m
/// (the run bench/welch_false_alarm.cpp repeats over seeds).
TrajectorySpectra fig2_estimate(std::uint64_t seed, int threads) {
  const Stationary s = fig2();
  const QuadratureSpectrum S(s.model.A, s.model.D);
  TrajectorySpectrumSpec spec;
  spec.trajectories = 64;
  spec.seed = seed;
  spec.alpha = 1e-4;
  Execution execution;
  execution.threads = threads;
  const double max_re = Eigen::EigenSolver<Matrix6>(s.model.A, false).eigenvalues().real().maxCoeff();
  return run_trajectory_spectra(s.model.A, s.model.D, s.V, max_re, {{4, 4}, {0, 4}, {1, 1}},
                                3.0 * Parameters{}.omega_m, spec, S, execution);
}

}  // namespace

TEST_CASE("The Welch estimate from stationary trajectories agrees with the estimator's exact expectation",
          "[statistical]") {
  // False-failure probability ~1e-4: the two-sided Bonferroni-t limit over the compared values at
  // alpha/2 (statistics/spectrum_agreement.hpp, welch_tail_margin); over 600 seeds of this run the
  // failure rate tracks alpha (0.045 at 0.05, 0.010 at 0.01) and no max |z| reached this limit
  // (6.20; largest 5.77). docs/decisions.md 56.
  const TrajectorySpectra r = fig2_estimate(20201001, 0);
  INFO("max |z| = " << r.agreement.max_abs_z << " limit " << r.agreement.threshold << " over " << r.agreement.count
                    << ", sum z^2/n = " << r.agreement.chi2_per_value << ", bias " << r.max_bias_in_se << " SE");
  CHECK(r.agreement.alpha == 1e-4);
  // omega >= 0: S_qq, Re and Im of S_{X q} (Im is 0 at omega = 0), S_YY
  CHECK(r.agreement.count == 4 * (r.omega.size() + 1) / 2 - 1);
  CHECK(r.agreement.pass());
  // The default layout keeps the estimator's bias (aliasing, leakage) below the error bar, so the estimate
  // can be read against the continuous closed form too: max 0.55 SE over 600 seeds (decision 56).
  CHECK(r.max_bias_in_se < 1.0);
}

TEST_CASE("The Welch estimate is the same for 1 and 2 threads, bit for bit", "[statistical]") {
  const TrajectorySpectra one = fig2_estimate(7, 1), two = fig2_estimate(7, 2);
  REQUIRE(one.estimate.size() == two.estimate.size());
  for (std::size_t e = 0; e < one.estimate.size(); ++e) {
    CHECK(one.estimate[e] == two.estimate[e]);
    CHECK(one.standard_error[e] == two.standard_error[e]);
  }
}

TEST_CASE("The trajectory estimate refuses bad layouts, too few trajectories and a bad alpha") {
  const Stationary s = fig2();
  const QuadratureSpectrum S(s.model.A, s.model.D);
  const auto refused = [&](TrajectorySpectrumSpec spec, const std::string& what) {
    CHECK_THROWS_WITH(run_trajectory_spectra(s.model.A, s.model.D, s.V, -5e6, {{4, 4}}, 2e8, spec, S),
                      Catch::Contains(what) && Catch::Contains("valid") && Catch::Contains("Hint"));
  };
  TrajectorySpectrumSpec ok;
  ok.trajectories = 8;
  auto bad = ok;
  bad.trajectories = 1;
  refused(bad, "spectrum.trajectories = 1");
  bad = ok;
  bad.segment_length = 7;
  refused(bad, "spectrum.segment_length = 7");
  bad = ok;
  bad.segments = 0;
  refused(bad, "spectrum.segments = 0");
  bad = ok;
  bad.dt = -1e-9;
  refused(bad, "spectrum.dt = -1e-09");
  bad = ok;
  bad.alpha = 1.5;
  refused(bad, "spectrum.alpha = 1.5");
  CHECK_THROWS_WITH(run_trajectory_spectra(s.model.A, s.model.D, s.V, -5e6, {{4, 6}}, 2e8, ok, S),
                    Catch::Contains("spectrum.entries holds (4, 6)") && Catch::Contains("0..5") &&
                        Catch::Contains("Hint"));
}

TEST_CASE("The Welch estimate over two ranks, summed, is the one-process estimate bit for bit") {
  // Two "ranks" in one test, as in test_ensemble.cpp: rank 1 runs first and keeps its reduction
  // buffer; rank 0's reduction adds it, as MPI_Allreduce would.
  const Stationary s = fig2();
  const QuadratureSpectrum S(s.model.A, s.model.D);
  TrajectorySpectrumSpec spec;
  spec.trajectories = 40;  // not a multiple of the 16 groups
  spec.segments = 3;
  spec.segment_length = 128;
  const auto run = [&](const Execution& x) {
    return run_trajectory_spectra(s.model.A, s.model.D, s.V, -5.37e6, {{4, 4}, {0, 5}}, 2e8, spec, S, x);
  };
  const TrajectorySpectra one = run({});
  std::vector<double> from_rank1;
  Execution r1;
  r1.partition = {1, 2, [&](std::vector<double>& b) { from_rank1 = b; }};
  const TrajectorySpectra rank1 = run(r1);
  Execution r0;
  r0.partition = {0, 2, [&](std::vector<double>& b) {
                    REQUIRE(b.size() == from_rank1.size());
                    for (std::size_t i = 0; i < b.size(); ++i) b[i] += from_rank1[i];
                  }};
  const TrajectorySpectra rank0 = run(r0);
  for (std::size_t e = 0; e < one.estimate.size(); ++e) {
    CHECK(rank0.estimate[e] == one.estimate[e]);
    CHECK(rank0.standard_error[e] == one.standard_error[e]);
    CHECK_FALSE(rank1.estimate[e] == one.estimate[e]);  // half the trajectories alone are another estimate
  }
}
