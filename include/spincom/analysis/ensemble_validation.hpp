#pragma once
// Cross-check of a sampled ensemble covariance against a reference V(t) (physics.md section 9).
//
// For N independent Gaussian samples the sample covariance has
//   Cov(V^_ij, V^_kl) = (V_ik V_jl + V_il V_jk) / N,   so SE(V^_kl) = sqrt((V_kk V_ll + V_kl^2)/N).
// Per sample time: the 21 per-entry z-scores (upper triangle), their max |z|, and the
// statistic chi2 = d^T S^{-1} d over the 21 entries d = vech(V^ - V) with the covariance S
// above, which is chi-squared with 21 degrees of freedom for large N. E_N is checked through
// the unclipped log negativity -ln(2 nu^-) (smooth, unlike max(0, .)) with a jackknife SE.
//
// Verdict at false-alarm rate alpha, Bonferroni over the S sample times and over entries:
//   chi2 p-value >= alpha / (3 S), max |z| <= z(1 - alpha / (3 * 2 * 21 S)),
//   |E_N raw - reference| <= t_{K-1}(1 - alpha / (3 * 2 S)) * SE_jackknife;
// the three families share alpha equally, so a correct simulation fails with probability <= alpha.
#include <string>
#include <vector>

#include "spincom/ensemble/run_ensemble.hpp"

namespace spincom {

struct SampleCheck {
  double t;
  std::size_t n;            ///< trajectories
  double max_abs_z;         ///< over the 21 entries
  int worst_row, worst_col;
  double chi2;              ///< 21 degrees of freedom
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

struct ValidationReport {
  double alpha;             ///< overall false-alarm rate
  double z_threshold;       ///< for per-entry |z|
  double p_threshold;       ///< for the chi2 p-values
  double E_N_z_threshold;
  std::vector<SampleCheck> samples;
  bool pass;
  std::string failed_check;  ///< empty when pass; otherwise which check and where
};

/// The unclipped log negativity -ln(2 nu^-) of modes (a, b) of V.
double raw_log_negativity(const Matrix6& V, Mode a = Mode::driven, Mode b = Mode::mechanics);

/// Per-sample statistics and the verdict. `reference[k]` is the expected V at stats.times[k].
ValidationReport validate_ensemble(const EnsembleStatistics& stats, const std::vector<Matrix6>& reference,
                                   double alpha = 1e-3, Mode a = Mode::driven, Mode b = Mode::mechanics);

}  // namespace spincom
