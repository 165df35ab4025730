#pragma once
// Reading a user-supplied 6 x 6 covariance (--V0 FILE): six rows of six numbers separated by
// spaces or commas; lines starting with '#' and blank lines are ignored.
#include <filesystem>

#include "spincom/core/conventions.hpp"

namespace spincom {

/// Throws ConfigError (missing, unreadable, wrong shape, not a number) naming file and line.
Matrix6 read_matrix6(const std::filesystem::path& file);

}  // namespace spincom
