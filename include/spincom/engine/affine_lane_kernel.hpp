#pragma once
// The kernel of the linear SDE for the ensemble driver: eight trajectories of the affine step
// u <- M u + N xi (affine_step.hpp) stepped together in SIMD lanes (lane_block.hpp), from
// u(0) = mean + L0 xi with L0 L0^T = V0. One channel: the state u.
#include <cstddef>

#include "spincom/engine/lane_block.hpp"
#include "spincom/random/normal_source.hpp"

namespace spincom {

class AffineLaneKernel {
 public:
  using Block = LaneBlock;
  static constexpr std::size_t lanes = lane_width;

  /// Throws InvalidParameter when V0 is not a covariance.
  AffineLaneKernel(const AffineStep& step, const Vector6& mean0, const Matrix6& V0);

  [[nodiscard]] std::size_t channels() const { return 1; }
  /// The lane kernel this instance runs (chosen_lane_kernel() at construction).
  [[nodiscard]] LaneKernel lane_kernel() const { return isa_; }

  void start(Block& block, std::size_t lane, const NormalSource& source) const;
  void advance(Block& block, std::size_t steps) const { advance_lanes(step_, block, steps, isa_); }
  [[nodiscard]] bool all_finite(const Block& block) const;
  [[nodiscard]] bool lane_finite(const Block& block, std::size_t lane) const;
  [[nodiscard]] std::size_t first_nonfinite_step(const NormalSource& source, std::size_t total_steps) const;
  void accumulate(LaneAccumulators* const* per_channel, const Block& block, std::size_t first_slot,
                  std::size_t active) const {
    add_lanes(*per_channel[0], block, first_slot, active, isa_);
  }
  /// The fused sample loop (ensemble_driver.hpp): a whole block, lane l into slot l of at[0][k],
  /// the states into `trace` when given (layout of advance_and_add_lanes); `overwrite` as there.
  bool advance_accumulating(Block& block, std::size_t steps, std::size_t samples, LaneAccumulators* const* at,
                            double* trace, bool overwrite) const {
    return advance_and_add_lanes(step_, block, steps, samples, at[0], isa_, trace, overwrite);
  }
  [[nodiscard]] Vector6 state(const Block& block, std::size_t lane, std::size_t /*channel*/) const;

 private:
  LaneAffine step_;
  Vector6 mean0_;
  Matrix6 L0_;
  LaneKernel isa_;
};

}  // namespace spincom
