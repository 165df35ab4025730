#pragma once
// What every spincom HDF5 file carries (schema in the README, "HDF5 datasets"): root attributes
// naming the version, the git commit, the command line and the conventions, and the /parameters
// and /derived groups (one scalar per quantity, each with a "unit" attribute).
#include <string>

#include "spincom/io/hdf5_file.hpp"
#include "spincom/model/parameters.hpp"

namespace spincom {

/// Root attributes spincom_version, git_commit, command and conventions.
void write_provenance(const h5::Location& root, const std::string& command_line);

/// /parameters/KEY for every Table I parameter (and the bath as an attribute), /derived/NAME for
/// the derived rates, x_zp, n_m and Q_m.
void write_parameter_groups(const h5::Location& root, const Parameters& p);

}  // namespace spincom
