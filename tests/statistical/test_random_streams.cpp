// The random streams behind every trajectory: the ziggurat's tables, the normal variates'
// distribution, and the eight-lane kernels (portable and AVX-512) against the scalar source.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numbers>
#include <vector>

#include "spincom/ensemble/lane_block.hpp"
#include "spincom/ensemble/seeding.hpp"
#include "spincom/ensemble/ziggurat_normal.hpp"

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

TEST_CASE("Ziggurat tables: 256 layers of equal area that add up to the half-Gaussian") {
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
  CHECK(t.x[n] == 0.0);
  for (int i = 0; i < n; ++i) CHECK(t.x[static_cast<std::size_t>(i + 1)] < t.x[static_cast<std::size_t>(i)]);
}

TEST_CASE("Ziggurat normals are standard normal: moments, the tail, and a Kolmogorov-Smirnov test") {
  // n = 2e6 variates of one fixed stream. False-failure budget: each of the 5 checks below is
  // two-sided at |z| < 5 (or the KS equivalent, p = 1.5e-6), so P(false failure) <= 5 * 6e-7 = 3e-6.
  const std::size_t n = 2'000'000;
  NormalSource source(20201001, 3);
  std::vector<double> x(n);
  for (auto& v : x) v = source();
  double m1 = 0, m2 = 0, m4 = 0;
  std::size_t beyond_r = 0;
  const double r = ziggurat_tables().r;
  for (double v : x) {
    m1 += v;
    m2 += v * v;
    m4 += v * v * v * v;
    beyond_r += std::abs(v) > r;
  }
  m1 /= n, m2 /= n, m4 /= n;
  const double sn = std::sqrt(static_cast<double>(n));
  CHECK(std::abs(m1) * sn < 5.0);                       // Var(x) = 1
  CHECK(std::abs(m2 - 1.0) * sn / std::sqrt(2.0) < 5.0);  // Var(x^2) = 2
  CHECK(std::abs(m4 - 3.0) * sn / std::sqrt(96.0) < 5.0);  // Var(x^4) = 105 - 9 = 96
  // The tail (Marsaglia's method) carries the right mass, 2 (1 - Phi(r)) of the draws.
  const double p_tail = 2.0 * (1.0 - normal_cdf(r));
  const double z_tail = (static_cast<double>(beyond_r) - n * p_tail) / std::sqrt(n * p_tail * (1 - p_tail));
  INFO("beyond r = " << r << ": " << beyond_r << " draws, expected " << n * p_tail);
  CHECK(std::abs(z_tail) < 5.0);
  // Kolmogorov-Smirnov: sqrt(n) D_n > 1.95 has probability 1e-3 asymptotically; 2.5 is 1.5e-6.
  std::sort(x.begin(), x.end());
  double D = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double F = normal_cdf(x[i]);
    D = std::max({D, F - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - F});
  }
  INFO("sqrt(n) D_n = " << sn * D);
  CHECK(sn * D < 2.5);
}

TEST_CASE("Each lane draws exactly the normals of its trajectory's NormalSource, in either kernel") {
  const std::size_t rows = 20000;  // ~280 slow-path draws per lane: wedges and a few tails
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
  // A generic contraction (not symmetric, all entries nonzero) and a noise matrix with one zero
  // column, as Euler-Maruyama has.
  AffineStep step{1e-9, Matrix6::Zero(), Matrix6::Zero()};
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < 6; ++c) {
      step.M(r, c) = (r == c ? 0.9 : 0.0) + 0.01 * std::sin(1.0 + r * 6 + c);
      step.N(r, c) = c == 5 ? 0.0 : 0.1 * std::cos(2.0 + r * 7 + c);
    }
  const LaneAffine affine(step);
  CHECK(affine.normals_per_step() == 5);
  // The kernel's noise matrix has the same covariance N N^T.
  Matrix6 Nk = Matrix6::Zero();
  for (int r = 0; r < 6; ++r)
    for (int j = 0; j < 6; ++j) Nk(r, j) = affine.N[r * 6 + j];
  const Matrix6 Q = step.N * step.N.transpose();
  CHECK((Nk * Nk.transpose() - Q).cwiseAbs().maxCoeff() <= 1e-15 * Q.cwiseAbs().maxCoeff());
  for (int r = 0; r < 6; ++r)
    for (int j = r + 1; j < 6; ++j) CHECK(Nk(r, j) == 0.0);
  LaneBlock x{}, y{};
  x.streams = lanes_for(5, 0);
  for (int r = 0; r < 6; ++r)
    for (std::size_t l = 0; l < lane_width; ++l) x.u[r][l] = 0.1 * (r + 1) * (l + 1);
  y = x;
  advance_lanes(affine, x, 5000, LaneKernel::portable);
  advance_lanes(affine, y, 5000, LaneKernel::avx512);
  CHECK(std::memcmp(&x, &y, sizeof(LaneBlock)) == 0);
  // The Welford update of 1..8 lanes: the register-resident AVX-512 version against add().
  for (std::size_t lanes = 1; lanes <= lane_width; ++lanes) {
    CovarianceAccumulator a, b;
    for (int round = 0; round < 50; ++round) {
      advance_lanes(affine, x, 1, LaneKernel::portable);
      add_lanes(a, x, lanes, LaneKernel::avx512);
      for (std::size_t l = 0; l < lanes; ++l) {
        Vector6 u;
        for (int r = 0; r < 6; ++r) u(r) = x.u[r][l];
        b.add(u);
      }
    }
    CHECK(a.n == b.n);
    CHECK(std::memcmp(a.mean.data(), b.mean.data(), sizeof(double) * 6) == 0);
    CHECK(std::memcmp(a.M2.data(), b.M2.data(), sizeof(double) * 36) == 0);
  }
}
