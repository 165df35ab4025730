#pragma once
// The time grid of a run: samples at t_k = k t_end / samples, k = 0..samples, stepped with a
// fixed step dt that divides the sample interval. Zero means "resolve it for me": t_end from the
// slowest relaxation rate, dt by the model's automatic-step rule; samples is a minimum the linear
// model raises until the spacing resolves the mechanics and the cavity (resolve_samples).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "spincom/core/warning.hpp"
#include "spincom/model/parameters.hpp"

namespace spincom {

struct TimeGrid {
  double t_end = 0.0;         ///< s; 0 = automatic (a multiple of 1/|max Re lambda|)
  std::size_t samples = 100;  ///< sample intervals (samples + 1 sample times, t = 0 included)
  double dt = 0.0;            ///< s; 0 = automatic
  double auto_dt_bias = 1e-2; ///< automatic dt: the largest whose scheme's weak bias of V is <= this
  /// grid.raise_samples: `samples` is a minimum, raised (linear model) until the spacing resolves
  /// the dynamics (resolving_interval), up to max_resolving_samples. false: exactly `samples`.
  bool raise_samples = true;

  [[nodiscard]] double interval() const { return t_end / static_cast<double>(samples); }
};

/// Throws InvalidParameter unless samples >= 1, t_end and dt are finite and >= 0 (0 = automatic)
/// and auto_dt_bias is finite and > 0. Messages name the field (grid.samples, grid.t_end, ...).
void check_time_grid(const TimeGrid& grid);

/// A t_end or dt the user gave (`name` is the flag or key): finite and > 0, never 0 for "automatic"
/// (leaving it out asks for that). Returns `seconds`; throws InvalidParameter otherwise.
double requested_time(std::string_view name, double seconds);

/// The longest end time, in relaxation times 1/|max Re lambda| (docs/decisions.md 72).
inline constexpr double max_relaxation_times = 1e6;

/// t_end = multiple / rate when it was left at 0 (rate = |max Re lambda|); then checks it is
/// finite, > 0 and at most max_relaxation_times / rate. Throws InvalidParameter with the default in the hint.
void resolve_t_end(TimeGrid& grid, double multiple, double rate);

/// Samples per mechanical period the spacing must give, and the cap of the automatic raise
/// (docs/decisions.md 41).
inline constexpr double samples_per_mechanical_period = 4.0;
inline constexpr std::size_t max_resolving_samples = 2000;

/// The largest sample spacing that resolves the dynamics, s: min(2 pi/omega_m / 4, 1/kappa), the
/// mechanical oscillation (four samples per period) and the cavity build-up.
double resolving_interval(const Parameters& p);

/// The largest number of sample times the grid can have after resolve_samples (for estimates made
/// before the run).
std::size_t max_sample_times(const TimeGrid& grid);

/// When grid.raise_samples: samples = max(samples, ceil(t_end / resolving_interval)) when that is
/// at most max_resolving_samples; above the cap the grid is left as it is (a uniform grid that
/// cannot resolve both would cost more without showing the build-up). t_end must be resolved.
/// Returns whether resolving was needed and the cap prevented it.
bool resolve_samples(TimeGrid& grid, const Parameters& p);

/// What a spacing warning tells the user to change: the spec fields of the front end.
struct GridFields {
  std::string samples = "grid.samples";
  std::string t_end = "grid.t_end";
};

/// The "sample_spacing" warning when t_end/intervals exceeds resolving_interval(p): the spacing in
/// mechanical periods and in 1/kappa, what it hides, and what to do; `capped`: the automatic raise
/// could not reach it within `cap` intervals (t_end and the spacing cannot both be met).
std::vector<Warning> sample_spacing_warnings(double t_end, std::size_t intervals, const Parameters& p, bool capped,
                                             std::size_t cap = max_resolving_samples, const GridFields& fields = {});

}  // namespace spincom
