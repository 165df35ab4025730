#pragma once
// The library names spec fields in its messages (grid.dt, stopping.trajectories, ...); the CLI
// shows the flag that sets each one instead.
#include <ostream>
#include <string>
#include <vector>

#include "spincom/core/warning.hpp"

namespace spincom::cli {

/// `message` with every spec field the CLI binds replaced by its flag ("grid.dt" -> "--dt").
std::string with_flag_names(std::string message);

/// One "spincom: warning [code]: message" line per warning (flag names in place of spec fields).
void print_warnings(std::ostream& os, const std::vector<Warning>& warnings);

}  // namespace spincom::cli
