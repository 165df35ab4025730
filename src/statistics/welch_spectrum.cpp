#include "spincom/statistics/welch_spectrum.hpp"

#include <cmath>
#include <string>

#include <unsupported/Eigen/FFT>

#include "spincom/core/error.hpp"

namespace spincom {

namespace {

/// Largest segment: 2^20 samples (each kept bin costs memory per trajectory group).
constexpr std::size_t max_segment_length = std::size_t{1} << 20;

std::size_t wrap(long j, std::size_t n) {
  const long m = static_cast<long>(n);
  return static_cast<std::size_t>(((j % m) + m) % m);
}

/// r_m = sum_n w_n w_{n+m}, m = 0..L-1, by one zero-padded FFT of length 2L.
std::vector<double> window_autocorrelation(const std::vector<double>& w) {
  const std::size_t L = w.size();
  std::vector<double> padded(2 * L, 0.0);
  std::copy(w.begin(), w.end(), padded.begin());
  Eigen::FFT<double> fft;
  std::vector<Complex> W, r;
  fft.fwd(W, padded);
  for (Complex& z : W) z = std::norm(z);
  fft.inv(r, W);
  std::vector<double> out(L);
  for (std::size_t m = 0; m < L; ++m) out[m] = r[m].real();
  return out;
}

}  // namespace

double WelchLayout::bin_spacing() const { return 2.0 * M_PI / (static_cast<double>(segment_length) * dt); }
double WelchLayout::nyquist() const { return M_PI / dt; }

void check_layout(const WelchLayout& l) {
  if (l.segment_length < 8 || l.segment_length % 2 != 0 || l.segment_length > max_segment_length)
    throw InvalidParameter("spectrum.segment_length = " + std::to_string(l.segment_length) +
                           " samples: valid is an even number in [8, " + std::to_string(max_segment_length) +
                           "]. Hint: a power of two such as 1024 (the FFT is fastest there); 0 chooses it from the "
                           "slowest relaxation rate.");
  if (l.segments == 0)
    throw InvalidParameter("spectrum.segments = 0: valid is >= 1 segment per trajectory. Hint: 16 (half-overlapping).");
  if (!(l.dt > 0.0) || !std::isfinite(l.dt))
    throw InvalidParameter("spectrum.dt = " + format_value(l.dt) +
                           " s: valid is a finite sample spacing > 0. Hint: pi/dt is the highest frequency seen; 0 "
                           "chooses it from omega_m.");
}

std::vector<double> hann_window(std::size_t L) {
  std::vector<double> w(L);
  for (std::size_t n = 0; n < L; ++n)
    w[n] = 0.5 * (1.0 - std::cos(2.0 * M_PI * static_cast<double>(n) / static_cast<double>(L)));
  return w;
}

std::vector<long> welch_bins(const WelchLayout& layout, double omega_max) {
  const long half = static_cast<long>(layout.segment_length / 2);
  const long J = std::min(half, static_cast<long>(std::floor(omega_max / layout.bin_spacing() * (1.0 + 1e-12))));
  std::vector<long> bins;
  for (long j = -J; j <= J; ++j) bins.push_back(j);
  return bins;
}

struct SegmentTransform::Fft {
  Eigen::FFT<double> fft;
};

SegmentTransform::SegmentTransform(const WelchLayout& layout, std::vector<long> bins)
    : L_(layout.segment_length),
      bins_(std::move(bins)),
      window_(hann_window(L_)),
      segment_(L_),
      fft_(std::make_unique<Fft>()) {
  double sum_w2 = 0.0;
  for (double w : window_) sum_w2 += w * w;
  scale_ = layout.dt / sum_w2;
}

SegmentTransform::~SegmentTransform() = default;
SegmentTransform::SegmentTransform(SegmentTransform&&) noexcept = default;
SegmentTransform& SegmentTransform::operator=(SegmentTransform&&) noexcept = default;

// Eigen's forward FFT is sum_n x_n e^{-2 pi i k n / L}; the convention here has e^{+i omega_j n dt}
// = e^{+2 pi i j n / L}, i.e. the FFT's bin -j (mod L).
void SegmentTransform::transform(const double* x, std::size_t stride, Complex* out) {
  for (std::size_t n = 0; n < L_; ++n) segment_[n] = window_[n] * x[n * stride];
  fft_->fft.fwd(spectrum_, segment_);
  for (std::size_t b = 0; b < bins_.size(); ++b) out[b] = spectrum_[wrap(-bins_[b], L_)];
}

std::vector<Complex> welch_expectation(const WelchLayout& layout, const std::vector<long>& bins,
                                       const std::vector<double>& c_plus, const std::vector<double>& c_minus) {
  const std::size_t L = layout.segment_length;
  const std::vector<double> w = hann_window(L);
  const std::vector<double> r = window_autocorrelation(w);
  double sum_w2 = 0.0;
  for (double x : w) sum_w2 += x * x;
  std::vector<double> g(2 * L, 0.0);  // g_m = r_m C(m dt), negative m wrapped to 2L + m
  g[0] = r[0] * c_plus[0];
  for (std::size_t m = 1; m < L; ++m) {
    g[m] = r[m] * c_plus[m];
    g[2 * L - m] = r[m] * c_minus[m];
  }
  Eigen::FFT<double> fft;
  std::vector<Complex> G;
  fft.fwd(G, g);
  std::vector<Complex> out;
  out.reserve(bins.size());
  const double scale = layout.dt / sum_w2;
  for (long j : bins) out.push_back(scale * G[wrap(-2 * j, 2 * L)]);  // e^{+i omega_j m dt} = e^{2 pi i (2j) m / 2L}
  return out;
}

}  // namespace spincom
