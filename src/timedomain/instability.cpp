#include "spincom/timedomain/instability.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Eigenvalues>

#include "spincom/steady/parallel_points.hpp"
#include "spincom/core/error.hpp"
#include "spincom/model/linear_model.hpp"

namespace spincom {

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::converges: return "converges";
    case Outcome::grows: return "grows";
    case Outcome::limit_cycle: return "limit-cycle";
    case Outcome::other_root: return "other-root";
    case Outcome::diverges: return "diverges";
  }
  return "?";
}

namespace {

double photons(const Vector6& z) { return 0.5 * z.head<4>().squaredNorm(); }

/// Classifies the end of a noise-free run that started at displacement u0 from root `start`.
/// `tail` is the fraction of samples examined at the end.
Outcome classify(const MeanFieldDynamicsResult& r, std::size_t start, double u0_norm, std::optional<std::size_t>& final_root) {
  final_root.reset();
  const std::size_t n = r.transient.size();
  const std::size_t tail0 = n - std::max<std::size_t>(n / 10, 1);
  double tail_max = 0.0, head_max = 0.0;
  for (std::size_t k = tail0; k < n; ++k) tail_max = std::max(tail_max, r.transient[k].u.norm());
  const std::size_t prev0 = n - 2 * (n - tail0);
  for (std::size_t k = prev0; k < tail0; ++k) head_max = std::max(head_max, r.transient[k].u.norm());
  if (r.nearest_distance <= 1e-6 && r.nearest != start) {
    final_root = r.nearest;
    return Outcome::other_root;
  }
  if (tail_max < u0_norm) return Outcome::converges;
  // Bounded and saturated when the envelope changed by < 5% between the last two tenths.
  if (std::abs(tail_max / head_max - 1.0) < 0.05) return Outcome::limit_cycle;
  return Outcome::grows;
}

}  // namespace

namespace {

/// The initial displacement along the leading eigenvector of A, of size relative_size |z_root|.
Vector6 leading_perturbation(const Matrix6& A, double size) {
  Eigen::EigenSolver<Matrix6> es(A);
  int lead = 0;
  for (int k = 1; k < 6; ++k)
    if (es.eigenvalues()(k).real() > es.eigenvalues()(lead).real()) lead = k;
  Vector6 dir_u = es.eigenvectors().col(lead).real();
  if (dir_u.norm() == 0.0) dir_u = es.eigenvectors().col(lead).imag();
  return size * dir_u.normalized();
}

/// Least-squares slope of ln ||u|| over the linear window [1e2 |u0|, 1e-4 |z_root|].
void fit_growth(GrowthRateResult& out, double u0_norm, double z_norm) {
  const double lo = 1e2 * u0_norm, hi = 1e-4 * z_norm;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  std::size_t n = 0;
  bool started = false;
  for (const auto& s : out.dynamics.transient) {
    const double un = s.u.norm();
    if (!started && un >= lo) {
      started = true;
      out.fit_start = s.t;
    }
    if (started && un > hi) break;
    if (!started) continue;
    const double y = std::log(un);
    sx += s.t;
    sy += y;
    sxx += s.t * s.t;
    sxy += s.t * y;
    ++n;
    out.fit_end = s.t;
  }
  if (n < 10) {
    out.measured_rate = std::numeric_limits<double>::quiet_NaN();
    out.relative_error = std::numeric_limits<double>::infinity();
    return;
  }
  const double nd = static_cast<double>(n);
  out.measured_rate = (nd * sxy - sx * sy) / (nd * sxx - sx * sx);
  out.relative_error = std::abs(out.measured_rate / out.max_re_lambda - 1.0);
}

/// Half the peak-to-peak q over samples [a, b), with the mean q and the photon range.
double q_amplitude(const std::vector<MeanFieldSample>& tr, std::size_t a, std::size_t b, double* mean, double* nmin,
                   double* nmax) {
  double qmin = INFINITY, qmax = -INFINITY, qs = 0.0;
  double mn = INFINITY, mx = -INFINITY;
  for (std::size_t k = a; k < b; ++k) {
    const double q = tr[k].z(4);
    qmin = std::min(qmin, q);
    qmax = std::max(qmax, q);
    qs += q;
    mn = std::min(mn, photons(tr[k].z));
    mx = std::max(mx, photons(tr[k].z));
  }
  if (mean) *mean = qs / static_cast<double>(b - a);
  if (nmin) *nmin = mn;
  if (nmax) *nmax = mx;
  return 0.5 * (qmax - qmin);
}

/// The saturated state over the last quarter (and the quarter before, for the change).
void saturated_state(GrowthRateResult& out) {
  const auto& tr = out.dynamics.transient;
  const std::size_t N = tr.size(), q0 = N - N / 4, q00 = N - N / 2;
  out.q_amplitude = q_amplitude(tr, q0, N, &out.q_mean, &out.N_min, &out.N_max);
  const double before = q_amplitude(tr, q00, q0, nullptr, nullptr, nullptr);
  out.saturation_change = std::abs(out.q_amplitude / before - 1.0);
}

}  // namespace

GrowthRateResult growth_rate(const Parameters& p, Direction dir, std::size_t root, double t_end, double relative_size,
                             std::size_t samples) {
  const DerivedQuantities d = derive(p);
  const auto roots = solve_mean_field(mean_field_problem(p, d, dir));
  if (root >= roots.size())
    throw InvalidParameter("root " + std::to_string(root) + ": valid is 0.." + std::to_string(roots.size() - 1) + ".");
  const Matrix6 A = drift_matrix(p, d, roots[root]);
  const StabilityReport st = check_stability(A);
  if (st.max_re_eig <= 0.0)
    throw InvalidParameter("growth rate at root " + std::to_string(root) + ": max Re lambda = " + format_value(st.max_re_eig) +
                           " s^-1 <= 0, nothing grows. Hint: pick an unstable point (spincom steady --branches all).");
  GrowthRateResult out{};
  out.root = root;
  out.max_re_lambda = st.max_re_eig;
  const double z_norm = root_vector(roots[root]).norm();
  const Vector6 u0 = leading_perturbation(A, relative_size * z_norm);
  MeanFieldDynamicsSpec spec{langevin_coefficients(p, d, dir, false), roots};
  spec.reference = reference_at(roots[root]);
  const LangevinEquations eq(spec.coefficients, *spec.reference);
  spec.initial = eq.to_lab(u0);
  spec.t_end = t_end;
  spec.samples = samples;
  spec.absolute_tolerance = 1e-6 * relative_size * z_norm;  // resolve the tiny perturbation
  try {
    out.dynamics = integrate_mean_field(spec);
  } catch (const NumericalFailure&) {
    out.outcome = Outcome::diverges;
    out.measured_rate = std::numeric_limits<double>::quiet_NaN();
    out.relative_error = std::numeric_limits<double>::infinity();
    return out;
  }
  fit_growth(out, u0.norm(), z_norm);
  out.outcome = classify(out.dynamics, root, u0.norm(), out.final_root);
  saturated_state(out);
  return out;
}

StabilityMap stability_map(const Parameters& base, const std::vector<double>& detunings,
                           const std::vector<double>& Omega_r, double t_sim, int threads) {
  if (!(t_sim > 0.0)) throw InvalidParameter("stability map t_sim = " + format_value(t_sim) + " s: valid is > 0.");
  StabilityMap map;
  map.t_sim = t_sim;
  map.resolvable_rate = 1.0 / t_sim;
  map.points.resize(detunings.size() * Omega_r.size());
  for_each_point(map.points.size(), threads, [&](std::size_t idx) {
    const std::size_t i = idx / Omega_r.size(), j = idx % Omega_r.size();
    Parameters p = base;
    p.detuning = detunings[i];
    p.Omega = std::abs(Omega_r[j]);
    const Direction dir = Omega_r[j] >= 0.0 ? Direction::ccw : Direction::cw;
    const DerivedQuantities d = derive(p);
    const auto roots = solve_mean_field(mean_field_problem(p, d, dir));
    const StabilityReport st = check_stability(drift_matrix(p, d, roots[0]));
    MapPoint mp{};
    mp.detuning = detunings[i];
    mp.Omega_r = Omega_r[j];
    mp.n_roots = roots.size();
    mp.max_re_lambda = st.max_re_eig;
    mp.routh_hurwitz_stable = st.routh_hurwitz_stable;
    MeanFieldDynamicsSpec spec{langevin_coefficients(p, d, dir, false), roots};
    spec.reference = reference_at(roots[0]);
    const LangevinEquations eq(spec.coefficients, *spec.reference);
    const Vector6 u0 = 1e-6 * root_vector(roots[0]).norm() * Vector6::Constant(1.0 / std::sqrt(6.0));
    spec.initial = eq.to_lab(u0);
    spec.t_end = t_sim;
    spec.samples = 400;
    spec.absolute_tolerance = 1e-6 * u0.norm();
    try {
      const MeanFieldDynamicsResult r = integrate_mean_field(spec);
      std::optional<std::size_t> fr;
      mp.outcome = classify(r, 0, u0.norm(), fr);
      double tail = 0.0;
      for (std::size_t k = r.transient.size() - r.transient.size() / 10; k < r.transient.size(); ++k)
        tail = std::max(tail, r.transient[k].u.norm());
      mp.growth = std::log(tail / u0.norm());
    } catch (const NumericalFailure&) {
      mp.outcome = Outcome::diverges;
      mp.growth = INFINITY;
    }
    mp.agree = (mp.outcome == Outcome::converges) == mp.routh_hurwitz_stable;
    map.points[idx] = mp;
  });
  map.agreements = 0;
  for (const auto& mp : map.points) map.agreements += mp.agree ? 1 : 0;
  return map;
}

std::vector<SweepStep> hysteresis_sweep(const Parameters& base, Direction dir, const std::vector<double>& detunings,
                                        double dwell) {
  if (detunings.empty()) throw InvalidParameter("hysteresis sweep: no detunings. Hint: pass an ascending list.");
  if (!(dwell > 0.0)) throw InvalidParameter("hysteresis dwell = " + format_value(dwell) + " s: valid is > 0.");
  std::vector<SweepStep> out;
  LabState state{{0.0, 0.0}, {0.0, 0.0}, 0.0, 0.0};  // switch-on at the first detuning
  std::vector<double> path = detunings;
  path.insert(path.end(), detunings.rbegin() + 1, detunings.rend());
  for (std::size_t k = 0; k < path.size(); ++k) {
    Parameters p = base;
    p.detuning = path[k];
    const DerivedQuantities d = derive(p);
    const auto roots = solve_mean_field(mean_field_problem(p, d, dir));
    MeanFieldDynamicsSpec spec{langevin_coefficients(p, d, dir, false), roots};
    spec.initial = state;
    spec.t_end = dwell;
    spec.samples = 400;
    spec.reach_tolerance = 1e-6;
    const MeanFieldDynamicsResult r = integrate_mean_field(spec);
    state = r.final_state;
    SweepStep s{};
    s.detuning = path[k];
    s.up = k < detunings.size();
    s.N = photons(r.final_z);
    s.q = r.final_z(4);
    double qmin = INFINITY, qmax = -INFINITY;
    for (std::size_t j = r.transient.size() / 2; j < r.transient.size(); ++j) {
      qmin = std::min(qmin, r.transient[j].z(4));
      qmax = std::max(qmax, r.transient[j].z(4));
    }
    s.q_amplitude = 0.5 * (qmax - qmin);
    s.q_min = qmin;
    s.q_max = qmax;
    s.n_roots = roots.size();
    s.distance = r.nearest_distance;
    if (r.reached) {
      s.root = r.reached;
      s.root_stable = check_stability(drift_matrix(p, d, roots[*r.reached])).stable();
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace spincom
