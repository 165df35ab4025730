// Closed-form transient dynamics from one decomposition of A (covariance/covariance_evolution),
// the moments along it (dynamics/transient_moments) and the build-up metrics
// (dynamics/buildup_metrics): docs/physics.md sections 4 and 14.
#include <catch2/catch.hpp>
#include <cmath>

#include <Eigen/Eigenvalues>

#include "spincom/core/error.hpp"
#include "spincom/covariance/covariance_evolution.hpp"
#include "spincom/covariance/covariance_ode.hpp"
#include "spincom/covariance/lyapunov.hpp"
#include "spincom/covariance/ou_propagator.hpp"
#include "spincom/dynamics/buildup_metrics.hpp"
#include "spincom/dynamics/sample_list.hpp"
#include "spincom/dynamics/transient_moments.hpp"
#include "spincom/measures/log_negativity.hpp"
#include "spincom/timedomain/closed_form_dynamics.hpp"
#include "support/matchers.hpp"
#include "support/paper_points.hpp"

using namespace spincom;
using namespace spincom::test;

namespace {

/// The bound for the closed form against the ODE and Van Loan.
constexpr double closed_form_tolerance = 1e-9;
/// At 60 relaxation times e^{2 max Re lambda t} ~ 1e-52: only rounding is left.
constexpr double long_time_tolerance = 1e-10;

/// A stable A with a nearly defective 2 x 2 block (a Jordan block perturbed by 1e-10): cond(S) ~ 1e10.
LinearModel nearly_defective_system() {
  LinearModel m = random_stable_system(11);
  m.A.topLeftCorner<2, 2>() << -2.0, 1.0, 0.0, -2.0 - 1e-10;
  m.A.block<2, 4>(0, 2).setZero();
  return m;
}

}  // namespace

TEST_CASE("Closed-form V(t) from one eigen-decomposition equals Van Loan and the covariance ODE to 1e-9") {
  for (const auto& s : paper_systems()) {
    INFO(s.name);
    const CovarianceEvolution evolution(s.model.A, s.model.D, s.V0);
    CHECK(evolution.method() == EvolutionMethod::eigenbasis);
    std::vector<double> times;
    for (int k = 0; k <= 12; ++k) times.push_back(s.t_end * k / 12.0);
    times.push_back(s.t_end * 1e-4);
    std::sort(times.begin(), times.end());
    const auto ode = integrate_covariance_ode(s.model.A, s.model.D, s.V0, times);
    for (std::size_t k = 0; k < times.size(); ++k) {
      INFO("t = " << times[k]);
      SPINCOM_REQUIRE_MATRIX_CLOSE(evolution(times[k]), covariance_closed_form(s.model.A, s.model.D, s.V0, times[k]),
                                   closed_form_tolerance);
      SPINCOM_REQUIRE_MATRIX_CLOSE(evolution(times[k]), ode.V[k], closed_form_tolerance);
    }
  }
}

TEST_CASE("A nearly defective drift matrix falls back to Van Loan and still matches the covariance ODE") {
  const LinearModel m = nearly_defective_system();
  const Matrix6 V0 = Matrix6::Identity();
  const CovarianceEvolution evolution(m.A, m.D, V0);
  CHECK(evolution.basis().condition > default_max_condition);
  CHECK(evolution.method() == EvolutionMethod::van_loan);
  const std::vector<double> times{0.0, 0.3, 1.0, 4.0};
  const auto ode = integrate_covariance_ode(m.A, m.D, V0, times);
  for (std::size_t k = 0; k < times.size(); ++k) SPINCOM_REQUIRE_MATRIX_CLOSE(evolution(times[k]), ode.V[k], closed_form_tolerance);
}

TEST_CASE("At long times the closed-form V(t) is the Lyapunov covariance and the distance to it vanishes") {
  for (const auto& s : paper_systems()) {
    INFO(s.name);
    const double rate = slowest_relaxation_rate(Eigen::EigenSolver<Matrix6>(s.model.A, false).eigenvalues());
    const Matrix6 V_inf = solve_lyapunov<6>(s.model.A, s.model.D).V;
    const CovarianceEvolution evolution(s.model.A, s.model.D, s.V0);
    const auto samples = transient_moments(evolution, {0.0, 60.0 / rate}, {}, V_inf);
    SPINCOM_REQUIRE_MATRIX_CLOSE(samples[1].V, V_inf, long_time_tolerance);
    CHECK(samples[1].distance_steady <= long_time_tolerance);
    CHECK(samples[0].distance_steady > 1e-3);
  }
}

TEST_CASE("The moments of the vacuum-thermal state: occupations 0, 0, n_m and purity 1/(2 n_m + 1)") {
  const Matrix6 V0 = vacuum_thermal_V0();
  const double n_m = V0(4, 4) - 0.5;
  const MomentsSample s = moments_of(0.0, V0, {}, nullptr);
  CHECK(s.n_driven == Approx(0.0).margin(1e-15));
  CHECK(s.n_other == Approx(0.0).margin(1e-15));
  CHECK(s.n_mechanics == Approx(n_m).epsilon(1e-14));
  CHECK(s.purity == Approx(1.0 / (2.0 * n_m + 1.0)).epsilon(1e-12));
  CHECK(moments_of(0.0, 0.5 * Matrix6::Identity(), {}, nullptr).purity == Approx(1.0).epsilon(1e-14));
  // a product state with a vacuum factor: nu^- = 1/2 exactly, so E_N is 0 up to rounding
  CHECK(std::abs(s.E_N_raw) <= 1e-14);
  CHECK(s.E_N <= 1e-14);
  CHECK(std::isnan(s.distance_steady));
}

namespace {

/// Independent reference: raw E_N from the Van Loan closed form, a fine scan and a plain bisection.
double reference_crossing(const LinearModel& m, const Matrix6& V0, double level, double t_end) {
  const auto raw = [&](double t) { return raw_log_negativity(covariance_closed_form(m.A, m.D, V0, t)) - level; };
  double lo = 0.0, hi = 0.0;
  for (int k = 1; k <= 400; ++k) {
    hi = t_end * k / 400.0;
    if (raw(hi) > 0.0) break;
    lo = hi;
  }
  REQUIRE(raw(hi) > 0.0);
  for (int i = 0; i < 100; ++i) {
    const double mid = 0.5 * (lo + hi);
    (raw(mid) > 0.0 ? hi : lo) = mid;
  }
  return hi;
}

}  // namespace

TEST_CASE("Onset and t90 agree with an independent bisection on the Van Loan closed form") {
  const LinearModel m = fig2_ccw_peak();
  const Matrix6 V0 = vacuum_thermal_V0();
  const Matrix6 V_inf = solve_lyapunov<6>(m.A, m.D).V;
  const double E_steady = log_negativity(V_inf).E_N;
  const CovarianceEvolution evolution(m.A, m.D, V0);
  const auto samples = transient_moments(evolution, linear_samples(0.0, 2e-6, 41), {}, V_inf);
  const BuildupMetrics b = buildup_metrics(evolution, samples, {}, E_steady);
  REQUIRE(b.onset);
  REQUIRE(b.t90);
  CHECK_FALSE(b.entangled_at_start);  // the first ns flicker (E_N ~ 1e-5) falls between t = 0 and the next sample
  REQUIRE(b.sustained_onset);
  CHECK(*b.sustained_onset == *b.onset);
  const double onset = reference_crossing(m, V0, entanglement_threshold, 2e-6);
  const double t90 = reference_crossing(m, V0, 0.9 * E_steady, 2e-6);
  INFO("onset " << *b.onset << " vs " << onset << ", t90 " << *b.t90 << " vs " << t90);
  CHECK(std::abs(*b.onset - onset) <= 1e-9 * onset);
  CHECK(std::abs(*b.t90 - t90) <= 1e-9 * t90);
  CHECK(*b.onset < *b.t90);
  CHECK(b.slowest_rate == Approx(-b.max_re_lambda));
  CHECK(b.covariance_rate == Approx(2.0 * b.slowest_rate));
}

TEST_CASE("The unclipped E_N passes continuously through zero at the onset, and E_N = max(0, raw)") {
  const LinearModel m = fig2_ccw_peak();
  const CovarianceEvolution evolution(m.A, m.D, vacuum_thermal_V0());
  const auto coarse = transient_moments(evolution, linear_samples(0.0, 2e-6, 41), {}, std::nullopt);
  const double onset = *buildup_metrics(evolution, coarse, {}, std::nullopt).onset;
  const auto fine = transient_moments(evolution, linear_samples(onset - 5e-8, onset + 5e-8, 1001), {}, std::nullopt);
  int sign_changes = 0;
  double max_curvature = 0.0, total = 0.0;
  for (std::size_t i = 1; i < fine.size(); ++i) {
    sign_changes += (fine[i].E_N_raw > 0.0) != (fine[i - 1].E_N_raw > 0.0);
    total += std::abs(fine[i].E_N_raw - fine[i - 1].E_N_raw);
    if (i + 1 < fine.size())
      max_curvature = std::max(max_curvature, std::abs(fine[i + 1].E_N_raw - 2.0 * fine[i].E_N_raw + fine[i - 1].E_N_raw));
  }
  for (const auto& s : fine) CHECK(s.E_N == std::max(0.0, s.E_N_raw));
  CHECK(sign_changes == 1);
  CHECK(fine.front().E_N_raw < 0.0);
  CHECK(fine.back().E_N_raw > 0.0);
  // smooth: second differences well below the first ones (a kink at 0, as max(0, .) has, gives >= half of one)
  const double mean_step = total / static_cast<double>(fine.size() - 1);
  INFO("max |second difference| " << max_curvature << ", mean |first difference| " << mean_step);
  CHECK(max_curvature <= 0.1 * mean_step);  // ~0.02 here: E_N oscillates at 2 omega_m, and dt 2 omega_m ~ 0.013
  INFO("clipped");
  double clipped_curvature = 0.0;
  for (std::size_t i = 1; i + 1 < fine.size(); ++i)
    clipped_curvature = std::max(clipped_curvature, std::abs(fine[i + 1].E_N - 2.0 * fine[i].E_N + fine[i - 1].E_N));
  CHECK(clipped_curvature > 0.2 * mean_step);  // the clipped E_N has the kink the test would catch
}

TEST_CASE("Sample lists: linear, log and explicit forms, and one clear refusal per mistake") {
  const SampleListRules times{"dynamics.times", "s", true, true, false};
  CHECK(parse_sample_list("linear:0:1e-6:3", times) == std::vector<double>{0.0, 5e-7, 1e-6});
  const auto lg = parse_sample_list("log:1e-9:1e-6:4", times);
  REQUIRE(lg.size() == 4);
  CHECK(lg[1] == Approx(1e-8).epsilon(1e-12));
  CHECK(lg.back() == 1e-6);
  CHECK(parse_sample_list("1e-7, 2e-7,3e-7", times) == std::vector<double>{1e-7, 2e-7, 3e-7});
  CHECK(parse_sample_list("linear:-50M:50M:3", {"spectrum.omega", "s^-1", false, false, true}) ==
        std::vector<double>{-5e7, 0.0, 5e7});
  const auto refused = [&](const char* text, const char* part) {
    INFO(text);
    CHECK_THROWS_WITH(parse_sample_list(text, times), Catch::Contains("dynamics.times") && Catch::Contains(part) &&
                                                          Catch::Contains("Example"));
    CHECK_THROWS_AS(parse_sample_list(text, times), InvalidParameter);
  };
  refused("linear:0:1e-6:1", "COUNT '1' is not an integer in 2..");
  refused("log:0:1e-6:10", "START > 0");
  refused("linear:1e-6:0:10", "STOP");
  refused("3e-7,1e-7", "strictly ascending");
  refused("-1e-7,1e-7", "negative");
  refused("cubic:0:1:3", "unknown kind 'cubic'");
  refused("1e-7,abc", "'abc' is not a finite number");
}

TEST_CASE("run_dynamics: both directions on one grid, each with its metrics, and the pair is checked") {
  DynamicsSpec spec;
  spec.point.detuning_at_peak = true;  // each direction at its own E_N peak
  spec.directions = DirectionChoice::both;
  spec.times = linear_samples(0.0, 2e-6, 101);
  const DynamicsResult r = run_dynamics(spec);
  REQUIRE(r.directions.size() == 2);
  CHECK(r.directions[0].direction == Direction::ccw);
  CHECK(r.directions[1].direction == Direction::cw);
  CHECK(r.directions[0].parameters.detuning != r.directions[1].parameters.detuning);
  for (const auto& d : r.directions) {
    CHECK_THAT(d.resolution_note, Catch::Contains("E_N peak of the " + std::string(to_string(d.direction))));
    CHECK(d.samples.size() == 101);
    CHECK(d.metrics.E_N_steady);
    const Matrix6 V_ref = covariance_closed_form(d.analysis.model.A, d.analysis.model.D, d.V0, 1e-6);
    SPINCOM_REQUIRE_MATRIX_CLOSE(d.samples[50].V, V_ref, closed_form_tolerance);
  }
  CHECK_THAT(buildup_comparison(r), Catch::Contains("onset: ") && Catch::Contains("t90: "));
  spec.pair = {Mode::other, Mode::other};
  CHECK_THROWS_AS(run_dynamics(spec), InvalidParameter);
  CHECK_THROWS_WITH(parse_bipartition("driven,photon"), Catch::Contains("dynamics.pair") && Catch::Contains("'photon'"));
}

TEST_CASE("run_dynamics chooses the automatic grid from the slowest relaxation and refuses an unphysical V0") {
  DynamicsSpec spec;
  spec.point.parameters.detuning = 0.2965;
  const DynamicsResult r = run_dynamics(spec);
  REQUIRE(r.times.size() == dynamics_default_samples);
  CHECK(r.times.back() == Approx(dynamics_default_relaxations / -r.directions[0].analysis.stability.max_re_eig));
  CHECK_THAT(r.grid_note, Catch::Contains("dynamics.times"));
  spec.V0 = 0.1 * Matrix6::Identity();
  CHECK_THROWS_WITH(run_dynamics(spec), Catch::Contains("dynamics.initial.V0 is not a quantum state"));
}
