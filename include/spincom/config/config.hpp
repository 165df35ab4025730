#pragma once
// Parameter sources, in increasing precedence: built-in Table I defaults < preset
// (data/presets/NAME.toml) < config file (--config FILE) < command-line flags.
// TOML keys are the names of docs/physics.md section 10; numbers are SI, strings may carry units.
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "spincom/model/direction_choice.hpp"
#include "spincom/model/parameters.hpp"

namespace spincom {

/// Everything a config file can set.
struct Settings {
  Parameters parameters;                      ///< Table I by default
  DirectionChoice direction = DirectionChoice::both;
  std::set<std::string> explicit_keys;  ///< keys set by a config file or a flag (not a preset)
};

/// Sets one key from text ("20mW", "ccw", "symmetric"). Throws InvalidParameter for an
/// unknown key (with the nearest valid key as a hint) or a bad value.
void set_from_text(Settings& s, std::string_view key, std::string_view text);

/// Applies a TOML file. Throws ConfigError when it is missing, unreadable, malformed or has
/// an unknown key, and InvalidParameter for a bad value (both name the file and line).
void apply_toml_file(Settings& s, const std::filesystem::path& file);

/// Applies TOML text (`origin` names it in messages).
void apply_toml_text(Settings& s, std::string_view text, std::string_view origin);

/// The directory holding presets/: $SPINCOM_DATA_DIR if set, else the source tree's data/.
std::filesystem::path data_directory();

/// The file of preset `name` (a name such as "jiao2020", or a path to a .toml file).
/// Throws ConfigError listing the available presets when it does not exist.
std::filesystem::path preset_path(std::string_view name);

/// All valid config keys, for messages.
std::string valid_keys();

}  // namespace spincom
