#pragma once
// Standard normal variates by the ziggurat method (Marsaglia & Tsang, J. Stat. Softw. 5 (2000)),
// in Doornik's form (2005): the layer index and the uniform come from disjoint bits of one
// 64-bit word (bits 0-9 and 11-63), so they are independent. 1024 layers; the tables are
// computed at first use by solving for the tail start r (no copied constants). A word gives a
// normal on the fast path (one multiply, one compare) with probability
// sum_i x_{i+1}/x_i / 1024 = 0.9957; the rest go through the wedge test or Marsaglia's tail
// method (ziggurat_slow_path).
//
// Two engines per stream: every normal consumes exactly one word of the main engine, and the
// rejection branch draws its extra words from an auxiliary engine. So the main words of a lane
// can be drawn eight lanes at a time without knowing which lanes will be rejected, and the
// rejected lanes are finished afterwards: the result is the same sequence as the scalar code's.
// The fast path is exact arithmetic (a 53-bit integer times 2^-52 minus 1, then one product), and
// the slow path is one out-of-line function shared by the scalar and the SIMD code, so
// trajectory i gets the same normals whichever code path, lane or thread produced them. The
// tables and the slow path call the C library's exp and log: the bits are reproducible for the
// same binary and C library (glibc may pick different exp/log variants on CPUs of another
// feature class, which can change a rare slow-path draw); the law never changes.
#include <array>
#include <cmath>
#include <cstdint>

#include "spincom/random/xoshiro256pp.hpp"

namespace spincom {

struct ZigguratTables {
  static constexpr int layers = 1024;
  static constexpr std::uint64_t layer_mask = layers - 1;
  double r = 0.0;     ///< start of the tail
  double area = 0.0;  ///< area of each layer (under exp(-x^2/2), unnormalized)
  /// x[0] = area / f(r) (the base strip, tail included), x[1] = r > x[2] > ... > x[layers] = 0.
  std::array<double, layers + 1> x{};
  /// f[i] = exp(-x[i]^2 / 2).
  std::array<double, layers + 1> f{};
  /// ratio[i] = x[i+1] / x[i]: the fast-path acceptance bound on |u|.
  std::array<double, layers> ratio{};
};

/// The tables (computed once, thread-safe).
const ZigguratTables& ziggurat_tables();

/// The signed uniform u in [-1, 1) carried by a word's top 53 bits.
inline double ziggurat_uniform(std::uint64_t w) {
  return static_cast<double>(w >> 11) * 0x1p-52 - 1.0;
}

/// The rejection branch (and retries, all from `aux`) for a main word whose fast path failed.
double ziggurat_slow_path(Xoshiro256pp& aux, std::uint64_t word);

/// One standard normal variate: one word of `main`, and more from `aux` if it is rejected.
inline double standard_normal(Xoshiro256pp& main, Xoshiro256pp& aux) {
  const ZigguratTables& t = ziggurat_tables();
  const std::uint64_t w = main();
  const std::uint64_t i = w & ZigguratTables::layer_mask;
  const double u = ziggurat_uniform(w);
  if (std::abs(u) < t.ratio[i]) return u * t.x[i];
  return ziggurat_slow_path(aux, w);
}

}  // namespace spincom
