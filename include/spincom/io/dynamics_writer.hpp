#pragma once
// Output of `dynamics` (schema in the README, "spincom dynamics"): per direction
// dynamics_<dir>.csv (the moments per time) and covariance_<dir>.csv (the 21 entries of V(t)),
// a JSON document (metrics and columns), and the printed table and metrics.
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spincom/timedomain/closed_form_dynamics.hpp"

namespace spincom {

/// The column names of dynamics_<dir>.csv, in order.
const std::vector<std::string>& dynamics_columns();

/// Writes the CSV files into `dir` (created if needed), atomically. Throws IoError.
std::vector<std::filesystem::path> write_dynamics_csv(const DynamicsResult& r, const std::filesystem::path& dir,
                                                      const std::string& command_line);

/// {"conventions", "pair", "times", "directions": {dir: {"point", "metrics", "columns"}}}.
nlohmann::json dynamics_json(const DynamicsResult& r);

/// The point, about `rows` evenly spaced samples, and the build-up metrics of each direction.
void print_dynamics_report(std::ostream& os, const DynamicsResult& r, std::size_t rows = 11);

}  // namespace spincom
