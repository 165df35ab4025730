#include "spincom/covariance/covariance_ode.hpp"

#include <array>
#include <cmath>
#include <string>

#include <boost/numeric/odeint.hpp>

#include "spincom/core/error.hpp"

namespace spincom {

CovarianceTrajectory integrate_covariance_ode(const Matrix6& A, const Matrix6& D, const Matrix6& V0,
                                              const std::vector<double>& times,
                                              const CovarianceOdeOptions& options) {
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (!std::isfinite(times[i]) || times[i] < 0.0 || (i > 0 && !(times[i] > times[i - 1])))
      throw InvalidParameter("sample time #" + std::to_string(i) + " = " + format_value(times[i]) +
                             " s: valid are finite times >= 0 in strictly increasing order. "
                             "Hint: check grid.t_end and grid.samples.");
  }
  CovarianceTrajectory out{times, {}, 0};
  if (times.empty()) return out;
  using State = std::array<double, 36>;
  namespace odeint = boost::numeric::odeint;
  State x;
  Eigen::Map<Matrix6>(x.data()) = V0;
  // dV/dt = A V + V A^T + D on the column-major 36-vector.
  // Integrated in the time tau = t / t_unit with t_unit = the last sample time, so that odeint's
  // step control never works with absolute times near the double epsilon (t_end = 1e-14 s gave NaN
  // in the dense output): dV/dtau = t_unit (A V + V A^T + D).
  const double t_unit = times.back() > 0.0 ? times.back() : 1.0;
  const Matrix6 A_tau = t_unit * A, D_tau = t_unit * D;
  auto rhs = [&](const State& v, State& dv, double) {
    const Eigen::Map<const Matrix6> V(v.data());
    Eigen::Map<Matrix6> dV(dv.data());
    const Matrix6 AV = A_tau * V;
    dV = AV + AV.transpose() + D_tau;
  };
  std::size_t steps = 0;
  auto counted = [&](const State& v, State& dv, double t) {
    ++steps;
    rhs(v, dv, t);
  };
  const double scale = std::max(V0.cwiseAbs().maxCoeff(), 1.0);
  auto stepper = odeint::make_dense_output(options.absolute_tolerance * scale, options.relative_tolerance,
                                           odeint::runge_kutta_dopri5<State>());
  const double rate = std::max(A_tau.cwiseAbs().maxCoeff(), 1e-300);
  // odeint starts at the first time of the grid: make it t = 0, where V0 holds.
  std::vector<double> grid;
  grid.reserve(times.size() + 1);
  const bool prepend_zero = times.front() > 0.0;
  if (prepend_zero) grid.push_back(0.0);
  for (double t : times) grid.push_back(t / t_unit);
  bool skip = prepend_zero;
  auto observer = [&](const State& v, double) {
    if (skip) {
      skip = false;
      return;
    }
    out.V.push_back(Eigen::Map<const Matrix6>(v.data()));
  };
  if (grid.size() == 1) {
    out.V.push_back(V0);
    return out;
  }
  // The first step never spans more than the first output interval (a larger one breaks the dense
  // output's step control when the grid is much finer than 1/rate).
  const double first_dt = std::min(1e-3 / rate, grid[1] - grid[0]);
  odeint::integrate_times(stepper, counted, x, grid.begin(), grid.end(), first_dt, observer);
  out.steps = steps;
  for (const auto& V : out.V)
    if (!V.allFinite())
      throw NumericalFailure("covariance ODE produced a non-finite V. Hint: is the system stable?");
  return out;
}

}  // namespace spincom
