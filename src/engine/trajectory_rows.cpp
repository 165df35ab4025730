#include "spincom/engine/trajectory_rows.hpp"

#include <algorithm>

#include "spincom/core/error.hpp"

namespace spincom {

std::size_t TrajectorySelection::kept_quadratures() const {
  return static_cast<std::size_t>(std::count(quadratures.begin(), quadratures.end(), true));
}

std::vector<int> TrajectorySelection::quadrature_indices() const {
  std::vector<int> kept;
  for (int j = 0; j < 6; ++j)
    if (quadratures[static_cast<std::size_t>(j)]) kept.push_back(j);
  return kept;
}

void check_selection(const TrajectorySelection& s) {
  if (s.time_stride == 0)
    throw InvalidParameter("dataset.time_stride = 0: valid is >= 1 (1 keeps every sample). Hint: 10 keeps every tenth.");
  if (s.kept_quadratures() == 0)
    throw InvalidParameter("dataset.quadratures keeps none of the six quadratures: valid is a non-empty subset of "
                           "X_driven, Y_driven, X_other, Y_other, q, p. Hint: q,p for the mechanics alone.");
}

TrajectoryRows::TrajectoryRows(std::size_t first, std::size_t count, std::size_t groups, std::size_t sample_times,
                               const TrajectorySelection& selection, std::size_t channel, std::vector<double> storage)
    : first_(first),
      count_(count),
      groups_(groups),
      times_(selection.kept_times(sample_times)),
      stride_(selection.time_stride),
      channel_(channel),
      kept_(selection.quadrature_indices()),
      rows_(std::move(storage)) {
  check_selection(selection);
  rows_.assign(count_ * times_ * kept_.size(), 0.0);  // reused storage: no fresh pages to fault in
}

void TrajectoryRows::observe_trace(const double* trace, std::size_t first_sample, std::size_t samples,
                                   const SampleSlot& slot) {
  const std::size_t q = kept_.size();
  for (std::size_t l = 0; l < slot.lanes; ++l) {
    const std::size_t i = slot.members[l];
    if (i < first_ || i >= first_ + count_) continue;
    double* row = &rows_[(i - first_) * times_ * q];
    for (std::size_t k = first_sample; k < first_sample + samples; ++k) {
      if (k % stride_ != 0) continue;
      const double* u = trace + (k - first_sample) * 6 * trace_lanes + l;
      double* out = row + (k / stride_) * q;
      for (std::size_t j = 0; j < q; ++j) out[j] = u[static_cast<std::size_t>(kept_[j]) * trace_lanes];
    }
  }
}

// The rows of the trajectories this rank ran (their group is owned); -0.0 elsewhere, so the one
// element-wise sum over ranks passes every value through exactly.
void TrajectoryRows::pack(double* out, const RankPartition& part) const {
  const std::size_t per = times_ * kept_.size();
  for (std::size_t r = 0; r < count_; ++r)
    if (part.owns((first_ + r) % groups_)) std::copy_n(rows_.data() + r * per, per, out + r * per);
}

void TrajectoryRows::unpack(const double* in) { std::copy_n(in, rows_.size(), rows_.data()); }

}  // namespace spincom
