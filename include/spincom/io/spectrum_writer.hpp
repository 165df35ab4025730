#pragma once
// Output of `spectrum` (schema in the README, "spincom spectrum"): spectrum.csv with one column
// per real spectrum (S_kk, S_out) and two (re, im) per cross spectrum S_kl, k != l; with a
// trajectory estimate, three more per real column of S_kl at the end (est_, est_se_, est_expected_).
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

/// "n values, max |z| = ... (limit ...), sum z^2 / n = ... -> PASS; against the continuous closed form: ..."
std::string agreement_line(const TrajectorySpectra& t);

/// The point, the method, and per spectrum its maximum and where, and its value at the ends.
void print_spectrum_report(std::ostream& os, const SpectrumResult& r);

}  // namespace spincom
