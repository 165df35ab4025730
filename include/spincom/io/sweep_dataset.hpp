#pragma once
// `spincom sweep --output FILE.h5`: the sweep as an HDF5 file (schema in the README, "sweep
// output"): provenance attributes, /parameters (the fixed ones) and /derived, /grid/KEY (each
// axis's values, with its unit), /rows/NAME (one 1-D dataset per column of the CSV, the row's
// grid index `point`, its `direction` as 0 = ccw, 1 = cw, and the row's value of every axis), and
// for a plain sweep /Delta_E_N per grid point.
#include <filesystem>
#include <string>

#include "spincom/steady/peak_sweep.hpp"
#include "spincom/steady/sweep.hpp"

namespace spincom {

/// Writes a new file at `path` (an output set's staging path). Throws IoError.
void write_sweep_dataset(const SweepResult& r, const Parameters& base, const std::filesystem::path& path,
                         const std::string& command_line);
void write_peak_sweep_dataset(const PeakSweepResult& r, const Parameters& base, const std::filesystem::path& path,
                              const std::string& command_line);

/// Whether a sweep output name asks for HDF5 (ends in .h5 or .hdf5).
bool is_hdf5_name(const std::filesystem::path& path);

}  // namespace spincom
