#pragma once
// Human-readable reports for the terminal.
#include <optional>
#include <ostream>

#include "spincom/steady/steady_state.hpp"
#include "spincom/model/feasibility.hpp"
#include "spincom/config/config.hpp"

namespace spincom {

/// `spincom params`: every parameter and derived quantity with its unit.
void print_parameters(std::ostream& os, const Parameters& p);

/// One aligned "name value unit description" row, as `params` and `feasibility` print them.
void print_quantity(std::ostream& os, std::string_view name, double value, std::string_view unit,
                    std::string_view what);

/// `spincom feasibility`: the S2-S3 quantities and eta = q_s x_zp / d per direction.
void print_feasibility(std::ostream& os, const FeasibilityInputs& in, const Feasibility& f, double eta_ccw,
                       double eta_cw);

/// `spincom steady`: per direction, each fixed point with its stability, V and E_N.
void print_steady_report(std::ostream& os, const Settings& settings, const SteadyStateOptions& options,
                         const std::optional<DirectionSteadyState>& ccw,
                         const std::optional<DirectionSteadyState>& cw, bool show_V);

}  // namespace spincom
