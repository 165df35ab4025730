#include "spincom/statistics/ensemble_statistics.hpp"

#include <string>

#include "spincom/core/error.hpp"

namespace spincom {

EnsembleStatistics::EnsembleStatistics(const EnsembleSpec& s, std::vector<double> t) : spec(s), times(std::move(t)) {
  if (spec.groups < 2)
    throw InvalidParameter("ensemble.groups = " + std::to_string(spec.groups) +
                           ": valid is >= 2. Hint: 32 is the default.");
  // Trajectory indices travel as doubles in the MPI reduction: exact below 2^53.
  if (spec.first_trajectory > (std::size_t{1} << 52))
    throw InvalidParameter("ensemble.first_trajectory = " + std::to_string(spec.first_trajectory) +
                           ": valid is 0 to 2^52 = " + std::to_string(std::size_t{1} << 52) +
                           ". Hint: pieces of one run start at 0, N, 2N, ...");
  groups = AccumulatorTable(spec.groups, times.size());  // zeros
}

CovarianceAccumulator EnsembleStatistics::merged(std::size_t k) const { return merge_groups(groups_at(k)); }

std::vector<CovarianceAccumulator> EnsembleStatistics::groups_at(std::size_t k) const {
  std::vector<CovarianceAccumulator> out;
  out.reserve(spec.groups);
  for (std::size_t g = 0; g < spec.groups; ++g) out.push_back(at(g, k).merged());
  return out;
}

CovarianceAccumulator merge_groups(const std::vector<CovarianceAccumulator>& groups) {
  CovarianceAccumulator total;
  for (const CovarianceAccumulator& g : groups) total.merge(g);
  return total;
}

}  // namespace spincom
