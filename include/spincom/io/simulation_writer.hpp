#pragma once
// CSV output of a linear time-domain simulation (schema in the README, "simulate outputs").
// Every file starts with '#' metadata lines: version, command line, parameters, direction,
// stepper, dt, t_end, trajectories, master seed and the seed rule, jackknife groups.
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "spincom/io/output_set.hpp"
#include "spincom/timedomain/linear_simulation.hpp"

namespace spincom {

/// The '#' header lines shared by every output file.
std::vector<std::string> simulation_metadata(const LinearSimulationResult& r, const std::string& command_line);

/// The size of write_simulation_csv's files for `sample_times` times and `paths` recorded paths
/// (about 24 bytes a number), for the free-space check before a run.
double estimate_simulation_csv_bytes(std::size_t sample_times, std::size_t paths);

/// The files of write_simulation_csv.
const std::vector<std::string>& simulation_csv_names();
/// The same with `prefix` before each name ("ccw_timeseries.csv", ...: both directions in one set).
std::vector<std::string> simulation_csv_names(const std::string& prefix);

/// Writes timeseries.csv, covariance.csv, mean.csv and paths.csv into the output set (published
/// together by its commit). Throws IoError. Under MPI every rank holds the same statistics: the
/// caller lets one rank write (the CLI: rank 0).
void write_simulation_csv(const LinearSimulationResult& r, OutputSet& set, const std::string& command_line,
                          const std::string& prefix = "");

/// The short table printed by `simulate` and `validate`: about `rows` evenly spaced samples.
void print_simulation_table(std::ostream& os, const LinearSimulationResult& r, std::size_t rows = 11);

}  // namespace spincom
