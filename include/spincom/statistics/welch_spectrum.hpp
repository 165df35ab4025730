#pragma once
// Welch's estimate of stationary spectra from sampled trajectories, in the normalization of the
// closed form (covariance/quadrature_spectrum.hpp, docs/physics.md section 13: two-sided, in s,
// int S domega/2pi = V, convention u(omega) = int u(t) e^{i omega t} dt). For one segment of L
// samples x_n = u(t0 + n dt) with the periodic Hann window w_n = (1 - cos(2 pi n / L)) / 2,
//   X_k(omega) = sum_n w_n x_{k,n} e^{i omega n dt},
//   P_kl(omega) = dt X_k(omega) conj(X_l(omega)) / sum_n w_n^2,
// at the bins omega_j = 2 pi j / (L dt). Segments overlap by L/2 (hop L/2); a trajectory's estimate
// is the mean of its segments' P, the spectrum estimate is the mean over independent trajectories,
// and its error bar the standard error of that mean. No mean is subtracted: the stationary
// fluctuations have zero mean, and keeping the raw segments keeps the expectation below exact.
//
// Expectation. For a stationary process with C(tau) = <u(tau) u(0)^T>,
//   E P_kl(omega_j) = dt / sum w^2 * sum_{|m| < L} r_m C_kl(m dt) e^{i omega_j m dt},  r_m = sum_n w_n w_{n+|m|},
// the continuous S_kl aliased by the sampling (sum over omega + 2 pi k / dt) and smoothed by the
// window's kernel. The estimate is compared with this, not with S_kl itself, so that neither
// aliasing nor leakage counts as disagreement (docs/decisions.md 56).
#include <cstddef>
#include <memory>
#include <vector>

#include "spincom/core/conventions.hpp"
#include "spincom/covariance/covariance_evolution.hpp"  // Complex

namespace spincom {

/// How trajectories are cut into segments.
struct WelchLayout {
  std::size_t segment_length = 0;  ///< L, samples per segment (even, >= 8)
  std::size_t segments = 0;        ///< segments per trajectory (>= 1)
  double dt = 0.0;                 ///< sample spacing, s

  [[nodiscard]] std::size_t hop() const { return segment_length / 2; }
  /// Sample times per trajectory: (segments - 1) L/2 + L.
  [[nodiscard]] std::size_t samples() const { return (segments - 1) * hop() + segment_length; }
  /// 2 pi / (L dt), s^-1.
  [[nodiscard]] double bin_spacing() const;
  /// pi / dt, s^-1.
  [[nodiscard]] double nyquist() const;
};

/// Throws InvalidParameter naming spectrum.segment_length, spectrum.segments or spectrum.dt.
void check_layout(const WelchLayout& layout);

/// The periodic Hann window of length L.
std::vector<double> hann_window(std::size_t L);

/// The signed bins j (ascending) with |omega_j| <= omega_max and |j| <= L/2.
std::vector<long> welch_bins(const WelchLayout& layout, double omega_max);

/// The windowed transform of one channel's segment at chosen bins. Holds an FFT plan and scratch
/// space, so each thread needs its own.
class SegmentTransform {
 public:
  SegmentTransform(const WelchLayout& layout, std::vector<long> bins);
  ~SegmentTransform();
  SegmentTransform(SegmentTransform&&) noexcept;
  SegmentTransform& operator=(SegmentTransform&&) noexcept;

  /// X(omega_j) = sum_n w_n x_n e^{i omega_j n dt} for every bin, from x[n * stride], n = 0..L-1.
  void transform(const double* x, std::size_t stride, Complex* out);
  /// dt / sum w^2: P_kl = scale() X_k conj(X_l).
  [[nodiscard]] double scale() const { return scale_; }
  [[nodiscard]] const std::vector<long>& bins() const { return bins_; }

 private:
  struct Fft;
  std::size_t L_;
  std::vector<long> bins_;
  std::vector<double> window_, segment_;
  std::vector<Complex> spectrum_;
  double scale_;
  std::unique_ptr<Fft> fft_;
};

/// E P_kl(omega_j) for the bins, from C_kl(m dt) (c_plus[m]) and C_kl(-m dt) = C_lk(m dt)
/// (c_minus[m]), m = 0..L-1. One FFT of length 2L.
std::vector<Complex> welch_expectation(const WelchLayout& layout, const std::vector<long>& bins,
                                       const std::vector<double>& c_plus, const std::vector<double>& c_minus);

}  // namespace spincom
