#include "spincom/model/feasibility.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include "spincom/core/error.hpp"

namespace spincom {

Feasibility feasibility(const FeasibilityInputs& in, const PhysicalConstants& k) {
  struct Positive {
    const char* name;   ///< what and the symbol, "fiber radius r"
    const char* field;  ///< feasibility.<field> (the CLI names its flag)
    const char* unit;
    double value, paper;
  };
  const FeasibilityInputs paper{};
  const Positive positive[] = {
      {"sphere radius R", "radius", "m", in.sphere_radius, paper.sphere_radius},
      {"fiber radius r", "feasibility.fiber_radius", "m", in.fiber_radius, paper.fiber_radius},
      {"length L", "feasibility.length", "m", in.length, paper.length},
      {"gap h", "feasibility.gap", "m", in.gap, paper.gap},
      {"Young modulus E", "feasibility.young", "Pa", in.young, paper.young},
      {"elastic limit Upsilon", "feasibility.elastic_limit", "Pa", in.elastic_limit, paper.elastic_limit},
      {"viscosity mu", "feasibility.viscosity", "Pa s", in.viscosity, paper.viscosity}};
  for (const auto& x : positive)
    if (!(x.value > 0.0) || !std::isfinite(x.value))
      throw InvalidParameter(std::string(x.name) + " (" + x.field + ") = " + format_value(x.value) + " " + x.unit +
                             ": valid is a finite value > 0 " + x.unit + ". Hint: the paper's value is " +
                             format_value(x.paper) + " " + x.unit + ".");
  if (!(in.Omega >= 0.0) || !(in.temperature >= 0.0))
    throw InvalidParameter("Omega and temperature must be >= 0 (got " + format_value(in.Omega) + ", " +
                           format_value(in.temperature) + ").");
  constexpr double pi = std::numbers::pi;
  const double r = in.fiber_radius, R = in.sphere_radius, h = in.gap, L = in.length, E = in.young;
  // S3.9: the integrand is smooth on [0, r] (its largest value is at x = 0, where it is h^{-3/2}).
  const auto f = [&](double x) { return std::pow(h - std::sqrt(r * r - x * x) + r, -1.5); };
  const double integral = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(f, 0.0, r, 15, 1e-13);
  Feasibility out{};
  out.rho = 1.0 / integral;
  const double mu_R = in.viscosity * std::pow(R, 2.5);
  out.T_air = 6.19 * mu_R * in.Omega * integral;
  out.beta = std::cbrt(pi * r * r * E / (3.0 * out.T_air));  // +inf at Omega = 0: no force
  // (L/2)(beta - sqrt(beta^2 - 1)) written without the cancellation at large beta: 0 at beta = inf.
  out.displacement = out.beta >= 1.0 ? 0.5 * L / (out.beta + std::sqrt(out.beta * out.beta - 1.0)) : NAN;
  const double phi = 4.0 * L * out.displacement / (L * L + 4.0 * out.displacement * out.displacement);
  // arcsin(phi)/phi - 1 = phi^2/6 + 3 phi^4/40 + ...: the series where the quotient loses digits (and at phi = 0).
  out.strain = std::abs(phi) < 1e-4 ? phi * phi / 6.0 + 3.0 * std::pow(phi, 4) / 40.0 : std::asin(phi) / phi - 1.0;
  // S2.7 with eps_1 = eps_2 (taper and sphere both silica), eps_0 air.
  const double em = in.eps_silica - in.eps_air, ep = in.eps_silica + in.eps_air;
  const double nm = std::sqrt(in.n_silica * in.n_silica - in.n_air * in.n_air);
  const double np = std::sqrt(in.n_silica * in.n_silica + in.n_air * in.n_air);
  const double nu = 3.0 * std::sqrt(2.0) * k.hbar * in.nu_e / 16.0;
  out.hamaker = 3.0 * em * em * k.k_B * in.temperature / (4.0 * ep * ep) + nu * std::pow(nm * nm, 2) / (np * np * 2.0 * np);
  out.T_int = r * R * (-out.hamaker / (6.0 * pi * h * h * h) + in.B / (45.0 * pi * std::pow(h, 9)) -
                       pi * pi * k.c * k.hbar / (240.0 * std::pow(h, 4)));
  out.force_ratio = std::abs(out.T_int) / out.T_air;
  out.Omega_0 = out.rho * pi * r * r * E / (18.57 * mu_R);
  const double Lambda = std::pow(4.0 * L * h / (L * L + 4.0 * h * h), 3);
  out.Omega_1 = Lambda * out.Omega_0;
  out.Omega_2 = out.rho * pi * r * r * in.elastic_limit / (3.095 * mu_R) * std::sqrt(6.0 * in.elastic_limit / E);
  out.Omega_max = std::min({out.Omega_0, out.Omega_1, out.Omega_2});
  return out;
}

double displacement_ratio(double q_s, double x_zp, double displacement) { return q_s * x_zp / displacement; }

}  // namespace spincom
