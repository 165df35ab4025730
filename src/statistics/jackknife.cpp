#include "spincom/statistics/jackknife.hpp"

#include <cmath>
#include <string>

#include <boost/math/distributions/students_t.hpp>

#include "spincom/core/error.hpp"

namespace spincom {

JackknifeEstimate jackknife(const std::vector<CovarianceAccumulator>& groups,
                            const std::function<double(const Matrix6&)>& f, double confidence) {
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
  const double full = f(prefix[K].covariance());
  std::vector<double> loo(K);
  double mean = 0.0;
  for (std::size_t g = 0; g < K; ++g) {
    CovarianceAccumulator rest = prefix[g];
    rest.merge(suffix[g + 1]);
    loo[g] = f(rest.covariance());
    mean += loo[g];
  }
  mean /= static_cast<double>(K);
  double ss = 0.0;
  for (double x : loo) ss += (x - mean) * (x - mean);
  const double Kd = static_cast<double>(K);
  const double se = std::sqrt((Kd - 1.0) / Kd * ss);
  const boost::math::students_t t(Kd - 1.0);
  const double q = boost::math::quantile(t, 0.5 * (1.0 + confidence));
  return {full, se, (Kd - 1.0) * (mean - full), q * se};
}

}  // namespace spincom
