#include <iostream>
#include <memory>

#include "commands.hpp"
#include "parameter_options.hpp"
#include "spincom/io/json_report.hpp"
#include "spincom/io/text_report.hpp"
#include "spincom/model/derived_quantities.hpp"

namespace spincom::cli {

void run_params(const ParamsOptions& opts) {
  const Settings s = resolve_settings(opts.parameters);
  if (opts.json) {
    nlohmann::json out = {{"conventions", conventions_json()},
                          {"parameters", to_json(s.parameters)},
                          {"derived", to_json(derive(s.parameters))},
                          {"units", units_json()}};
    std::cout << out.dump(2) << "\n";
  } else {
    print_parameters(std::cout, s.parameters);
  }
}

void setup_params(CLI::App& app) {
  auto opts = std::make_shared<ParamsOptions>();
  auto* sub = app.add_subcommand("params", "Table I parameters and every derived quantity, with units");
  add_parameter_options(*sub, opts->parameters);
  sub->add_flag("--json", opts->json, "Machine-readable JSON on stdout");
  sub->callback([opts] { run_params(*opts); });
}

}  // namespace spincom::cli
