#include "spincom/statistics/jackknife.hpp"

#include <cmath>
#include <string>

#include <boost/math/distributions/students_t.hpp>

#include "spincom/core/error.hpp"

namespace spincom {

LeaveOneOut leave_one_out(const std::vector<CovarianceAccumulator>& groups) {
  const std::size_t K = groups.size();
  if (K < 2) throw InvalidParameter("jackknife needs >= 2 groups, got " + std::to_string(K) + ".");
  // prefix[g] = groups 0..g-1 merged, suffix[g] = groups g+1..K-1 merged: O(K) merges.
  std::vector<CovarianceAccumulator> prefix(K + 1), suffix(K + 1);
  for (std::size_t g = 0; g < K; ++g) {
    prefix[g + 1] = prefix[g];
    prefix[g + 1].merge(groups[g]);
  }
  for (std::size_t g = K; g-- > 0;) {
    suffix[g] = suffix[g + 1];
    suffix[g].merge(groups[g]);
  }
  LeaveOneOut out{prefix[K].covariance(), std::vector<Matrix6>(K)};
  for (std::size_t g = 0; g < K; ++g) {
    CovarianceAccumulator rest = prefix[g];
    rest.merge(suffix[g + 1]);
    out.without[g] = rest.covariance();
  }
  return out;
}

JackknifeEstimate jackknife_values(double full, const std::vector<double>& loo, double confidence) {
  const std::size_t K = loo.size();
  if (K < 2) throw InvalidParameter("jackknife needs >= 2 groups, got " + std::to_string(K) + ".");
  double mean = 0.0;
  for (double x : loo) mean += x;
  mean /= static_cast<double>(K);
  double ss = 0.0;
  for (double x : loo) ss += (x - mean) * (x - mean);
  const double Kd = static_cast<double>(K);
  const double se = std::sqrt((Kd - 1.0) / Kd * ss);
  const boost::math::students_t t(Kd - 1.0);
  const double q = boost::math::quantile(t, 0.5 * (1.0 + confidence));
  return {full, se, (Kd - 1.0) * (mean - full), q * se};
}

JackknifeEstimate jackknife(const std::vector<CovarianceAccumulator>& groups,
                            const std::function<double(const Matrix6&)>& f, double confidence) {
  return jackknife(leave_one_out(groups), f, confidence);
}

JackknifeEstimate jackknife(const LeaveOneOut& l, const std::function<double(const Matrix6&)>& f, double confidence) {
  std::vector<double> values(l.without.size());
  for (std::size_t g = 0; g < values.size(); ++g) values[g] = f(l.without[g]);
  return jackknife_values(f(l.all), values, confidence);
}

JackknifeEstimate jackknife(const LeaveOneOut& a, const LeaveOneOut& b,
                            const std::function<double(const Matrix6&, const Matrix6&)>& f, double confidence) {
  if (a.without.size() != b.without.size())
    throw InvalidParameter("paired jackknife: " + std::to_string(a.without.size()) + " and " +
                           std::to_string(b.without.size()) + " groups; valid is the same number in both.");
  std::vector<double> values(a.without.size());
  for (std::size_t g = 0; g < values.size(); ++g) values[g] = f(a.without[g], b.without[g]);
  return jackknife_values(f(a.all, b.all), values, confidence);
}

}  // namespace spincom
