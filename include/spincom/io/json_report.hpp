#pragma once
// Machine-readable reports. Keys follow docs/physics.md section 10 and the paper's symbols;
// the schema is documented in the README ("JSON output"). Non-finite numbers become null.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "spincom/steady/steady_state.hpp"
#include "spincom/config/config.hpp"

namespace spincom {

nlohmann::json conventions_json();
/// The unit of every key of to_json(Parameters) and to_json(DerivedQuantities) ("1" if none).
nlohmann::json units_json();
nlohmann::json to_json(const Parameters& p);
nlohmann::json to_json(const DerivedQuantities& d);
nlohmann::json to_json(const StabilityReport& r);
nlohmann::json to_json(const FixedPointAnalysis& a, double omega_m);
nlohmann::json to_json(const DirectionSteadyState& s, double omega_m);

/// The `spincom steady --json` document for the directions asked for.
nlohmann::json steady_report_json(const Settings& settings, const SteadyStateOptions& options,
                                  const std::optional<DirectionSteadyState>& ccw,
                                  const std::optional<DirectionSteadyState>& cw);

/// Delta_E_N = E_N(ccw) - E_N(cw) of the selected branches; nullopt if either has none.
std::optional<double> entanglement_difference(const DirectionSteadyState& ccw,
                                              const DirectionSteadyState& cw);

}  // namespace spincom
