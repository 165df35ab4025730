#include "spincom/engine/path_recorder.hpp"

#include <algorithm>

namespace spincom {

PathRecorder::PathRecorder(std::vector<std::vector<Vector6>>& paths, std::size_t first, std::size_t recorded,
                           std::size_t groups, std::size_t sample_times, std::size_t channel)
    : paths_(paths), first_(first), recorded_(recorded), groups_(groups), samples_(sample_times), channel_(channel) {
  if (paths_.size() < recorded_) paths_.resize(recorded_);
}

// Per path: a marker (1 when the owner has recorded it, -0.0 otherwise), then samples x 6 values.
void PathRecorder::pack(double* out, const RankPartition& part) const {
  for (std::size_t i = 0; i < recorded_; ++i, out += 1 + samples_ * 6)
    if (part.owns((first_ + i) % groups_) && paths_[i].size() == samples_) {
      out[0] = 1.0;
      for (std::size_t k = 0; k < samples_; ++k) std::copy(paths_[i][k].data(), paths_[i][k].data() + 6, out + 1 + k * 6);
    }
}

void PathRecorder::unpack(const double* in) {
  for (std::size_t i = 0; i < recorded_; ++i, in += 1 + samples_ * 6) {
    if (in[0] == 0.0) continue;  // not run by any rank (yet)
    paths_[i].assign(samples_, Vector6::Zero());
    for (std::size_t k = 0; k < samples_; ++k) std::copy(in + 1 + k * 6, in + 1 + k * 6 + 6, paths_[i][k].data());
  }
}

}  // namespace spincom
