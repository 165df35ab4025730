// --target-tol for the nonlinear model (issue 14): the shared stopping rule grows the paired
// ensemble until the 95% CI of E_N (or of the nonlinear-minus-linearized E_N) at t_end reaches
// the target, and those intervals cover the exact value at the stated rate where it is known.
#include <catch2/catch.hpp>
#include <cmath>

#include "spincom/measures/log_negativity.hpp"
#include "spincom/timedomain/nonlinear_simulation.hpp"

using namespace spincom;

namespace {

/// The Fig. 2 point at s = 1 (N = 4.9e9: the nonlinear terms are 1e-6 of the linear ones), from
/// the Lyapunov state, grown to `tol` with 8 groups.
NonlinearSimulationSpec target_spec(double tol, std::uint64_t seed) {
  NonlinearSimulationSpec spec;
  spec.point.parameters.detuning = 0.2965;
  spec.grid.samples = 2;
  spec.stopping = {0, tol, std::size_t{1} << 16};
  spec.ensemble.groups = 8;
  spec.ensemble.seed = seed;
  return spec;
}

}  // namespace

TEST_CASE("Nonlinear --target-tol: the rule grows the ensemble in rounds until the CI of E_N or of the difference is met") {
  // t_end = 0.5 us (from the stationary Lyapunov state the E_N CI does not depend on it): keeps
  // this fast test short under the sanitizers.
  NonlinearSimulationSpec spec = target_spec(0.06, 5);
  spec.grid.t_end = 5e-7;
  NonlinearSimulationResult r = run_nonlinear_simulation(spec);
  const NonlinearSample& last = r.samples.back();
  INFO("rounds " << r.stopping.rounds.size() << ", trajectories " << r.statistics.nonlinear.trajectories << ", CI "
                 << last.E_N.ci_half_width);
  CHECK(r.stopping.target_reached);
  CHECK(r.stopping.rounds.size() >= 2);  // the first round (64 K = 512) is not enough for 0.06
  CHECK(last.E_N.ci_half_width <= 0.06);
  CHECK(r.stopping.final_ci == Approx(last.E_N.ci_half_width).epsilon(1e-12));
  CHECK(r.statistics.nonlinear.trajectories % 8 == 0);

  NonlinearSimulationSpec diff = target_spec(1e-9, 5);
  diff.grid.t_end = 5e-7;
  diff.target = NonlinearTarget::E_N_difference;
  diff.stopping.max_trajectories = 2048;
  r = run_nonlinear_simulation(diff);
  CHECK(r.stopping.final_ci == Approx(r.samples.back().E_N_difference.ci_half_width).epsilon(1e-12));
  CHECK_FALSE(r.stopping.target_reached);  // 1e-9 needs far more than the cap at s = 1 (CI ~ 1e-6 at 1024)
  CHECK(r.statistics.nonlinear.trajectories == 2048);
  CHECK_THROWS_AS(parse_nonlinear_target("N"), InvalidParameter);
}

TEST_CASE("Nonlinear --target-tol intervals cover the exact E_N at the stated 95% in the linear limit (s = 1)",
          "[statistical]") {
  // At s = 1 the nonlinear ensemble equals the linearized one to ~1e-6 (docs/nonlinear.md), so the
  // exact expectation at t_end is the E_N of the linear Heun scheme's own V(t_end) (propagated
  // exactly, no sampling; its weak bias against the closed form is excluded). 200 independent runs
  // (seeds 1..200) each grow to --target-tol 0.06 (2 to 4 rounds) and report a 95% CI; the number
  // that miss the exact value is Binomial(200, 0.05) if the CIs have their stated coverage.
  // Accepted: 2 <= misses <= 21; false-failure probability P(<= 1) + P(>= 22) = 4.0e-4 + 4.8e-4 =
  // 8.8e-4 (the stopping rule stops when the CI happens to be small, so this also tests that the
  // sequential rule does not erode the coverage). ~20 s (Release, one core).
  int misses = 0;
  const int runs = 200;
  for (int seed = 1; seed <= runs; ++seed) {
    const NonlinearSimulationResult r = run_nonlinear_simulation(target_spec(0.06, static_cast<std::uint64_t>(seed)));
    const double exact = raw_log_negativity(r.V_scheme.back());
    const JackknifeEstimate& e = r.samples.back().E_N;
    REQUIRE(r.stopping.target_reached);
    if (std::abs(e.estimate - exact) > e.ci_half_width) ++misses;
  }
  INFO("misses " << misses << " of " << runs << " (expected 10)");
  CHECK(misses >= 2);
  CHECK(misses <= 21);
}
