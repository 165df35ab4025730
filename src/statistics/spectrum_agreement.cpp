#include "spincom/statistics/spectrum_agreement.hpp"

#include <cmath>
#include <string>

#include <boost/math/distributions/students_t.hpp>

#include "spincom/core/error.hpp"

namespace spincom {

ZAgreement bonferroni_t_agreement(const std::vector<double>& z, std::size_t trajectories, double alpha,
                                  double margin) {
  if (!(alpha > 0.0 && alpha < 1.0))
    throw InvalidParameter("spectrum.alpha = " + format_value(alpha) +
                           ": valid is a false-alarm rate in (0, 1). Hint: 0.001.");
  if (trajectories < 2)
    throw InvalidParameter("spectrum.trajectories = " + std::to_string(trajectories) +
                           ": valid is >= 2 for a standard error over trajectories. Hint: 64.");
  if (z.empty())
    throw InvalidParameter("spectrum: no frequency bin to compare the trajectory estimate at. Hint: a longer "
                           "spectrum.segment_length or a smaller spectrum.dt puts bins inside the range.");
  ZAgreement a;
  a.count = z.size();
  a.alpha = alpha;
  a.margin = margin;
  double sum = 0.0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    sum += z[i] * z[i];
    if (std::abs(z[i]) > a.max_abs_z || i == 0) {
      a.max_abs_z = std::abs(z[i]);
      a.worst = i;
    }
  }
  a.chi2_per_value = sum / static_cast<double>(z.size());
  const boost::math::students_t t(static_cast<double>(trajectories - 1));
  a.threshold = boost::math::quantile(boost::math::complement(t, alpha / (2.0 * static_cast<double>(z.size()) * margin)));
  return a;
}

}  // namespace spincom
