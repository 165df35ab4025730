#include "spincom/engine/group_accumulators.hpp"

namespace spincom {

void GroupAccumulators::pack(double* out, const RankPartition& part) const {
  for (const auto* channel : channels_)
    for (std::size_t g = 0; g < groups_; ++g) {
      const bool mine = part.owns(g);
      for (std::size_t k = 0; k < samples_; ++k, out += per_accumulator) {
        if (!mine) continue;
        const LaneAccumulators& a = (*channel)[g * samples_ + k];
        std::copy(a.n, a.n + LaneAccumulators::slots, out);
        std::copy(&a.mean[0][0], &a.mean[0][0] + 6 * LaneAccumulators::slots, out + LaneAccumulators::slots);
        std::copy(&a.m2[0][0], &a.m2[0][0] + LaneAccumulators::triangle * LaneAccumulators::slots,
                  out + 7 * LaneAccumulators::slots);
      }
    }
}

void GroupAccumulators::unpack(const double* in) {
  for (auto* channel : channels_)
    for (std::size_t i = 0; i < groups_ * samples_; ++i, in += per_accumulator) {
      LaneAccumulators& a = (*channel)[i];
      std::copy(in, in + LaneAccumulators::slots, a.n);
      std::copy(in + LaneAccumulators::slots, in + 7 * LaneAccumulators::slots, &a.mean[0][0]);
      std::copy(in + 7 * LaneAccumulators::slots, in + per_accumulator, &a.m2[0][0]);
    }
}

}  // namespace spincom
