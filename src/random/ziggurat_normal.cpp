#include "spincom/random/ziggurat_normal.hpp"

#include "spincom/random/seeding.hpp"

#include <numbers>
#include <stdexcept>

namespace spincom {
namespace {

double density(double x) { return std::exp(-0.5 * x * x); }

/// Uniform in (0, 1] from the top 53 bits (never 0, so its log is finite).
double uniform_open0(std::uint64_t w) { return static_cast<double>((w >> 11) + 1) * 0x1p-53; }

/// Builds the layers for a trial r. Returns the top-layer mismatch: > 0 when r is too small
/// (the layers run out of room before the top layer), < 0 when r is too large.
double build(double r, ZigguratTables& t) {
  constexpr int n = ZigguratTables::layers;
  const double tail = std::sqrt(std::numbers::pi / 2.0) * std::erfc(r / std::numbers::sqrt2);
  t.r = r;
  t.area = r * density(r) + tail;
  t.x[1] = r;
  for (int i = 1; i < n - 1; ++i) {
    const double arg = t.area / t.x[i] + density(t.x[i]);
    if (arg >= 1.0) return 1.0;
    t.x[i + 1] = std::sqrt(-2.0 * std::log(arg));
  }
  // The top layer [0, x[n-1]] x [f(x[n-1]), 1] must have the same area.
  return t.area / t.x[n - 1] + density(t.x[n - 1]) - 1.0;
}

ZigguratTables make_tables() {
  ZigguratTables t;
  double lo = 2.5, hi = 5.0;  // build(lo) > 0 > build(hi)
  for (int it = 0; it < 200 && hi - lo > 0.0; ++it) {
    const double mid = 0.5 * (lo + hi);
    if (mid == lo || mid == hi) break;
    (build(mid, t) > 0.0 ? lo : hi) = mid;
  }
  build(hi, t);
  constexpr int n = ZigguratTables::layers;
  t.x[0] = t.area / density(t.r);
  t.x[n] = 0.0;
  for (int i = 0; i <= n; ++i) t.f[i] = density(t.x[i]);
  for (int i = 0; i < n; ++i) t.ratio[i] = t.x[i + 1] / t.x[i];
  return t;
}

}  // namespace

const ZigguratTables& ziggurat_tables() {
  static const ZigguratTables tables = make_tables();
  return tables;
}

double ziggurat_slow_path(Xoshiro256pp& aux, std::uint64_t w) {
  const ZigguratTables& t = ziggurat_tables();
  for (;;) {
    const std::uint64_t i = w & ZigguratTables::layer_mask;
    const double u = ziggurat_uniform(w);
    const double x = u * t.x[i];
    if (std::abs(u) < t.ratio[i]) return x;
    if (i == 0) {
      // Beyond r: Marsaglia's (1964) tail method.
      double xt, yt;
      do {
        xt = -std::log(uniform_open0(aux())) / t.r;
        yt = -std::log(uniform_open0(aux()));
      } while (2.0 * yt < xt * xt);
      return u < 0.0 ? -(t.r + xt) : t.r + xt;
    }
    // The wedge between x[i+1] and x[i]: y uniform over the layer's height.
    const double y = t.f[i] + static_cast<double>(aux() >> 11) * 0x1p-53 * (t.f[i + 1] - t.f[i]);
    if (y < density(x)) return x;
    w = aux();
  }
}

std::string seed_rule() {
  return "seed rule 2: trajectory i uses two xoshiro256++ engines, each seeded by the first four "
         "outputs of the SplitMix64 sequence from s(i) (main) and s(i + 2^63) (auxiliary), where "
         "s(j) = splitmix64(seed ^ splitmix64(j + 0x9E3779B97F4A7C15)); " +
         std::to_string(ZigguratTables::layers) + "-layer ziggurat normals, one main word each";
}

}  // namespace spincom
