#pragma once
// A checkpoint on disk (timedomain/run_control.hpp): a little-endian binary file, "SPINCOM-CHECKPOINT
// 1" then the fingerprint, the stopping rule's completed rounds and CIs, and every channel's
// statistics (spec, sample times, trajectories, per group and sample n, mean, M2, then the
// recorded paths). Doubles are stored as their bits, so a resumed run continues exactly.
#include <filesystem>

#include "spincom/timedomain/run_control.hpp"

namespace spincom {

/// Writes `path` all-or-nothing (a temporary sibling, fsync, rename). Throws IoError.
void write_checkpoint(const std::filesystem::path& path, const CheckpointView& checkpoint);

/// Reads a checkpoint. Throws ConfigError naming the file for a missing, truncated or foreign one.
Checkpoint read_checkpoint(const std::filesystem::path& path);

}  // namespace spincom
