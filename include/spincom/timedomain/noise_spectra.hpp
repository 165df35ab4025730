#pragma once
// `spectrum`: the closed-form stationary spectra at one stable operating point
// (covariance/quadrature_spectrum.hpp, measures/homodyne_spectrum.hpp; docs/physics.md
// section 13): S_kl(omega) for chosen quadrature pairs and homodyne spectra of the optical
// output fields; on request the same quadrature spectra estimated from stationary trajectories
// (timedomain/trajectory_spectra.hpp, Welch), on the estimator's frequency bins. The homodyne
// output spectra are closed-form only (docs/decisions.md 57).
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spincom/covariance/quadrature_spectrum.hpp"
#include "spincom/measures/homodyne_spectrum.hpp"
#include "spincom/timedomain/operating_point.hpp"
#include "spincom/timedomain/trajectory_spectra.hpp"

namespace spincom {

/// The automatic frequency grid: this many points over [-3 omega_m, 3 omega_m].
inline constexpr std::size_t spectrum_default_points = 2001;
inline constexpr double spectrum_default_span = 3.0;  ///< in units of omega_m

/// A quadrature pair (k, l), indices into u = (X_driven, Y_driven, X_other, Y_other, q, p).
using QuadraturePair = std::pair<int, int>;

struct SpectrumSpec {
  OperatingPoint point;                   ///< must be stable (a stationary state)
  std::vector<double> omega;              ///< spectrum.omega, s^-1; empty: the automatic grid (with an
                                          ///< estimate: its bins in [-3 omega_m, 3 omega_m]; must be empty)
  std::vector<QuadraturePair> entries;    ///< spectrum.entries; empty (with no homodyne): {(q, q)}
  std::vector<HomodyneReadout> homodyne;  ///< spectrum.homodyne
  TrajectorySpectrumSpec estimate;        ///< the trajectory estimate; estimate.trajectories = 0: none
};

struct SpectrumResult {
  SpectrumSpec spec;            ///< entries filled in
  std::string resolution_note;  ///< what resolve_detuning chose
  std::vector<Warning> warnings;  ///< the operating-point guards (core/warning.hpp)
  PointAnalysis analysis;
  double kappa;                 ///< s^-1
  EvolutionMethod method;       ///< eigenbasis, or van_loan = LU per frequency
  double condition;             ///< cond(S)
  std::vector<double> omega;
  std::vector<std::vector<Complex>> S;         ///< S[entry][i] = S_kl(omega_i), s
  std::vector<std::vector<double>> S_out;      ///< S_out[readout][i], dimensionless; shot noise = 1/2
  std::optional<TrajectorySpectra> estimate;   ///< of the entries, at the same omega (when asked for)
};

/// Parses "k,l" with quadrature names (X_driven, ..., q, p). Throws InvalidParameter.
QuadraturePair parse_quadrature_pair(const std::string& text);
/// Parses "mode:theta" (mode driven|other, theta in rad; "driven" alone means theta = 0).
HomodyneReadout parse_homodyne_readout(const std::string& text);

/// Throws InvalidParameter (bad entries, readouts, frequencies or estimate spec) and UnstableSystem
/// (no stationary state at the point); NumericalFailure if a trajectory diverges.
SpectrumResult run_spectrum(const SpectrumSpec& spec, const Execution& execution = {});

}  // namespace spincom
