#pragma once
// Output of `dynamics` (schema in the README, "spincom dynamics"): per direction
// dynamics_<dir>.csv (the moments per time) and covariance_<dir>.csv (the 21 entries of V(t)),
// a JSON document (metrics and columns), and the printed table and metrics.
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spincom/io/output_set.hpp"
#include "spincom/timedomain/closed_form_dynamics.hpp"

namespace spincom {

/// The column names of dynamics_<dir>.csv, in order.
const std::vector<std::string>& dynamics_columns();

/// The files of write_dynamics_csv for these directions (dynamics_DIR.csv, covariance_DIR.csv).
std::vector<std::string> dynamics_csv_names(DirectionChoice directions);

/// Writes the CSV files of every direction into the output set. Throws IoError.
void write_dynamics_csv(const DynamicsResult& r, OutputSet& set, const std::string& command_line);

/// {"conventions", "pair", "times", "directions": {dir: {"point", "metrics", "columns"}}}.
nlohmann::json dynamics_json(const DynamicsResult& r);

/// The point, about `rows` evenly spaced samples, and the build-up metrics of each direction.
void print_dynamics_report(std::ostream& os, const DynamicsResult& r, std::size_t rows = 11);

}  // namespace spincom
