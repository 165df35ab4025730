// The Heun step is stable for the whole ensemble, not only at the root (issue 14): the limit over
// the spread of the state, the automatic step that honours it, and the reason a diverging
// trajectory gives. Fixed seeds; each statistical test states its false-failure probability.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "spincom/core/error.hpp"
#include "spincom/ensemble/heun_step_safety.hpp"
#include "spincom/ensemble/nonlinear_ensemble.hpp"
#include "spincom/model/initial_covariance.hpp"
#include "spincom/model/linear_model.hpp"
#include "spincom/timedomain/nonlinear_simulation.hpp"

using namespace spincom;

namespace {

/// The Fig. 2 point (Delta_c = 0.2965 omega_m, ccw) on the breakdown family G0 -> s G0, P -> P/s^2.
Parameters breakdown_point(double s) {
  Parameters p;
  p.detuning = 0.2965;
  p.mass /= s * s;
  p.power /= s * s;
  return p;
}

LangevinEquations frame_at_root(const Parameters& p) {
  const DerivedQuantities d = derive(p);
  const FixedPoint fp = solve_mean_field(mean_field_problem(p, d, Direction::ccw)).at(0);
  return LangevinEquations(langevin_coefficients(p, d, Direction::ccw), reference_at(fp));
}

}  // namespace

TEST_CASE("local_jacobian is the Jacobian of the drift of Eq. (3) at any state (central differences)") {
  const LangevinEquations eq = frame_at_root(breakdown_point(5e4));
  Vector6 u;
  u << 1.3, -0.7, 0.4, 2.1, -35.0, 12.0;
  const Matrix6 J = local_jacobian(eq, u);
  for (int j = 0; j < 6; ++j) {
    const double e = 1e-4 * (1.0 + std::abs(u(j)));
    Vector6 up = u, dn = u, fp, fm;
    up(j) += e;
    dn(j) -= e;
    eq(up, fp);
    eq(dn, fm);
    const Vector6 column = (fp - fm) / (2.0 * e);  // exact: the drift is quadratic
    for (int i = 0; i < 6; ++i) {
      INFO("entry (" << i << ", " << j << "): " << J(i, j) << " vs " << column(i));
      CHECK(std::abs(J(i, j) - column(i)) <= 1e-7 * (std::abs(J(i, j)) + J.cwiseAbs().maxCoeff() * 1e-3));
    }
  }
  CHECK((local_jacobian(eq, Vector6::Zero()) - eq.jacobian_at_reference()).norm() == 0.0);
}

TEST_CASE("The Heun limit over the spread: equal to the root's at 1e9 photons, far below it at 2 photons") {
  for (double s : {1.0, 5e4}) {
    const Parameters p = breakdown_point(s);
    const LangevinEquations eq = frame_at_root(p);
    const Matrix6 hot = vacuum_thermal_covariance(derive(p));
    const StepSafety none = heun_step_safety(eq, {Vector6::Zero()}, {hot}, 0.0);
    const StepSafety seven = heun_step_safety(eq, {Vector6::Zero()}, {hot}, 7.0);
    const StepSafety ten = heun_step_safety(eq, {Vector6::Zero()}, {hot}, 10.0);
    INFO("s = " << s << ": limit at the root " << seven.limit_at_reference << " s, over +-7 sigma " << seven.limit
                << " s (worst dq " << seven.worst(4) << "), over +-10 sigma " << ten.limit << " s");
    CHECK(none.limit == none.limit_at_reference);
    CHECK(seven.limit <= seven.limit_at_reference);
    CHECK(ten.limit <= seven.limit);
    CHECK(seven.sigma(4) == Approx(std::sqrt(hot(4, 4))).epsilon(1e-15));
    if (s == 1.0) CHECK(seven.limit >= 0.999 * seven.limit_at_reference);  // G0 |dq| ~ 1e3 s^-1: nothing changes
    if (s == 5e4) {
      CHECK(seven.limit < 0.5 * seven.limit_at_reference);  // the local detuning G0 dq ~ 2.6e9 s^-1 sets it
      CHECK(std::abs(seven.worst(4)) == Approx(7.0 * seven.sigma(4)).epsilon(1e-12));
    }
  }
  CHECK_THROWS_AS(heun_step_safety(frame_at_root(Parameters{}), {}, {Matrix6::Identity()}), InvalidParameter);
  // A state far out (overflowing the Jacobian's eigenvalues) has no stable step, whatever the solver returns.
  const LangevinEquations eq = frame_at_root(breakdown_point(5e4));
  Vector6 far = Vector6::Zero();
  far(4) = 1e160;
  CHECK(local_heun_step_limit(eq, far) == 0.0);
  Matrix6 bad = Matrix6::Identity();
  bad(2, 3) = std::numeric_limits<double>::infinity();
  CHECK(heun_step_limit(bad) == 0.0);
}

TEST_CASE("A trajectory that leaves Heun's stable region is reported with its index, its step and the reason") {
  // s = 5e4, hot mechanics (n_m + 1/2 = 270), a step 4x the limit over +-7 sigma: trajectories a
  // few sigma out in q meet a local detuning the step cannot follow and overflow.
  const Parameters p = breakdown_point(5e4);
  const DerivedQuantities d = derive(p);
  const LangevinEquations eq = frame_at_root(p);
  NonlinearEnsembleSpec spec{eq, diffusion_matrix(p, d)};
  spec.V0 = vacuum_thermal_covariance(d);
  spec.h = 4.0 * heun_step_safety(eq, {Vector6::Zero()}, {spec.V0}).limit;
  REQUIRE(spec.h < heun_step_limit(eq.jacobian_at_reference()));  // accepted by the root-only check
  spec.steps_per_sample = 100;
  spec.samples = 20;
  spec.ensemble.groups = 8;
  spec.ensemble.seed = 3;
  NonlinearEnsembleStatistics stats = make_nonlinear_ensemble(spec);
  try {
    run_nonlinear_ensemble(stats, spec, 256);
    FAIL("no divergence at 4x the limit over the spread");
  } catch (const NumericalFailure& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(msg.find("nonlinear trajectory ") != std::string::npos);
    CHECK(msg.find("became non-finite at step ") != std::string::npos);
    CHECK(msg.find("left the stable region of the Heun step") != std::string::npos);
    CHECK(msg.find("zero-point units from the root") != std::string::npos);
    CHECK(msg.find("Hint:") != std::string::npos);
  }
  CHECK(stats.nonlinear.trajectories == 0);
}

TEST_CASE("run_nonlinear_simulation refuses a dt above the limit over the spread, naming both limits") {
  NonlinearSimulationSpec spec;
  spec.point.parameters = breakdown_point(5e4);
  spec.initial.vacuum_thermal = true;
  spec.grid.samples = 4;
  spec.grid.dt = 4e-10;  // below the root's limit, above the limit over +-7 sigma of the hot start
  spec.stopping.trajectories = 64;
  spec.ensemble.groups = 8;
  try {
    prepare_nonlinear_simulation(spec);
    FAIL("dt above the limit over the spread was accepted");
  } catch (const InvalidParameter& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(msg.find("grid.dt = 4e-10") != std::string::npos);
    CHECK(msg.find("over the spread of the state") != std::string::npos);
    CHECK(msg.find("at the root alone") != std::string::npos);
    CHECK(msg.find("Hint:") != std::string::npos);
  }
  spec.step_sigmas = -1.0;
  spec.grid.dt = 0.0;
  CHECK_THROWS_AS(prepare_nonlinear_simulation(spec), InvalidParameter);
}

/// The undriven mode's photon number <a_other^dag a_other> = <(X^2 + Y^2 - 1)/2> averaged over the
/// sample times t > 0, one value per jackknife group (independent trajectories), plain averages
/// over each group's trajectories. At J = 0 the root has no other-mode amplitude, so the displaced
/// quadratures u_2, u_3 are the lab ones.
std::vector<double> undriven_photons_per_group(const NonlinearSimulationResult& r) {
  const EnsembleStatistics& st = r.statistics.nonlinear;
  std::vector<double> y(st.spec.groups, 0.0);
  const std::size_t times = st.times.size() - 1;
  for (std::size_t k = 1; k <= times; ++k) {
    const auto groups = st.groups_at(k);
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const CovarianceAccumulator& a = groups[g];
      const double n = static_cast<double>(a.n);
      const double photons = 0.5 * (a.mean(2) * a.mean(2) + a.mean(3) * a.mean(3) + (a.M2(2, 2) + a.M2(3, 3)) / n - 1.0);
      y[g] += photons / static_cast<double>(times);
    }
  }
  return y;
}

TEST_CASE("A hot start at s = 5e4 runs at the automatic step without divergence, and the undriven mode holds no photons",
          "[statistical]") {
  // Breakdown family at s = 5e4 (N = 1.9, G0/kappa = 0.6) from the fixed point with vacuum-thermal
  // fluctuations (n_m + 1/2 = 270 phonons in q and p). With the step set at the root alone
  // (4.5e-10 s) some runs diverged (2 of 24 runs of 4096 trajectories, issue 14) and the undriven
  // mode gained photons: measured 0.0062 +- 0.0018 with this seed and 8192 trajectories (step_sigmas
  // = 0). At J = 0 the undriven mode sees q only through a phase, so <a_other^dag a_other> = 0
  // exactly. The estimate (averaged over the 10 sample times t > 0, one value per group) must be
  // within t = 4.46 standard errors of 0 (Student t, 31 degrees of freedom over the 32 independent
  // groups): false-failure probability 1e-4. 32768 trajectories make the standard error ~7.5e-4,
  // so the root-only step's bias would fail by ~8 standard errors. ~16 s (Release, one core).
  NonlinearSimulationSpec spec;
  spec.point.parameters = breakdown_point(5e4);
  spec.initial.vacuum_thermal = true;
  spec.grid.samples = 10;
  spec.stopping.trajectories = 32768;
  spec.ensemble.seed = 20201001;
  const NonlinearSimulationResult r = run_nonlinear_simulation(spec);
  INFO("dt = " << r.spec.grid.dt << " s, limit over the spread " << r.step_limit << " s, at the root "
               << r.step_safety.limit_at_reference << " s");
  CHECK(r.spec.grid.dt <= r.step_limit);
  REQUIRE(r.statistics.nonlinear.trajectories == 32768);
  const std::vector<double> y = undriven_photons_per_group(r);
  REQUIRE(y.size() == 32);
  double mean = 0.0, var = 0.0;
  for (double v : y) mean += v / static_cast<double>(y.size());
  for (double v : y) var += (v - mean) * (v - mean) / static_cast<double>(y.size() - 1);
  const double se = std::sqrt(var / static_cast<double>(y.size()));
  INFO("N_other (time average over t > 0) = " << mean << " +- " << se);
  CHECK(std::abs(mean) <= 4.46 * se);
  CHECK(se < 0.0012);  // resolves the 0.0062 of the root-only step at > 5 standard errors
}

TEST_CASE("The step at the root alone diverges at s = 5e4 (hot start), and the reason names the mirror's excursion",
          "[slow]") {
  // What issue 14 saw: with step_sigmas = 0 (the limit at the root alone, dt = 4.47e-10 s at
  // --samples 20) 2 of 24 runs of 4096 trajectories (seeds 1..24) diverged; measured again: seeds
  // 16 and 21, none of the 24 with the +-7 sigma step. Deterministic (fixed seed): the diverging
  // trajectory left Heun's stable region at dq ~ 62 zero-point units, where the local detuning
  // G0 dq makes the limit 4.4e-10 s < dt. ~5 s (Release).
  NonlinearSimulationSpec spec;
  spec.point.parameters = breakdown_point(5e4);
  spec.initial.vacuum_thermal = true;
  spec.grid.samples = 20;
  spec.stopping.trajectories = 4096;
  spec.ensemble.seed = 21;
  spec.step_sigmas = 0.0;
  try {
    run_nonlinear_simulation(spec);
    FAIL("the root-only step did not diverge with seed 21");
  } catch (const NumericalFailure& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(msg.find("nonlinear trajectory 2496 became non-finite at step 292") != std::string::npos);
    CHECK(msg.find("at step 157 its state left the stable region of the Heun step for good: the mirror was 62.5") !=
          std::string::npos);
  }
}
