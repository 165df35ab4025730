#include "spincom/analysis/ensemble_validation.hpp"

#include <cmath>
#include <string>

#include <Eigen/Cholesky>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include "spincom/core/error.hpp"
#include "spincom/ensemble/jackknife.hpp"
#include "spincom/measures/log_negativity.hpp"

namespace spincom {

double raw_log_negativity(const Matrix6& V, Mode a, Mode b) {
  return -std::log(2.0 * log_negativity(V, a, b).nu_minus);
}

ValidationReport validate_ensemble(const EnsembleStatistics& stats, const std::vector<Matrix6>& reference,
                                   double alpha, Mode a, Mode b) {
  const std::size_t S = stats.times.size();
  if (reference.size() != S)
    throw InvalidParameter("validation: " + std::to_string(reference.size()) + " reference matrices for " +
                           std::to_string(S) + " sample times.");
  if (!(alpha > 0.0 && alpha < 1.0))
    throw InvalidParameter("false-alarm rate alpha = " + format_value(alpha) + ": valid is 0 < alpha < 1.");
  const boost::math::normal unit;
  const double Sd = static_cast<double>(S);
  ValidationReport r;
  r.alpha = alpha;
  r.p_threshold = alpha / (3.0 * Sd);
  r.z_threshold = boost::math::quantile(boost::math::complement(unit, alpha / (3.0 * 2.0 * 21.0 * Sd)));
  // The jackknife SE is itself estimated from K groups: Student t with K - 1 dof.
  const boost::math::students_t t_groups(static_cast<double>(stats.spec.groups) - 1.0);
  r.E_N_z_threshold = boost::math::quantile(boost::math::complement(t_groups, alpha / (3.0 * 2.0 * Sd)));
  r.pass = true;
  const boost::math::chi_squared chi2_21(21.0);
  int idx_r[21], idx_c[21];
  for (int i = 0, m = 0; i < 6; ++i)
    for (int j = i; j < 6; ++j, ++m) {
      idx_r[m] = i;
      idx_c[m] = j;
    }
  auto fail = [&](const std::string& what) {
    if (r.pass) {
      r.pass = false;
      r.failed_check = what;
    }
  };
  for (std::size_t k = 0; k < S; ++k) {
    const CovarianceAccumulator all = stats.merged(k);
    const Matrix6& V = reference[k];
    const Matrix6 Vh = all.covariance();
    const double N = static_cast<double>(all.n);
    SampleCheck c{};
    c.t = stats.times[k];
    c.n = all.n;
    Eigen::Matrix<double, 21, 1> d;
    Eigen::Matrix<double, 21, 21> Sigma;
    for (int m = 0; m < 21; ++m) {
      const int i = idx_r[m], j = idx_c[m];
      d(m) = Vh(i, j) - V(i, j);
      for (int n2 = 0; n2 < 21; ++n2) {
        const int kk = idx_r[n2], l = idx_c[n2];
        Sigma(m, n2) = (V(i, kk) * V(j, l) + V(i, l) * V(j, kk)) / N;
      }
      const double z = d(m) / std::sqrt(Sigma(m, m));
      if (std::abs(z) > c.max_abs_z || m == 0) {
        c.max_abs_z = std::abs(z);
        c.worst_row = i;
        c.worst_col = j;
      }
    }
    const Eigen::LDLT<Eigen::Matrix<double, 21, 21>> ldlt(Sigma);
    c.chi2 = d.dot(ldlt.solve(d));
    c.p_value = boost::math::cdf(boost::math::complement(chi2_21, std::max(c.chi2, 0.0)));
    const auto en = jackknife(stats.groups_at(k), [&](const Matrix6& M) { return raw_log_negativity(M, a, b); });
    c.E_N_raw = en.estimate;
    c.E_N = std::max(0.0, en.estimate);
    c.E_N_se = en.standard_error;
    c.E_N_ci = en.ci_half_width;
    c.E_N_bias = en.bias;
    c.E_N_raw_reference = raw_log_negativity(V, a, b);
    c.E_N_reference = std::max(0.0, c.E_N_raw_reference);
    c.E_N_z = en.standard_error > 0.0 ? (c.E_N_raw - c.E_N_raw_reference) / en.standard_error : 0.0;
    const std::string at = " at t = " + format_value(c.t) + " s (sample " + std::to_string(k) + ")";
    if (c.p_value < r.p_threshold)
      fail("covariance chi2 = " + format_value(c.chi2) + " (p = " + format_value(c.p_value) + " < " +
           format_value(r.p_threshold) + ")" + at);
    if (c.max_abs_z > r.z_threshold)
      fail("entry V(" + std::to_string(c.worst_row) + "," + std::to_string(c.worst_col) + ") |z| = " +
           format_value(c.max_abs_z) + " > " + format_value(r.z_threshold) + at);
    if (std::abs(c.E_N_z) > r.E_N_z_threshold)
      fail("E_N: ensemble " + format_value(c.E_N_raw) + " vs reference " + format_value(c.E_N_raw_reference) +
           " (|z| = " + format_value(std::abs(c.E_N_z)) + " > " + format_value(r.E_N_z_threshold) + ")" + at);
    r.samples.push_back(c);
  }
  return r;
}

}  // namespace spincom
