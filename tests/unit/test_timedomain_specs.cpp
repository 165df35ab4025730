// The shared stages of a time-domain run (timedomain/): the stopping rule, the divergence policy,
// the step caps, and library messages that name spec fields.
#include <catch2/catch.hpp>
#include <cstring>
#include <stdexcept>
#include <string>

#include "spincom/core/error.hpp"
#include "spincom/ensemble/linear_ensemble.hpp"
#include "spincom/timedomain/nonlinear_simulation.hpp"
#include "spincom/timedomain/stopping_rule.hpp"
#include "support/ensemble_compare.hpp"

using namespace spincom;
using namespace spincom::test;

TEST_CASE("The target-CI rounds stop at a cap that is not a multiple of the groups") {
  // max_trajectories = 100 with K = 32: the largest count is 96, reached in finitely many rounds
  // even though the CI never reaches the target (before the fix, 96 < 100 looped forever).
  StoppingRule rule;
  rule.trajectories = 0;
  rule.target_tol = 1e-9;
  rule.max_trajectories = 100;
  std::size_t current = 0, calls = 0;
  // A loop that does not end fails here instead of hanging the test run.
  const auto run_to = [&](std::size_t n) {
    if (++calls > 50) throw std::runtime_error("the stopping rule kept asking for rounds at " + std::to_string(n));
    current = n;
  };
  const StoppingOutcome out = apply_stopping_rule(rule, 32, run_to, [] { return 1.0; });
  CHECK_FALSE(out.target_reached);
  CHECK(current == 96);
  CHECK(calls <= 3);
  CHECK(out.final_ci == 1.0);
}

TEST_CASE("A fixed stopping rule runs exactly its count; a count below 2 K is refused naming the field") {
  StoppingRule rule;
  rule.trajectories = 640;
  std::size_t current = 0;
  const StoppingOutcome out = apply_stopping_rule(rule, 32, [&](std::size_t n) { current = n; }, [] { return 1.0; });
  CHECK(current == 640);
  CHECK(out.rounds == std::vector<std::size_t>{640});
  rule.trajectories = 3;
  CHECK_THROWS_WITH(check_stopping_rule(rule, 32), Catch::Contains("stopping.trajectories = 3") && Catch::Contains("64"));
}

TEST_CASE("OnDivergence::report returns the lowest diverging trajectory and leaves the statistics as they were") {
  const AffineStep blowup{1e-9, 10.0 * Matrix6::Identity(), Matrix6::Identity()};
  const StepSchedule schedule{blowup, 100, 5};
  EnsembleStatistics stats = make_ensemble(schedule, EnsembleSpec{});
  const EnsembleStatistics before = stats;
  const InitialState init{Vector6::Zero(), Matrix6::Identity()};
  const auto report = run_linear_ensemble(stats, schedule, init, 64, Execution{2, {}}, OnDivergence::report);
  REQUIRE(report);
  CHECK(report->trajectory == 0);
  CHECK(report->step > 0);
  CHECK(stats.trajectories == 0);
  CHECK(identical(stats, before));
  // The same run with the default policy throws, naming the same trajectory and step.
  CHECK_THROWS_WITH(run_linear_ensemble(stats, schedule, init, 64),
                    Catch::Contains("trajectory 0 became non-finite at step " + std::to_string(report->step)));
}

TEST_CASE("The nonlinear simulation refuses more than 1e9 Heun steps per trajectory before running, naming the fields") {
  NonlinearSimulationSpec spec;
  spec.point.parameters.detuning = 0.3;
  spec.grid.dt = 1e-16;  // t_end ~ 2e-6 s: 2e10 steps
  try {
    run_nonlinear_simulation(spec);
    FAIL("1e10 steps per trajectory were not refused");
  } catch (const InvalidParameter& e) {
    const std::string msg = e.what();
    CHECK_THAT(msg, Catch::Contains("grid.dt") && Catch::Contains("at most 1e9"));
  }
}

TEST_CASE("A root index out of range is refused naming point.root and the valid range") {
  NonlinearSimulationSpec spec;
  spec.point.parameters.detuning = 0.3;
  spec.point.root = 3;
  CHECK_THROWS_WITH(run_nonlinear_simulation(spec), Catch::Contains("point.root = 3") && Catch::Contains("valid is 0..0"));
}

TEST_CASE("A reduction over ranks longer than the partition accepts is refused before anything runs") {
  const AffineStep step{1e-9, 0.5 * Matrix6::Identity(), Matrix6::Identity()};
  const StepSchedule schedule{step, 1, 10};
  EnsembleStatistics stats = make_ensemble(schedule, EnsembleSpec{});
  bool reduced = false;
  Execution two_ranks;
  two_ranks.partition = {0, 2, [&](std::vector<double>&) { reduced = true; }};
  two_ranks.partition.max_buffer = 1000;  // 32 groups x 11 samples x 43 doubles do not fit
  CHECK_THROWS_WITH(run_linear_ensemble(stats, schedule, {Vector6::Zero(), Matrix6::Identity()}, 64, two_ranks),
                    Catch::Contains("valid is at most 1000") && Catch::Contains("grid.samples"));
  CHECK_FALSE(reduced);
  CHECK(stats.trajectories == 0);
  CHECK(stats.merged(1).n == 0);
}
