#pragma once
// Delete-one-group jackknife for any scalar function of the covariance (E_N above all):
// the estimate from all K groups, its standard error and O(1/N) bias, and a confidence
// interval from Student's t with K - 1 degrees of freedom.
#include <functional>
#include <vector>

#include "spincom/statistics/covariance_accumulator.hpp"

namespace spincom {

struct JackknifeEstimate {
  double estimate;        ///< f(V) from all groups
  double standard_error;  ///< sqrt((K-1)/K sum (f_(-g) - mean f_(-g))^2)
  double bias;            ///< (K-1) (mean f_(-g) - estimate): the O(1/N) bias estimate
  double ci_half_width;   ///< t_{K-1}((1 + confidence)/2) * standard_error
};

/// `groups` are the K >= 2 group accumulators of one sample time (each with n >= 2 after any
/// one is left out). f receives a covariance matrix.
JackknifeEstimate jackknife(const std::vector<CovarianceAccumulator>& groups,
                            const std::function<double(const Matrix6&)>& f, double confidence = 0.95);

}  // namespace spincom
