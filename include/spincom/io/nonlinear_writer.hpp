#pragma once
// CSV output and the printed table of a nonlinear (Eq. 3) simulation: the noise-free
// mean-field transient, V(t) and E_N(t) +- CI around the instantaneous ensemble mean, side by
// side with the paired linearized ensemble, the linear closed form and Lyapunov. Every file
// starts with '#' metadata lines (version, command, parameters, frame, scheme, seed rule).
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "spincom/io/output_set.hpp"
#include "spincom/timedomain/model_checks.hpp"
#include "spincom/timedomain/nonlinear_simulation.hpp"

namespace spincom {

std::vector<std::string> nonlinear_metadata(const NonlinearSimulationResult& r, const std::string& command_line);

/// The size of write_nonlinear_csv's files (about 24 bytes a number), for the free-space check.
double estimate_nonlinear_csv_bytes(std::size_t sample_times, std::size_t paths);

/// The files of write_nonlinear_csv and of write_model_checks_csv.
const std::vector<std::string>& nonlinear_csv_names();
const std::vector<std::string>& model_checks_csv_names();

/// Writes nonlinear_timeseries.csv, nonlinear_covariance.csv, mean_field.csv and
/// nonlinear_paths.csv into the output set. Throws IoError.
void write_nonlinear_csv(const NonlinearSimulationResult& r, OutputSet& set, const std::string& command_line);

/// Writes stability_map.csv, hysteresis.csv, hysteresis_roots.csv and growth.csv (the model
/// checks) into the output set.
void write_model_checks_csv(const ModelCheckResults& m, OutputSet& set, const std::string& command_line);

/// About `rows` evenly spaced samples of E_N (nonlinear, linearized, difference), N and departure.
void print_nonlinear_table(std::ostream& os, const NonlinearSimulationResult& r, std::size_t rows = 11);

}  // namespace spincom
