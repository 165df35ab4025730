#include "parameter_options.hpp"

#include "spincom/core/error.hpp"
#include "spincom/model/parameters.hpp"
#include "spincom/steady/point_guards.hpp"

namespace spincom::cli {

void add_parameter_options(CLI::App& app, ParameterOptions& opts) {
  app.add_option("--preset", opts.preset,
                 "Parameter preset: a name in data/presets/ or a .toml path (default: built-in Table I = jiao2020)")
      ->group("Parameters");
  app.add_option("--config", opts.config, "TOML file of parameters; overrides the preset")->group("Parameters");
  for (const auto& row : parameter_table()) {
    const std::string key(row.key);
    std::string help = std::string(row.description);
    if (row.unit != Unit::dimensionless) help += " [" + std::string(unit_symbol(row.unit)) + "]";
    help += "; valid " + valid_range_text(row) + "; " + std::string(row.hint);
    app.add_option_function<std::string>(
           "--" + key, [&opts, key](const std::string& v) { opts.values[key] = v; }, help)
        ->group("Parameters")
        ->type_name("VALUE");
  }
  app.add_option("--bath", opts.bath, "Mechanical bath: brownian (paper, default) or symmetric (Lindblad)")
      ->group("Parameters");
}

Settings resolve_settings(const ParameterOptions& opts) {
  Settings s;
  if (!opts.preset.empty()) apply_toml_file(s, preset_path(opts.preset));
  s.explicit_keys.clear();  // a preset supplies defaults; only config files and flags are explicit
  if (!opts.config.empty()) apply_toml_file(s, opts.config);
  for (const auto& [key, text] : opts.values) set_from_text(s, key, text);
  if (!opts.bath.empty()) set_from_text(s, "bath", opts.bath);
  validate(s.parameters);
  return s;
}

void add_peak_range_option(CLI::App& app, std::string& text, const char* group) {
  app.add_option("--peak-range", text,
                 "Detuning range LOWER:UPPER[:POINTS] (Delta_c/omega_m) searched for the E_N peak when no --detuning is "
                 "given (default: -0.5 - s to 2.5 + s, s = sqrt(Delta_F^2 + J^2)/omega_m, spacing 0.01)")
      ->group(group);
}

std::optional<DetuningScan> peak_range_of(const std::string& text, bool detuning_at_peak) {
  if (text.empty()) return std::nullopt;
  if (!detuning_at_peak)
    throw UsageError("--peak-range " + text + " with a given detuning: nothing is searched. Hint: drop --detuning (and "
                     "the config's detuning) to search the range, or drop --peak-range.");
  return parse_peak_range(text);
}

OperatingPoint operating_point_from(const Settings& s, int root, const std::string& peak_range) {
  OperatingPoint point;
  point.parameters = s.parameters;
  point.detuning_at_peak = !s.explicit_keys.count("detuning");
  if (root >= 0) point.root = static_cast<std::size_t>(root);
  point.peak_range = peak_range_of(peak_range, point.detuning_at_peak);
  return point;
}

}  // namespace spincom::cli
