#include "spincom/engine/rank_partition.hpp"

#include <string>

#include "spincom/core/error.hpp"

namespace spincom {

void RankPartition::check() const {
  if (size < 1 || rank < 0 || rank >= size || (size > 1 && !sum_across_ranks))
    throw InvalidParameter("rank partition " + std::to_string(rank) + " of " + std::to_string(size) +
                           ": valid is 0 <= rank < size, with a reduction when size > 1.");
  if (points_per_gather == 0)
    throw InvalidParameter("rank partition with 0 sweep points per gather: valid is >= 1 (default 4096).");
}

}  // namespace spincom
