#pragma once
// Streaming mean and variance of a vector of reals, entry by entry: Welford's update for one
// sample and the pairwise merge of Chan, Golub & LeVeque (1979), as CovarianceAccumulator does
// for 6-vectors. Used for the per-trajectory Welch estimates (statistics/welch_spectrum.hpp),
// whose standard error is taken over independent trajectories.
#include <cmath>
#include <cstddef>
#include <vector>

namespace spincom {

struct VectorAccumulator {
  std::size_t n = 0;
  std::vector<double> mean;  ///< per entry
  std::vector<double> M2;    ///< per entry, sum of (x - mean)^2

  explicit VectorAccumulator(std::size_t size = 0) : mean(size, 0.0), M2(size, 0.0) {}

  /// Welford: one sample of mean.size() entries.
  void add(const double* x) {
    ++n;
    const double inv = 1.0 / static_cast<double>(n);
    for (std::size_t i = 0; i < mean.size(); ++i) {
      const double delta = x[i] - mean[i];
      mean[i] += delta * inv;
      M2[i] += delta * (x[i] - mean[i]);
    }
  }

  /// Chan et al.: this := this U other (same size).
  void merge(const VectorAccumulator& o) {
    if (o.n == 0) return;
    if (n == 0) {
      *this = o;
      return;
    }
    const double na = static_cast<double>(n), nb = static_cast<double>(o.n), nt = na + nb;
    for (std::size_t i = 0; i < mean.size(); ++i) {
      const double delta = o.mean[i] - mean[i];
      mean[i] += delta * (nb / nt);
      M2[i] += o.M2[i] + delta * delta * (na * nb / nt);
    }
    n += o.n;
  }

  /// Standard error of the mean of entry i, sqrt(M2 / (n - 1) / n); needs n >= 2.
  [[nodiscard]] double standard_error(std::size_t i) const {
    const double nd = static_cast<double>(n);
    return std::sqrt(M2[i] / (nd - 1.0) / nd);
  }
};

}  // namespace spincom
