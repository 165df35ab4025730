// The measured false-alarm rate of the Welch agreement verdict (docs/decisions.md 56): the
// statistical test's run (tests/statistical/test_welch_spectrum.cpp: Fig. 2 point, S_qq,
// S_{X_driven q}, S_{Y_driven Y_driven}, 64 trajectories x 16 segments, automatic layout) over
// many seeds, counting the runs whose max |z| exceeds the Bonferroni-t limit at several alpha.
// Usage: spincom_welch_false_alarm [RUNS] [TRAJECTORIES] [SEGMENTS]; rates with no margin and with welch_tail_margin.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <Eigen/Eigenvalues>

#include "spincom/covariance/lyapunov.hpp"
#include "spincom/steady/steady_state.hpp"
#include "spincom/timedomain/trajectory_spectra.hpp"

using namespace spincom;

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 200;
  Parameters p;
  p.detuning = 0.2965;
  const LinearModel m = analyze_steady_state(p, Direction::ccw).fixed_points.at(0).model;
  const Matrix6 V = solve_lyapunov(m.A, m.D).V;
  const QuadratureSpectrum S(m.A, m.D);
  const double max_re = Eigen::EigenSolver<Matrix6>(m.A, false).eigenvalues().real().maxCoeff();
  TrajectorySpectrumSpec spec;
  spec.trajectories = argc > 2 ? static_cast<std::size_t>(std::atol(argv[2])) : 64;
  spec.segments = argc > 3 ? static_cast<std::size_t>(std::atol(argv[3])) : 16;
  const std::vector<double> alphas{0.5, 0.2, 0.1, 0.05, 0.01, 1e-3, 1e-4};
  const std::vector<double> margins{1.0, welch_tail_margin};
  std::vector<std::vector<int>> failed(margins.size(), std::vector<int>(alphas.size(), 0));
  double chi2 = 0.0, bias = 0.0, seconds = 0.0;
  std::vector<double> max_z;  // per run
  TrajectorySpectra last;
  for (int run = 0; run < runs; ++run) {
    spec.seed = 1000003ull * static_cast<unsigned long long>(run + 1);
    const TrajectorySpectra r = run_trajectory_spectra(m.A, m.D, V, max_re, {{4, 4}, {0, 4}, {1, 1}}, 3.0 * p.omega_m,
                                                       spec, S);
    std::vector<double> z{r.agreement.max_abs_z};
    z.resize(r.agreement.count, 0.0);  // the limit depends on the count only
    for (std::size_t k = 0; k < margins.size(); ++k)
      for (std::size_t a = 0; a < alphas.size(); ++a)
        failed[k][a] += !bonferroni_t_agreement(z, spec.trajectories, alphas[a], margins[k]).pass();
    max_z.push_back(r.agreement.max_abs_z);
    chi2 += r.agreement.chi2_per_value;
    bias = std::max(bias, r.max_bias_in_se);
    seconds += r.seconds;
    last = r;
  }
  std::printf("runs %d, trajectories %zu, segments %zu, L %zu, dt %.4g s, values compared %zu\n", runs,
              spec.trajectories, spec.segments, last.layout.segment_length, last.layout.dt, last.agreement.count);
  std::printf("mean sum z^2/n %.4f, max bias %.3f SE, %.3f s per run\n", chi2 / runs, bias, seconds / runs);
  std::sort(max_z.rbegin(), max_z.rend());
  std::printf("largest max |z|:");
  for (std::size_t i = 0; i < std::min<std::size_t>(5, max_z.size()); ++i) std::printf(" %.3f", max_z[i]);
  std::printf("\n");
  for (std::size_t k = 0; k < margins.size(); ++k)
    for (std::size_t a = 0; a < alphas.size(); ++a)
      std::printf("margin %g alpha %-6g limit %.3f failed %d of %d (%.4f)\n", margins[k], alphas[a],
                  bonferroni_t_agreement(std::vector<double>(last.agreement.count, 0.0), spec.trajectories, alphas[a],
                                         margins[k]).threshold,
                  failed[k][a], runs, static_cast<double>(failed[k][a]) / runs);
  return 0;
}
