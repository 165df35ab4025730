#pragma once
// xoshiro256++ (Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS
// 47 (2021) 36), written from the paper's description. 256-bit state, period 2^256 - 1, passes
// TestU01 BigCrush and PractRand to 32 TB; 64-bit outputs, ~1 ns each scalar, and its state update
// (adds, shifts, xors, rotates) maps one-to-one onto SIMD lanes, which is why spincom uses it:
// Boost 1.74 has no engine of this class (its fast engines, taus88 and lagged_fibonacci, fail
// BigCrush tests; mt19937_64 is 2.5 kB of state per trajectory and costs 5 ns/step to seed).
//
// It models Boost.Random's UniformRandomNumberGenerator concept (result_type, min, max,
// operator()), so every Boost distribution accepts it. Seeding: the four state words are four
// consecutive SplitMix64 outputs from the 64-bit seed (the authors' recommendation), so the
// state is never all-zero and nearby seeds give unrelated states.
#include <array>
#include <cstdint>

namespace spincom {

/// SplitMix64 finalizer (Steele, Lea & Flood 2014): a bijection on 64-bit words with full
/// avalanche.
constexpr std::uint64_t splitmix64(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t rotl64(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

class Xoshiro256pp {
 public:
  using result_type = std::uint64_t;
  using State = std::array<std::uint64_t, 4>;

  explicit constexpr Xoshiro256pp(std::uint64_t seed) : s_{} {
    for (auto& w : s_) {  // the SplitMix64 sequence started at `seed`
      w = splitmix64(seed);
      seed += 0x9E3779B97F4A7C15ULL;
    }
  }
  explicit constexpr Xoshiro256pp(const State& s) : s_(s) {}

  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }

  constexpr result_type operator()() {
    const std::uint64_t result = rotl64(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl64(s_[3], 45);
    return result;
  }

  [[nodiscard]] constexpr const State& state() const { return s_; }

 private:
  State s_;
};

}  // namespace spincom
