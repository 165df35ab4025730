#pragma once
// The HDF5 output of `dynamics` (schema in the README, "spincom dynamics"): one file with
//   /time [T]                                   the evaluated times, s
//   /<dir>/E_N, E_N_raw, nu_minus, n_mechanics, n_driven, n_other, purity, distance_steady [T]
//   /<dir>/V [T, 6, 6], V0 [6, 6], V_lyapunov [6, 6] (stable points)
//   /<dir>/metrics/NAME                         onset, sustained_onset, t90, E_N_steady, max_re_lambda,
//                                               slowest_rate, covariance_rate (NaN: none)
//   /<dir>/model/A, D [6, 6]; /<dir>/parameters/NAME, /<dir>/derived/NAME (io/hdf5_provenance.hpp)
// for each direction run (ccw and/or cw); every dataset has a "unit" attribute. Each direction's
// group has its point as attributes (detuning, root, method, cond_S, ...), the root the provenance
// (spincom version, git commit, command, pair, initial state, grid note, conventions).
#include <filesystem>
#include <string>

#include "spincom/timedomain/closed_form_dynamics.hpp"

namespace spincom {

/// Throws InvalidParameter (naming `field`) unless the name ends in .h5 or .hdf5.
void check_hdf5_file_name(const std::filesystem::path& file, const std::string& field);

/// Writes the whole file (truncating: an output set's staging file). Throws IoError.
void write_dynamics_hdf5(const DynamicsResult& r, const std::filesystem::path& file, const std::string& command_line);

}  // namespace spincom
