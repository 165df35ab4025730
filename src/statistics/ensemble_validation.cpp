#include "spincom/statistics/ensemble_validation.hpp"

#include <cmath>
#include <limits>
#include <string>

#include <Eigen/Cholesky>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "spincom/core/error.hpp"
#include "spincom/statistics/entry_z.hpp"
#include "spincom/statistics/jackknife.hpp"
#include "spincom/measures/log_negativity.hpp"

namespace spincom {

JackknifeEstimate log_negativity_jackknife(const std::vector<CovarianceAccumulator>& groups, Mode a, Mode b) {
  return jackknife(groups, [&](const Matrix6& M) { return raw_log_negativity(M, a, b); });
}

JackknifeEstimate log_negativity_jackknife(const EnsembleStatistics& stats, std::size_t k, Mode a, Mode b) {
  return log_negativity_jackknife(stats.groups_at(k), a, b);
}

namespace {

constexpr double p_dim = 6.0;

/// The likelihood ratio of the sample covariance Vh (nu = n - 1 degrees of freedom) against V,
/// with Bartlett's correction, through Cholesky factors; NaN unless Vh is finite and V and the
/// whitened Vh are positive definite.
double bartlett_chi2(const Matrix6& Vh, const Matrix6& V, double nu) {
  const Eigen::LLT<Matrix6> LV(V);
  if (LV.info() != Eigen::Success || !Vh.allFinite()) return std::numeric_limits<double>::quiet_NaN();
  const Matrix6 X = LV.matrixL().solve(Vh);
  const Matrix6 W = LV.matrixL().solve(X.transpose()).transpose();  // L^-1 S L^-T
  const Eigen::LLT<Matrix6> LW(0.5 * (W + W.transpose()));
  if (LW.info() != Eigen::Success) return std::numeric_limits<double>::quiet_NaN();
  const double log_det = 2.0 * LW.matrixLLT().diagonal().array().log().sum();
  const double rho = 1.0 - (2.0 * p_dim + 1.0 - 2.0 / (p_dim + 1.0)) / (6.0 * nu);
  return rho * nu * (W.trace() - log_det - p_dim);
}

/// The covariance half of a sample's check: the entries' z-scores, chi2 and its p-value.
void check_covariance(SampleCheck& c, const CovarianceAccumulator& all, const Matrix6& V) {
  const Matrix6 Vh = all.covariance();
  const EntryZ z = max_entry_z(Vh, V, all.n);
  c.max_abs_z = z.max_abs_z;
  c.worst_row = z.row;
  c.worst_col = z.col;
  c.chi2 = bartlett_chi2(Vh, V, static_cast<double>(all.n) - 1.0);
  const boost::math::chi_squared chi2_21(21.0);
  c.p_value = std::isfinite(c.chi2) ? boost::math::cdf(boost::math::complement(chi2_21, std::max(c.chi2, 0.0)))
                                    : std::numeric_limits<double>::quiet_NaN();
}

/// The E_N half: the jackknife over the groups against the value of the reference V.
void check_log_negativity(SampleCheck& c, const std::vector<CovarianceAccumulator>& groups, const Matrix6& V, Mode a,
                          Mode b) {
  const auto en = log_negativity_jackknife(groups, a, b);
  c.E_N_raw = en.estimate;
  c.E_N = std::max(0.0, en.estimate);
  c.E_N_se = en.standard_error;
  c.E_N_ci = en.ci_half_width;
  c.E_N_bias = en.bias;
  c.E_N_raw_reference = raw_log_negativity(V, a, b);
  c.E_N_reference = std::max(0.0, c.E_N_raw_reference);
  c.E_N_z = en.standard_error > 0.0 ? (c.E_N_raw - c.E_N_raw_reference) / en.standard_error
                                    : (c.E_N_raw == c.E_N_raw_reference ? 0.0 : HUGE_VAL);
}

/// What sample k fails first (the covariance, then E_N), or nothing.
std::string sample_failure(const SampleCheck& c, const ValidationReport& r, std::size_t k) {
  const std::string at = " at t = " + format_value(c.t) + " s (sample " + std::to_string(k) + ")";
  if (!std::isfinite(c.chi2))
    return "covariance: the sample covariance or the reference is not finite and positive definite" + at;
  if (!(c.p_value >= r.p_threshold))
    return "covariance chi2 = " + format_value(c.chi2) + " (p = " + format_value(c.p_value) + " < " +
           format_value(r.p_threshold) + "; worst entry V(" + std::to_string(c.worst_row) + "," +
           std::to_string(c.worst_col) + "), z = " + format_value(c.max_abs_z) + ")" + at;
  if (!(std::abs(c.E_N_z) <= r.E_N_z_threshold))
    return "E_N: ensemble " + format_value(c.E_N_raw) + " vs reference " + format_value(c.E_N_raw_reference) +
           " (|z| = " + format_value(std::abs(c.E_N_z)) + " > " + format_value(r.E_N_z_threshold) + ")" + at;
  return {};
}

/// The report's thresholds for S sample times and K groups at overall false-alarm rate alpha.
ValidationReport thresholds(double alpha, std::size_t S, std::size_t K) {
  const double Sd = static_cast<double>(S);
  ValidationReport r;
  r.alpha = alpha;
  // Each family gets alpha/2, Bonferroni over the S times, and a factor 2 of margin for the
  // finite-N excess of the extreme tails (measured <= 20% at the 1e-3 level for N >= 512).
  r.p_threshold = alpha / (4.0 * Sd);
  // The jackknife SE is itself estimated from K groups: Student t with K - 1 dof.
  const boost::math::students_t t_groups(static_cast<double>(K) - 1.0);
  r.E_N_z_threshold = boost::math::quantile(boost::math::complement(t_groups, alpha / (8.0 * Sd)));
  r.pass = true;
  return r;
}

}  // namespace

ValidationReport validate_ensemble(const EnsembleStatistics& stats, const std::vector<Matrix6>& reference,
                                   double alpha, Mode a, Mode b) {
  const std::size_t S = stats.times.size();
  if (reference.size() != S)
    throw InvalidParameter("validation: " + std::to_string(reference.size()) + " reference matrices for " +
                           std::to_string(S) + " sample times.");
  if (!(alpha > 0.0 && alpha < 1.0))
    throw InvalidParameter("false-alarm rate alpha = " + format_value(alpha) + ": valid is 0 < alpha < 1.");
  ValidationReport r = thresholds(alpha, S, stats.spec.groups);
  auto fail = [&](const std::string& what) {
    if (r.pass && !what.empty()) {
      r.pass = false;
      r.failed_check = what;
    }
  };
  if (stats.trajectories < min_validation_trajectories)
    fail("too few trajectories for a calibrated verdict: " + std::to_string(stats.trajectories) + " < " +
         std::to_string(min_validation_trajectories));
  for (std::size_t k = 0; k < S; ++k) {
    const std::vector<CovarianceAccumulator> groups = stats.groups_at(k);  // each group's slots merged once
    const CovarianceAccumulator all = merge_groups(groups);
    SampleCheck c{};
    c.t = stats.times[k];
    c.n = all.n;
    check_covariance(c, all, reference[k]);
    check_log_negativity(c, groups, reference[k], a, b);
    fail(sample_failure(c, r, k));
    r.samples.push_back(c);
  }
  return r;
}

}  // namespace spincom
