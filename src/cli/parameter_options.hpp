#pragma once
// The parameter flags shared by every command: --preset, --config and one flag per
// parameter of docs/physics.md section 10 (values with optional unit suffixes), plus --bath.
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "spincom/config/config.hpp"

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

}  // namespace spincom::cli
