#pragma once
// Human-readable reports for the terminal.
#include <optional>
#include <ostream>

#include "spincom/analysis/steady_state.hpp"
#include "spincom/io/config.hpp"

namespace spincom {

/// `spincom params`: every parameter and derived quantity with its unit.
void print_parameters(std::ostream& os, const Parameters& p);

/// `spincom steady`: per direction, each fixed point with its stability, V and E_N.
void print_steady_report(std::ostream& os, const Settings& settings, const SteadyStateOptions& options,
                         const std::optional<DirectionSteadyState>& ccw,
                         const std::optional<DirectionSteadyState>& cw, bool show_V);

}  // namespace spincom
