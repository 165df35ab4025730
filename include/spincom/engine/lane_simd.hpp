#pragma once
// The entry points of the one SIMD source of the lane kernels (src/engine/lane_simd.cpp), one
// set per instruction set it was compiled for. lane_block.cpp dispatches to them; nothing else
// should call them directly.
#include <cstddef>

#include "spincom/engine/lane_block.hpp"

namespace spincom {

struct LaneSimdOps {
  void (*advance)(const LaneAffine& step, LaneBlock& block, std::size_t steps);
  void (*add)(LaneAccumulators& acc, const double (&u)[6][lane_width]);  ///< all eight lanes into slots 0..7
  void (*fill)(LaneStreams& streams, double* out, std::size_t rows);
  bool (*finite)(const double (&u)[6][lane_width]);  ///< every entry finite
  /// advance_and_add_lanes (lane_block.hpp) for a whole block into slots 0..7
  bool (*advance_sampled)(const LaneAffine& step, LaneBlock& block, std::size_t steps, std::size_t samples,
                          LaneAccumulators* acc, double* trace, bool overwrite);
};

/// The kernel's entry points if this binary has them and this CPU runs them, else nullptr
/// (always nullptr for LaneKernel::portable, which lives in lane_block.cpp).
const LaneSimdOps* lane_simd_ops(LaneKernel kernel);

}  // namespace spincom
