// The scalar reference of the lane accumulators. Compiled with -ffp-contract=off (CMakeLists.txt):
// the SIMD update (engine/lane_simd.cpp) must round exactly as add() does.
#include "spincom/statistics/lane_accumulators.hpp"

namespace spincom {

void LaneAccumulators::add(std::size_t s, const Vector6& x) {
  n[s] = n[s] + 1.0;
  const double inv_n = 1.0 / n[s];
  double delta[6], e[6];
  for (int r = 0; r < 6; ++r) {
    delta[r] = x(r) - mean[r][s];
    mean[r][s] = mean[r][s] + delta[r] * inv_n;
    e[r] = x(r) - mean[r][s];
  }
  for (std::size_t r = 0, t = 0; r < 6; ++r)
    for (std::size_t c = r; c < 6; ++c, ++t) m2[t][s] = m2[t][s] + delta[r] * e[c];
}

CovarianceAccumulator LaneAccumulators::slot(std::size_t s) const {
  CovarianceAccumulator a;
  a.n = static_cast<std::size_t>(n[s]);
  for (int r = 0; r < 6; ++r) a.mean(r) = mean[r][s];
  for (std::size_t r = 0, t = 0; r < 6; ++r)
    for (std::size_t c = r; c < 6; ++c, ++t) {
      a.M2(static_cast<int>(r), static_cast<int>(c)) = m2[t][s];
      a.M2(static_cast<int>(c), static_cast<int>(r)) = m2[t][s];
    }
  return a;
}

CovarianceAccumulator LaneAccumulators::merged() const {
  CovarianceAccumulator pair[4];
  for (std::size_t p = 0; p < 4; ++p) {
    pair[p] = slot(2 * p);
    pair[p].merge(slot(2 * p + 1));
  }
  pair[0].merge(pair[1]);
  pair[2].merge(pair[3]);
  pair[0].merge(pair[2]);
  return pair[0];
}

}  // namespace spincom
