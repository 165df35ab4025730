#pragma once
// CSV output of `spincom sweep` (schema in the README, "sweep output").
#include <filesystem>
#include <string>

#include "spincom/io/output_set.hpp"
#include "spincom/steady/peak_sweep.hpp"
#include "spincom/steady/sweep.hpp"

namespace spincom {

/// Writes the sweep into a one-file output set: '#' lines (version, command line, fixed parameters, axes,
/// units), a header row, then one row per fixed point in grid order. Throws IoError.
void write_sweep_csv(const SweepResult& r, const Parameters& base, OutputSet& set, const std::string& command_line);

/// The same for a `--max-over detuning` sweep: one row per grid point and direction with the
/// refined E_N maximum, its detuning, and chi of Eq. (14).
void write_peak_sweep_csv(const PeakSweepResult& r, const Parameters& base, OutputSet& set,
                          const std::string& command_line);

}  // namespace spincom
