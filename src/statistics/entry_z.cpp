#include "spincom/statistics/entry_z.hpp"

#include <cmath>

#include <boost/math/distributions/normal.hpp>

namespace spincom {

EntryZ max_entry_z(const Matrix6& S, const Matrix6& V, std::size_t n) {
  EntryZ out{0.0, 0, 0};
  const double nu = static_cast<double>(n) - 1.0;
  for (int k = 0; k < 6; ++k)
    for (int l = k; l < 6; ++l) {
      const double se = std::sqrt((V(k, k) * V(l, l) + V(k, l) * V(k, l)) / nu);
      const double z = se > 0.0 ? std::abs(S(k, l) - V(k, l)) / se : (S(k, l) == V(k, l) ? 0.0 : INFINITY);
      if (!(z <= out.max_abs_z)) out = {z, k, l};  // also records a NaN
    }
  return out;
}

double bonferroni_z(double alpha, int entries) {
  return boost::math::quantile(boost::math::complement(boost::math::normal(), alpha / (2.0 * entries)));
}

}  // namespace spincom
