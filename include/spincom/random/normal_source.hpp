#pragma once
// A per-trajectory source of standard normals: trajectory i's two engines, seeded by the rule of
// seeding.hpp, and the ziggurat of ziggurat_normal.hpp. The noise source owns the increment: no
// stepper ever sees a random generator (the diffrax rule).
#include <cstdint>

#include "spincom/core/conventions.hpp"
#include "spincom/random/seeding.hpp"
#include "spincom/random/xoshiro256pp.hpp"
#include "spincom/random/ziggurat_normal.hpp"

namespace spincom {

/// A per-trajectory source of independent standard normal variates. It owns its engine; the
/// steppers never see a random generator (the diffrax rule). It gives exactly the numbers the
/// ensemble kernel (lane_block.hpp) draws for the same trajectory.
class NormalSource {
 public:
  NormalSource(std::uint64_t master_seed, std::uint64_t index)
      : main_(trajectory_seed(master_seed, index)), aux_(trajectory_aux_seed(master_seed, index)) {}
  NormalSource(const Xoshiro256pp& main, const Xoshiro256pp& aux) : main_(main), aux_(aux) {}

  double operator()() { return standard_normal(main_, aux_); }
  Vector6 vector() {
    Vector6 xi;
    for (int i = 0; i < 6; ++i) xi(i) = standard_normal(main_, aux_);
    return xi;
  }
  [[nodiscard]] const Xoshiro256pp& main_engine() const { return main_; }
  [[nodiscard]] const Xoshiro256pp& aux_engine() const { return aux_; }

 private:
  Xoshiro256pp main_;
  Xoshiro256pp aux_;
};

}  // namespace spincom
