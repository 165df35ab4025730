#include "field_flags.hpp"

#include <cctype>
#include <utility>

namespace spincom::cli {

std::string with_flag_names(std::string message) {
  // Longer names first, so that "stopping.max_trajectories" is not cut by "stopping.trajectories".
  static const std::pair<const char*, const char*> fields[] = {
      {"dynamics.initial.V0", "--V0"},
      {"dynamics.times", "--times"},
      {"dynamics.pair", "--pair"},
      {"dynamics.output", "--output"},
      {"spectrum.omega", "--omega"},
      {"spectrum.entries", "--entry"},
      {"spectrum.homodyne", "--homodyne"},
      {"spectrum.trajectories", "--trajectories"},
      {"spectrum.segment_length", "--segment-length"},
      {"spectrum.segments", "--segments"},
      {"spectrum.dt", "--dt"},
      {"spectrum.seed", "--seed"},
      {"spectrum.alpha", "--alpha"},
      {"stopping.max_trajectories", "--max-trajectories"},
      {"stopping.trajectories", "--trajectories"},
      {"stopping.target_tol", "--target-tol"},
      {"grid.samples", "--samples"},
      {"grid.t_end", "--t-end"},
      {"grid.dt", "--dt"},
      {"ensemble.groups", "--groups"},
      {"ensemble.seed", "--seed"},
      {"ensemble.recorded_paths", "--paths"},
      {"initial.mean0", "--mean0"},
      {"initial.V0", "--V0"},
      {"initial.vacuum_thermal", "--initial vacuum-thermal"},
      {"initial.kind = steady-state", "--initial steady-state"},
      {"initial.kind", "--initial"},
      {"initial.start", "--start"},
      {"point.allow_unstable", "--allow-unstable"},
      {"point.root", "--root"},
      {"point.peak_range", "--peak-range"},
      {"grid.raise_samples", "--samples"},
      {"sweep.max_over", "--max-over"},
      {"sweep.axis", "--axis"},
      {"output.force", "--force"},
      {"resume", "--resume"},
      {"dataset.save_trajectories", "--save-trajectories"},
      {"dataset.quadratures", "--save-quadratures"},
      {"dataset.time_stride", "--save-every"},
      {"dataset.deflate", "--deflate"},
      {"ensemble.first_trajectory", "--first-trajectory"},
      {"execution.max_memory", "--max-memory"},
      {"feasibility.fiber_radius", "--fiber-radius"},
      {"feasibility.length", "--length"},
      {"feasibility.gap", "--gap"},
      {"feasibility.young", "--young"},
      {"feasibility.elastic_limit", "--elastic-limit"},
      {"feasibility.viscosity", "--viscosity"},
      {"execution.allow_long_run", "--long-run"},
  };
  for (const auto& [field, flag] : fields) {
    const std::string f(field);
    for (std::size_t at = message.find(f); at != std::string::npos; at = message.find(f, at)) {
      // whole tokens only: "alpha" inside another word stays
      const bool left = at == 0 || !(std::isalnum(static_cast<unsigned char>(message[at - 1])) || message[at - 1] == '_' || message[at - 1] == '.' || message[at - 1] == '-');
      const std::size_t end = at + f.size();
      const bool right = end >= message.size() || !(std::isalnum(static_cast<unsigned char>(message[end])) || message[end] == '_');
      if (left && right) {
        message.replace(at, f.size(), flag);
        at += std::string(flag).size();
      } else {
        at = end;
      }
    }
  }
  return message;
}

void print_warnings(std::ostream& os, const std::vector<Warning>& warnings) {
  for (const auto& w : warnings) os << "spincom: warning [" << w.code << "]: " << with_flag_names(w.message) << "\n";
}

}  // namespace spincom::cli
