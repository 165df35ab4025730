#pragma once
// The library names spec fields in its messages (grid.dt, stopping.trajectories, ...); the CLI
// shows the flag that sets each one instead.
#include <string>

namespace spincom::cli {

/// `message` with every spec field the CLI binds replaced by its flag ("grid.dt" -> "--dt").
std::string with_flag_names(std::string message);

}  // namespace spincom::cli
