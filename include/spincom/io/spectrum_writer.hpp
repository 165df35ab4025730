#pragma once
// Output of `spectrum` (schema in the README, "spincom spectrum"): spectrum.csv with one column
// per real spectrum (S_kk, S_out) and two (re, im) per cross spectrum S_kl, k != l.
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "spincom/io/output_set.hpp"
#include "spincom/timedomain/noise_spectra.hpp"

namespace spincom {

/// The column names of spectrum.csv, in order.
std::vector<std::string> spectrum_columns(const SpectrumResult& r);

/// Writes the spectra into a one-file output set. Throws IoError.
void write_spectrum_csv(const SpectrumResult& r, OutputSet& set, const std::string& command_line);

/// The point, the method, and per spectrum its maximum and where, and its value at the ends.
void print_spectrum_report(std::ostream& os, const SpectrumResult& r);

}  // namespace spincom
