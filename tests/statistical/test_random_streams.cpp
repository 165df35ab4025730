// The random streams behind every trajectory: the ziggurat's tables, the normal variates'
// distribution, and the eight-lane kernels (portable and AVX-512) against the scalar source
// (every other kernel: tests/numeric/test_lane_kernels.cpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "spincom/engine/lane_block.hpp"
#include "spincom/random/normal_source.hpp"
#include "spincom/random/ziggurat_normal.hpp"

using namespace spincom;

namespace {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

bool avx512_available() { return fastest_lane_kernel() == LaneKernel::avx512; }

LaneStreams lanes_for(std::uint64_t seed, std::size_t first) {
  LaneStreams s;
  for (std::size_t l = 0; l < lane_width; ++l) s.set(l, NormalSource(seed, first + l));
  return s;
}

}  // namespace

TEST_CASE("Ziggurat tables: 1024 layers of equal area that add up to the half-Gaussian") {
  const ZigguratTables& t = ziggurat_tables();
  constexpr int n = ZigguratTables::layers;
  auto f = [](double x) { return std::exp(-0.5 * x * x); };
  // Base strip: the rectangle [0, r] x [0, f(r)] plus the tail beyond r.
  const double tail = std::sqrt(std::numbers::pi / 2) * std::erfc(t.r / std::numbers::sqrt2);
  CHECK(t.r * f(t.r) + tail == Approx(t.area).epsilon(1e-14));
  CHECK(t.x[0] * t.f[1] == Approx(t.area).epsilon(1e-14));
  // Layers 1..127: width x[i], height f(x[i+1]) - f(x[i]).
  double worst = 0.0;
  for (int i = 1; i < n; ++i) {
    const double layer = t.x[static_cast<std::size_t>(i)] * (t.f[static_cast<std::size_t>(i + 1)] - t.f[static_cast<std::size_t>(i)]);
    worst = std::max(worst, std::abs(layer / t.area - 1.0));
  }
  INFO("worst relative layer-area error " << worst);
  CHECK(worst < 1e-9);  // the bisection on r closes the top layer to rounding of 127 recursions
  // The layers cover the half-Gaussian (area sqrt(pi/2)) plus the rejected wedges, so a word is
  // accepted with probability sqrt(pi/2) / (n area), and by the fast path alone with mean(ratio).
  double fast = 0.0;
  for (double q : t.ratio) fast += q / n;
  const double accept = std::sqrt(std::numbers::pi / 2) / (n * t.area);
  INFO("acceptance " << accept << ", fast path " << fast);
  CHECK(fast < accept);
  CHECK(accept < 1.0);
  for (int i = 0; i < n; ++i) CHECK(t.x[static_cast<std::size_t>(i + 1)] < t.x[static_cast<std::size_t>(i)]);
}

TEST_CASE("Ziggurat normals are standard normal: moments, the tail, and a Kolmogorov-Smirnov test") {
  // n = 2e6 variates of one fixed stream. False-failure budget: the four z checks are two-sided
  // at |z| < 5 (5.7e-7 each for a normal z; 1.3e-6 for the Poisson-like tail count), the KS
  // check 7.5e-6: P(false failure) <= 1.1e-5. The tail count mostly checks the table geometry;
  // the next test checks the tail sampler itself.
  const std::size_t n = 2'000'000;
  NormalSource source(20201001, 3);
  std::vector<double> x(n);
  for (auto& v : x) v = source();
  double m1 = 0, m2 = 0, m4 = 0;
  std::size_t beyond_r = 0, negative = 0;
  const double r = ziggurat_tables().r;
  for (double v : x) {
    m1 += v;
    m2 += v * v;
    m4 += v * v * v * v;
    beyond_r += std::abs(v) > r;
    negative += v < 0.0;
  }
  m1 /= n, m2 /= n, m4 /= n;
  const double sn = std::sqrt(static_cast<double>(n));
  CHECK(std::abs(m1) * sn < 5.0);                       // Var(x) = 1
  CHECK(std::abs(m2 - 1.0) * sn / std::sqrt(2.0) < 5.0);  // Var(x^2) = 2
  CHECK(std::abs(m4 - 3.0) * sn / std::sqrt(96.0) < 5.0);  // Var(x^4) = 105 - 9 = 96
  CHECK(std::abs(static_cast<double>(negative) - 0.5 * n) / (0.5 * sn) < 5.0);  // sign symmetry
  // The tail (Marsaglia's method) carries the right mass, 2 (1 - Phi(r)) of the draws.
  const double p_tail = 2.0 * (1.0 - normal_cdf(r));
  const double z_tail = (static_cast<double>(beyond_r) - n * p_tail) / std::sqrt(n * p_tail * (1 - p_tail));
  INFO("beyond r = " << r << ": " << beyond_r << " draws, expected " << n * p_tail);
  CHECK(std::abs(z_tail) < 5.0);
  // Kolmogorov-Smirnov: sqrt(n) D_n > 1.95 has probability 1e-3 asymptotically; 2.5 is 7.5e-6.
  std::sort(x.begin(), x.end());
  double D = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double F = normal_cdf(x[i]);
    D = std::max({D, F - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - F});
  }
  INFO("sqrt(n) D_n = " << sn * D);
  CHECK(sn * D < 2.5);
}

TEST_CASE("The tail sampler: words of the base layer beyond r give +-(r + tail) with the right law and sign") {
  // Feed ziggurat_slow_path words whose layer is 0 and whose |u| >= ratio[0]: every one must
  // come back beyond r, with the sign of u, distributed as |X| given |X| > r. n = 1e6; false
  // failure: KS (sqrt(n) D > 2.5) 7.5e-6, sign balance |z| >= 5 5.7e-7.
  const ZigguratTables& t = ziggurat_tables();
  const std::size_t n = 1'000'000;
  std::mt19937_64 words(1964);  // Marsaglia's tail method, 1964
  NormalSource aux_source(5, 5);
  Xoshiro256pp aux = aux_source.aux_engine();
  const auto cut = static_cast<std::uint64_t>((1.0 - t.ratio[0]) * 0x1p52);  // |u| >= ratio[0] for k <= cut
  std::vector<double> beyond(n);
  std::size_t wrong_side = 0, negative = 0, not_base_layer = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const bool neg = j % 2 == 0;
    const std::uint64_t k0 = words() % cut;                       // u = k 2^-52 - 1 in [-1, -ratio]
    const std::uint64_t k = neg ? k0 : (std::uint64_t{1} << 53) - 1 - k0;  // or in [ratio, 1)
    const std::uint64_t w = k << 11;                              // layer bits 0-9 = 0
    not_base_layer += (w & ZigguratTables::layer_mask) != 0;
    const double x = ziggurat_slow_path(aux, w);
    wrong_side += (x < 0.0) != neg || std::abs(x) <= t.r;
    negative += x < 0.0;
    beyond[j] = std::abs(x);
  }
  REQUIRE(not_base_layer == 0);
  CHECK(wrong_side == 0);
  CHECK(std::abs(static_cast<double>(negative) - 0.5 * n) / (0.5 * std::sqrt(double(n))) < 5.0);
  std::sort(beyond.begin(), beyond.end());
  const double tail_r = std::erfc(t.r / std::numbers::sqrt2);
  double D = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double F = 1.0 - std::erfc(beyond[i] / std::numbers::sqrt2) / tail_r;
    D = std::max({D, F - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - F});
  }
  INFO("tail sampler: sqrt(n) D_n = " << std::sqrt(double(n)) * D);
  CHECK(std::sqrt(double(n)) * D < 2.5);
}

TEST_CASE("Each lane draws exactly the normals of its trajectory's NormalSource, in either kernel") {
  const std::size_t rows = 20000;  // ~85 slow-path draws per lane (0.43%), a tail now and then
  std::vector<double> portable(rows * lane_width), fast(rows * lane_width);
  LaneStreams a = lanes_for(77, 1000);
  fill_lane_normals(a, portable.data(), rows, LaneKernel::portable);
  for (std::size_t l = 0; l < lane_width; ++l) {
    NormalSource source(77, 1000 + l);
    std::size_t mismatches = 0;
    for (std::size_t r = 0; r < rows; ++r) mismatches += portable[r * lane_width + l] != source();
    CHECK(mismatches == 0);
  }
  if (!avx512_available()) {
    WARN("this CPU has no AVX-512: only the portable kernel was checked");
    return;
  }
  LaneStreams b = lanes_for(77, 1000);
  fill_lane_normals(b, fast.data(), rows, LaneKernel::avx512);
  CHECK(std::memcmp(portable.data(), fast.data(), sizeof(double) * portable.size()) == 0);
  CHECK(std::memcmp(&a, &b, sizeof(LaneStreams)) == 0);  // both leave the engines in the same state
}

TEST_CASE("The AVX-512 and the portable affine kernels agree bit for bit") {
  if (!avx512_available()) {
    WARN("this CPU has no AVX-512: nothing to compare");
    return;
  }
  // Finite numbers must agree bit for bit; a non-finite number only has to be non-finite in both
  // (NaN payloads may differ, and only the divergence report ever looks at them).
  auto same = [](double p, double q) {
    return std::isfinite(p) ? std::memcmp(&p, &q, sizeof p) == 0 : !std::isfinite(q);
  };
  auto blocks_agree = [&](const LaneBlock& x, const LaneBlock& y) {
    for (int r = 0; r < 6; ++r)
      for (std::size_t l = 0; l < lane_width; ++l)
        if (!same(x.u[r][l], y.u[r][l])) return false;
    return std::memcmp(&x.streams, &y.streams, sizeof(LaneStreams)) == 0;
  };
  // A generic contraction (not symmetric, all entries nonzero) and noise matrices with 0..6
  // nonzero columns (Euler-Maruyama has 5, the exact step 6).
  for (int nonzero = 0; nonzero <= 6; ++nonzero) {
    AffineStep step{1e-9, Matrix6::Zero(), Matrix6::Zero()};
    for (int r = 0; r < 6; ++r)
      for (int c = 0; c < 6; ++c) {
        step.M(r, c) = (r == c ? 0.9 : 0.0) + 0.01 * std::sin(1.0 + r * 6 + c);
        step.N(r, c) = c < nonzero ? 0.1 * std::cos(2.0 + r * 7 + c) : 0.0;
      }
    const LaneAffine affine(step);
    CHECK(affine.normals_per_step() == static_cast<std::size_t>(nonzero));
    // The kernel's noise matrix has the same covariance N N^T and is lower trapezoidal.
    Matrix6 Nk = Matrix6::Zero();
    for (int r = 0; r < 6; ++r)
      for (int j = 0; j < 6; ++j) Nk(r, j) = affine.N[r * 6 + j];
    const Matrix6 Q = step.N * step.N.transpose();
    CHECK((Nk * Nk.transpose() - Q).cwiseAbs().maxCoeff() <= 1e-14 * std::max(1e-300, Q.cwiseAbs().maxCoeff()));
    for (int r = 0; r < 6; ++r)
      for (int j = r + 1; j < 6; ++j) CHECK(Nk(r, j) == 0.0);
    LaneBlock x{}, y{};
    x.streams = lanes_for(5, 0);
    for (int r = 0; r < 6; ++r)
      for (std::size_t l = 0; l < lane_width; ++l) x.u[r][l] = 0.1 * (r + 1) * (l + 1);
    // Special values in lanes 5-7: -0.0, a subnormal, huge numbers that overflow, infinity, NaN.
    x.u[0][5] = -0.0;
    x.u[1][5] = 4.9e-324;
    x.u[2][6] = 1e308;
    x.u[3][6] = -1e308;
    x.u[4][7] = std::numeric_limits<double>::infinity();
    x.u[5][7] = std::numeric_limits<double>::quiet_NaN();
    y = x;
    advance_lanes(affine, x, 3000, LaneKernel::portable);
    advance_lanes(affine, y, 3000, LaneKernel::avx512);
    CHECK(blocks_agree(x, y));
  }
  AffineStep step{1e-9, Matrix6::Zero(), Matrix6::Zero()};
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < 6; ++c) {
      step.M(r, c) = (r == c ? 0.9 : 0.0) + 0.01 * std::sin(1.0 + r * 6 + c);
      step.N(r, c) = c == 5 ? 0.0 : 0.1 * std::cos(2.0 + r * 7 + c);
    }
  const LaneAffine affine(step);
  LaneBlock x{};
  x.streams = lanes_for(5, 0);
  // The lane-slot update of 1..8 lanes: the AVX-512 version (whole blocks in SIMD) against add().
  for (std::size_t lanes = 1; lanes <= lane_width; ++lanes) {
    LaneAccumulators a, b;
    for (int round = 0; round < 50; ++round) {
      advance_lanes(affine, x, 1, LaneKernel::portable);
      add_lanes(a, x, 0, lanes, LaneKernel::avx512);
      for (std::size_t l = 0; l < lanes; ++l) {
        Vector6 u;
        for (int r = 0; r < 6; ++r) u(r) = x.u[r][l];
        b.add(l, u);
      }
    }
    CHECK(std::memcmp(&a, &b, sizeof a) == 0);
  }
}
