#pragma once
// Delete-one-group jackknife over the K group accumulators of one sample time, for any scalar
// function of one covariance (E_N above all) or of a pair of covariances from two ensembles run
// on the same normals (the paired form: nonlinear minus linearized, whose sampling noise largely
// cancels). The estimate uses all K groups; the standard error, the O(1/N) bias and a confidence
// interval (Student's t with K - 1 degrees of freedom) come from the K leave-one-out values.
// The leave-one-out covariances are built with O(K) merges (prefix and suffix sums).
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

/// The covariance of all K groups merged in order, and the K covariances with group g left out.
struct LeaveOneOut {
  Matrix6 all;
  std::vector<Matrix6> without;  ///< [g]
};
/// Throws InvalidParameter for K < 2. Each leave-one-out set needs n >= 2.
LeaveOneOut leave_one_out(const std::vector<CovarianceAccumulator>& groups);

/// The jackknife of the values f(all) and f(without[g]).
JackknifeEstimate jackknife_values(double full, const std::vector<double>& without, double confidence = 0.95);

/// `groups` are the K >= 2 group accumulators of one sample time. f receives a covariance matrix.
JackknifeEstimate jackknife(const std::vector<CovarianceAccumulator>& groups,
                            const std::function<double(const Matrix6&)>& f, double confidence = 0.95);

/// The same from leave-one-out covariances already built.
JackknifeEstimate jackknife(const LeaveOneOut& l, const std::function<double(const Matrix6&)>& f,
                            double confidence = 0.95);

/// The paired form: f(V_a, V_b) over groups a and b of two ensembles with the same trajectory
/// indices (group g of a and of b is left out together).
JackknifeEstimate jackknife(const LeaveOneOut& a, const LeaveOneOut& b,
                            const std::function<double(const Matrix6&, const Matrix6&)>& f, double confidence = 0.95);

}  // namespace spincom
