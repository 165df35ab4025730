#include "spincom/nonlinear/mean_field_dynamics.hpp"

#include <array>
#include <cmath>
#include <limits>

#include <boost/numeric/odeint.hpp>

#include "spincom/core/error.hpp"
#include "spincom/stability/stability.hpp"
#include "spincom/model/linear_model.hpp"

namespace spincom {

Vector6 root_vector(const FixedPoint& fp) { return lab_vector({fp.alpha_driven, fp.alpha_other, fp.q_s, 0.0}); }

double relative_distance(const Vector6& z, const FixedPoint& fp) {
  const Vector6 r = root_vector(fp);
  return (z - r).norm() / r.norm();
}

std::vector<std::size_t> stable_roots(const Parameters& p, const DerivedQuantities& d,
                                      const std::vector<FixedPoint>& roots) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < roots.size(); ++i)
    if (check_stability(drift_matrix(p, d, roots[i])).stable()) out.push_back(i);
  return out;
}

MeanFieldDynamicsResult integrate_mean_field(const MeanFieldDynamicsSpec& spec) {
  if (!(spec.t_end > 0.0) || !std::isfinite(spec.t_end))
    throw InvalidParameter("mean-field t_end = " + format_value(spec.t_end) +
                           " s: valid is a finite time > 0. Hint: a few times 1/|max Re lambda|.");
  if (spec.roots.empty())
    throw InvalidParameter("mean-field dynamics: no roots of Eq. (7) to classify against. Hint: pass solve_mean_field(...).");
  if (spec.samples == 0)
    throw InvalidParameter("mean-field samples = 0: valid is >= 1.");
  LangevinCoefficients c = spec.coefficients;
  c.wigner_correction = 0.0;
  const Vector6 z0 = lab_vector(spec.initial);
  if (!z0.allFinite()) throw InvalidParameter("mean-field initial state is not finite. Hint: check the initial state.");

  // Frame centre: the requested reference, else the root nearest the initial state.
  std::size_t nearest0 = 0;
  for (std::size_t i = 1; i < spec.roots.size(); ++i)
    if ((z0 - root_vector(spec.roots[i])).norm() < (z0 - root_vector(spec.roots[nearest0])).norm()) nearest0 = i;
  const ReferencePoint ref = spec.reference ? *spec.reference : reference_at(spec.roots[nearest0]);
  const LangevinEquations eq(c, ref);
  const Vector6 z_ref = lab_vector({ref.alpha_driven, ref.alpha_other, ref.q, ref.p});
  // Each root in the displaced frame (differences of O(|alpha|) numbers, computed once).
  std::vector<Vector6> root_u;
  std::vector<double> root_norm;
  for (const auto& r : spec.roots) {
    const Vector6 zr = root_vector(r);
    root_u.push_back(zr - z_ref);
    root_norm.push_back(zr.norm());
  }

  using State = std::array<double, 6>;
  namespace odeint = boost::numeric::odeint;
  std::size_t evaluations = 0;
  auto rhs = [&](const State& x, State& dx, double t) {
    ++evaluations;
    Vector6 f;
    eq(Eigen::Map<const Vector6>(x.data()), f, t);
    Eigen::Map<Vector6>(dx.data()) = f;
  };
  State x;
  Eigen::Map<Vector6>(x.data()) = eq.from_lab(spec.initial);

  MeanFieldDynamicsResult out;
  out.t_end = spec.t_end;
  std::vector<double> grid(spec.samples + 1);
  for (std::size_t k = 0; k <= spec.samples; ++k)
    grid[k] = spec.t_end * static_cast<double>(k) / static_cast<double>(spec.samples);
  std::vector<Vector6> u_samples;
  u_samples.reserve(grid.size());
  auto observer = [&](const State& s, double t) {
    const Eigen::Map<const Vector6> u(s.data());
    if (!u.allFinite())
      throw NumericalFailure("mean-field dynamics: the state became non-finite by t = " + format_value(t) +
                             " s. Hint: the point may be unstable without a bounded attractor; shorten grid.t_end.");
    u_samples.push_back(u);
    out.transient.push_back({t, z_ref + u, u});
  };
  auto stepper = odeint::make_dense_output(spec.absolute_tolerance, spec.relative_tolerance,
                                           odeint::runge_kutta_dopri5<State>());
  const double h0 = 1e-3 / std::max({c.kappa, std::abs(c.Delta_driven), c.omega_m});
  odeint::integrate_times(stepper, rhs, x, grid.begin(), grid.end(), h0, observer);
  if (u_samples.size() != grid.size())
    throw NumericalFailure("mean-field dynamics stopped early at t = " + format_value(out.transient.back().t) + " s.");

  const Vector6& u_end = u_samples.back();
  out.final_z = z_ref + u_end;
  out.final_state = eq.to_lab(u_end);
  out.rhs_evaluations = evaluations;
  out.reference = ref;
  out.nearest = 0;
  out.nearest_distance = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < root_u.size(); ++i) {
    const double dist = (u_end - root_u[i]).norm() / root_norm[i];
    if (dist < out.nearest_distance) {
      out.nearest_distance = dist;
      out.nearest = i;
    }
  }
  if (out.nearest_distance <= spec.reach_tolerance) out.reached = out.nearest;
  out.settle_time = std::numeric_limits<double>::infinity();
  for (std::size_t k = u_samples.size(); k-- > 0;) {
    const double dist = (u_samples[k] - root_u[out.nearest]).norm() / root_norm[out.nearest];
    if (dist > spec.reach_tolerance) break;
    out.settle_time = grid[k];
  }
  return out;
}

}  // namespace spincom
