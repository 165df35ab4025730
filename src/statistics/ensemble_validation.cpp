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

ValidationReport validate_ensemble(const EnsembleStatistics& stats, const std::vector<Matrix6>& reference,
                                   double alpha, Mode a, Mode b) {
  const std::size_t S = stats.times.size();
  if (reference.size() != S)
    throw InvalidParameter("validation: " + std::to_string(reference.size()) + " reference matrices for " +
                           std::to_string(S) + " sample times.");
  if (!(alpha > 0.0 && alpha < 1.0))
    throw InvalidParameter("false-alarm rate alpha = " + format_value(alpha) + ": valid is 0 < alpha < 1.");
  const double Sd = static_cast<double>(S);
  ValidationReport r;
  r.alpha = alpha;
  // Each family gets alpha/2, Bonferroni over the S times, and a factor 2 of margin for the
  // finite-N excess of the extreme tails (measured <= 20% at the 1e-3 level for N >= 512).
  r.p_threshold = alpha / (4.0 * Sd);
  // The jackknife SE is itself estimated from K groups: Student t with K - 1 dof.
  const boost::math::students_t t_groups(static_cast<double>(stats.spec.groups) - 1.0);
  r.E_N_z_threshold = boost::math::quantile(boost::math::complement(t_groups, alpha / (8.0 * Sd)));
  r.pass = true;
  const boost::math::chi_squared chi2_21(21.0);
  auto fail = [&](const std::string& what) {
    if (r.pass) {
      r.pass = false;
      r.failed_check = what;
    }
  };
  if (stats.trajectories < min_validation_trajectories)
    fail("too few trajectories for a calibrated verdict: " + std::to_string(stats.trajectories) + " < " +
         std::to_string(min_validation_trajectories));
  constexpr double p_dim = 6.0;
  for (std::size_t k = 0; k < S; ++k) {
    const std::vector<CovarianceAccumulator> groups = stats.groups_at(k);  // each group's slots merged once
    const CovarianceAccumulator all = merge_groups(groups);
    const Matrix6& V = reference[k];
    const Matrix6 Vh = all.covariance();
    const double nu = static_cast<double>(all.n) - 1.0;
    SampleCheck c{};
    c.t = stats.times[k];
    c.n = all.n;
    const EntryZ z = max_entry_z(Vh, V, all.n);
    c.max_abs_z = z.max_abs_z;
    c.worst_row = z.row;
    c.worst_col = z.col;
    // Likelihood ratio with Bartlett's correction, through Cholesky factors.
    const Eigen::LLT<Matrix6> LV(V);
    c.chi2 = std::numeric_limits<double>::quiet_NaN();
    if (LV.info() == Eigen::Success && Vh.allFinite()) {
      const Matrix6 X = LV.matrixL().solve(Vh);
      const Matrix6 W = LV.matrixL().solve(X.transpose()).transpose();  // L^-1 S L^-T
      const Eigen::LLT<Matrix6> LW(0.5 * (W + W.transpose()));
      if (LW.info() == Eigen::Success) {
        const double log_det = 2.0 * LW.matrixLLT().diagonal().array().log().sum();
        const double rho = 1.0 - (2.0 * p_dim + 1.0 - 2.0 / (p_dim + 1.0)) / (6.0 * nu);
        c.chi2 = rho * nu * (W.trace() - log_det - p_dim);
      }
    }
    c.p_value = std::isfinite(c.chi2) ? boost::math::cdf(boost::math::complement(chi2_21, std::max(c.chi2, 0.0)))
                                      : std::numeric_limits<double>::quiet_NaN();
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
    const std::string at = " at t = " + format_value(c.t) + " s (sample " + std::to_string(k) + ")";
    if (!std::isfinite(c.chi2))
      fail("covariance: the sample covariance or the reference is not finite and positive definite" + at);
    else if (!(c.p_value >= r.p_threshold))
      fail("covariance chi2 = " + format_value(c.chi2) + " (p = " + format_value(c.p_value) + " < " +
           format_value(r.p_threshold) + "; worst entry V(" + std::to_string(c.worst_row) + "," +
           std::to_string(c.worst_col) + "), z = " + format_value(c.max_abs_z) + ")" + at);
    if (!(std::abs(c.E_N_z) <= r.E_N_z_threshold))
      fail("E_N: ensemble " + format_value(c.E_N_raw) + " vs reference " + format_value(c.E_N_raw_reference) +
           " (|z| = " + format_value(std::abs(c.E_N_z)) + " > " + format_value(r.E_N_z_threshold) + ")" + at);
    r.samples.push_back(c);
  }
  return r;
}

}  // namespace spincom
