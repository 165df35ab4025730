#pragma once
// Per-trajectory random streams (HOOMD/SciML style): trajectory i's generator is seeded from
// (master seed, i) alone, so its path does not depend on threads, scheduling, block order or
// MPI ranks, and any single trajectory can be replayed.
//
// Mixer: seed_i = splitmix64(master XOR splitmix64(i + 0x9E3779B97F4A7C15)), where splitmix64
// is Steele, Lea & Flood's (2014) finalizer, a bijection on 64-bit words with full avalanche.
// Engine: boost::random::mt19937_64 seeded with seed_i. Normals: Boost's ziggurat
// normal_distribution. MT19937-64 passes TestU01 BigCrush apart from the linear-complexity
// tests, which do not matter for Gaussian noise in a linear SDE; distinct seeds give
// non-overlapping streams with overwhelming probability (period 2^19937 - 1).
#include <cstdint>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>

#include "spincom/core/conventions.hpp"

namespace spincom {

/// SplitMix64 finalizer.
constexpr std::uint64_t splitmix64(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// The seed of trajectory `index` under `master_seed`.
constexpr std::uint64_t trajectory_seed(std::uint64_t master_seed, std::uint64_t index) {
  return splitmix64(master_seed ^ splitmix64(index + 0x9E3779B97F4A7C15ULL));
}

/// A per-trajectory source of independent standard normal variates. It owns its engine; the
/// steppers never see a random generator (the diffrax rule).
class NormalSource {
 public:
  NormalSource(std::uint64_t master_seed, std::uint64_t index)
      : engine_(trajectory_seed(master_seed, index)) {}
  double operator()() { return normal_(engine_); }
  Vector6 vector() {
    Vector6 xi;
    for (int i = 0; i < 6; ++i) xi(i) = normal_(engine_);
    return xi;
  }

 private:
  boost::random::mt19937_64 engine_;
  boost::random::normal_distribution<double> normal_;
};

}  // namespace spincom
