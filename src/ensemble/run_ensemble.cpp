#include "spincom/ensemble/run_ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "spincom/core/error.hpp"
#include "spincom/ensemble/lane_block.hpp"
#include "spincom/ensemble/seeding.hpp"
#include "spincom/sde/noise_factor.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace spincom {

std::vector<double> StepSchedule::times() const {
  std::vector<double> t(samples + 1);
  for (std::size_t k = 0; k <= samples; ++k)
    t[k] = static_cast<double>(k * steps_per_sample) * step.h;
  return t;
}

CovarianceAccumulator EnsembleStatistics::merged(std::size_t k) const {
  CovarianceAccumulator total;
  for (std::size_t g = 0; g < spec.groups; ++g) total.merge(at(g, k));
  return total;
}

std::vector<CovarianceAccumulator> EnsembleStatistics::groups_at(std::size_t k) const {
  std::vector<CovarianceAccumulator> out;
  out.reserve(spec.groups);
  for (std::size_t g = 0; g < spec.groups; ++g) out.push_back(at(g, k));
  return out;
}

EnsembleStatistics make_ensemble(const StepSchedule& schedule, const EnsembleSpec& spec) {
  const RankPartition& part = spec.partition;
  if (part.size < 1 || part.rank < 0 || part.rank >= part.size || (part.size > 1 && !part.sum_across_ranks))
    throw InvalidParameter("rank partition " + std::to_string(part.rank) + " of " + std::to_string(part.size) +
                           ": valid is 0 <= rank < size, with a reduction when size > 1.");
  if (spec.groups < 2)
    throw InvalidParameter("jackknife groups = " + std::to_string(spec.groups) +
                           ": valid is >= 2. Hint: 32 is the default.");
  if (schedule.steps_per_sample == 0)
    throw InvalidParameter("steps per sample = 0: valid is >= 1. Hint: --dt must not exceed t_end/samples.");
  EnsembleStatistics s;
  s.spec = spec;
  s.times = schedule.times();
  s.groups.assign(spec.groups * s.times.size(), CovarianceAccumulator{});
  return s;
}

const DivergenceReport* lowest_failure(const std::vector<DivergenceReport>& per_group) {
  const DivergenceReport* lowest = nullptr;
  for (const auto& f : per_group)
    if (f.trajectory != no_trajectory && (!lowest || f.trajectory < lowest->trajectory)) lowest = &f;
  return lowest;
}

namespace {


/// Whether all eight lanes are finite: x * 0 is NaN exactly for an infinite or NaN x, and the
/// per-lane sums vectorize (idle lanes repeat lane 0, so they change nothing).
bool block_finite(const LaneBlock& b) {
  double probe[lane_width] = {};
  for (int r = 0; r < 6; ++r)
    for (std::size_t l = 0; l < lane_width; ++l) probe[l] += b.u[r][l] * 0.0;
  bool finite = true;
  for (std::size_t l = 0; l < lane_width; ++l) finite &= probe[l] == 0.0;
  return finite;
}

bool lane_finite(const LaneBlock& b, std::size_t l) {
  for (int r = 0; r < 6; ++r)
    if (!std::isfinite(b.u[r][l])) return false;
  return true;
}

/// Loads trajectory i into lane l: its engine and u(0) = mean + L0 xi (6 normals).
void start_lane(LaneBlock& b, std::size_t l, std::uint64_t seed, std::size_t i, const InitialState& initial,
                const Matrix6& L0) {
  NormalSource source(seed, i);
  const Vector6 u0 = initial.mean + L0 * source.vector();
  for (int k = 0; k < 6; ++k) b.u[k][l] = u0(k);
  b.streams.set(l, source);
}

/// Replays trajectory i alone, one step at a time, and returns the first step after which its
/// state is non-finite (no_trajectory, the largest size_t, if none). Only called after a block saw a non-finite state,
/// so its cost does not matter; the portable kernel rounds exactly like the fast one.
std::size_t first_nonfinite_step(std::uint64_t seed, std::size_t i, const InitialState& initial, const Matrix6& L0,
                                 const LaneAffine& step, std::size_t total_steps) {
  LaneBlock b{};
  for (std::size_t l = 0; l < lane_width; ++l) start_lane(b, l, seed, i, initial, L0);
  if (!lane_finite(b, 0)) return 0;
  for (std::size_t s = 1; s <= total_steps; ++s) {
    advance_lanes(step, b, 1, LaneKernel::portable);
    if (!lane_finite(b, 0)) return s;
  }
  return no_trajectory;
}

/// Every rank contributes the groups it owns (-0.0 elsewhere) to one element-wise sum; the
/// owner's numbers pass through exactly: x + (-0.0) = x for every x, signed zeros included. Failure records and recorded
/// paths travel the same way, with the trajectory index as a double (exact below 2^53).
void combine_ranks(EnsembleStatistics& stats, std::vector<DivergenceReport>& failure, std::size_t n_paths) {
  const RankPartition& part = stats.spec.partition;
  const std::size_t K = stats.spec.groups, S = stats.times.size();
  constexpr std::size_t per_acc = 1 + 6 + 36, per_failure = 3;
  std::vector<double> buf(K * S * per_acc + K * per_failure + n_paths * S * 6, -0.0);
  double* out = buf.data();
  for (std::size_t g = 0; g < K; ++g) {
    const bool mine = part.owns(g);
    for (std::size_t k = 0; k < S; ++k, out += per_acc) {
      if (!mine) continue;
      const CovarianceAccumulator& a = stats.groups[g * S + k];
      out[0] = static_cast<double>(a.n);
      std::copy(a.mean.data(), a.mean.data() + 6, out + 1);
      std::copy(a.M2.data(), a.M2.data() + 36, out + 7);
    }
  }
  for (std::size_t g = 0; g < K; ++g, out += per_failure)
    if (part.owns(g) && failure[g].trajectory != no_trajectory) {
      out[0] = static_cast<double>(failure[g].trajectory) + 1.0;  // 0 = none
      out[1] = static_cast<double>(failure[g].step);
      out[2] = failure[g].time;
    }
  for (std::size_t i = 0; i < n_paths; ++i, out += S * 6)
    if (part.owns(i % K) && stats.paths[i].size() == S)
      for (std::size_t k = 0; k < S; ++k) std::copy(stats.paths[i][k].data(), stats.paths[i][k].data() + 6, out + k * 6);

  part.sum_across_ranks(buf);

  const double* in = buf.data();
  for (std::size_t g = 0; g < K; ++g)
    for (std::size_t k = 0; k < S; ++k, in += per_acc) {
      CovarianceAccumulator& a = stats.groups[g * S + k];
      a.n = static_cast<std::size_t>(in[0]);
      std::copy(in + 1, in + 7, a.mean.data());
      std::copy(in + 7, in + 43, a.M2.data());
    }
  for (std::size_t g = 0; g < K; ++g, in += per_failure)
    failure[g] = in[0] == 0.0 ? DivergenceReport{no_trajectory, 0, 0.0}
                              : DivergenceReport{static_cast<std::size_t>(in[0] - 1.0), static_cast<std::size_t>(in[1]), in[2]};
  for (std::size_t i = 0; i < n_paths; ++i, in += S * 6) {
    stats.paths[i].assign(S, Vector6::Zero());
    for (std::size_t k = 0; k < S; ++k) std::copy(in + k * 6, in + k * 6 + 6, stats.paths[i][k].data());
  }
}

}  // namespace

void run_linear_ensemble(EnsembleStatistics& stats, const StepSchedule& schedule,
                         const InitialState& initial, std::size_t up_to) {
  const std::size_t first = stats.trajectories;
  if (up_to <= first) return;
  const std::size_t K = stats.spec.groups, n_times = stats.times.size();
  const Matrix6 L0 = noise_factor(initial.V0).L;
  const LaneAffine step(schedule.step);
  const LaneKernel kernel = fastest_lane_kernel();
  const std::size_t n_paths = std::min(stats.spec.recorded_paths, up_to);
  if (stats.paths.size() < n_paths) stats.paths.resize(n_paths);
  const std::uint64_t seed = stats.spec.seed;

  std::vector<DivergenceReport> failure(K, DivergenceReport{no_trajectory, 0, 0.0});
  const long long n_groups = static_cast<long long>(K);
#ifdef _OPENMP
  const int threads = stats.spec.threads > 0 ? stats.spec.threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#endif
  for (long long gg = 0; gg < n_groups; ++gg) {
    const std::size_t g = static_cast<std::size_t>(gg);
    if (!stats.spec.partition.owns(g)) continue;
    // The group's trajectories g, g + K, g + 2K, ... in [first, up_to), eight at a time (no
    // per-trajectory storage: memory does not grow with the number of trajectories).
    LaneBlock block{};
    std::size_t members[lane_width];
    for (std::size_t next = first_member(first, g, K); next < up_to && failure[g].trajectory == no_trajectory;) {
      std::size_t lanes = 0;
      for (; lanes < lane_width && next < up_to; ++lanes, next += K) members[lanes] = next;
      // Idle lanes rerun the block's first trajectory; nothing reads them.
      for (std::size_t l = 0; l < lane_width; ++l)
        start_lane(block, l, seed, members[(l < lanes ? l : 0)], initial, L0);
      for (std::size_t k = 0; k < n_times; ++k) {
        if (k > 0) advance_lanes(step, block, schedule.steps_per_sample, kernel);
        if (!block_finite(block)) {
          // The lowest trajectory of this block that ever goes non-finite, found by replay.
          const std::size_t total = (n_times - 1) * schedule.steps_per_sample;
          for (std::size_t l = 0; l < lanes && failure[g].trajectory == no_trajectory; ++l) {
            const std::size_t s = first_nonfinite_step(seed, members[l], initial, L0, step, total);
            if (s != no_trajectory) failure[g] = {members[l], s, static_cast<double>(s) * schedule.step.h};
          }
          if (failure[g].trajectory == no_trajectory)  // cannot happen while the kernels agree bit for bit
            for (std::size_t l = 0; l < lanes && failure[g].trajectory == no_trajectory; ++l)
              if (!lane_finite(block, l)) {
                const std::size_t s = k * schedule.steps_per_sample;
                failure[g] = {members[l], s, static_cast<double>(s) * schedule.step.h};
              }
          break;
        }
        add_lanes(stats.groups[g * n_times + k], block, lanes, kernel);
        for (std::size_t l = 0; l < lanes && members[l] < n_paths; ++l) {
          const std::size_t i = members[l];
          Vector6 u;
          for (int r = 0; r < 6; ++r) u(r) = block.u[r][l];
          if (stats.paths[i].size() != n_times) stats.paths[i].assign(n_times, Vector6::Zero());
          stats.paths[i][k] = u;
        }
      }
    }
  }
  if (stats.spec.partition.size > 1) combine_ranks(stats, failure, n_paths);
  if (const DivergenceReport* first_failure = lowest_failure(failure)) {
    const DivergenceReport& f = *first_failure;
    throw NumericalFailure("trajectory " + std::to_string(f.trajectory) + " became non-finite by step " +
                             std::to_string(f.step) + " (t = " + format_value(f.time) +
                             " s). Hint: the scheme is unstable at this --dt (try a smaller --dt or "
                             "--stepper exact), or the point is unstable.");
  }
  stats.trajectories = up_to;
}

}  // namespace spincom
