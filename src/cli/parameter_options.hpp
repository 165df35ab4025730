#pragma once
// The parameter flags shared by every command: --preset, --config and one flag per
// parameter of docs/physics.md section 10 (values with optional unit suffixes), plus --bath.
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "spincom/config/config.hpp"
#include "spincom/steady/detuning_peak.hpp"
#include "spincom/timedomain/operating_point.hpp"

namespace spincom::cli {

struct ParameterOptions {
  std::string preset;  ///< empty: the built-in Table I defaults (identical to data/presets/jiao2020.toml)
  std::string config;
  std::map<std::string, std::string> values;  ///< flag name -> text as typed
  std::string bath;
};

/// Registers the flags on `app`; values land in `opts`.
void add_parameter_options(CLI::App& app, ParameterOptions& opts);

/// Settings from defaults < preset < config < flags. Throws spincom::Error subclasses.
Settings resolve_settings(const ParameterOptions& opts);

/// --peak-range LOWER:UPPER[:POINTS]: the detuning range searched for the E_N peak (commands that
/// pick the detuning automatically).
void add_peak_range_option(CLI::App& app, std::string& text, const char* group);

/// The parsed --peak-range, or nullopt for the library's default. A range given together with an
/// explicit detuning (nothing is searched) is refused with a UsageError.
std::optional<DetuningScan> peak_range_of(const std::string& text, bool detuning_at_peak);

/// The point of a command from its settings: the parameters, the E_N-peak detuning when neither a
/// config nor a flag set one (searched over --peak-range), and --root (-1: the selected branch).
/// The caller sets the direction and allow_unstable.
OperatingPoint operating_point_from(const Settings& settings, int root, const std::string& peak_range);

}  // namespace spincom::cli
