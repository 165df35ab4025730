#pragma once
// The time grid of a run: samples at t_k = k t_end / samples, k = 0..samples, stepped with a
// fixed step dt that divides the sample interval. Zero means "resolve it for me": t_end from the
// slowest relaxation rate, dt by the model's automatic-step rule.
#include <cstddef>

namespace spincom {

struct TimeGrid {
  double t_end = 0.0;         ///< s; 0 = automatic (a multiple of 1/|max Re lambda|)
  std::size_t samples = 100;  ///< sample intervals (samples + 1 sample times, t = 0 included)
  double dt = 0.0;            ///< s; 0 = automatic
  double auto_dt_bias = 1e-2; ///< automatic dt: the largest whose scheme's weak bias of V is <= this

  [[nodiscard]] double interval() const { return t_end / static_cast<double>(samples); }
};

/// Throws InvalidParameter unless samples >= 1, t_end and dt are finite and >= 0 (0 = automatic)
/// and auto_dt_bias is finite and > 0. Messages name the field (grid.samples, grid.t_end, ...).
void check_time_grid(const TimeGrid& grid);

/// t_end = multiple / rate when it was left at 0 (rate = |max Re lambda|); then checks it is
/// finite and > 0. Throws InvalidParameter with the default in the hint.
void resolve_t_end(TimeGrid& grid, double multiple, double rate);

}  // namespace spincom
