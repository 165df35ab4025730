// Sampled ensembles against exact references. Every test uses a fixed seed; each states the
// probability that a correct implementation fails it (false-failure probability).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "support/ensemble_compare.hpp"
#include "spincom/statistics/lane_accumulators.hpp"
#include "spincom/statistics/ensemble_validation.hpp"
#include "spincom/timedomain/linear_simulation.hpp"
#include "spincom/core/error.hpp"
#include "spincom/statistics/jackknife.hpp"
#include "spincom/ensemble/linear_ensemble.hpp"
#include "spincom/random/normal_source.hpp"
#include "spincom/covariance/lyapunov.hpp"
#include "spincom/covariance/ou_propagator.hpp"
#include "spincom/sde/euler_maruyama.hpp"
#include "spincom/sde/exact_ou_stepper.hpp"
#include "spincom/sde/noise_factor.hpp"
#include "spincom/sde/stochastic_heun.hpp"
#include "support/paper_points.hpp"

using namespace spincom;
using namespace spincom::test;

namespace {

// validate_ensemble splits alpha over its chi2, per-entry z and E_N families with Bonferroni,
// so a correct ensemble fails one call with probability <= alpha.
constexpr double alpha = 1e-4;

EnsembleStatistics run(const StepSchedule& schedule, const InitialState& init, std::size_t n,
                       std::uint64_t seed, int threads = 0) {
  EnsembleSpec spec;
  spec.seed = seed;
  EnsembleStatistics stats = make_ensemble(schedule, spec);
  run_linear_ensemble(stats, schedule, init, n, Execution{threads, {}});
  return stats;
}


}  // namespace

TEST_CASE("SplitMix64 matches its reference output and neighbouring trajectory streams are uncorrelated") {
  CHECK(splitmix64(0) == 0xE220A8397B1DCDAFULL);  // Steele et al.: first output from state 0
  // Streams i and i + 1 (and master seeds s and s + 1) must look independent: the sample
  // correlation of 1e5 paired normals is ~N(0, 1/n); |r| > 5/sqrt(n) has probability 6e-7 per pair.
  const int n = 100000;
  auto correlation = [&](NormalSource a, NormalSource b) {
    double sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < n; ++i) {
      const double x = a(), y = b();
      sab += x * y;
      saa += x * x;
      sbb += y * y;
    }
    return sab / std::sqrt(saa * sbb);
  };
  CHECK(std::abs(correlation(NormalSource(20201001, 0), NormalSource(20201001, 1))) < 5.0 / std::sqrt(n));
  CHECK(std::abs(correlation(NormalSource(1, 7), NormalSource(2, 7))) < 5.0 / std::sqrt(n));
}

TEST_CASE("Welford accumulation merged by Chan's formula equals a two-pass covariance") {
  NormalSource src(3, 0);
  std::vector<Vector6> xs;
  for (int i = 0; i < 1000; ++i) xs.push_back(src.vector() * 5.0 + Vector6::Constant(100.0));
  CovarianceAccumulator a, b, all;
  for (int i = 0; i < 1000; ++i) (i < 377 ? a : b).add(xs[static_cast<std::size_t>(i)]), all.add(xs[static_cast<std::size_t>(i)]);
  a.merge(b);
  Vector6 mean = Vector6::Zero();
  for (const auto& x : xs) mean += x / 1000.0;
  Matrix6 C = Matrix6::Zero();
  for (const auto& x : xs) C += (x - mean) * (x - mean).transpose() / 999.0;
  CHECK((a.covariance() - C).cwiseAbs().maxCoeff() <= 1e-12 * C.cwiseAbs().maxCoeff());
  CHECK((all.covariance() - C).cwiseAbs().maxCoeff() <= 1e-12 * C.cwiseAbs().maxCoeff());
  CHECK((a.mean - mean).cwiseAbs().maxCoeff() <= 1e-12 * 100.0);
}

TEST_CASE("The lane slots' merge equals the tree of CovarianceAccumulator merges of slot(), bit for bit") {
  // merged() works on the slots' triangles; the reference builds each slot as a full
  // CovarianceAccumulator and merges them with Chan's formula in the tree ((01)(23))((45)(67)).
  NormalSource src(11, 0);
  auto reference = [](const LaneAccumulators& a) {
    CovarianceAccumulator pair[4];
    for (std::size_t p = 0; p < 4; ++p) {
      pair[p] = a.slot(2 * p);
      pair[p].merge(a.slot(2 * p + 1));
    }
    pair[0].merge(pair[1]);
    pair[2].merge(pair[3]);
    pair[0].merge(pair[2]);
    return pair[0];
  };
  std::size_t compared = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    LaneAccumulators a;
    for (std::size_t s = 0; s < LaneAccumulators::slots; ++s) {
      const double u = 0.5 * (1.0 + std::erf(src()));  // uniform in (0, 1)
      a.n[s] = trial % 3 == 0 && u < 0.3 ? 0.0 : std::floor(1.0 + 1000.0 * u);  // empty slots too
      if (a.n[s] == 0.0) continue;
      for (std::size_t r = 0; r < 6; ++r) a.mean[r][s] = 3.0 * src() + 1e3 * (trial % 5 == 0);
      for (std::size_t t = 0; t < LaneAccumulators::triangle; ++t) a.m2[t][s] = a.n[s] * src();
    }
    const CovarianceAccumulator got = a.merged(), want = reference(a);
    REQUIRE(got.n == want.n);
    CHECK(std::memcmp(got.mean.data(), want.mean.data(), sizeof(double) * 6) == 0);
    CHECK(std::memcmp(got.M2.data(), want.M2.data(), sizeof(double) * 36) == 0);
    compared += got.n > 0;
  }
  CHECK(compared > 1900);
}

TEST_CASE("Exact-stepper ensembles match the closed-form V(t) at every sample time", "[statistical]") {
  // False-failure probability <= alpha = 1e-4 per case (3 cases: <= 3e-4).
  for (const auto& c : paper_systems()) {
    INFO(c.name);
    const std::size_t samples = 20;
    const double h = c.t_end / samples;
    const StepSchedule schedule{ExactOuStepper::affine_from_D(c.model.A, c.model.D, h), 1, samples};
    const auto stats = run(schedule, {Vector6::Zero(), c.V0}, 8192, 11);
    std::vector<Matrix6> ref;
    for (double t : stats.times) ref.push_back(covariance_closed_form(c.model.A, c.model.D, c.V0, t));
    const auto report = validate_ensemble(stats, ref, alpha);
    INFO(report.failed_check);
    CHECK(report.pass);
  }
}

TEST_CASE("Exact-stepper ensembles reach the Lyapunov covariance at long times", "[statistical]") {
  // One long step of 40 relaxation times (transient e^-80). False-failure probability <= 1e-4 per case.
  for (const auto& c : paper_systems()) {
    INFO(c.name);
    const double relax = std::abs(check_stability(c.model.A).max_re_eig);
    const StepSchedule schedule{ExactOuStepper::affine_from_D(c.model.A, c.model.D, 40.0 / relax), 1, 1};
    const auto stats = run(schedule, {Vector6::Zero(), c.V0}, 16384, 12);
    const auto report = validate_ensemble(stats, {c.V0, solve_lyapunov<6>(c.model.A, c.model.D).V}, alpha);
    INFO(report.failed_check);
    CHECK(report.pass);
  }
}

TEST_CASE("The exact stepper has no bias beyond sampling error at h = 10/kappa", "[statistical]") {
  // 20000 trajectories, 10 steps of 10/kappa each. False-failure probability <= 1e-4.
  const LinearModel m = fig2_ccw_peak();
  const double h = 10.0 / derive(Parameters{}).kappa;
  const StepSchedule schedule{ExactOuStepper::affine_from_D(m.A, m.D, h), 1, 10};
  const auto stats = run(schedule, {Vector6::Zero(), vacuum_thermal_V0()}, 20000, 13);
  std::vector<Matrix6> ref;
  for (double t : stats.times) ref.push_back(covariance_closed_form(m.A, m.D, vacuum_thermal_V0(), t));
  const auto report = validate_ensemble(stats, ref, alpha);
  INFO(report.failed_check);
  CHECK(report.pass);
}

// [slow]: ~3 s in Release, ~5 min under the sanitizers, so the sanitizer run leaves it out.
TEST_CASE("EM and Heun ensembles match their own expected covariance, which carries their weak bias",
          "[statistical][slow]") {
  // Sampling check against each scheme's exact covariance recursion: false-failure <= 1e-4 per
  // scheme and case (6 runs: <= 6e-4). The bias check is deterministic.
  for (const auto& c : paper_systems()) {
    const Matrix6 B = noise_factor(c.model.D).L;
    const std::size_t samples = 10;
    const double interval = c.t_end / samples;
    // Any stable h will do: the reference is the scheme's own covariance recursion, not V(t).
    const double h_fine = 0.02 / c.model.A.cwiseAbs().maxCoeff();
    const auto steps = static_cast<std::size_t>(std::ceil(interval / h_fine));
    const double h = interval / static_cast<double>(steps);
    for (const AffineStep& step : {EulerMaruyama::affine(c.model.A, B, h), StochasticHeun::affine(c.model.A, B, h)}) {
      INFO(c.name << ", h = " << h);
      const StepSchedule schedule{step, steps, samples};
      const auto stats = run(schedule, {Vector6::Zero(), c.V0}, 2048, 14);
      std::vector<Matrix6> expected;
      Matrix6 V = c.V0;
      for (std::size_t k = 0; k <= samples; ++k) {
        if (k > 0) V = propagate_covariance(step, V, steps);
        expected.push_back(V);
      }
      const auto report = validate_ensemble(stats, expected, alpha);
      INFO(report.failed_check);
      CHECK(report.pass);
    }
  }
}

TEST_CASE("The validator fails wrong references: a 3% error in one variance, and EM's bias against the exact V(t)",
          "[statistical]") {
  // Power checks: a validator that always passes would fail this test. With 16384 trajectories the
  // SE of V_qq is ~1.1%, so a 3% error is ~3 SE on one entry at every sample; the likelihood ratio
  // detects it (the chance that it does not, at these fixed seeds, is below 1e-3).
  const LinearModel m = fig2_ccw_peak();
  const Matrix6 V0 = vacuum_thermal_V0();
  const StepSchedule schedule{ExactOuStepper::affine_from_D(m.A, m.D, 1.5e-6 / 10), 1, 10};
  const auto stats = run(schedule, {Vector6::Zero(), V0}, 16384, 21);
  std::vector<Matrix6> right, wrong;
  for (double t : stats.times) {
    right.push_back(covariance_closed_form(m.A, m.D, V0, t));
    wrong.push_back(right.back());
    wrong.back()(4, 4) *= 1.03;
  }
  CHECK(validate_ensemble(stats, right, alpha).pass);
  const auto bad = validate_ensemble(stats, wrong, alpha);
  CHECK_FALSE(bad.pass);
  CHECK_THAT(bad.failed_check, Catch::Contains("chi2"));
  // Euler-Maruyama at a coarse step carries a weak bias of ~20%: against the exact V(t) it fails.
  const Matrix6 B = noise_factor(m.D).L;
  const double interval = 1.5e-6 / 10;
  const StepSchedule em{EulerMaruyama::affine(m.A, B, interval / 150.0), 150, 10};
  const auto em_stats = run(em, {Vector6::Zero(), V0}, 4096, 22);
  CHECK_FALSE(validate_ensemble(em_stats, right, alpha).pass);
  // Too few trajectories never pass.
  const auto few = run(schedule, {Vector6::Zero(), V0}, 256, 23);
  const auto r_few = validate_ensemble(few, right, alpha);
  CHECK_FALSE(r_few.pass);
  CHECK_THAT(r_few.failed_check, Catch::Contains("too few trajectories"));
}

TEST_CASE("Statistics are bitwise identical on 1, 2 and 3 threads, when extended, and when rerun with the recorded seed") {
  const LinearModel m = fig2_ccw_peak();
  const StepSchedule schedule{ExactOuStepper::affine_from_D(m.A, m.D, 1e-7), 1, 5};
  const InitialState init{Vector6::Zero(), vacuum_thermal_V0()};
  const auto one = run(schedule, init, 4096, 99, 1);
  const auto two = run(schedule, init, 4096, 99, 2);
  const auto three = run(schedule, init, 4096, 99, 3);
  CHECK(identical(one, two));
  CHECK(identical(one, three));
  EnsembleSpec spec;
  spec.seed = 99;
  EnsembleStatistics extended = make_ensemble(schedule, spec);
  run_linear_ensemble(extended, schedule, init, 1000, Execution{2, {}});
  run_linear_ensemble(extended, schedule, init, 4096, Execution{2, {}});
  CHECK(identical(one, extended));
  const auto rerun = run(schedule, init, 4096, one.spec.seed, 2);
  CHECK(identical(one, rerun));
  CHECK_FALSE(identical(one, run(schedule, init, 4096, 100, 2)));
}

TEST_CASE("Groups split over two ranks and summed give the one-process statistics and paths bit for bit") {
  // Two "ranks" in one test: rank 1 runs first and keeps its reduction buffers; rank 0's
  // reduction then adds them, as MPI_Allreduce would. Both runs are extended once (1000 -> 4096).
  const LinearModel m = fig2_ccw_peak();
  const StepSchedule schedule{ExactOuStepper::affine_from_D(m.A, m.D, 1e-7), 3, 5};
  const InitialState init{Vector6::Zero(), vacuum_thermal_V0()};
  EnsembleSpec spec;
  spec.seed = 99;
  spec.recorded_paths = 5;
  EnsembleStatistics one = make_ensemble(schedule, spec);
  run_linear_ensemble(one, schedule, init, 1000);
  run_linear_ensemble(one, schedule, init, 4096);

  std::vector<std::vector<double>> from_rank1;
  Execution r1;
  r1.partition = {1, 2, [&](std::vector<double>& b) { from_rank1.push_back(b); }};
  EnsembleStatistics rank1 = make_ensemble(schedule, spec);
  run_linear_ensemble(rank1, schedule, init, 1000, r1);
  run_linear_ensemble(rank1, schedule, init, 4096, r1);
  REQUIRE(from_rank1.size() == 2);

  std::size_t call = 0;
  Execution r0;
  r0.partition = {0, 2, [&](std::vector<double>& b) {
                    const auto& other = from_rank1.at(call++);
                    for (std::size_t i = 0; i < b.size(); ++i) b[i] += other[i];
                  }};
  EnsembleStatistics rank0 = make_ensemble(schedule, spec);
  run_linear_ensemble(rank0, schedule, init, 1000, r0);
  run_linear_ensemble(rank0, schedule, init, 4096, r0);
  CHECK(identical(one, rank0));
  REQUIRE(rank0.paths.size() == one.paths.size());
  for (std::size_t i = 0; i < one.paths.size(); ++i)
    CHECK(std::memcmp(one.paths[i].data(), rank0.paths[i].data(), sizeof(Vector6) * one.paths[i].size()) == 0);
  // Without the other rank's half, the statistics are not the full ensemble.
  CHECK_FALSE(identical(one, rank1));
  // A partition that cannot be right is refused.
  Execution bad;
  bad.partition = {2, 2, nullptr};
  EnsembleStatistics refused = make_ensemble(schedule, spec);
  CHECK_THROWS_AS(run_linear_ensemble(refused, schedule, init, 64, bad), InvalidParameter);
  CHECK(refused.trajectories == 0);
}

TEST_CASE("Jackknife 95% intervals of E_N cover the exact value at the nominal rate", "[statistical]") {
  // 200 independent ensembles of 2048 trajectories sampled from the steady state. Coverage count
  // ~ Binomial(200, 0.95): mean 190, sd 3.1. Accepting [176, 199] fails a correct implementation
  // with probability ~5e-5 (lower tail at -4.5 sd: ~1e-5; all 200 covered, i.e. intervals too wide:
  // 0.95^200 = 3.5e-5).
  const LinearModel m = fig2_ccw_peak();
  const Matrix6 V_inf = solve_lyapunov<6>(m.A, m.D).V;
  const double E_true = raw_log_negativity(V_inf);
  const StepSchedule schedule{ExactOuStepper::affine_from_D(m.A, m.D, 1e-9), 1, 1};
  int covered = 0;
  double se_small = 0.0;
  for (std::uint64_t seed = 1000; seed < 1200; ++seed) {
    const auto stats = run(schedule, {Vector6::Zero(), V_inf}, 2048, seed);
    const auto e = jackknife(stats.groups_at(1), [](const Matrix6& V) { return raw_log_negativity(V); });
    covered += std::abs(e.estimate - E_true) <= e.ci_half_width;
    se_small += e.standard_error / 200.0;
  }
  INFO("covered " << covered << " of 200; mean SE " << se_small);
  CHECK(covered >= 176);
  CHECK(covered <= 199);
  // The SE falls as 1/sqrt(N): 4x the trajectories halves it (within 20%, with 32 groups).
  const auto big = run(schedule, {Vector6::Zero(), V_inf}, 8192, 5000);
  const double se_big = jackknife(big.groups_at(1), [](const Matrix6& V) { return raw_log_negativity(V); }).standard_error;
  CHECK(se_big / se_small == Approx(0.5).epsilon(0.2));
}

TEST_CASE("A trajectory that becomes non-finite is caught with its index, step number and time") {
  // u <- 10 u + xi overflows a double after ~308 steps; the report names the lowest failing
  // trajectory (0) and the exact step, whatever the thread schedule.
  const AffineStep blowup{1e-9, 10.0 * Matrix6::Identity(), Matrix6::Identity()};
  const StepSchedule schedule{blowup, 100, 5};
  EnsembleSpec spec;
  EnsembleStatistics stats = make_ensemble(schedule, spec);
  try {
    run_linear_ensemble(stats, schedule, {Vector6::Zero(), Matrix6::Identity()}, 64, Execution{2, {}});
    FAIL("the divergence was not caught");
  } catch (const NumericalFailure& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK_THAT(msg, Catch::Contains("trajectory 0 became non-finite at step 3"));
    CHECK_THAT(msg, Catch::Contains("t = 3."));
  }
}

TEST_CASE("The simulation refuses unstable points, unstable EM steps, zero samples and one trajectory") {
  LinearSimulationSpec spec;
  spec.point.parameters.detuning = 0.27;  // cw is unstable here (Fig. 2(b,c))
  spec.point.direction = Direction::cw;
  spec.stopping.trajectories = 256;
  try {
    run_linear_simulation(spec);
    FAIL("an unstable point was simulated");
  } catch (const UnstableSystem& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("max Re lambda") && Catch::Contains("point.allow_unstable"));
  }
  // With --allow-unstable the growth runs until it overflows, and the failure names the step.
  spec.point.allow_unstable = true;
  spec.grid.t_end = 2e-4;  // e^{5e6 * 2e-4} overflows
  spec.grid.samples = 200;
  CHECK_THROWS_WITH(run_linear_simulation(spec), Catch::Contains("non-finite") || Catch::Contains("overflow"));

  LinearSimulationSpec em;
  em.point.parameters.detuning = 0.3;
  em.stepper = StepperKind::em;
  em.grid.dt = 1e-8;  // far beyond Euler-Maruyama's stability limit (~1e-9 s)
  em.grid.t_end = 1e-6;
  em.stopping.trajectories = 256;
  CHECK_THROWS_WITH(run_linear_simulation(em), Catch::Contains("spectral radius") && Catch::Contains("Valid is dt <"));
  LinearSimulationSpec zero;
  zero.point.parameters.detuning = 0.3;
  zero.grid.samples = 0;
  CHECK_THROWS_AS(run_linear_simulation(zero), InvalidParameter);
  zero.grid.samples = 10;
  zero.stopping.trajectories = 1;
  CHECK_THROWS_AS(run_linear_simulation(zero), InvalidParameter);
}
