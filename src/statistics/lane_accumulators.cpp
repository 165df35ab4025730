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

namespace {

/// One slot in the slots' own form: n, mean and the upper triangle of M2.
struct SlotMoments {
  double n;
  double mean[6];
  double m2[LaneAccumulators::triangle];
};

SlotMoments take(const LaneAccumulators& a, std::size_t s) {
  SlotMoments m;
  m.n = a.n[s];
  for (std::size_t r = 0; r < 6; ++r) m.mean[r] = a.mean[r][s];
  for (std::size_t t = 0; t < LaneAccumulators::triangle; ++t) m.m2[t] = a.m2[t][s];
  return m;
}

/// CovarianceAccumulator::merge on the upper triangle, entry by entry the same operations:
/// mean_r + delta_r (nb / nt) and M2_rc + (M2'_rc + (delta_r delta_c) (na nb / nt)). Each term is
/// symmetric in (r, c), so the lower triangle of the full merge is the mirror of this one.
void merge_into(SlotMoments& x, const SlotMoments& y) {
  if (y.n == 0.0) return;
  if (x.n == 0.0) {
    x = y;
    return;
  }
  const double na = x.n, nb = y.n, nt = na + nb;
  double delta[6];
  for (std::size_t r = 0; r < 6; ++r) delta[r] = y.mean[r] - x.mean[r];
  const double w = nb / nt, f = na * nb / nt;
  for (std::size_t r = 0; r < 6; ++r) x.mean[r] = x.mean[r] + delta[r] * w;
  for (std::size_t r = 0, t = 0; r < 6; ++r)
    for (std::size_t c = r; c < 6; ++c, ++t) x.m2[t] = x.m2[t] + (y.m2[t] + (delta[r] * delta[c]) * f);
  x.n = nt;  // whole numbers: exact below 2^53, as the size_t sum is
}

}  // namespace

// The tree of slot() merges, without building eight 6 x 6 matrices: the same bits (a test
// compares the two), about a third of the time; every statistic a run reports goes through it.
CovarianceAccumulator LaneAccumulators::merged() const {
  SlotMoments pair[4];
  for (std::size_t p = 0; p < 4; ++p) {
    pair[p] = take(*this, 2 * p);
    merge_into(pair[p], take(*this, 2 * p + 1));
  }
  merge_into(pair[0], pair[1]);
  merge_into(pair[2], pair[3]);
  merge_into(pair[0], pair[2]);
  CovarianceAccumulator a;
  a.n = static_cast<std::size_t>(pair[0].n);
  for (int r = 0; r < 6; ++r) a.mean(r) = pair[0].mean[r];
  for (std::size_t r = 0, t = 0; r < 6; ++r)
    for (std::size_t c = r; c < 6; ++c, ++t) {
      a.M2(static_cast<int>(r), static_cast<int>(c)) = pair[0].m2[t];
      a.M2(static_cast<int>(c), static_cast<int>(r)) = pair[0].m2[t];
    }
  return a;
}

}  // namespace spincom
