#include "spincom/engine/group_accumulators.hpp"

namespace spincom {

void GroupAccumulators::pack(double* out, const RankPartition& part) const {
  for (const auto* channel : channels_)
    for (std::size_t g = 0; g < groups_; ++g) {
      const bool mine = part.owns(g);
      for (std::size_t k = 0; k < samples_; ++k, out += per_accumulator) {
        if (!mine) continue;
        const CovarianceAccumulator& a = (*channel)[g * samples_ + k];
        out[0] = static_cast<double>(a.n);
        std::copy(a.mean.data(), a.mean.data() + 6, out + 1);
        std::copy(a.M2.data(), a.M2.data() + 36, out + 7);
      }
    }
}

void GroupAccumulators::unpack(const double* in) {
  for (auto* channel : channels_)
    for (std::size_t i = 0; i < groups_ * samples_; ++i, in += per_accumulator) {
      CovarianceAccumulator& a = (*channel)[i];
      a.n = static_cast<std::size_t>(in[0]);
      std::copy(in + 1, in + 7, a.mean.data());
      std::copy(in + 7, in + 43, a.M2.data());
    }
}

}  // namespace spincom
