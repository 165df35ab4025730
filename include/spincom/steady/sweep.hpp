#pragma once
// Parameter sweeps of the steady state over 1-D and 2-D grids (linear or log spaced), both
// driving directions, every or only the selected branch; parallel over grid points (OpenMP)
// with results independent of the thread count (each point is computed alone and stored in
// grid order).
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "spincom/steady/steady_state.hpp"
#include "spincom/config/config.hpp"
#include "spincom/engine/rank_partition.hpp"

namespace spincom {

/// One axis: `key` is a parameter name of docs/physics.md section 10.
struct SweepAxis {
  std::string key;
  double start;
  double stop;
  std::size_t count;
  bool log = false;

  /// The grid values (count of them; start and stop included).
  [[nodiscard]] std::vector<double> values() const;
};

/// Parses "NAME:START:STOP:COUNT[:log]" (START/STOP may carry units: "Omega:0:23k:47").
/// Throws InvalidParameter for an unknown name (with a hint), an empty range (count 0, or
/// start == stop with count > 1), non-finite ends, or a log axis that is not strictly positive.
SweepAxis parse_axis(std::string_view text);

/// Points above this are refused before any memory is allocated (about 40 MB of rows per
/// million points and direction).
inline constexpr std::size_t max_sweep_points = 20'000'000;

/// A 1-D or 2-D grid of parameter values; point p has axis-0 index p mod count_0 (first axis
/// fastest), axis-1 index p / count_0.
struct SweepGrid {
  std::vector<SweepAxis> axes;
  std::vector<std::vector<double>> axis_values;  ///< per axis
  std::size_t n_points = 0;

  /// Throws InvalidParameter for 0 or more than 2 axes, the same key twice, or more than
  /// max_sweep_points points.
  static SweepGrid make(const std::vector<SweepAxis>& axes);
  /// The axis values of grid point `point`.
  [[nodiscard]] std::vector<double> point_values(std::size_t point) const;
  /// `base` with the axis values of `point` substituted.
  [[nodiscard]] Parameters parameters_at(const Parameters& base, std::size_t point) const;
};

/// The driving directions of a choice, ccw first.
std::vector<Direction> directions_of(DirectionChoice choice);

/// One fixed point of one direction at one grid point: a CSV row.
struct SweepRow {
  std::size_t point;        ///< flat grid index (first axis fastest)
  Direction direction;
  std::size_t branch;       ///< index among all fixed points (ascending q_s)
  std::size_t n_fixed_points;
  bool selected;            ///< the branch rule's choice
  double N_driven, N_other;
  double abs_G_driven_over_omega_m, abs_G_other_over_omega_m;
  double Delta_tilde_driven, Delta_tilde_other;  ///< s^-1
  bool stable;              ///< the verdict is stable (steady/steady_state.hpp)
  bool undetermined;        ///< the verdict is undetermined at double precision (stable = 0, yet not shown unstable)
  double max_re_eig;        ///< s^-1
  double Theta_5, Theta_6;
  double E_N;               ///< NaN when not stable
  double nu_minus;          ///< Eq. (13), the smallest symplectic eigenvalue of the partial transpose; NaN when not stable
};

struct SweepResult : SweepGrid {
  std::vector<SweepRow> rows;      ///< grid order, then ccw before cw, then branch (rank 0 only under MPI)
  std::vector<double> Delta_E_N;   ///< per point: E_N(ccw) - E_N(cw) of the selected branches (NaN if undefined or one direction)
};

/// Runs the sweep, over `ranks` (steady/rank_points.hpp: the rows land on rank 0, the same bits
/// as one process) and `threads`. `progress(done, total)` is called from the main thread only (may
/// be empty). Throws InvalidParameter for bad axes (duplicate keys, more than 2 axes, too many points).
SweepResult run_sweep(const Parameters& base, const std::vector<SweepAxis>& axes, DirectionChoice directions,
                      BranchSelection branches, int threads = 0,
                      const std::function<void(std::size_t, std::size_t)>& progress = {},
                      const RankPartition& ranks = {});

}  // namespace spincom
