#pragma once
// Eight trajectories stepped together (structure of arrays): the ensemble's inner kernel.
//
// Lane l holds one trajectory: its six quadratures u[k][l] and its own random stream
// (LaneStreams, the state of its NormalSource). One step draws one standard normal per active noise column for every lane
// (ziggurat, ziggurat_normal.hpp) and applies u <- M u + N xi. Implementations (lane_kernel.hpp):
// the portable reference loop (lane_block.cpp) and one SIMD source (lane_simd.cpp, Google
// Highway) compiled for AVX-512, AVX2 and a scalar fallback, chosen at run time. All perform the
// same IEEE operations in the same order (both files are compiled with -ffp-contract=off and use
// no FMA), so a trajectory's finite numbers do not depend on the kernel, the lane it ran in or
// the thread: tests check every kernel against the portable one bit for bit (NaN payloads may
// differ; a non-finite state only ever triggers the divergence report). See ziggurat_normal.hpp
// for the C library's part in cross-machine reproducibility.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "spincom/engine/lane_kernel.hpp"
#include "spincom/random/normal_source.hpp"
#include "spincom/statistics/lane_accumulators.hpp"
#include "spincom/sde/affine_step.hpp"

namespace spincom {

inline constexpr std::size_t lane_width = 8;
static_assert(LaneAccumulators::slots == lane_width, "one accumulator slot per lane");

/// The eight lanes' generator states, word-major for SIMD loads: s[0..3][lane] the main engine,
/// s[4..7][lane] the auxiliary one (seeding.hpp).
struct alignas(64) LaneStreams {
  std::uint64_t s[8][lane_width];

  void set(std::size_t lane, const NormalSource& source);
  [[nodiscard]] NormalSource source(std::size_t lane) const;
};

/// The state of eight trajectories: u[quadrature][lane].
struct alignas(64) LaneBlock {
  double u[6][lane_width];
  LaneStreams streams;
};

/// M and N of an AffineStep, row-major. N is replaced by the lower-trapezoidal N' with
/// N' N'^T = N N^T (QR of N^T over N's nonzero columns): the same noise covariance, hence the
/// same law of every trajectory, with 21 products instead of 36, and one normal fewer per step
/// when N has an all-zero column (Euler-Maruyama and Heun: D has rank 5).
struct LaneAffine {
  alignas(64) double M[36];
  alignas(64) double N[36];  ///< N'[r * 6 + j], zero for j > r or j >= noise_columns
  std::size_t noise_columns = 0;

  explicit LaneAffine(const AffineStep& step);
  [[nodiscard]] std::size_t normals_per_step() const { return noise_columns; }
};

/// `steps` steps of u <- M u + N xi for all eight lanes. The kernel functions below throw
/// InvalidParameter for a kernel this binary or CPU cannot run (lane_kernel_available).
void advance_lanes(const LaneAffine& step, LaneBlock& block, std::size_t steps, LaneKernel kernel);

/// Adds lane l of u[quadrature][lane] (a block's state) to slot (first_slot + l) mod 8 of `acc`,
/// for l = 0 .. lanes-1, with exactly the arithmetic of acc.add(slot, u_l). A whole block into
/// slots 0..7 (the driver's aligned blocks) runs in SIMD, every slot at once; any other runs
/// LaneAccumulators::add lane by lane (the first block of a continued run, the last of a run).
void add_lanes(LaneAccumulators& acc, const double (&u)[6][lane_width], std::size_t first_slot, std::size_t lanes,
               LaneKernel kernel);
inline void add_lanes(LaneAccumulators& acc, const LaneBlock& block, std::size_t first_slot, std::size_t lanes,
                      LaneKernel kernel) {
  add_lanes(acc, block.u, first_slot, lanes, kernel);
}

/// The fused sample loop of a whole block (lane l into slot l): for k = 0 .. samples-1, `steps`
/// steps of every lane and then the block into acc[k], with exactly the arithmetic of
/// advance_lanes(step, block, steps) followed by add_lanes(acc[k], block, 0, 8); the SIMD kernels
/// keep the state and the random streams in registers from sample to sample. Returns false when a
/// sampled state was non-finite (the accumulators from that sample on then hold NaN or inf: the
/// caller discards them). With a `trace`, the state after the k-th sample is also stored at
/// trace[k * 48 + quadrature * 8 + lane]. With `overwrite`, acc[0..samples) may hold anything
/// (uninitialized storage): every field is set as if they had been LaneAccumulators{} before, the
/// same bits, without reading them. Throws like advance_lanes.
bool advance_and_add_lanes(const LaneAffine& step, LaneBlock& block, std::size_t steps, std::size_t samples,
                           LaneAccumulators* acc, LaneKernel kernel, double* trace = nullptr, bool overwrite = false);

/// True when all 48 entries of u[quadrature][lane] are finite (x * 0 is NaN exactly for an infinite
/// or NaN x; the SIMD kernels test a vector at a time). Throws like advance_lanes.
bool lanes_finite(const double (&u)[6][lane_width], LaneKernel kernel);

/// rows x 8 standard normals: out[r * 8 + l] is lane l's r-th draw (the same numbers
/// standard_normal() gives on that lane's engine).
void fill_lane_normals(LaneStreams& streams, double* out, std::size_t rows, LaneKernel kernel);

}  // namespace spincom
