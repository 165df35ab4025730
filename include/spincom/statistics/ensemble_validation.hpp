#pragma once
// Cross-check of a sampled ensemble covariance against a reference V(t) (docs/physics.md section 9).
//
// Per sample time, with N trajectories and S the unbiased sample covariance (nu = N - 1 dof):
//  - per-entry z-scores z_kl = (S_kl - V_kl) / SE_kl, SE_kl = sqrt((V_kk V_ll + V_kl^2) / nu), and
//    their max |z| (a diagnostic: the entries are skewed, chi^2-like, so extreme-tail z
//    thresholds are not calibrated at moderate N and the verdict does not use them);
//  - the likelihood-ratio statistic for H0: Cov = V with Bartlett's correction,
//      chi2 = rho nu [tr(W) - ln det W - p],  W = L^{-1} S L^{-T} (V = L L^T),  p = 6,
//      rho = 1 - (2p + 1 - 2/(p + 1)) / (6 nu),
//    chi-squared with p(p+1)/2 = 21 dof, accurate at moderate N (Anderson, An Introduction to
//    Multivariate Statistical Analysis, sec. 10.8), and computed through Cholesky factors so it
//    stays exact when V is ill-conditioned;
//  - E_N through the unclipped -ln(2 nu^-) (max(0, .) is not smooth at 0), with its jackknife SE.
//
// Verdict at false-alarm rate alpha: the chi2 p-value >= alpha / (4 S) and
// |E_N raw - reference| <= t_{K-1}(1 - alpha / (8 S)) SE at every one of the S sample times:
// the two families share alpha, Bonferroni over times, with a factor 2 of margin because the
// extreme tails are up to ~20% heavier than nominal at finite N (measured at the 1e-3 level over
// 63000 tests at N = 512). Measured overall false-alarm rate at alpha = 0.05, N = 2048: see
// docs/time-domain.md. A non-finite statistic fails. A verdict needs
// N >= min_validation_trajectories; below that the report says so and does not pass.
#include <string>
#include <vector>

#include "spincom/measures/log_negativity.hpp"
#include "spincom/statistics/ensemble_statistics.hpp"
#include "spincom/statistics/jackknife.hpp"

namespace spincom {

struct SampleCheck {
  double t;
  std::size_t n;            ///< trajectories
  double max_abs_z;         ///< over the 21 entries (diagnostic)
  int worst_row, worst_col;
  double chi2;              ///< Bartlett-corrected likelihood ratio, 21 degrees of freedom
  double p_value;
  double E_N;               ///< ensemble E_N = max(0, raw)
  double E_N_raw;           ///< ensemble -ln(2 nu^-)
  double E_N_se;            ///< jackknife SE of the raw value
  double E_N_ci;            ///< 95% CI half-width (Student t, K-1 dof)
  double E_N_bias;          ///< jackknife bias estimate
  double E_N_reference;     ///< max(0, raw) from the reference V(t)
  double E_N_raw_reference;
  double E_N_z;             ///< (raw - raw_ref) / SE
};

/// Below this many trajectories the chi2 and E_N tests are not calibrated at small alpha.
inline constexpr std::size_t min_validation_trajectories = 2048;

struct ValidationReport {
  double alpha;             ///< overall false-alarm rate
  double p_threshold;       ///< for the chi2 p-values
  double E_N_z_threshold;
  std::vector<SampleCheck> samples;
  bool pass;
  std::string failed_check;  ///< empty when pass; otherwise which check and where
};

/// The jackknife of the unclipped E_N (modes a, b) over the K groups at sample k.
JackknifeEstimate log_negativity_jackknife(const EnsembleStatistics& stats, std::size_t k, Mode a = Mode::driven,
                                           Mode b = Mode::mechanics);
/// The same from the groups' accumulators at one sample (EnsembleStatistics::groups_at).
JackknifeEstimate log_negativity_jackknife(const std::vector<CovarianceAccumulator>& groups, Mode a = Mode::driven,
                                           Mode b = Mode::mechanics);

/// Per-sample statistics and the verdict. `reference[k]` is the expected V at stats.times[k].
ValidationReport validate_ensemble(const EnsembleStatistics& stats, const std::vector<Matrix6>& reference,
                                   double alpha = 1e-3, Mode a = Mode::driven, Mode b = Mode::mechanics);

}  // namespace spincom
