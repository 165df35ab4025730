#pragma once
// Stationary spectra estimated from trajectories (docs/physics.md section 13, "Welch estimates"):
// the linear ensemble started in the steady state (u(0) ~ N(0, V), V the Lyapunov covariance),
// stepped by the exact OU step at the sample spacing (so the sampled process is exactly the
// continuous one at the sample times, and stays stationary), cut into half-overlapping Hann
// segments (engine/segment_spectra.hpp, statistics/welch_spectrum.hpp), with the standard error
// over independent trajectories. The estimate is compared, value by value, with the exact
// expectation of the estimator for the sampled OU process (C(m dt) = Phi^m V, Phi = e^{A dt}):
// the closed form S_kl aliased and smoothed exactly as the estimator sees it (decision 56).
// Its distance to the continuous S_kl (the estimator's bias) is reported in units of the error bar.
#include <cstdint>
#include <utility>
#include <vector>

#include "spincom/core/conventions.hpp"
#include "spincom/covariance/quadrature_spectrum.hpp"
#include "spincom/engine/execution.hpp"
#include "spincom/statistics/spectrum_agreement.hpp"
#include "spincom/statistics/welch_spectrum.hpp"

namespace spincom {

/// Automatic sample spacing: the Nyquist frequency pi/dt is this many times the largest |omega| shown.
inline constexpr double welch_nyquist_factor = 8.0;
/// Automatic segment length: the bin spacing 2 pi/(L dt) is at most |max Re lambda| / this (the
/// narrowest line has half-width |max Re lambda|); L is a power of two, at least 64.
inline constexpr double welch_bins_per_halfwidth = 4.0;
/// The agreement limit is Bonferroni-t at alpha / this: measured over 600 seeds at the default size
/// (64 trajectories x 16 segments), the plain limit fails a correct estimate 1.8x as often as alpha
/// says (0.018 at 0.01, 0.090 at 0.05), the t tails being too light for periodogram means (decision 56).
inline constexpr double welch_tail_margin = 2.0;
/// Jackknife-free groups of the driver (the split over threads; the numbers do not depend on it).
inline constexpr std::size_t welch_groups = 16;

struct TrajectorySpectrumSpec {
  std::size_t trajectories = 0;    ///< spectrum.trajectories; 0: no trajectory estimate, else >= 2
  std::size_t segment_length = 0;  ///< spectrum.segment_length, samples; 0: automatic
  std::size_t segments = 16;       ///< spectrum.segments per trajectory (overlapping by half)
  double dt = 0.0;                 ///< spectrum.dt, s; 0: automatic
  std::uint64_t seed = 20201001;   ///< spectrum.seed; trajectory i uses trajectory_seed(seed, i)
  double alpha = 1e-3;             ///< spectrum.alpha: false-alarm rate of the agreement verdict
};

/// Where a compared value lies.
struct SpectrumValueRef {
  std::size_t entry = 0, bin = 0;  ///< index into the entries and into omega
  bool imaginary = false;
};

struct TrajectorySpectra {
  TrajectorySpectrumSpec spec;  ///< dt and segment_length resolved
  WelchLayout layout;
  std::vector<double> omega;    ///< the bins 2 pi j / (L dt) with |omega| <= omega_max, s^-1
  std::vector<std::vector<Complex>> estimate;  ///< [entry][bin], s
  std::vector<std::vector<Complex>> standard_error;  ///< [entry][bin]: SE of the real part, SE of the imaginary part
  std::vector<std::vector<Complex>> expected;  ///< [entry][bin]: E of the estimator for the sampled OU process
  std::vector<SpectrumValueRef> compared;      ///< the independent values compared (omega >= 0, SE > 0)
  ZAgreement agreement;                        ///< estimate vs expected (the verdict)
  ZAgreement against_closed_form;              ///< estimate vs the continuous S_kl (bias included; no verdict)
  double max_bias_in_se = 0.0;                 ///< max |expected - S_kl| / SE over the compared values
  double seconds = 0.0;                        ///< wall time of the ensemble and the transforms
};

/// The layout a spec resolves to (automatic dt and L filled in), for a stable A whose slowest rate
/// is |max_re_eig|. Throws InvalidParameter for a bad spec.
WelchLayout resolve_welch_layout(const TrajectorySpectrumSpec& spec, double omega_max, double max_re_eig);

/// Runs spec.trajectories stationary trajectories of du = A u dt + noise (D) from N(0, V) and
/// estimates S_kl for `entries` at the bins |omega| <= omega_max. `closed` is the closed form of
/// (A, D). Throws InvalidParameter for a bad spec or entry (indices 0..5), NumericalFailure if a
/// trajectory diverges.
TrajectorySpectra run_trajectory_spectra(const Matrix6& A, const Matrix6& D, const Matrix6& V, double max_re_eig,
                                         const std::vector<std::pair<int, int>>& entries, double omega_max,
                                         const TrajectorySpectrumSpec& spec, const QuadratureSpectrum& closed,
                                         const Execution& execution = {});

}  // namespace spincom
