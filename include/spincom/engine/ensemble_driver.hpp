#pragma once
// The one ensemble driver of spincom. It owns what every time-domain ensemble shares:
//   - the split of K jackknife groups over OpenMP threads and MPI ranks (never a group),
//   - the per-trajectory seeding: trajectory i draws only from NormalSource(seed, i),
//   - the order of work: group g holds trajectories g, g + K, g + 2K, ... and sees them in
//     increasing index, a block of Kernel::lanes (L) at a time; the blocks are aligned: trajectory
//     g + mK is in lane m mod L of its block, in every run, so a run continued from any count
//     (rounds, --target-tol, a resumed checkpoint) forms the blocks of one undivided run (its first
//     block may be partial),
//   - the divergence status: the lowest trajectory whose state became non-finite, its step and
//     time, found by replaying it alone.
// It advances a *kernel* over the sample grid and hands the states to *observers* at every
// sample time. So the statistics are bitwise identical for any thread or rank count, and
// extending a run from N0 to N1 trajectories gives the bits of one run of N1.
//
// A Kernel (see affine_lane_kernel.hpp, paired_heun_kernel.hpp) provides:
//   typename Block;  static constexpr std::size_t lanes;  std::size_t channels() const;
//   void start(Block&, std::size_t lane, NormalSource) const;     the initial sample of a lane
//   void advance(Block&, std::size_t steps) const;                 steps of every lane
//   bool all_finite(const Block&) const;  bool lane_finite(const Block&, std::size_t lane) const;
//   std::size_t first_nonfinite_step(NormalSource, std::size_t total_steps) const;  replay of one
//       trajectory alone: the first step after which its state is non-finite (no_trajectory: none)
//   void accumulate(LaneAccumulators* const* per_channel, const Block&, std::size_t first_slot,
//                   std::size_t lanes) const;   lane l into slot (first_slot + l) mod 8
//   Vector6 state(const Block&, std::size_t lane, std::size_t channel) const;
// and may provide the fused sample loop (FusableKernel below):
//   bool advance_accumulating(Block&, std::size_t steps, std::size_t samples, LaneAccumulators* const* at,
//                             double* trace, bool overwrite) const;   overwrite: set every field of the
//       targets instead of adding to them (they were never written)
// An Observer (group_accumulators.hpp, path_recorder.hpp) provides:
//   template <class Kernel> void check(const Kernel&) const;   throws when it does not fit the kernel
//   template <class Kernel> void observe(const Kernel&, const typename Kernel::Block&, const SampleSlot&);
//       called from worker threads; it may write only what belongs to slot.group
//   std::size_t packed_size() const; void pack(double*, const RankPartition&) const; void unpack(const double*);
//       its share of the one element-wise sum over ranks (owned groups, -0.0 elsewhere)
// and may say it ignores a block (SelectiveObserver: bool watches(const SampleSlot&) const), let
// the kernel feed it (FusableObserver: fused_targets) or read the states from the kernel's trace
// (TracingObserver: observe_trace). A whole aligned block that no observer but these watches runs
// its samples in advance_accumulating calls, with the bits of the per-sample loop (one kernel call
// per sample, which the paired kernel and any block a path recorder watches take). After a
// divergence the fused accumulators may hold NaN: every caller discards the statistics of a run
// that diverged.
#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "spincom/core/error.hpp"
#include "spincom/engine/divergence.hpp"
#include "spincom/engine/progress.hpp"
#include "spincom/engine/rank_partition.hpp"
#include "spincom/random/normal_source.hpp"
#include "spincom/statistics/lane_accumulators.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace spincom {

/// The most channels a kernel has (the paired nonlinear kernel: u, v, u - v).
inline constexpr std::size_t max_kernel_channels = 3;

/// The first trajectory index >= first that belongs to group g of K (index mod K == g).
constexpr std::size_t first_member(std::size_t first, std::size_t g, std::size_t K) {
  return first + (g + K - first % K) % K;
}

/// What an observer is handed at one sample time: a block of one group's trajectories.
struct SampleSlot {
  std::size_t group;
  std::size_t sample;          ///< index into the sample times
  const std::size_t* members;  ///< trajectory index of each active lane
  std::size_t lanes;           ///< active lanes (the others repeat lane 0 and must be ignored)
  std::size_t first_ordinal;   ///< m of members[0] = group + mK (lane l holds ordinal first_ordinal + l)
};

/// Execution of one ensemble run: which trajectories, on what grid, split how.
struct DrivePlan {
  std::uint64_t seed = 1;           ///< master seed
  std::size_t groups = 32;          ///< K jackknife groups
  std::size_t first = 0;            ///< run trajectories [first, up_to)
  std::size_t up_to = 0;
  std::size_t sample_times = 1;     ///< samples + 1 (t = 0 included)
  std::size_t steps_per_sample = 1;
  double h = 0.0;                   ///< step, s (for the reported time)
  int threads = 0;                  ///< OpenMP threads; 0 = the OpenMP default
  const RankPartition* partition = nullptr;  ///< nullptr: one process
  Progress* progress = nullptr;              ///< finished blocks are counted here (optional)
};

/// Lanes of a trace row of the fused sample loop (its block width: trace[(k * 6 + r) * trace_lanes
/// + lane]), and samples per fused call when a tracing observer takes the states: 64 x 48
/// doubles, 24 KB, stay in the L1 cache.
inline constexpr std::size_t trace_lanes = LaneAccumulators::slots;
inline constexpr std::size_t trace_samples = 64;

namespace detail {

/// The lowest trajectory of a block that goes non-finite, replayed alone; if no replay fails
/// (impossible while the kernels round alike), the first lane that is non-finite now.
template <class Kernel>
DivergenceReport locate_divergence(const Kernel& kernel, const typename Kernel::Block& block, const DrivePlan& plan,
                                   const std::size_t* members, std::size_t lanes, std::size_t sample) {
  const std::size_t total = (plan.sample_times - 1) * plan.steps_per_sample;
  for (std::size_t l = 0; l < lanes; ++l) {
    const std::size_t s = kernel.first_nonfinite_step(NormalSource(plan.seed, members[l]), total);
    if (s != no_trajectory) return {members[l], s, static_cast<double>(s) * plan.h};
  }
  const std::size_t s = sample * plan.steps_per_sample;
  for (std::size_t l = 0; l < lanes; ++l)
    if (!kernel.lane_finite(block, l)) return {members[l], s, static_cast<double>(s) * plan.h};
  return {members[0], s, static_cast<double>(s) * plan.h};
}

/// An observer the kernel can feed itself (GroupAccumulators): fused_targets(group, sample,
/// samples, at) sets at[channel] to the accumulator of that group and sample, the next samples'
/// following it, and returns true when the kernel must overwrite them (none was written yet).
template <class O>
concept FusableObserver = requires(const O& o, LaneAccumulators** at) {
  { o.fused_targets(std::size_t{}, std::size_t{}, std::size_t{}, at) } -> std::convertible_to<bool>;
};
/// An observer that ignores some blocks (PathRecorder): watches(slot) is false for them.
template <class O>
concept SelectiveObserver = requires(const O& o, const SampleSlot& s) {
  { o.watches(s) } -> std::convertible_to<bool>;
};
/// An observer that can take a block's states from the fused loop's trace (TrajectoryRows):
/// observe_trace(trace, first_sample, samples, slot) with trace[(k * 6 + r) * trace_lanes + lane]
/// the state of sample first_sample + k; traces() says whether it can for this block's run.
template <class O>
concept TracingObserver = requires(O& o, const O& c, const double* trace, const SampleSlot& s) {
  o.observe_trace(trace, std::size_t{}, std::size_t{}, s);
  { c.traces() } -> std::convertible_to<bool>;
};
/// A kernel with the fused sample loop: advance_accumulating(block, steps, samples, at, trace,
/// overwrite) steps a whole aligned block `samples` times and adds it into at[channel][k] after
/// the k-th (and stores channel 0 into `trace` when it is not null), with the bits of advance +
/// accumulate; with `overwrite` the targets hold garbage and it sets every field as if they had
/// been zero. It returns false when a sampled state was non-finite.
template <class K>
concept FusableKernel = requires(const K& k, typename K::Block& b, LaneAccumulators* const* at, double* trace) {
  { k.advance_accumulating(b, std::size_t{}, std::size_t{}, at, trace, bool{}) } -> std::convertible_to<bool>;
};

/// Whether the driver may fuse a run: a fusable kernel of eight lanes and exactly one fusable observer.
template <class Kernel, class... Observers>
inline constexpr bool fusable_run =
    FusableKernel<Kernel> && Kernel::lanes == LaneAccumulators::slots && (0 + ... + int{FusableObserver<Observers>}) == 1;

/// Whether an observer leaves a block to the fused loop: the fusable one is fed by the kernel, a
/// tracing one reads the trace when it can, a selective one must not watch the block, any other
/// needs every sample.
template <class O>
bool leaves_to_fused(const O& observer, const SampleSlot& slot) {
  if constexpr (FusableObserver<O>) return true;
  else if constexpr (TracingObserver<O>) return observer.traces();
  else if constexpr (SelectiveObserver<O>) return !observer.watches(slot);
  else return false;
}

/// Samples 1 .. sample_times-1 of a block, one kernel call and one observation per sample.
/// Returns false (with `failure` set) at the first non-finite state.
template <class Kernel, class... Observers>
bool run_samples(const Kernel& kernel, typename Kernel::Block& block, const DrivePlan& plan, const SampleSlot& first,
                 DivergenceReport& failure, Observers&... observers) {
  for (std::size_t k = 1; k < plan.sample_times; ++k) {
    kernel.advance(block, plan.steps_per_sample);
    if (!kernel.all_finite(block)) {
      failure = locate_divergence(kernel, block, plan, first.members, first.lanes, k);
      return false;
    }
    SampleSlot slot = first;
    slot.sample = k;
    (observers.observe(kernel, block, slot), ...);
  }
  return true;
}

/// The same samples in fused kernel calls (FusableKernel), for a whole aligned block that only
/// the fusable and tracing observers watch: bit for bit what run_samples gives, without a call per
/// sample. One call covers every sample, or trace_samples of them when an observer takes a trace.
template <class Kernel, class... Observers>
bool run_samples_fused(const Kernel& kernel, typename Kernel::Block& block, const DrivePlan& plan,
                       const SampleSlot& first, DivergenceReport& failure, Observers&... observers) {
  constexpr bool traced = (false || ... || TracingObserver<Observers>);
  thread_local std::vector<double> trace;  // one per worker thread
  if (traced) trace.resize(trace_samples * 6 * trace_lanes);
  const std::size_t chunk = traced ? trace_samples : plan.sample_times;
  for (std::size_t k0 = 1; k0 < plan.sample_times;) {
    const std::size_t n = std::min(chunk, plan.sample_times - k0);
    LaneAccumulators* at[max_kernel_channels] = {};
    bool overwrite = false;
    auto targets = [&](const auto& o) {
      if constexpr (FusableObserver<std::decay_t<decltype(o)>>) overwrite = o.fused_targets(first.group, k0, n, at);
    };
    (targets(observers), ...);
    if (!kernel.advance_accumulating(block, plan.steps_per_sample, n, at, traced ? trace.data() : nullptr, overwrite)) {
      failure = locate_divergence(kernel, block, plan, first.members, first.lanes, k0 + n - 1);
      return false;
    }
    auto feed = [&](auto& o) {
      if constexpr (TracingObserver<std::decay_t<decltype(o)>>) o.observe_trace(trace.data(), k0, n, first);
    };
    (feed(observers), ...);
    k0 += n;
  }
  return true;
}

/// Runs group g's trajectories in [plan.first, plan.up_to), a block at a time; stops the group
/// at its first divergence.
template <class Kernel, class... Observers>
void run_group(const Kernel& kernel, const DrivePlan& plan, std::size_t g, DivergenceReport& failure,
               Observers&... observers) {
  constexpr std::size_t L = Kernel::lanes;
  typename Kernel::Block block{};
  std::size_t members[L];
  for (std::size_t next = first_member(plan.first, g, plan.groups); next < plan.up_to;) {
    const std::size_t first_ordinal = next / plan.groups;  // next = g + mK goes to lane m mod L
    const std::size_t room = L - first_ordinal % L;
    std::size_t lanes = 0;
    for (; lanes < room && next < plan.up_to; ++lanes, next += plan.groups) members[lanes] = next;
    for (std::size_t l = 0; l < L; ++l)  // idle lanes rerun the block's first trajectory
      kernel.start(block, l, NormalSource(plan.seed, members[l < lanes ? l : 0]));
    if (!kernel.all_finite(block)) {
      failure = locate_divergence(kernel, block, plan, members, lanes, 0);
      return;
    }
    const SampleSlot slot{g, 0, members, lanes, first_ordinal};
    (observers.observe(kernel, block, slot), ...);
    bool finished = false;
    if constexpr (fusable_run<Kernel, Observers...>)
      if (lanes == L && first_ordinal % L == 0 && (leaves_to_fused(observers, slot) && ...)) {
        if (plan.sample_times > 1 && !run_samples_fused(kernel, block, plan, slot, failure, observers...)) return;
        finished = true;
      }
    if (!finished && !run_samples(kernel, block, plan, slot, failure, observers...)) return;
    if (plan.progress) plan.progress->add(lanes);
  }
}

/// Doubles per group in the reduction buffer for its failure record (trajectory + 1, step, time).
inline constexpr std::size_t per_failure = 3;

/// The length of the one reduction buffer: the observers' shares and the failure records.
template <class... Observers>
std::size_t reduction_size(std::size_t groups, const Observers&... observers) {
  std::size_t total = groups * per_failure;
  ((total += observers.packed_size()), ...);
  return total;
}

/// Every rank contributes what it owns (-0.0 elsewhere) to one element-wise sum; the owner's
/// numbers pass through exactly, since x + (-0.0) = x for every x, signed zeros included.
/// Failure records travel the same way, with the trajectory index as a double (exact below 2^53).
template <class... Observers>
void combine_ranks(const RankPartition& part, std::vector<DivergenceReport>& failure, Observers&... observers) {
  const std::size_t K = failure.size();
  std::vector<double> buf(reduction_size(K, observers...), -0.0);
  double* out = buf.data();
  ((observers.pack(out, part), out += observers.packed_size()), ...);
  for (std::size_t g = 0; g < K; ++g, out += per_failure)
    if (part.owns(g) && failure[g].trajectory != no_trajectory) {
      out[0] = static_cast<double>(failure[g].trajectory) + 1.0;  // 0 = none
      out[1] = static_cast<double>(failure[g].step);
      out[2] = failure[g].time;
    }
  part.sum_across_ranks(buf);
  const double* in = buf.data();
  ((observers.unpack(in), in += observers.packed_size()), ...);
  for (std::size_t g = 0; g < K; ++g, in += per_failure)
    failure[g] = in[0] == 0.0 ? DivergenceReport{no_trajectory, 0, 0.0}
                              : DivergenceReport{static_cast<std::size_t>(in[0] - 1.0),
                                                 static_cast<std::size_t>(in[1]), in[2]};
}

}  // namespace detail

/// Runs trajectories [plan.first, plan.up_to) of the kernel and hands every sample to the
/// observers. Returns the lowest diverging trajectory (with its step and time), or nullopt.
/// Under a partition of several ranks every rank returns with every group's observations.
template <class Kernel, class... Observers>
std::optional<DivergenceReport> drive_ensemble(const Kernel& kernel, const DrivePlan& plan, Observers&... observers) {
  if (plan.up_to <= plan.first) return std::nullopt;
  const std::size_t K = plan.groups;
  (observers.check(kernel), ...);  // before any thread starts: nothing may throw inside the region
  const RankPartition one_process;
  const RankPartition& part = plan.partition ? *plan.partition : one_process;
  if (const std::size_t length = detail::reduction_size(K, observers...); part.size > 1 && length > part.max_buffer)
    throw InvalidParameter("the reduction over " + std::to_string(part.size) + " ranks needs " +
                           std::to_string(length) + " doubles: valid is at most " +
                           std::to_string(part.max_buffer) +
                           " in one message. Hint: fewer grid.samples or ensemble.recorded_paths.");
  std::vector<DivergenceReport> failure(K, DivergenceReport{no_trajectory, 0, 0.0});
  const long long n_groups = static_cast<long long>(K);
#ifdef _OPENMP
  const int threads = plan.threads > 0 ? plan.threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
#endif
  for (long long gg = 0; gg < n_groups; ++gg) {
    const std::size_t g = static_cast<std::size_t>(gg);
    if (part.owns(g)) detail::run_group(kernel, plan, g, failure[g], observers...);
  }
  if (part.size > 1) detail::combine_ranks(part, failure, observers...);
  if (const DivergenceReport* f = lowest_failure(failure)) return *f;
  return std::nullopt;
}

}  // namespace spincom
