#include "spincom/model/mean_field.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <boost/math/tools/toms748_solve.hpp>

#include "spincom/core/error.hpp"
#include "spincom/model/sagnac_shift.hpp"

namespace spincom {
namespace {

constexpr int max_degree = 5;

/// A real polynomial c[0] + c[1] y + ... + c[degree] y^degree, fixed capacity.
struct Polynomial {
  std::array<double, max_degree + 1> c{};
  int degree = 0;

  [[nodiscard]] double operator()(double y) const {
    double r = c[static_cast<std::size_t>(degree)];
    for (int k = degree - 1; k >= 0; --k) r = r * y + c[static_cast<std::size_t>(k)];
    return r;
  }
  [[nodiscard]] Polynomial derivative() const {
    Polynomial d;
    d.degree = std::max(degree - 1, 0);
    for (int k = 1; k <= degree; ++k)
      d.c[static_cast<std::size_t>(k - 1)] = k * c[static_cast<std::size_t>(k)];
    return d;
  }
};

Polynomial multiply(const Polynomial& a, const Polynomial& b) {
  Polynomial r;
  r.degree = a.degree + b.degree;
  for (int i = 0; i <= a.degree; ++i)
    for (int j = 0; j <= b.degree; ++j)
      r.c[static_cast<std::size_t>(i + j)] +=
          a.c[static_cast<std::size_t>(i)] * b.c[static_cast<std::size_t>(j)];
  return r;
}

struct RootList {
  std::array<double, max_degree> y{};
  int count = 0;
  void add(double v) {
    if (count > 0 && y[static_cast<std::size_t>(count - 1)] == v) return;
    y[static_cast<std::size_t>(count++)] = v;
  }
};

/// Every real root of `p` in [a, b] at which p changes sign (or vanishes exactly), ascending.
/// Between consecutive roots of p' the polynomial is monotone, so each such piece holds at
/// most one root, found by TOMS 748 to full double precision.
RootList real_roots(const Polynomial& p, double a, double b) {
  RootList roots;
  int n = p.degree;
  while (n > 0 && p.c[static_cast<std::size_t>(n)] == 0.0) --n;
  if (n == 0) return roots;
  Polynomial q = p;
  q.degree = n;
  std::array<double, max_degree + 1> knots{};
  int n_knots = 0;
  knots[static_cast<std::size_t>(n_knots++)] = a;
  if (n > 1) {
    const RootList crit = real_roots(q.derivative(), a, b);
    for (int i = 0; i < crit.count; ++i) knots[static_cast<std::size_t>(n_knots++)] = crit.y[static_cast<std::size_t>(i)];
  }
  knots[static_cast<std::size_t>(n_knots++)] = b;
  for (int i = 0; i + 1 < n_knots; ++i) {
    const double l = knots[static_cast<std::size_t>(i)];
    const double r = knots[static_cast<std::size_t>(i + 1)];
    const double fl = q(l);
    const double fr = q(r);
    if (fl == 0.0) roots.add(l);
    if (fl == 0.0 || fr == 0.0 || (fl < 0.0) == (fr < 0.0)) continue;
    std::uintmax_t max_iter = 200;
    const auto bracket = boost::math::tools::toms748_solve(
        q, l, r, fl, fr, boost::math::tools::eps_tolerance<double>(std::numeric_limits<double>::digits - 1),
        max_iter);
    roots.add(0.5 * (bracket.first + bracket.second));
  }
  if (q(b) == 0.0) roots.add(b);
  return roots;
}

}  // namespace

MeanFieldProblem mean_field_problem(const Parameters& p, const DerivedQuantities& d, Direction dir) {
  const double Delta_F = sign(dir) * d.Delta_F;
  return {d.Delta_c + Delta_F, d.Delta_c - Delta_F, d.kappa, p.J, d.G0, p.omega_m, d.epsilon};
}

FixedPoint fixed_point_at(const MeanFieldProblem& m, double x) {
  using cd = std::complex<double>;
  const cd i(0.0, 1.0);
  FixedPoint fp{};
  fp.Delta_tilde_driven = m.Delta_driven - x;
  fp.Delta_tilde_other = m.Delta_other - x;
  const cd c1 = i * fp.Delta_tilde_driven + m.kappa;
  const cd c2 = i * fp.Delta_tilde_other + m.kappa;
  fp.alpha_driven = c2 * m.epsilon / (c1 * c2 + m.J * m.J);
  fp.alpha_other = -i * m.J * fp.alpha_driven / c2;
  fp.N_driven = std::norm(fp.alpha_driven);
  fp.N_other = std::norm(fp.alpha_other);
  fp.q_s = x / m.G0;
  fp.G_driven = std::sqrt(2.0) * m.G0 * fp.alpha_driven;
  fp.G_other = std::sqrt(2.0) * m.G0 * fp.alpha_other;
  fp.residual = mean_field_residual(m, fp);
  return fp;
}

double mean_field_residual(const MeanFieldProblem& m, const FixedPoint& fp) {
  using cd = std::complex<double>;
  const cd i(0.0, 1.0);
  const double scale = m.epsilon > 0.0 ? m.epsilon : 1.0;
  const cd eq1 = -(i * fp.Delta_tilde_driven + m.kappa) * fp.alpha_driven -
                 i * m.J * fp.alpha_other + m.epsilon;
  const cd eq2 = -(i * fp.Delta_tilde_other + m.kappa) * fp.alpha_other - i * m.J * fp.alpha_driven;
  const double q_expected = m.G0 / m.omega_m * (fp.N_driven + fp.N_other);
  const double q_scale = std::max(std::abs(fp.q_s), std::abs(q_expected));
  const double r_q = q_scale > 0.0 ? std::abs(fp.q_s - q_expected) / q_scale : 0.0;
  return std::max({std::abs(eq1) / scale, std::abs(eq2) / scale, r_q});
}

std::vector<FixedPoint> solve_mean_field(const MeanFieldProblem& m) {
  // Units of omega_m keep the coefficients O(1).
  const double w = m.omega_m;
  const double k = m.kappa / w, j = m.J / w, D1 = m.Delta_driven / w, D2 = m.Delta_other / w;
  const double C = (m.G0 * m.G0 / w) * (m.epsilon * m.epsilon / w) / (w * w);
  const double y_max = C / (k * k);
  if (!std::isfinite(C) || !std::isfinite(k) || !std::isfinite(D1) || !std::isfinite(D2))
    throw NumericalFailure("mean field: non-finite scaled coefficients (C = " + format_value(C) +
                           "). Hint: check that the parameters are of physical size.");

  Polynomial re;  // kappa^2 + J^2 - d1 d2, d_j = D_j - y
  re.degree = 2;
  re.c = {k * k + j * j - D1 * D2, D1 + D2, -1.0};
  Polynomial im;  // kappa (d1 + d2)
  im.degree = 1;
  im.c = {k * (D1 + D2), -2.0 * k};
  Polynomial abs_P2 = multiply(re, re);
  const Polynomial im2 = multiply(im, im);
  for (int n = 0; n <= im2.degree; ++n) abs_P2.c[static_cast<std::size_t>(n)] += im2.c[static_cast<std::size_t>(n)];
  Polynomial f;  // y |P|^2 - C (kappa^2 + J^2 + (D2 - y)^2)
  f.degree = abs_P2.degree + 1;
  for (int n = 0; n <= abs_P2.degree; ++n) f.c[static_cast<std::size_t>(n + 1)] = abs_P2.c[static_cast<std::size_t>(n)];
  f.c[0] -= C * (k * k + j * j + D2 * D2);
  f.c[1] -= C * (-2.0 * D2);
  f.c[2] -= C;

  std::vector<FixedPoint> out;
  if (C == 0.0) {  // no drive: the empty cavity
    out.push_back(fixed_point_at(m, 0.0));
    return out;
  }
  // Every root lies in (0, y_max]; widen by a hair against rounding in y_max.
  const RootList roots = real_roots(f, 0.0, y_max * (1.0 + 1e-9));
  out.reserve(static_cast<std::size_t>(roots.count));
  for (int r = 0; r < roots.count; ++r) {
    // Newton on g(y) = y - C (k^2 + j^2 + d2^2) / |P|^2, the self-consistency itself.
    double y = roots.y[static_cast<std::size_t>(r)];
    for (int it = 0; it < 3; ++it) {
      const double d1 = D1 - y, d2 = D2 - y;
      const double a = k * k + j * j - d1 * d2, b = k * (d1 + d2);
      const double P2 = a * a + b * b;
      const double dP2 = 2.0 * a * (d1 + d2) + 2.0 * b * (-2.0 * k);
      const double num = C * (k * k + j * j + d2 * d2);
      const double dnum = C * (-2.0 * d2);
      const double g = y - num / P2;
      const double dg = 1.0 - (dnum * P2 - num * dP2) / (P2 * P2);
      if (dg == 0.0 || !std::isfinite(g / dg)) break;
      const double step = g / dg;
      if (std::abs(step) > 1e-6 * std::max(y, 1e-300)) break;  // Newton only polishes
      y -= step;
      if (std::abs(step) <= 1e-17 * y) break;
    }
    FixedPoint fp = fixed_point_at(m, y * w);
    if (!std::isfinite(fp.q_s) || !std::isfinite(fp.N_driven))
      throw NumericalFailure("mean field: fixed point " + std::to_string(r) +
                             " is not finite. Hint: check the parameters.");
    out.push_back(fp);
  }
  if (out.empty())
    throw NumericalFailure("mean field: no fixed point found although one always exists "
                           "(the quintic is negative at 0 and positive at the bound). "
                           "Please report the parameters.");
  return out;
}

}  // namespace spincom
