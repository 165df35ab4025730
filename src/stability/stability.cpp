#include "spincom/stability/stability.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/LU>

#include "spincom/stability/characteristic_polynomial.hpp"
#include "spincom/stability/conditioning.hpp"
#include "spincom/stability/small_dense.hpp"

namespace spincom {

Eigen::MatrixXd hurwitz_matrix(const std::array<double, 6>& a, int k) {
  constexpr int degree = 6;
  Eigen::MatrixXd theta = Eigen::MatrixXd::Zero(k, k);
  for (int l = 1; l <= k; ++l)
    for (int n = 1; n <= k; ++n) {
      const int idx = 2 * l - n;
      if (idx < 0 || idx > degree) continue;
      theta(l - 1, n - 1) = idx == 0 ? 1.0 : a[static_cast<std::size_t>(idx - 1)];
    }
  return theta;
}

std::array<std::complex<double>, 6> quasi_triangular_eigenvalues(const Matrix6& T) {
  std::array<std::complex<double>, 6> ev;
  for (int i = 0; i < 6;) {
    if (i + 1 < 6 && T(i + 1, i) != 0.0) {
      const double a = T(i, i), b = T(i, i + 1), c = T(i + 1, i), d = T(i + 1, i + 1);
      const double mean = 0.5 * (a + d), half = 0.5 * (a - d);
      const double disc = half * half + b * c;
      const double root = std::sqrt(std::abs(disc));
      if (disc < 0.0) {
        ev[static_cast<std::size_t>(i)] = {mean, root};
        ev[static_cast<std::size_t>(i + 1)] = {mean, -root};
      } else {
        ev[static_cast<std::size_t>(i)] = {mean + root, 0.0};
        ev[static_cast<std::size_t>(i + 1)] = {mean - root, 0.0};
      }
      i += 2;
    } else {
      ev[static_cast<std::size_t>(i)] = {T(i, i), 0.0};
      i += 1;
    }
  }
  return ev;
}

std::string_view to_string(StabilityVerdict v) {
  switch (v) {
    case StabilityVerdict::stable: return "stable";
    case StabilityVerdict::unstable: return "unstable";
    case StabilityVerdict::undetermined: return "undetermined";
  }
  return "undetermined";
}

namespace {

/// The eigenvalues of A (from T, times s), sorted by descending real part, with their condition
/// numbers and first-order error bounds.
void eigenvalues_with_bounds(const ScaledSchurForm& form, StabilityReport& r) {
  const std::array<std::complex<double>, 6> ev = quasi_triangular_eigenvalues(form.T);
  const std::array<double, 6> kappa = eigenvalue_conditions(form.T, ev);
  std::array<int, 6> order{0, 1, 2, 3, 4, 5};
  std::sort(order.begin(), order.end(), [&](int i, int j) {
    const auto x = ev[static_cast<std::size_t>(i)], y = ev[static_cast<std::size_t>(j)];
    return x.real() > y.real() || (x.real() == y.real() && x.imag() > y.imag());
  });
  // ||A||_F = s ||T||_F (T is orthogonally similar to A/s).
  r.backward_error = eigenvalue_error_safety * std::numeric_limits<double>::epsilon() * form.T.norm() * r.scale;
  r.max_re_eig_lower = r.max_re_eig_upper = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < 6; ++k) {
    const auto i = static_cast<std::size_t>(order[k]);
    r.eigenvalues[k] = ev[i] * r.scale;
    r.eigenvalue_condition[k] = kappa[i];
    r.eigenvalue_error[k] = std::isfinite(kappa[i]) ? r.backward_error * kappa[i] : std::numeric_limits<double>::infinity();
    r.max_re_eig_lower = std::max(r.max_re_eig_lower, r.eigenvalues[k].real() - r.eigenvalue_error[k]);
    r.max_re_eig_upper = std::max(r.max_re_eig_upper, r.eigenvalues[k].real() + r.eigenvalue_error[k]);
  }
  r.max_re_eig = r.eigenvalues[0].real();
}

/// a_k and the Hurwitz determinants (S3.14-S3.18) from the Hessenberg form of A/s.
void routh_hurwitz(const ScaledSchurForm& form, StabilityReport& r) {
  const std::array<double, 6> a_hat = characteristic_polynomial_hessenberg(form.H);
  for (int k = 0; k < 6; ++k) {
    r.a_scaled[static_cast<std::size_t>(k)] = a_hat[static_cast<std::size_t>(k)];
    r.a[static_cast<std::size_t>(k)] = a_hat[static_cast<std::size_t>(k)] * std::pow(r.scale, k + 1);
  }
  const double log_scale = std::log(r.scale);
  bool all_positive = std::all_of(r.a_scaled.begin(), r.a_scaled.end(), [](double x) { return x > 0.0; });
  for (int k = 1; k <= 6; ++k) {
    const auto K = static_cast<std::size_t>(k - 1);
    double theta[36];
    for (int l = 1; l <= k; ++l)
      for (int n = 1; n <= k; ++n) {
        const int idx = 2 * l - n;  // S3.17 with the polynomial degree 6
        theta[(l - 1) * 6 + (n - 1)] =
            idx < 0 || idx > 6 ? 0.0 : (idx == 0 ? 1.0 : r.a_scaled[static_cast<std::size_t>(idx - 1)]);
      }
    double min_pivot = 0.0;
    const double det_hat = detail::small_lu_solve<6>(theta, k, nullptr, min_pivot);
    r.hurwitz_dets_scaled[K] = det_hat;
    // det theta_k(A) = s^{k(k+1)/2} det theta_k(A/s); go through logs against overflow.
    const double log_abs = std::log(std::abs(det_hat)) + 0.5 * k * (k + 1) * log_scale;
    r.hurwitz_dets[K] = std::copysign(std::exp(log_abs), det_hat);
    if (det_hat > 0.0) r.Theta[K] = log_abs;
    else if (det_hat < 0.0) r.Theta[K] = -log_abs;
    else r.Theta[K] = std::numeric_limits<double>::quiet_NaN();
    all_positive = all_positive && det_hat > 0.0;
  }
  r.routh_hurwitz_stable = all_positive;
}

/// The eigenvalue interval decides; a Routh-Hurwitz verdict that contradicts it makes it undetermined.
StabilityVerdict decide(const StabilityReport& r) {
  if (r.verdicts_disagree) return StabilityVerdict::undetermined;
  if (r.max_re_eig_upper < 0.0) return StabilityVerdict::stable;
  if (r.max_re_eig_lower > 0.0) return StabilityVerdict::unstable;
  return StabilityVerdict::undetermined;
}

}  // namespace

StabilityReport check_stability(const Matrix6& A) { return check_stability(scaled_schur_form(A)); }

StabilityReport check_stability(const ScaledSchurForm& form) {
  StabilityReport r{};
  r.scale = form.scale;
  eigenvalues_with_bounds(form, r);
  routh_hurwitz(form, r);
  r.eigenvalue_stable = r.max_re_eig < 0.0;
  r.verdicts_disagree = r.routh_hurwitz_stable != r.eigenvalue_stable;
  r.verdict = decide(r);
  return r;
}

}  // namespace spincom
