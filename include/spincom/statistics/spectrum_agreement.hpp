#pragma once
// Agreement of an estimate with its expectation, value by value: z = (estimate - expected) / SE
// with the standard error over N independent trajectories, so each z is Student-t with N - 1
// degrees of freedom (for near-Gaussian trajectory estimates). The verdict is two-sided and
// Bonferroni over the compared values: max |z| <= t_{N-1}^{-1}(1 - alpha / (2 n)), which a correct
// estimate fails with probability <= alpha whatever the correlation between values (neighbouring
// Hann bins are correlated), if the z were exactly Student-t. They are not in the far tails: a
// studentized mean of skewed values (periodograms are chi-square-like) has heavier tails than t
// (the second-order Edgeworth term, ~ skewness^2 / N), so a `margin` > 1 puts the limit at
// alpha / (2 n margin); the caller calibrates it (docs/decisions.md 56). sum z^2 / n is reported
// as a summary (about 1 when the error bars are right), not as a test: correlated values make it
// no chi-square.
#include <cstddef>
#include <vector>

namespace spincom {

struct ZAgreement {
  std::size_t count = 0;       ///< values compared
  double max_abs_z = 0.0;
  std::size_t worst = 0;       ///< index of max |z| in the list
  double chi2_per_value = 0.0; ///< sum z^2 / count
  double alpha = 0.0;          ///< the false-alarm rate asked for
  double margin = 1.0;         ///< the limit is the t quantile at 1 - alpha / (2 count margin)
  double threshold = 0.0;      ///< the Bonferroni limit on |z|
  [[nodiscard]] bool pass() const { return max_abs_z <= threshold; }
};

/// Throws InvalidParameter (naming spectrum.alpha, spectrum.trajectories) for alpha outside
/// (0, 1), fewer than 2 trajectories or an empty list.
ZAgreement bonferroni_t_agreement(const std::vector<double>& z, std::size_t trajectories, double alpha,
                                  double margin = 1.0);

}  // namespace spincom
