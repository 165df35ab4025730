// Example 2: a linear and a nonlinear ensemble through the library API, without the CLI.
//   spec (point, initial state, time grid, stopping rule, ensemble) -> run_*_simulation -> result.
// The same defaults as `spincom simulate`: the detuning of the steady-state E_N peak, t_end and
// dt resolved by the library (docs/architecture.md, "Time domain").
// Build: cmake --build build --target example_02_time_domain; run: build/examples/example_02_time_domain
#include <cstdio>

#include "spincom/timedomain/linear_simulation.hpp"
#include "spincom/timedomain/nonlinear_simulation.hpp"

int main() {
  using namespace spincom;

  // The linearized fluctuation SDE du = A u dt + B dW at the ccw E_N peak, from vacuum-thermal
  // fluctuations, grown until the 95% CI of E_N at t_end is +-0.01.
  LinearSimulationSpec linear;
  linear.point.direction = Direction::ccw;
  linear.point.detuning_at_peak = true;   // what the CLI does when no --detuning is given
  linear.grid.samples = 20;
  linear.stopping.target_tol = 0.01;
  linear.ensemble.seed = 7;
  Execution two_threads;                  // how it runs never changes the numbers
  two_threads.threads = 2;
  const LinearSimulationResult l = run_linear_simulation(linear, two_threads);
  std::printf("%s\n", l.resolution_note.c_str());
  std::printf("linear: %zu trajectories, t_end = %.3e s\n", l.statistics.trajectories, l.spec.grid.t_end);
  for (const auto& s : l.validation.samples)
    if (&s == &l.validation.samples.front() || &s == &l.validation.samples.back())
      std::printf("  t = %.3e s  E_N = %.4f +- %.4f  (closed form %.4f)\n", s.t, s.E_N, s.E_N_ci, s.E_N_reference);

  // The nonlinear truncated-Wigner equations (Eq. 3) at the same point, 2048 trajectories (the fewest a calibrated verdict takes), each
  // paired with its linearized partner on the same noise.
  NonlinearSimulationSpec nonlinear;
  nonlinear.point = l.spec.point;         // resolved: detuning at the peak
  nonlinear.grid.samples = 10;
  nonlinear.stopping.trajectories = 2048;
  nonlinear.ensemble.seed = 7;
  const NonlinearSimulationResult n = run_nonlinear_simulation(nonlinear, two_threads);
  const NonlinearSample& last = n.samples.back();
  std::printf("nonlinear: %zu trajectories, dt = %.3e s\n", n.statistics.nonlinear.trajectories, n.spec.grid.dt);
  std::printf("  t = %.3e s  E_N = %.4f +- %.4f, linearized %.4f, paired difference %+.2e +- %.1e\n", last.t,
              last.E_N.estimate, last.E_N.ci_half_width, last.E_N_linear.estimate, last.E_N_difference.estimate,
              last.E_N_difference.ci_half_width);
  for (const auto& c : nonlinear_checks(n))
    std::printf("  [%s] %s\n", !c.applicable ? "skip" : (c.passed ? " ok " : "FAIL"), c.name.c_str());
}
