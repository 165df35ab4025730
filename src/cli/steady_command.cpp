#include <iostream>
#include <memory>
#include <optional>

#include "commands.hpp"
#include "parameter_options.hpp"
#include "spincom/steady/steady_state.hpp"
#include "spincom/core/error.hpp"
#include "spincom/io/json_report.hpp"
#include "spincom/io/text_report.hpp"

namespace spincom::cli {
namespace {

Mode parse_mode(const std::string& text) {
  for (Mode m : {Mode::driven, Mode::other, Mode::mechanics})
    if (text == to_string(m)) return m;
  throw UsageError("--pair: '" + text + "' is not a mode: valid are driven, other, mechanics.");
}

}  // namespace

void run_steady(const SteadyOptions& opts) {
  Settings s = resolve_settings(opts.parameters);
  if (!opts.direction.empty()) s.direction = parse_direction_choice(opts.direction);
  SteadyStateOptions so;
  if (opts.branches == "all") so.branches = BranchSelection::all;
  else if (opts.branches != "stable")
    throw UsageError("--branches '" + opts.branches + "' is unknown: valid are stable, all.");
  const auto comma = opts.pair.find(',');
  if (comma == std::string::npos)
    throw UsageError("--pair '" + opts.pair + "' must be two modes separated by a comma, e.g. driven,mechanics.");
  so.mode_a = parse_mode(opts.pair.substr(0, comma));
  so.mode_b = parse_mode(opts.pair.substr(comma + 1));
  if (so.mode_a == so.mode_b)
    throw UsageError("--pair " + opts.pair + " names the same mode twice: E_N needs two different modes, "
                     "e.g. driven,mechanics (default) or other,mechanics.");
  std::optional<DirectionSteadyState> ccw, cw;
  if (s.direction != DirectionChoice::cw) ccw = analyze_steady_state(s.parameters, Direction::ccw, so);
  if (s.direction != DirectionChoice::ccw) cw = analyze_steady_state(s.parameters, Direction::cw, so);
  if (opts.json)
    std::cout << steady_report_json(s, so, ccw, cw).dump(2) << "\n";
  else
    print_steady_report(std::cout, s, so, ccw, cw, opts.show_V);
}

void setup_steady(CLI::App& app) {
  auto opts = std::make_shared<SteadyOptions>();
  auto* sub = app.add_subcommand(
      "steady", "Steady state of one parameter point: fixed points, stability, V, E_N per direction");
  add_parameter_options(*sub, opts->parameters);
  sub->add_flag("--json", opts->json, "Machine-readable JSON on stdout (schema in the README)");
  sub->add_option("--direction", opts->direction, "ccw (Delta_F > 0), cw (Delta_F < 0) or both")
      ->check(CLI::IsMember({"ccw", "cw", "both"}));
  sub->add_option("--branches", opts->branches,
                  "stable: the selected branch (lowest-N stable fixed point); all: every fixed point")
      ->check(CLI::IsMember({"stable", "all"}));
  sub->add_option("--pair", opts->pair,
                  "The two modes whose E_N is reported: driven, other, mechanics (default driven,mechanics)");
  auto* show = sub->add_flag("--show-V", opts->show_V, "Print the 6x6 covariance V in the text report");
  show->excludes(sub->get_option("--json"));
  sub->callback([opts] { run_steady(*opts); });
}

}  // namespace spincom::cli
