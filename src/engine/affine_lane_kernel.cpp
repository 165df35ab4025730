#include "spincom/engine/affine_lane_kernel.hpp"

#include <cmath>

#include "spincom/engine/divergence.hpp"
#include "spincom/sde/noise_factor.hpp"

namespace spincom {

AffineLaneKernel::AffineLaneKernel(const AffineStep& step, const Vector6& mean0, const Matrix6& V0)
    : step_(step), mean0_(mean0), L0_(noise_factor(V0).L), isa_(chosen_lane_kernel()) {}

void AffineLaneKernel::start(Block& b, std::size_t l, const NormalSource& source) const {
  NormalSource s = source;
  const Vector6 u0 = mean0_ + L0_ * s.vector();
  for (int k = 0; k < 6; ++k) b.u[k][l] = u0(k);
  b.streams.set(l, s);
}

/// Idle lanes repeat lane 0, so they change nothing.
bool AffineLaneKernel::all_finite(const Block& b) const { return lanes_finite(b.u, isa_); }

bool AffineLaneKernel::lane_finite(const Block& b, std::size_t l) const {
  for (int r = 0; r < 6; ++r)
    if (!std::isfinite(b.u[r][l])) return false;
  return true;
}

/// One step at a time in every lane; the portable kernel rounds exactly like the fast one.
std::size_t AffineLaneKernel::first_nonfinite_step(const NormalSource& source, std::size_t total_steps) const {
  Block b{};
  for (std::size_t l = 0; l < lane_width; ++l) start(b, l, source);
  if (!lane_finite(b, 0)) return 0;
  for (std::size_t s = 1; s <= total_steps; ++s) {
    advance_lanes(step_, b, 1, LaneKernel::portable);
    if (!lane_finite(b, 0)) return s;
  }
  return no_trajectory;
}

Vector6 AffineLaneKernel::state(const Block& b, std::size_t l, std::size_t /*channel*/) const {
  Vector6 u;
  for (int r = 0; r < 6; ++r) u(r) = b.u[r][l];
  return u;
}

}  // namespace spincom
