#include <cstdio>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "parameter_options.hpp"
#include "spincom/analysis/steady_state.hpp"
#include "spincom/model/feasibility.hpp"

namespace spincom::cli {

void setup_feasibility(CLI::App& app) {
  auto o = std::make_shared<ParameterOptions>();
  auto in = std::make_shared<FeasibilityInputs>();
  auto* sub = app.add_subcommand("feasibility", "Supplement S2-S3: air bearing, intermolecular forces, spin-rate limits");
  add_parameter_options(*sub, *o);
  const char* g = "Feasibility (SI)";
  sub->add_option("--fiber-radius", in->fiber_radius, "r: taper radius, m (544e-9)")->group(g);
  sub->add_option("--length", in->length, "L: deformation region, m (3e-6)")->group(g);
  sub->add_option("--gap", in->gap, "h: taper-resonator separation, m (250e-9)")->group(g);
  sub->add_option("--young", in->young, "E: Young modulus, Pa (75e9)")->group(g);
  sub->add_option("--elastic-limit", in->elastic_limit, "Upsilon, Pa (9e9)")->group(g);
  sub->add_option("--viscosity", in->viscosity, "mu of air, Pa s (1.8e-5; not given in the paper)")->group(g);
  sub->callback([o, in] {
    const Settings s = resolve_settings(*o);
    FeasibilityInputs x = *in;
    x.sphere_radius = s.parameters.radius;
    x.Omega = s.parameters.Omega;
    x.temperature = s.parameters.temperature;
    x.n_silica = s.parameters.index;
    const Feasibility f = feasibility(x);
    const DerivedQuantities d = derive(s.parameters);
    char buf[160];
    auto line = [&](const char* name, double v, const char* unit, const char* what) {
      std::snprintf(buf, sizeof buf, "  %-14s %-14.6g %-6s %s\n", name, v, unit, what);
      std::cout << buf;
    };
    std::cout << "spincom feasibility (supplement S2-S3), Omega = " << x.Omega << " s^-1, h = " << x.gap
              << " m, mu = " << x.viscosity << " Pa s\n";
    line("T_air", f.T_air, "N", "air-bearing force (S2.1)");
    line("beta", f.beta, "-", "S2.4; >= 1 for a stable flying height");
    line("d", f.displacement, "m", "taper displacement (S2.4)");
    line("strain", f.strain, "-", "arcsin(phi)/phi - 1 (S2.3)");
    line("A", f.hamaker, "J", "Hamaker constant (S2.7)");
    line("T_int", f.T_int, "N", "intermolecular force (S2.6)");
    line("|T_int|/T_air", f.force_ratio, "-", "paper: < 0.1%");
    line("Omega_0", f.Omega_0, "s^-1", "beta >= 1 limit (S3.8)");
    line("Omega_1", f.Omega_1, "s^-1", "d < h limit (S3.10)");
    line("Omega_2", f.Omega_2, "s^-1", "elastic limit (S3.11)");
    line("Omega_max", f.Omega_max, "s^-1", "min of the three (S3.12)");
    for (Direction dir : {Direction::ccw, Direction::cw}) {
      const auto st = analyze_steady_state(s.parameters, dir);
      const double eta = displacement_ratio(st.fixed_points.at(0).fixed_point.q_s, d.x_zp, f.displacement);
      std::snprintf(buf, sizeof buf, "  eta (%-3s)      %-14.6g %-6s x_s/d = q_s x_zp/d (S3.13)\n",
                    std::string(to_string(dir)).c_str(), eta, "-");
      std::cout << buf;
    }
  });
}

}  // namespace spincom::cli
