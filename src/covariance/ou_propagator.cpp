#include "spincom/covariance/ou_propagator.hpp"

#include <cmath>

#include <unsupported/Eigen/MatrixFunctions>

#include "spincom/core/error.hpp"

namespace spincom {
namespace {

/// The largest ||A||_1 h one propagator may span: each of its log2(||A|| h) squarings doubles the
/// relative rounding error of an undamped rotation (damping contracts it again); at 1e14, 2^48 eps
/// ~ 0.06 in the worst case (docs/decisions.md 75). Far beyond, the squarings overflow.
constexpr double max_propagator_phase = 1e14;

}  // namespace

OuPropagator ou_propagator(const Matrix6& A, const Matrix6& D, double h) {
  if (!std::isfinite(h) || h < 0.0)
    throw InvalidParameter("time step h = " + format_value(h) +
                           " s: valid is a finite h >= 0. Hint: check grid.dt and grid.t_end.");
  OuPropagator out{h, Matrix6::Identity(), Matrix6::Zero(), 0};
  if (h == 0.0) return out;
  // ||A||_1 tau <= 1/2 keeps the Pade approximant of the 12 x 12 block accurate and bounds
  // e^{-A tau} by e^{1/2}, so F12 carries no cancellation.
  const double norm = A.cwiseAbs().colwise().sum().maxCoeff();
  if (norm * h > max_propagator_phase)
    throw InvalidParameter("exact propagator over h = " + format_value(h) + " s: h max|A_ij| = " +
                           format_value(norm * h) + " exceeds " + format_value(max_propagator_phase) +
                           ", beyond which the squarings of e^{A h} lose every digit (the fastest rate, " +
                           format_value(norm) + " s^-1, turns that many times per step). Valid is grid.dt <= " +
                           format_value(max_propagator_phase / norm) +
                           " s. Hint: more grid.samples or a shorter grid.t_end.");
  int k = 0;
  if (norm * h > 0.5) k = static_cast<int>(std::ceil(std::log2(norm * h / 0.5)));
  const double tau = std::ldexp(h, -k);
  Eigen::Matrix<double, 12, 12> M = Eigen::Matrix<double, 12, 12>::Zero();
  M.topLeftCorner<6, 6>() = -A * tau;
  M.topRightCorner<6, 6>() = D * tau;
  M.bottomRightCorner<6, 6>() = A.transpose() * tau;
  const Eigen::Matrix<double, 12, 12> F = M.exp();
  Matrix6 Phi = F.bottomRightCorner<6, 6>().transpose();
  Matrix6 Q = Phi * F.topRightCorner<6, 6>();
  Q = (0.5 * (Q + Q.transpose())).eval();
  for (int i = 0; i < k; ++i) {
    Q = (Phi * Q * Phi.transpose() + Q).eval();
    Q = (0.5 * (Q + Q.transpose())).eval();
    Phi = (Phi * Phi).eval();
  }
  if (!Phi.allFinite() || !Q.allFinite())
    throw NumericalFailure("exact propagator over h = " + format_value(h) +
                           " s is not finite. Hint: the system may be unstable over such a long step; "
                           "use a shorter grid.dt.");
  out.Phi = Phi;
  out.Q = Q;
  out.squarings = k;
  return out;
}

Matrix6 covariance_closed_form(const Matrix6& A, const Matrix6& D, const Matrix6& V0, double t) {
  const OuPropagator prop = ou_propagator(A, D, t);
  Matrix6 V = prop.Phi * V0 * prop.Phi.transpose() + prop.Q;
  return 0.5 * (V + V.transpose());
}

}  // namespace spincom
