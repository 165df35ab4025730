#include "spincom/config/config.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include <toml++/toml.h>

#include "spincom/core/error.hpp"

namespace spincom {
namespace {

/// Levenshtein distance, for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::vector<std::string_view> all_keys() {
  std::vector<std::string_view> keys;
  for (const auto& row : parameter_table()) keys.push_back(row.key);
  keys.push_back("bath");
  keys.push_back("direction");
  return keys;
}

std::string nearest_key_hint(std::string_view key) {
  std::string_view best;
  std::size_t best_d = 1000;
  for (auto k : all_keys()) {
    const std::size_t d = edit_distance(key, k);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  if (best_d <= 3) return "did you mean '" + std::string(best) + "'?";
  return "see `spincom params` for the parameter names";
}

}  // namespace

std::string valid_keys() {
  std::string out;
  for (auto k : all_keys()) out += (out.empty() ? "" : ", ") + std::string(k);
  return out;
}

void set_from_text(Settings& s, std::string_view key, std::string_view text) {
  s.explicit_keys.insert(std::string(key));
  if (key == "bath") {
    s.parameters.bath = parse_mechanical_bath(text);
    return;
  }
  if (key == "direction") {
    s.direction = parse_direction_choice(text);
    return;
  }
  const ParameterInfo* info = find_parameter(key);
  if (!info)
    throw InvalidParameter("unknown parameter '" + std::string(key) + "': valid are " + valid_keys() +
                           ". Hint: " + nearest_key_hint(key));
  const double value = parse_quantity(text, info->unit, key);
  validate_value(*info, value);
  s.parameters.*(info->member) = value;
}

void apply_toml_text(Settings& s, std::string_view text, std::string_view origin) {
  toml::table table;
  try {
    table = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << origin << ":" << e.source().begin.line << ":" << e.source().begin.column
        << ": malformed TOML: " << e.description()
        << ". Hint: write one `key = value` per line, e.g. power = \"20mW\" or power = 0.02.";
    throw ConfigError(msg.str());
  }
  for (const auto& [k, node] : table) {
    const std::string key(k.str());
    const std::string where = std::string(origin) + ":" + std::to_string(node.source().begin.line);
    const bool known = key == "bath" || key == "direction" || find_parameter(key) != nullptr;
    if (!known)
      throw ConfigError(where + ": unknown key '" + key + "': valid are " + valid_keys() +
                        ". Hint: " + nearest_key_hint(key));
    try {
      if (const auto* str = node.as_string()) {
        set_from_text(s, key, str->get());
      } else if (const auto* f = node.as_floating_point()) {
        if (key == "bath" || key == "direction") throw InvalidParameter(key + " must be a string");
        const ParameterInfo* info = find_parameter(key);
        validate_value(*info, f->get());
        s.parameters.*(info->member) = f->get();
        s.explicit_keys.insert(key);
      } else if (const auto* i = node.as_integer()) {
        if (key == "bath" || key == "direction") throw InvalidParameter(key + " must be a string");
        const ParameterInfo* info = find_parameter(key);
        const double v = static_cast<double>(i->get());
        validate_value(*info, v);
        s.parameters.*(info->member) = v;
        s.explicit_keys.insert(key);
      } else {
        throw InvalidParameter(key + " has a value of the wrong type: valid is a number (SI) or a "
                                     "string with a unit, e.g. \"20mW\"");
      }
    } catch (const InvalidParameter& e) {
      throw InvalidParameter(where + ": " + e.what());
    }
  }
}

void apply_toml_file(Settings& s, const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw ConfigError("config file '" + file.string() +
                      "' does not exist or is not a regular file. Hint: check the path; presets "
                      "live in " + (data_directory() / "presets").string() + ".");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError("config file '" + file.string() + "' cannot be read. Hint: check its permissions.");
  std::ostringstream buf;
  buf << in.rdbuf();
  apply_toml_text(s, buf.str(), file.string());
}

std::filesystem::path data_directory() {
  if (const char* env = std::getenv("SPINCOM_DATA_DIR"); env && *env) return env;
  return SPINCOM_DATA_DIR;
}

std::filesystem::path preset_path(std::string_view name) {
  const std::filesystem::path as_path(name);
  const auto dir = data_directory() / "presets";
  std::error_code ec0;
  if (as_path.extension() == ".toml") {
    if (std::filesystem::is_regular_file(as_path, ec0) || as_path.has_parent_path()) return as_path;
    if (std::filesystem::is_regular_file(dir / as_path, ec0)) return dir / as_path;
    return as_path;  // the missing file is reported by the loader
  }
  const auto file = dir / (std::string(name) + ".toml");
  std::error_code ec;
  if (std::filesystem::is_regular_file(file, ec)) return file;
  std::string available;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
    if (entry.path().extension() == ".toml")
      available += (available.empty() ? "" : ", ") + entry.path().stem().string();
  throw ConfigError("unknown preset '" + std::string(name) + "': valid are " +
                    (available.empty() ? std::string("(none found in ") + dir.string() + ")" : available) +
                    ". Hint: a preset is data/presets/NAME.toml, or pass a path ending in .toml.");
}

}  // namespace spincom
