#pragma once
// The ensemble runner for the linear SDE: trajectories u <- M u + N xi (affine_step.hpp),
// sampled every `steps_per_sample` steps, accumulated into K jackknife groups.
//
// Determinism: trajectory i draws only from NormalSource(seed, i); it belongs to group i mod K,
// and each group accumulates its trajectories in increasing i. Threads (OpenMP) and processes
// (MPI ranks) split the groups, never a group, so the statistics are bitwise identical for any
// thread or rank count, and extending a run from N0 to N1 trajectories gives the same bits as
// running N1 at once.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "spincom/ensemble/covariance_accumulator.hpp"
#include "spincom/sde/affine_step.hpp"

namespace spincom {

/// The initial state u(0) ~ N(mean, V0).
struct InitialState {
  Vector6 mean = Vector6::Zero();
  Matrix6 V0;
};

/// A fixed-step schedule: samples at t_k = k * steps_per_sample * h, k = 0..samples.
struct StepSchedule {
  AffineStep step;
  std::size_t steps_per_sample;
  std::size_t samples;  ///< number of sample intervals (there are samples + 1 sample times)

  [[nodiscard]] std::vector<double> times() const;
};

/// How the groups are split over processes: rank r runs the groups g with g mod size == r. After
/// each run, `sum_across_ranks` (an MPI_Allreduce with MPI_SUM in the CLI; the library does not
/// depend on MPI) adds a buffer element-wise over all ranks; every group has exactly one owner
/// and the others contribute -0.0, so the sums are exact and every rank ends up with every
/// group, bit for bit as one process would have them.
struct RankPartition {
  int rank = 0;
  int size = 1;
  std::function<void(std::vector<double>&)> sum_across_ranks;

  [[nodiscard]] bool owns(std::size_t group) const {
    return static_cast<int>(group % static_cast<std::size_t>(size)) == rank;
  }
};

struct EnsembleSpec {
  std::uint64_t seed = 1;          ///< master seed; trajectory i uses trajectory_seed(seed, i)
  std::size_t groups = 32;         ///< K jackknife groups (>= 2)
  int threads = 0;                 ///< OpenMP threads; 0 = the OpenMP default
  std::size_t recorded_paths = 0;  ///< keep the sampled paths of the first few trajectories
  RankPartition partition;         ///< one process unless launched under MPI
};

/// What a non-finite state looked like when it was caught.
struct DivergenceReport {
  std::size_t trajectory;
  std::size_t step;   ///< global step number (from t = 0)
  double time;        ///< s
};

/// The `trajectory` of a DivergenceReport that records no failure.
inline constexpr std::size_t no_trajectory = static_cast<std::size_t>(-1);

/// The lowest failing trajectory among per-group reports (nullptr if none): the one a run
/// reports, whatever the thread schedule.
const DivergenceReport* lowest_failure(const std::vector<DivergenceReport>& per_group);

/// The first trajectory index >= first that belongs to group g of K (index mod K == g).
constexpr std::size_t first_member(std::size_t first, std::size_t g, std::size_t K) {
  return first + (g + K - first % K) % K;
}

struct EnsembleStatistics {
  EnsembleSpec spec;
  std::vector<double> times;                  ///< sample times, s
  std::size_t trajectories = 0;               ///< accumulated so far (indices 0 .. n-1)
  std::vector<CovarianceAccumulator> groups;  ///< [group * times.size() + sample]
  std::vector<std::vector<Vector6>> paths;    ///< [trajectory][sample], first recorded_paths

  /// The accumulator of group g at sample k.
  [[nodiscard]] const CovarianceAccumulator& at(std::size_t g, std::size_t k) const {
    return groups[g * times.size() + k];
  }
  /// All groups merged in group order (deterministic) at sample k.
  [[nodiscard]] CovarianceAccumulator merged(std::size_t k) const;
  /// The K group accumulators at sample k.
  [[nodiscard]] std::vector<CovarianceAccumulator> groups_at(std::size_t k) const;
};

/// Starts an empty ensemble. Throws InvalidParameter for groups < 2 or a bad schedule.
EnsembleStatistics make_ensemble(const StepSchedule& schedule, const EnsembleSpec& spec);

/// Runs trajectories [stats.trajectories, up_to) and adds them to `stats`.
/// Throws NumericalFailure naming the first trajectory, step and time where a state became
/// non-finite.
void run_linear_ensemble(EnsembleStatistics& stats, const StepSchedule& schedule,
                         const InitialState& initial, std::size_t up_to);

}  // namespace spincom
