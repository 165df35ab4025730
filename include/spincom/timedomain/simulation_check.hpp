#pragma once
// One named check of `spincom validate` (both models): passed, or not applicable with the reason.
#include <string>
#include <vector>

namespace spincom {

struct SimulationCheck {
  std::string name;
  bool passed;
  bool applicable;     ///< false: skipped (detail says why); does not fail the verdict
  std::string detail;
};

/// The first applicable check that failed, or nullptr: the verdict of a list of checks.
const SimulationCheck* first_failure(const std::vector<SimulationCheck>& checks);

}  // namespace spincom
