#include "spincom/timedomain/simulation_check.hpp"

namespace spincom {

const SimulationCheck* first_failure(const std::vector<SimulationCheck>& checks) {
  for (const auto& c : checks)
    if (c.applicable && !c.passed) return &c;
  return nullptr;
}

}  // namespace spincom
