// Every lane kernel this binary and CPU run (lane_kernel.hpp: generic, avx2, avx512) against the
// portable reference loop, bit for bit: the normals and the engines' states, the affine steps
// (0..6 noise columns, special values in some lanes), the Welford statistics, and a whole linear
// ensemble run with the kernel forced through SPINCOM_LANE_KERNEL. Then the nonlinear (Heun)
// lane kernel against today's scalar step (heun_langevin_step, Eigen's M v + N xi), and a whole
// paired nonlinear ensemble on each kernel.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "spincom/core/error.hpp"
#include "spincom/engine/background_writer.hpp"
#include "spincom/engine/lane_block.hpp"
#include "spincom/engine/paired_heun_kernel.hpp"
#include "spincom/ensemble/linear_ensemble.hpp"
#include "spincom/ensemble/nonlinear_ensemble.hpp"
#include "spincom/model/linear_model.hpp"
#include "spincom/random/normal_source.hpp"
#include "spincom/sde/noise_factor.hpp"

using namespace spincom;

namespace {

/// The SIMD kernels to check: every available one but the reference itself.
std::vector<LaneKernel> simd_kernels() {
  std::vector<LaneKernel> out;
  for (LaneKernel k : available_lane_kernels())
    if (k != LaneKernel::portable) out.push_back(k);
  return out;
}

LaneStreams lanes_for(std::uint64_t seed, std::size_t first) {
  LaneStreams s;
  for (std::size_t l = 0; l < lane_width; ++l) s.set(l, NormalSource(seed, first + l));
  return s;
}

bool same_bits(const void* a, const void* b, std::size_t bytes) { return std::memcmp(a, b, bytes) == 0; }

/// Finite numbers must agree bit for bit; a non-finite one only has to be non-finite in both
/// (NaN payloads may differ, and only the divergence report ever looks at them).
bool same_number(double p, double q) { return std::isfinite(p) ? same_bits(&p, &q, sizeof p) : !std::isfinite(q); }

bool blocks_agree(const LaneBlock& x, const LaneBlock& y) {
  for (int r = 0; r < 6; ++r)
    for (std::size_t l = 0; l < lane_width; ++l)
      if (!same_number(x.u[r][l], y.u[r][l])) return false;
  return same_bits(&x.streams, &y.streams, sizeof(LaneStreams));
}

/// Every slot's count, mean and M2 triangle.
bool accumulators_agree(const LaneAccumulators& a, const LaneAccumulators& b) {
  const double* x = a.n;
  const double* y = b.n;
  for (std::size_t i = 0; i < lane_accumulator_doubles; ++i)
    if (!same_number(x[i], y[i])) return false;
  return true;
}

/// A generic contraction (not symmetric, every entry nonzero) with `nonzero` noise columns
/// (Euler-Maruyama and Heun have 5, the exact step 6).
AffineStep test_step(int nonzero) {
  AffineStep step{1e-9, Matrix6::Zero(), Matrix6::Zero()};
  for (int r = 0; r < 6; ++r)
    for (int c = 0; c < 6; ++c) {
      step.M(r, c) = (r == c ? 0.9 : 0.0) + 0.01 * std::sin(1.0 + r * 6 + c);
      step.N(r, c) = c < nonzero ? 0.1 * std::cos(2.0 + r * 7 + c) : 0.0;
    }
  return step;
}

/// A start away from zero with vacuum noise.
InitialState test_initial() {
  InitialState init;
  init.mean << 0.1, -0.2, 0.3, 0.0, 1.0, -1.0;
  init.V0 = Matrix6::Identity() * 0.5;
  return init;
}

/// Accumulators (group x sample) that differ between two runs; every one when the shapes differ.
std::size_t differing_groups(const EnsembleStatistics& a, const EnsembleStatistics& b) {
  if (a.groups.size() != b.groups.size()) return std::max(a.groups.size(), b.groups.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.groups.size(); ++i) differing += !accumulators_agree(a.groups[i], b.groups[i]);
  return differing;
}

/// Ordinary numbers in lanes 0-4; -0.0, a subnormal, numbers that overflow, infinity and NaN in 5-7.
LaneBlock block_with_special_values() {
  LaneBlock x{};
  x.streams = lanes_for(5, 0);
  for (int r = 0; r < 6; ++r)
    for (std::size_t l = 0; l < lane_width; ++l) x.u[r][l] = 0.1 * (r + 1) * (l + 1);
  x.u[0][5] = -0.0;
  x.u[1][5] = 4.9e-324;
  x.u[2][6] = 1e308;
  x.u[3][6] = -1e308;
  x.u[4][7] = std::numeric_limits<double>::infinity();
  x.u[5][7] = std::numeric_limits<double>::quiet_NaN();
  return x;
}

/// Sets SPINCOM_LANE_KERNEL for one scope and restores what was there.
class ForcedKernel {
 public:
  explicit ForcedKernel(const std::string& value) {
    if (const char* old = std::getenv(lane_kernel_variable)) old_ = old;
    ::setenv(lane_kernel_variable, value.c_str(), 1);
  }
  ~ForcedKernel() {
    if (old_) ::setenv(lane_kernel_variable, old_->c_str(), 1);
    else ::unsetenv(lane_kernel_variable);
  }
  ForcedKernel(const ForcedKernel&) = delete;
  ForcedKernel& operator=(const ForcedKernel&) = delete;

 private:
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("The binary has the generic kernel, and the fastest kernel is the widest the CPU runs") {
  CHECK(lane_kernel_available(LaneKernel::portable));
  CHECK(lane_kernel_available(LaneKernel::generic));
  const std::vector<LaneKernel> all = available_lane_kernels();
  CHECK(fastest_lane_kernel() == all.back());
  for (LaneKernel k : all) {
    INFO(describe(k));
    CHECK(parse_lane_kernel(to_string(k)) == k);
    CHECK(vector_lanes(k) <= vector_lanes(fastest_lane_kernel()));
  }
  CHECK_FALSE(parse_lane_kernel("sse4").has_value());
  // This project's machine class is x86-64 with AVX2; say which kernels the run covered.
  WARN("lane kernels checked on this CPU: " << [&] {
    std::string s;
    for (LaneKernel k : all) s += describe(k) + "; ";
    return s;
  }());
}

TEST_CASE("Every lane kernel draws exactly the portable kernel's normals and leaves the engines in the same state") {
  const std::size_t rows = 20000;  // ~85 slow-path draws per lane (0.43%), a tail now and then
  std::vector<double> reference(rows * lane_width);
  LaneStreams a = lanes_for(77, 1000);
  fill_lane_normals(a, reference.data(), rows, LaneKernel::portable);
  for (LaneKernel k : simd_kernels()) {
    INFO("kernel " << describe(k));
    std::vector<double> out(rows * lane_width);
    LaneStreams b = lanes_for(77, 1000);
    fill_lane_normals(b, out.data(), rows, k);
    CHECK(same_bits(reference.data(), out.data(), sizeof(double) * out.size()));
    CHECK(same_bits(&a, &b, sizeof(LaneStreams)));
  }
}

TEST_CASE("Every lane kernel steps exactly as the portable one, special values included") {
  for (int nonzero = 0; nonzero <= 6; ++nonzero) {
    const LaneAffine affine(test_step(nonzero));
    LaneBlock reference = block_with_special_values();
    advance_lanes(affine, reference, 3000, LaneKernel::portable);
    for (LaneKernel k : simd_kernels()) {
      INFO("kernel " << describe(k) << ", " << nonzero << " noise columns");
      LaneBlock x = block_with_special_values();
      advance_lanes(affine, x, 1000, k);  // in three calls: the state goes through memory between them
      advance_lanes(affine, x, 1999, k);
      advance_lanes(affine, x, 1, k);
      CHECK(blocks_agree(reference, x));
    }
  }
}

TEST_CASE("Every lane kernel's update of the eight lane slots equals LaneAccumulators::add slot by slot") {
  const LaneAffine affine(test_step(5));
  // (first slot, lanes): a whole block (the SIMD path), and the partial blocks that open and close runs.
  const std::size_t shapes[][2] = {{0, 8}, {0, 3}, {3, 5}, {7, 1}, {5, 6}};
  for (LaneKernel k : available_lane_kernels())
    for (const auto& shape : shapes) {
      INFO("kernel " << describe(k) << ", first slot " << shape[0] << ", " << shape[1] << " lanes");
      LaneBlock x{};
      x.streams = lanes_for(5, 0);
      LaneAccumulators a, b;
      CovarianceAccumulator welford[lane_width];  // the former one-accumulator update, per slot
      for (int round = 0; round < 50; ++round) {
        advance_lanes(affine, x, 1, LaneKernel::portable);
        add_lanes(a, x, shape[0], shape[1], k);
        for (std::size_t l = 0; l < shape[1]; ++l) {
          Vector6 u;
          for (int r = 0; r < 6; ++r) u(r) = x.u[r][l];
          b.add((shape[0] + l) % lane_width, u);
          welford[(shape[0] + l) % lane_width].add(u);
        }
      }
      CHECK(accumulators_agree(a, b));
      for (std::size_t s = 0; s < lane_width; ++s) {  // upper triangle: CovarianceAccumulator::add's bits
        const CovarianceAccumulator slot = a.slot(s);
        bool same = slot.n == welford[s].n && same_bits(slot.mean.data(), welford[s].mean.data(), 48);
        for (int r = 0; r < 6; ++r)
          for (int c = r; c < 6; ++c) same = same && same_number(slot.M2(r, c), welford[s].M2(r, c));
        CHECK(same);
      }
      // Special values: -0.0, a subnormal, overflow to infinity, NaN.
      const LaneBlock special = block_with_special_values();
      add_lanes(a, special, shape[0], shape[1], k);
      add_lanes(b, special, shape[0], shape[1], LaneKernel::portable);
      CHECK(accumulators_agree(a, b));
    }
}

TEST_CASE("Every lane kernel's fused sample loop equals a step call and a slot update per sample, also overwriting garbage") {
  constexpr std::size_t samples = 40;
  for (int nonzero = 0; nonzero <= 6; ++nonzero) {
    const LaneAffine affine(test_step(nonzero));
    for (const std::size_t steps : {std::size_t{1}, std::size_t{3}})
      for (const bool special : {false, true}) {
        LaneBlock start{};
        start.streams = lanes_for(11, 64);
        if (special) start = block_with_special_values();
        std::vector<LaneAccumulators> reference(samples);
        std::vector<double> states(samples * 6 * lane_width);
        LaneBlock x = start;
        bool finite = true;
        for (std::size_t k = 0; k < samples; ++k) {
          advance_lanes(affine, x, steps, LaneKernel::portable);
          finite &= lanes_finite(x.u, LaneKernel::portable);
          add_lanes(reference[k], x, 0, lane_width, LaneKernel::portable);
          std::memcpy(&states[k * 6 * lane_width], &x.u[0][0], sizeof x.u);
        }
        CHECK(finite == !special);
        for (LaneKernel k : available_lane_kernels()) {
          INFO("kernel " << describe(k) << ", " << nonzero << " noise columns, " << steps << " steps per sample"
                         << (special ? ", special values" : ""));
          std::vector<LaneAccumulators> fused(samples);
          LaneBlock y = start;
          CHECK(advance_and_add_lanes(affine, y, steps, samples, fused.data(), k) == finite);
          CHECK(blocks_agree(x, y));
          std::size_t differing = 0;
          for (std::size_t i = 0; i < samples; ++i) differing += !accumulators_agree(reference[i], fused[i]);
          CHECK(differing == 0);
          // The same with the trace: every sampled state, and the same statistics.
          std::vector<LaneAccumulators> traced(samples);
          std::vector<double> trace(samples * 6 * lane_width, -1.0);
          LaneBlock z = start;
          CHECK(advance_and_add_lanes(affine, z, steps, samples, traced.data(), k, trace.data()) == finite);
          std::size_t wrong = 0;
          for (std::size_t i = 0; i < trace.size(); ++i) wrong += !same_number(trace[i], states[i]);
          for (std::size_t i = 0; i < samples; ++i) wrong += !accumulators_agree(reference[i], traced[i]);
          CHECK(wrong == 0);
          // Overwriting storage that holds garbage (the first block of a group, decision 85): the
          // same bits as adding into zeros, without reading the targets.
          std::vector<LaneAccumulators> dirty(samples);
          std::memset(static_cast<void*>(dirty.data()), 0xA5, samples * sizeof(LaneAccumulators));
          LaneBlock w = start;
          CHECK(advance_and_add_lanes(affine, w, steps, samples, dirty.data(), k, nullptr, true) == finite);
          CHECK(blocks_agree(x, w));
          std::size_t overwritten_wrong = 0;
          for (std::size_t i = 0; i < samples; ++i) overwritten_wrong += !accumulators_agree(reference[i], dirty[i]);
          CHECK(overwritten_wrong == 0);
        }
      }
  }
}

TEST_CASE("The fused sample loop notices a state that becomes non-finite between samples") {
  AffineStep step = test_step(6);
  step.M *= 1e3;  // |u| grows ~1e3 per step: overflow within ~103 steps
  const LaneAffine affine(step);
  for (LaneKernel k : available_lane_kernels()) {
    INFO("kernel " << describe(k));
    LaneBlock x{};
    x.streams = lanes_for(2, 0);
    std::vector<LaneAccumulators> acc(20);
    CHECK(advance_and_add_lanes(affine, x, 1, 20, acc.data(), k));  // 1e60: finite
    std::vector<LaneAccumulators> more(200);
    CHECK_FALSE(advance_and_add_lanes(affine, x, 1, 200, more.data(), k));
  }
}

TEST_CASE("Every lane kernel's finiteness probe agrees with the portable one, one non-finite entry at a time") {
  LaneBlock x{};
  x.streams = lanes_for(3, 0);
  advance_lanes(LaneAffine(test_step(6)), x, 5, LaneKernel::portable);
  const double odd[] = {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                        std::numeric_limits<double>::quiet_NaN(), 1e308, -0.0, 4.9e-324};
  for (LaneKernel k : available_lane_kernels()) {
    INFO("kernel " << describe(k));
    CHECK(lanes_finite(x.u, k));
    for (int r = 0; r < 6; ++r)
      for (std::size_t l = 0; l < lane_width; ++l)
        for (double v : odd) {
          LaneBlock y = x;
          y.u[r][l] = v;
          if (lanes_finite(y.u, k) != std::isfinite(v)) FAIL("entry (" << r << ", " << l << ") = " << v);
        }
  }
}

TEST_CASE("A linear ensemble forced onto each lane kernel gives the same statistics bit for bit") {
  const AffineStep step = test_step(6);
  const StepSchedule schedule{step, 3, 4};
  const InitialState init = test_initial();
  EnsembleSpec spec;
  spec.seed = 99;
  auto run_with = [&](LaneKernel k) {
    const ForcedKernel forced(std::string(to_string(k)));
    REQUIRE(chosen_lane_kernel() == k);
    EnsembleStatistics stats = make_ensemble(schedule, spec);
    run_linear_ensemble(stats, schedule, init, 203, Execution{2, {}});  // 203: one partial block per group
    run_linear_ensemble(stats, schedule, init, 1203, Execution{2, {}});  // continued: partial, whole, partial
    return stats;
  };
  const EnsembleStatistics reference = run_with(LaneKernel::portable);
  for (LaneKernel k : simd_kernels()) {
    INFO("kernel " << describe(k));
    const EnsembleStatistics stats = run_with(k);
    CHECK(differing_groups(stats, reference) == 0);
  }
}

TEST_CASE("Blocks run in one fused call give the statistics of blocks observed sample by sample") {
  // Recording every path makes the driver observe every block sample by sample (the path recorder
  // watches them); recording none lets whole aligned blocks run in one fused kernel call.
  const StepSchedule schedule{test_step(6), 2, 30};
  const InitialState init = test_initial();
  for (LaneKernel k : available_lane_kernels()) {
    INFO("kernel " << describe(k));
    const ForcedKernel forced(std::string(to_string(k)));
    auto run_with = [&](std::size_t recorded) {
      EnsembleSpec spec;
      spec.seed = 7;
      spec.recorded_paths = recorded;
      EnsembleStatistics stats = make_ensemble(schedule, spec);
      run_linear_ensemble(stats, schedule, init, 300, Execution{2, {}});  // whole and partial blocks
      run_linear_ensemble(stats, schedule, init, 1100, Execution{1, {}});
      return stats;
    };
    const EnsembleStatistics observed = run_with(1100);
    const EnsembleStatistics fused = run_with(0);
    REQUIRE(observed.paths.size() == 1100);
    CHECK(differing_groups(fused, observed) == 0);
  }
}

TEST_CASE("Dataset rows taken from the fused loop's trace equal rows observed sample by sample") {
  // Recording every path forces the per-sample loop; recording none lets whole blocks run fused,
  // the rows copied from the kernel's trace (chunks of 64 samples: 150 samples span three). Two
  // selections: every fourth sample of three quadratures, and everything (the default, whose
  // copy takes its own path with streaming stores).
  const StepSchedule schedule{test_step(6), 1, 150};
  const InitialState init = test_initial();
  TrajectoryStream subset;
  subset.selection.time_stride = 4;
  subset.selection.quadratures = {true, false, false, true, true, false};
  TrajectoryStream every;
  for (TrajectoryStream stream : {subset, every}) {
    const std::size_t row = stream.row_doubles(151);  // 38 x 3 or 151 x 6
    stream.up_to = 700;  // rows of trajectories 0..699; 700..799 run unsaved
    stream.round_bytes = 100 * row * sizeof(double);  // rounds of 100 trajectories -> 64 (whole blocks of 8 x 8)
    for (LaneKernel k : available_lane_kernels()) {
      INFO("kernel " << describe(k) << ", " << row << " doubles per row");
      const ForcedKernel forced(std::string(to_string(k)));
      auto run_with = [&](std::size_t recorded, std::vector<double>& rows) {
        TrajectoryStream s = stream;
        s.append = [&rows, row](std::size_t first, std::size_t count, const std::vector<double>& r) {
          REQUIRE(first * row == rows.size());
          rows.insert(rows.end(), r.begin(), r.begin() + static_cast<std::ptrdiff_t>(count * row));
        };
        EnsembleSpec spec;
        spec.seed = 5;
        spec.groups = 8;
        spec.recorded_paths = recorded;
        EnsembleStatistics stats = make_ensemble(schedule, spec);
        run_linear_ensemble(stats, schedule, init, 800, Execution{2, {}}, OnDivergence::throw_error, &s);
        return stats;
      };
      std::vector<double> observed_rows, fused_rows;
      const EnsembleStatistics observed = run_with(800, observed_rows);
      const EnsembleStatistics fused = run_with(0, fused_rows);
      REQUIRE(observed_rows.size() == 700 * row);
      REQUIRE(fused_rows.size() == observed_rows.size());
      CHECK(same_bits(fused_rows.data(), observed_rows.data(), fused_rows.size() * sizeof(double)));
      CHECK(differing_groups(fused, observed) == 0);
    }
  }
}

TEST_CASE("A dataset round is whole blocks: round_bytes cut to a multiple of 8 x groups, at least a block per group within 4 x round_bytes") {
  TrajectoryStream s;  // every quadrature: 48 bytes per kept sample time
  s.round_bytes = std::size_t{8} << 20;
  CHECK(s.round(2001, 8) == 64);    // 87 trajectories of 96 KB fit: cut to 64
  CHECK(s.round(2001, 32) == 256);  // 87 fit, but one block per group is 256 (24.6 MB)
  CHECK(s.round(101, 32) == 1536);  // 1730 fit: cut to 6 x 256
  CHECK(s.round(2001, 1) == 80);    // 87 -> 80
  CHECK(s.round_size_bytes(2001, 32) == 256 * 2001 * 48);
  s.selection.time_stride = 1000;  // 3 kept samples: 18 doubles per trajectory
  CHECK(s.round(2001, 32) == (s.round_bytes / (18 * 8)) / 256 * 256);
  s.round_bytes = 1;  // less than a row, and a block per group beyond 4 x round_bytes: one trajectory
  CHECK(s.round(2001, 32) == 1);
  s.selection.time_stride = 1;
  s.round_bytes = std::size_t{8} << 20;  // 260001 samples: a block per group would be 3.2 GB
  CHECK(s.round(260001, 32) == 1);
  CHECK(s.round_size_bytes(260001, 32) == 260001 * 48);
}

TEST_CASE("A run's own writer serves all its drives: an ensemble extended three times writes the rows of one drive") {
  // The CLI extends a run in rounds (RoundScheduler) and keeps one BackgroundWriter over them:
  // a drive's last round is still being written when the next drive starts, and the two round
  // buffers are reused instead of allocated per drive.
  const StepSchedule schedule{test_step(6), 1, 40};
  const InitialState init = test_initial();
  const std::size_t row = 41 * 6;
  TrajectoryStream stream;
  stream.up_to = 600;  // 600..699 run unsaved
  stream.round_bytes = 64 * row * sizeof(double);  // rounds of 64 trajectories
  struct Written {
    std::vector<double> rows;
    std::vector<const double*> buffers;
  };
  auto run_with = [&](const std::vector<std::size_t>& stops, BackgroundWriter* writer, Written& out) {
    TrajectoryStream s = stream;
    s.writer = writer;
    s.append = [&out, row](std::size_t first, std::size_t count, const std::vector<double>& r) {
      REQUIRE(first * row == out.rows.size());  // in order, each once
      out.rows.insert(out.rows.end(), r.begin(), r.begin() + static_cast<std::ptrdiff_t>(count * row));
      if (std::find(out.buffers.begin(), out.buffers.end(), r.data()) == out.buffers.end()) out.buffers.push_back(r.data());
    };
    EnsembleSpec spec;
    spec.seed = 9;
    spec.groups = 8;
    EnsembleStatistics stats = make_ensemble(schedule, spec);
    for (std::size_t n : stops) run_linear_ensemble(stats, schedule, init, n, Execution{1, {}}, OnDivergence::throw_error, &s);
    if (writer) writer->finish();
    return stats;
  };
  Written once, extended;
  const EnsembleStatistics one = run_with({700}, nullptr, once);
  BackgroundWriter writer;
  const EnsembleStatistics three = run_with({64, 320, 700}, &writer, extended);
  REQUIRE(once.rows.size() == 600 * row);
  REQUIRE(extended.rows.size() == once.rows.size());
  CHECK(same_bits(extended.rows.data(), once.rows.data(), once.rows.size() * sizeof(double)));
  CHECK(differing_groups(one, three) == 0);
  CHECK(extended.buffers.size() <= 2);  // ten rounds over three drives, two buffers
}

TEST_CASE("A background writer rethrows its job's error from finish() and then serves again") {
  BackgroundWriter writer;
  writer.submit([](const std::vector<double>&) { throw std::runtime_error("disk full"); }, std::vector<double>(3));
  CHECK_THROWS_WITH(writer.finish(), "disk full");
  std::vector<double> seen;
  writer.submit([&seen](const std::vector<double>& r) { seen = r; }, std::vector<double>{1.0, 2.0});
  writer.finish();
  CHECK(seen == std::vector<double>{1.0, 2.0});
  CHECK(writer.storage(5).capacity() >= 5);
}

TEST_CASE("SPINCOM_LANE_KERNEL that names no kernel, or one the CPU lacks, is refused with the valid names") {
  {
    const ForcedKernel forced("sse9");
    CHECK_THROWS_AS(chosen_lane_kernel(), InvalidParameter);
    CHECK_THROWS_WITH(chosen_lane_kernel(), Catch::Contains("valid are portable, generic"));
  }
  {
    const ForcedKernel forced("");
    CHECK(chosen_lane_kernel() == fastest_lane_kernel());
  }
  if (!lane_kernel_available(LaneKernel::avx512)) {
    const ForcedKernel forced("avx512");
    CHECK_THROWS_WITH(chosen_lane_kernel(), Catch::Contains("cannot run it"));
  }
}

namespace {

/// Table I at detuning 1.0 (ccw), the displaced frame at the first fixed point, with its
/// linearization as the partner's drift (as tests/statistical/test_nonlinear_ensemble.cpp).
NonlinearEnsembleSpec table1_nonlinear() {
  Parameters p;
  p.detuning = 1.0;
  const DerivedQuantities d = derive(p);
  const FixedPoint fp = solve_mean_field(mean_field_problem(p, d, Direction::ccw)).at(0);
  NonlinearEnsembleSpec spec{LangevinEquations(langevin_coefficients(p, d, Direction::ccw), reference_at(fp)),
                             diffusion_matrix(p, d)};
  spec.A_linear = drift_matrix(p, d, fp);
  spec.V0 = 0.5 * Matrix6::Identity();
  spec.V0(4, 4) = spec.V0(5, 5) = d.n_m + 0.5;
  spec.h = 1e-9;
  spec.steps_per_sample = 20;
  spec.samples = 5;
  return spec;
}

bool heun_blocks_agree(const HeunLaneBlock& x, const HeunLaneBlock& y) {
  for (int r = 0; r < 6; ++r)
    for (std::size_t l = 0; l < lane_width; ++l)
      if (!same_number(x.u[r][l], y.u[r][l]) || !same_number(x.v[r][l], y.v[r][l])) return false;
  return same_bits(&x.streams, &y.streams, sizeof(LaneStreams));
}

}  // namespace

TEST_CASE("The Heun lane kernel steps each lane exactly as the scalar step, partner included, on every kernel") {
  const NonlinearEnsembleSpec spec = table1_nonlinear();
  for (const bool paired : {false, true}) {
    const std::optional<Matrix6> A_linear = paired ? spec.A_linear : std::nullopt;
    auto kernel_of = [&](LaneKernel k) {
      return PairedHeunKernel(spec.equations, spec.D, spec.h, spec.mean0, spec.V0, A_linear, k);
    };
    auto started = [&](const PairedHeunKernel& kernel) {
      HeunLaneBlock b{};
      for (std::size_t l = 0; l < lane_width; ++l) kernel.start(b, l, NormalSource(31, 100 + l));
      b.u[4][6] = 1e200;  // lane 6 overflows to infinity and NaN within a few steps
      return b;
    };
    const PairedHeunKernel reference_kernel = kernel_of(LaneKernel::portable);
    HeunLaneBlock reference = started(reference_kernel);
    reference_kernel.advance(reference, 400);
    // The portable kernel is today's scalar path; check lane 2 against it written out here.
    {
      const Matrix6 L0 = noise_factor(spec.V0).L;
      NormalSource noise(31, 102);
      Vector6 u = spec.mean0 + L0 * noise.vector(), v = u;
      const Vector6 sqrt_Dh = (spec.D.diagonal() * spec.h).cwiseSqrt();
      const AffineStep partner = StochasticHeun::affine(*spec.A_linear, Matrix6(spec.D.diagonal().cwiseSqrt().asDiagonal()), spec.h);
      for (int s = 0; s < 400; ++s) {
        const Vector6 xi = noise.vector();
        heun_langevin_step(spec.equations, u, spec.h, sqrt_Dh, xi);
        if (paired) v = partner.M * v + partner.N * xi;
      }
      for (int r = 0; r < 6; ++r) {
        CHECK(same_number(u(r), reference.u[r][2]));
        CHECK(same_number(v(r), reference.v[r][2]));
      }
    }
    for (LaneKernel k : simd_kernels()) {
      INFO("kernel " << describe(k) << (paired ? ", paired" : ", unpaired"));
      const PairedHeunKernel kernel = kernel_of(k);
      HeunLaneBlock b = started(kernel);
      kernel.advance(b, 150);
      kernel.advance(b, 250);
      CHECK(heun_blocks_agree(reference, b));
      CHECK_FALSE(kernel.all_finite(b));  // lane 6 diverged in every kernel
    }
  }
}

TEST_CASE("A paired nonlinear ensemble forced onto each lane kernel gives the same statistics bit for bit") {
  NonlinearEnsembleSpec spec = table1_nonlinear();
  spec.ensemble.seed = 8;
  spec.ensemble.groups = 4;
  spec.execution.threads = 2;
  auto run_with = [&](LaneKernel k) {
    const ForcedKernel forced(std::string(to_string(k)));
    NonlinearEnsembleStatistics stats = make_nonlinear_ensemble(spec);
    run_nonlinear_ensemble(stats, spec, 45);  // 45: blocks of 8 with a partial last one per group
    return stats;
  };
  auto all_agree = [](const EnsembleStatistics& a, const EnsembleStatistics& b) {
    if (a.groups.size() != b.groups.size()) return false;
    for (std::size_t i = 0; i < a.groups.size(); ++i)
      if (!accumulators_agree(a.groups[i], b.groups[i])) return false;
    return true;
  };
  const NonlinearEnsembleStatistics reference = run_with(LaneKernel::portable);
  REQUIRE(reference.linear.has_value());
  REQUIRE(reference.difference.has_value());
  for (LaneKernel k : simd_kernels()) {
    INFO("kernel " << describe(k));
    const NonlinearEnsembleStatistics stats = run_with(k);
    CHECK(all_agree(stats.nonlinear, reference.nonlinear));
    CHECK(all_agree(*stats.linear, *reference.linear));
    CHECK(all_agree(*stats.difference, *reference.difference));
  }
}
