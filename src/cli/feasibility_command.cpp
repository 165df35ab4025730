#include <iostream>
#include <memory>

#include "commands.hpp"
#include "parameter_options.hpp"
#include "spincom/steady/steady_state.hpp"
#include "spincom/io/text_report.hpp"
#include "spincom/model/feasibility.hpp"

namespace spincom::cli {

void run_feasibility(const FeasibilityOptions& opts) {
  const Settings s = resolve_settings(opts.parameters);
  FeasibilityInputs x = opts.inputs;
  x.sphere_radius = s.parameters.radius;
  x.Omega = s.parameters.Omega;
  x.temperature = s.parameters.temperature;
  x.n_silica = s.parameters.index;
  const Feasibility f = feasibility(x);
  const DerivedQuantities d = derive(s.parameters);
  auto eta = [&](Direction dir) {
    const double q_s = analyze_steady_state(s.parameters, dir).fixed_points.at(0).fixed_point.q_s;
    return displacement_ratio(q_s, d.x_zp, f.displacement);
  };
  print_feasibility(std::cout, x, f, eta(Direction::ccw), eta(Direction::cw));
}

void setup_feasibility(CLI::App& app) {
  auto opts = std::make_shared<FeasibilityOptions>();
  ParameterOptions* o = &opts->parameters;
  FeasibilityInputs* in = &opts->inputs;
  auto* sub = app.add_subcommand("feasibility", "Supplement S2-S3: air bearing, intermolecular forces, spin-rate limits");
  add_parameter_options(*sub, *o);
  const char* g = "Feasibility (SI)";
  sub->add_option("--fiber-radius", in->fiber_radius, "r: taper radius, m (544e-9)")->group(g);
  sub->add_option("--length", in->length, "L: deformation region, m (3e-6)")->group(g);
  sub->add_option("--gap", in->gap, "h: taper-resonator separation, m (250e-9)")->group(g);
  sub->add_option("--young", in->young, "E: Young modulus, Pa (75e9)")->group(g);
  sub->add_option("--elastic-limit", in->elastic_limit, "Upsilon, Pa (9e9)")->group(g);
  sub->add_option("--viscosity", in->viscosity, "mu of air, Pa s (1.8e-5; not given in the paper)")->group(g);
  sub->callback([opts] { run_feasibility(*opts); });
}

}  // namespace spincom::cli
