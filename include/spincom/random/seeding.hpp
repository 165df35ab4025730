#pragma once
// Per-trajectory random streams (HOOMD/SciML style): trajectory i's generator is seeded from
// (master seed, i) alone, so its path does not depend on threads, scheduling, block order, the
// SIMD lane it ran in or MPI ranks, and any single trajectory can be replayed.
//
// Mixer: seed_i = splitmix64(master XOR splitmix64(i + 0x9E3779B97F4A7C15)), where splitmix64
// is Steele, Lea & Flood's (2014) finalizer, a bijection on 64-bit words with full avalanche.
// Engines: two xoshiro256++ (xoshiro256pp.hpp), each with the four state words of the
// SplitMix64 sequence started at its seed: the main engine at seed_i, the auxiliary engine at
// aux_seed_i = the same mixer applied to i + 2^63. The mixer is a bijection of the index, and
// trajectory indices stay below 2^63, so no auxiliary seed equals any trajectory's main seed.
// Normals: 1024-layer ziggurat (ziggurat_normal.hpp): one main word per normal, the auxiliary
// engine for rejections (normal_source.hpp). Seed rule version 2 (version 1, until 2026-11-23, used mt19937_64 and
// Boost's ziggurat).
#include <cstdint>
#include <string>

#include "spincom/random/xoshiro256pp.hpp"

namespace spincom {

/// The seed rule written into result headers.
std::string seed_rule();

/// The seed of trajectory `index` under `master_seed` (a bijection of `index`).
constexpr std::uint64_t trajectory_seed(std::uint64_t master_seed, std::uint64_t index) {
  return splitmix64(master_seed ^ splitmix64(index + 0x9E3779B97F4A7C15ULL));
}

/// The auxiliary engine's seed: the same bijection at index + 2^63, never a main seed.
constexpr std::uint64_t trajectory_aux_seed(std::uint64_t master_seed, std::uint64_t index) {
  return trajectory_seed(master_seed, index ^ (std::uint64_t{1} << 63));
}

}  // namespace spincom
