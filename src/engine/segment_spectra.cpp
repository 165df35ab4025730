#include "spincom/engine/segment_spectra.hpp"

#include <algorithm>

namespace spincom {

SegmentSpectra::SegmentSpectra(const WelchLayout& layout, std::vector<long> bins,
                               std::vector<std::pair<int, int>> pairs, std::size_t groups)
    : layout_(layout), bins_(std::move(bins)), pairs_(std::move(pairs)), work_(groups) {
  check_layout(layout_);
  for (const auto& [k, l] : pairs_) {
    channels_.push_back(k);
    channels_.push_back(l);
  }
  std::sort(channels_.begin(), channels_.end());
  channels_.erase(std::unique(channels_.begin(), channels_.end()), channels_.end());
  const auto index = [&](int q) {
    return static_cast<std::size_t>(std::find(channels_.begin(), channels_.end(), q) - channels_.begin());
  };
  for (const auto& [k, l] : pairs_) pair_channels_.emplace_back(index(k), index(l));
  groups_.assign(groups, VectorAccumulator(values()));
}

void SegmentSpectra::start_block(GroupWork& w) const {
  const std::size_t L = layout_.segment_length, B = bins_.size();
  w.ring.assign(max_lanes * channels_.size() * L, 0.0);
  w.sums.assign(max_lanes * pairs_.size() * B, Complex(0.0, 0.0));
  w.X.assign(channels_.size() * B, Complex(0.0, 0.0));
  w.ordered.assign(L, 0.0);
  w.transform.clear();
  w.transform.emplace_back(layout_, bins_);
}

void SegmentSpectra::record(GroupWork& w, std::size_t lane, std::size_t sample, const Vector6& u) const {
  const std::size_t L = layout_.segment_length;
  for (std::size_t c = 0; c < channels_.size(); ++c) w.ring[(lane * channels_.size() + c) * L + sample % L] = u(channels_[c]);
}

void SegmentSpectra::on_sample(GroupWork& w, const SampleSlot& slot) {
  const std::size_t L = layout_.segment_length;
  if (slot.sample + 1 >= L && (slot.sample + 1 - L) % layout_.hop() == 0) transform_segment(w, slot.sample, slot.lanes);
  if (slot.sample + 1 == layout_.samples()) finish_block(w, slot);
}

// The segment ending at `last`: samples last - L + 1 .. last of each lane, in time order.
void SegmentSpectra::transform_segment(GroupWork& w, std::size_t last, std::size_t lanes) const {
  const std::size_t L = layout_.segment_length, B = bins_.size(), C = channels_.size();
  const std::size_t first = last + 1 - L;
  SegmentTransform& t = w.transform.front();
  for (std::size_t l = 0; l < lanes; ++l) {
    for (std::size_t c = 0; c < C; ++c) {
      const double* ring = &w.ring[(l * C + c) * L];
      for (std::size_t n = 0; n < L; ++n) w.ordered[n] = ring[(first + n) % L];
      t.transform(w.ordered.data(), 1, &w.X[c * B]);
    }
    for (std::size_t p = 0; p < pairs_.size(); ++p) {
      const Complex* Xk = &w.X[pair_channels_[p].first * B];
      const Complex* Xl = &w.X[pair_channels_[p].second * B];
      Complex* sum = &w.sums[(l * pairs_.size() + p) * B];
      for (std::size_t b = 0; b < B; ++b) sum[b] += Xk[b] * std::conj(Xl[b]);
    }
  }
}

// Each lane's mean over segments, scaled to P_kl, into the group's accumulator in lane order
// (increasing trajectory index); then the block's buffers are released.
void SegmentSpectra::finish_block(GroupWork& w, const SampleSlot& slot) {
  const std::size_t B = bins_.size(), P = pairs_.size();
  const double scale = w.transform.front().scale() / static_cast<double>(layout_.segments);
  std::vector<double> row(values());
  for (std::size_t l = 0; l < slot.lanes; ++l) {
    for (std::size_t i = 0; i < P * B; ++i) {
      const Complex v = w.sums[l * P * B + i] * scale;
      row[2 * i] = v.real();
      row[2 * i + 1] = v.imag();
    }
    groups_[slot.group].add(row.data());
  }
  w = GroupWork{};
}

void SegmentSpectra::pack(double* out, const RankPartition& part) const {
  const std::size_t per = 1 + 2 * values();
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    if (!part.owns(g)) continue;
    double* o = out + g * per;
    o[0] = static_cast<double>(groups_[g].n);
    std::copy(groups_[g].mean.begin(), groups_[g].mean.end(), o + 1);
    std::copy(groups_[g].M2.begin(), groups_[g].M2.end(), o + 1 + values());
  }
}

void SegmentSpectra::unpack(const double* in) {
  const std::size_t per = 1 + 2 * values();
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    const double* i = in + g * per;
    groups_[g].n = static_cast<std::size_t>(i[0]);
    std::copy(i + 1, i + 1 + values(), groups_[g].mean.begin());
    std::copy(i + 1 + values(), i + 1 + 2 * values(), groups_[g].M2.begin());
  }
}

VectorAccumulator SegmentSpectra::merged() const {
  VectorAccumulator all(values());
  for (const auto& g : groups_) all.merge(g);
  return all;
}

}  // namespace spincom
